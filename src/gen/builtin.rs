//! The built-in model: 66 occupation profiles in 11 sectors (`profiles.json`), with titles,
//! skills and experience bullets per language, employers, degrees, contract types, pay and
//! experience ranges, plus the shared text of every document (summaries, adjectives, offer
//! intros and benefits, schools, first and last names).

use std::collections::HashMap;
use std::sync::OnceLock;

use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde::Deserialize;
use serde_json::Value;

use super::{
    dated_experiences, finish_cv, finish_offer, pick, pick_city, sentences, CvParts, Filler, Job,
    OfferParts, SplitMix64, Truth, CV_STREAM, LANG_SHARES, OFFER_STREAM,
};

const PROFILES_JSON: &str = include_str!("profiles.json");

/// Text per language code.
pub(super) type PerLang<T> = HashMap<String, T>;

#[derive(Debug, Deserialize)]
pub(super) struct Profiles {
    pub(super) occupations: Vec<Occupation>,
    pub(super) summaries: PerLang<Vec<String>>,
    pub(super) adjectives: PerLang<Vec<String>>,
    pub(super) offer_intros: PerLang<Vec<String>>,
    pub(super) offer_profiles: PerLang<Vec<String>>,
    pub(super) offer_benefits: PerLang<Vec<String>>,
    pub(super) schools: PerLang<Vec<String>>,
    pub(super) first_names: PerLang<Vec<String>>,
    pub(super) last_names: PerLang<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Occupation {
    pub(super) key: String,
    pub(super) sector: String,
    weight: u32,
    pub(super) titles: PerLang<Vec<String>>,
    pub(super) skills: PerLang<Vec<String>>,
    pub(super) tasks: PerLang<Vec<String>>,
    pub(super) employers: Vec<String>,
    pub(super) degrees: PerLang<Vec<String>>,
    pub(super) contract_types: Vec<String>,
    pub(super) salary_month_eur: [u32; 2],
    pub(super) experience_years: [u32; 2],
}

pub(super) struct Model {
    pub(super) profiles: Profiles,
    occupation_weights: WeightedIndex<u32>,
}

pub(super) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        // The file is part of the binary and checked by a unit test, so a failure here is
        // a build defect, not an input error.
        let profiles: Profiles =
            serde_json::from_str(PROFILES_JSON).expect("profiles.json is valid");
        let occupation_weights =
            WeightedIndex::new(profiles.occupations.iter().map(|o| o.weight.max(1)))
                .expect("weights");
        Model {
            profiles,
            occupation_weights,
        }
    })
}

fn pick_lang(rng: &mut SplitMix64, occupation: &Occupation) -> &'static str {
    let roll = rng.random_range(0..100);
    let mut acc = 0;
    for (lang, share) in LANG_SHARES {
        acc += share;
        if roll < acc {
            let covered =
                occupation.titles.contains_key(*lang) && occupation.tasks.contains_key(*lang);
            return if covered { lang } else { "fr" };
        }
    }
    "fr"
}

/// Returns the list for `lang`, falling back to English then French.
pub(super) fn in_lang<'a>(map: &'a PerLang<Vec<String>>, lang: &str) -> &'a [String] {
    for code in [lang, "en", "fr"] {
        if let Some(list) = map.get(code).filter(|l| !l.is_empty()) {
            return list;
        }
    }
    &[]
}

/// Returns the ground truth of CV number `number` (the first draws of its random stream,
/// exactly as [`cv`] makes them).
pub fn cv_truth(seed: u64, number: u64) -> Truth {
    truth(
        SplitMix64::for_document(seed, CV_STREAM, number),
        format!("cv-{number}"),
    )
}

/// Returns the ground truth of offer number `number`.
pub fn offer_truth(seed: u64, number: u64) -> Truth {
    truth(
        SplitMix64::for_document(seed, OFFER_STREAM, number),
        format!("offer-{number}"),
    )
}

fn truth(mut rng: SplitMix64, id: String) -> Truth {
    let model = model();
    let occupation = &model.profiles.occupations[model.occupation_weights.sample(&mut rng)];
    let lang = pick_lang(&mut rng, occupation);
    Truth {
        id,
        occupation: occupation.key.clone(),
        sector: occupation.sector.clone(),
        lang: lang.to_string(),
        skill_ids: Vec::new(),
    }
}

/// The occupation profiles: key, sector, titles and skills per language (for building
/// judged queries).
pub fn profiles() -> Vec<(String, String, Vec<String>, Vec<String>)> {
    model()
        .profiles
        .occupations
        .iter()
        .map(|o| {
            (
                o.key.clone(),
                o.sector.clone(),
                in_lang(&o.titles, "fr").to_vec(),
                in_lang(&o.skills, "fr").to_vec(),
            )
        })
        .collect()
}

/// Generates CV number `number` for `seed`.
pub fn cv(seed: u64, number: u64) -> Value {
    let rng = &mut SplitMix64::for_document(seed, CV_STREAM, number);
    let model = model();
    let profiles = &model.profiles;
    let occupation = &profiles.occupations[model.occupation_weights.sample(rng)];
    let lang = pick_lang(rng, occupation);
    let city = pick_city(rng);
    let [min_years, max_years] = occupation.experience_years;
    let years = rng.random_range(min_years..=max_years.max(min_years));
    let titles = in_lang(&occupation.titles, lang);
    let skills_pool = in_lang(&occupation.skills, lang);
    let contract = occupation
        .contract_types
        .first()
        .map_or("CDI", String::as_str);
    let adjectives = in_lang(&profiles.adjectives, lang);
    let title = pick(rng, titles).to_string();

    let experiences = experiences(rng, occupation, lang, years, city.name);
    let skill_count = rng.random_range(5..=10).min(skills_pool.len());
    let mut skills: Vec<String> = skills_pool
        .choose_multiple(rng, skill_count)
        .cloned()
        .collect();
    // Noise: a skill from another occupation of the same sector, as real CVs have.
    let neighbours: Vec<&Occupation> = profiles
        .occupations
        .iter()
        .filter(|o| o.sector == occupation.sector && o.key != occupation.key)
        .collect();
    if let Some(other) = neighbours.choose(rng) {
        let extra = pick(rng, in_lang(&other.skills, lang)).to_string();
        if !extra.is_empty() && !skills.contains(&extra) {
            skills.push(extra);
        }
    }
    let filler = Filler {
        title: &title,
        years,
        contract,
        city: city.name,
        employer: "",
        skills: skills_pool,
        adjectives,
        sentence: "",
    };
    let summary = sentences(rng, in_lang(&profiles.summaries, lang), 2, &filler);
    finish_cv(
        rng,
        CvParts {
            number,
            lang,
            city,
            years,
            title,
            summary,
            experiences,
            skills,
            contract_types: &occupation.contract_types,
            degrees: in_lang(&occupation.degrees, lang),
        },
    )
}

fn experiences(
    rng: &mut SplitMix64,
    occupation: &Occupation,
    lang: &str,
    years: u32,
    city: &str,
) -> Vec<Value> {
    let titles = in_lang(&occupation.titles, lang);
    let tasks = in_lang(&occupation.tasks, lang);
    let skills = in_lang(&occupation.skills, lang);
    let adjectives = in_lang(&model().profiles.adjectives, lang);
    dated_experiences(rng, years, |rng| {
        let employer = pick(rng, &occupation.employers).to_string();
        let title = pick(rng, titles).to_string();
        let filler = Filler {
            title: &title,
            years,
            contract: "",
            city,
            employer: &employer,
            skills,
            adjectives,
            sentence: "",
        };
        let task_count = rng.random_range(2..=5);
        let description = sentences(rng, tasks, task_count, &filler);
        Job {
            title,
            employer,
            description,
        }
    })
}

/// Generates offer number `number` for `seed`.
pub fn offer(seed: u64, number: u64) -> Value {
    let rng = &mut SplitMix64::for_document(seed, OFFER_STREAM, number);
    let model = model();
    let profiles = &model.profiles;
    let occupation = &profiles.occupations[model.occupation_weights.sample(rng)];
    let lang = pick_lang(rng, occupation);
    let city = pick_city(rng);
    let title = pick(rng, in_lang(&occupation.titles, lang)).to_string();
    let employer = pick(rng, &occupation.employers).to_string();
    let skills = in_lang(&occupation.skills, lang);
    let [min_years, max_years] = occupation.experience_years;
    let years = rng.random_range(min_years..=(min_years + 5).min(max_years.max(min_years)));
    let contract = pick(rng, &occupation.contract_types).to_string();
    let filler = Filler {
        title: &title,
        years,
        contract: &contract,
        city: city.name,
        employer: &employer,
        skills,
        adjectives: in_lang(&profiles.adjectives, lang),
        sentence: "",
    };
    let task_count = rng.random_range(3..=5);
    let description = [
        sentences(rng, in_lang(&profiles.offer_intros, lang), 1, &filler),
        sentences(rng, in_lang(&occupation.tasks, lang), task_count, &filler),
        sentences(rng, in_lang(&profiles.offer_profiles, lang), 1, &filler),
        sentences(rng, in_lang(&profiles.offer_benefits, lang), 2, &filler),
    ]
    .join("\n\n");
    let mut required: Vec<String> = skills
        .choose_multiple(rng, 7.min(skills.len()))
        .cloned()
        .collect();
    let split = required.len().min(rng.random_range(3..=5));
    let optional = required.split_off(split);
    finish_offer(
        rng,
        OfferParts {
            number,
            lang,
            city,
            years,
            title,
            description,
            employer,
            contract,
            required,
            optional,
            salary_month_eur: occupation.salary_month_eur,
        },
    )
}

#[cfg(test)]
mod tests {
    use vivier_schema::{validate_cv, validate_offer};

    use super::*;

    #[test]
    fn generated_documents_are_valid_and_deterministic() {
        for number in 0..300 {
            let cv = cv(7, number);
            validate_cv(&cv).unwrap_or_else(|e| panic!("cv {number}: {e}\n{cv}"));
            let offer = offer(7, number);
            validate_offer(&offer).unwrap_or_else(|e| panic!("offer {number}: {e}\n{offer}"));
        }
        assert_eq!(cv(7, 42), cv(7, 42));
        assert_ne!(cv(7, 42), cv(8, 42));
    }

    #[test]
    fn truth_matches_what_was_generated() {
        for number in 0..200 {
            let truth = cv_truth(9, number);
            let cv = cv(9, number);
            let profile = model()
                .profiles
                .occupations
                .iter()
                .find(|o| o.key == truth.occupation)
                .expect("profile");
            let titles = in_lang(&profile.titles, &truth.lang);
            assert!(
                titles.iter().any(|t| cv["headline"] == *t),
                "{truth:?} {}",
                cv["headline"]
            );
        }
    }

    #[test]
    fn cvs_have_realistic_length() {
        let lengths: Vec<usize> = (0..200).map(|n| cv(1, n).to_string().len()).collect();
        let mean = lengths.iter().sum::<usize>() / lengths.len();
        assert!((1_000..=5_000).contains(&mean), "mean CV size {mean} bytes");
    }
}
