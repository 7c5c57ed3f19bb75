//! `vivier gen`: a deterministic generator of realistic CVs and job offers.
//!
//! Documents are drawn from occupation profiles (`profiles.json`: titles, skills and
//! experience bullets per language, employers, degrees, pay) with a skewed occupation
//! frequency, coherent experience dates, real French cities weighted by population, and
//! text in French and English mostly, some German, Spanish and Japanese. Every document
//! has its own random stream derived from (seed, kind, number), so generation parallelises
//! and document N is the same whatever N documents are asked for.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::OnceLock;

use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore, SeedableRng};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::{Date, Duration, Month};
use vivier_schema::geo::{french_cities, City};

const PROFILES_JSON: &str = include_str!("profiles.json");

/// Text per language code.
type PerLang<T> = HashMap<String, T>;

#[derive(Debug, Deserialize)]
struct Profiles {
    occupations: Vec<Occupation>,
    summaries: PerLang<Vec<String>>,
    adjectives: PerLang<Vec<String>>,
    offer_intros: PerLang<Vec<String>>,
    offer_profiles: PerLang<Vec<String>>,
    offer_benefits: PerLang<Vec<String>>,
    schools: PerLang<Vec<String>>,
    first_names: PerLang<Vec<String>>,
    last_names: PerLang<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct Occupation {
    key: String,
    sector: String,
    weight: u32,
    titles: PerLang<Vec<String>>,
    skills: PerLang<Vec<String>>,
    tasks: PerLang<Vec<String>>,
    employers: Vec<String>,
    degrees: PerLang<Vec<String>>,
    contract_types: Vec<String>,
    salary_month_eur: [u32; 2],
    experience_years: [u32; 2],
}

struct Model {
    profiles: Profiles,
    occupation_weights: WeightedIndex<u32>,
    city_weights: WeightedIndex<u32>,
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        // The file is part of the binary and checked by a unit test, so a failure here is
        // a build defect, not an input error.
        let profiles: Profiles =
            serde_json::from_str(PROFILES_JSON).expect("profiles.json is valid");
        let occupation_weights =
            WeightedIndex::new(profiles.occupations.iter().map(|o| o.weight.max(1)))
                .expect("weights");
        let city_weights =
            WeightedIndex::new(french_cities().iter().map(|c| c.population)).expect("cities");
        Model {
            profiles,
            occupation_weights,
            city_weights,
        }
    })
}

/// Day the generated world lives in: fixed, so that output does not depend on the clock.
fn reference_date() -> Date {
    Date::from_calendar_date(2026, Month::June, 1).expect("valid date")
}

/// SplitMix64: tiny, fast, and its output is fixed forever (unlike `StdRng`, whose
/// algorithm may change between rand versions), which keeps corpora reproducible.
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Returns the stream of document `number` of `kind` for `seed`.
    pub fn for_document(seed: u64, kind: u64, number: u64) -> SplitMix64 {
        let mut mixer = SplitMix64(seed ^ kind.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let base = mixer.next_u64();
        SplitMix64(base ^ number.wrapping_mul(0xbf58_476d_1ce4_e5b9))
    }
}

impl RngCore for SplitMix64 {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

impl SeedableRng for SplitMix64 {
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> Self {
        SplitMix64(u64::from_le_bytes(seed))
    }
}

const CV_STREAM: u64 = 1;
const OFFER_STREAM: u64 = 2;

/// Languages of generated documents and their shares, in percent.
const LANG_SHARES: &[(&str, u32)] = &[("fr", 68), ("en", 22), ("de", 4), ("es", 4), ("ja", 2)];

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
fn in_lang<'a>(map: &'a PerLang<Vec<String>>, lang: &str) -> &'a [String] {
    for code in [lang, "en", "fr"] {
        if let Some(list) = map.get(code).filter(|l| !l.is_empty()) {
            return list;
        }
    }
    &[]
}

fn pick<'a>(rng: &mut SplitMix64, list: &'a [String]) -> &'a str {
    list.choose(rng).map_or("", String::as_str)
}

fn pick_city(rng: &mut SplitMix64) -> &'static City {
    let cities = french_cities();
    &cities[model().city_weights.sample(rng)]
}

fn location(city: &City) -> Value {
    json!({
        "city": city.name,
        "postal_code": city.postal_code,
        "country": "FR",
        "lat": city.point.lat,
        "lon": city.point.lon,
    })
}

struct Filler<'a> {
    title: &'a str,
    years: u32,
    contract: &'a str,
    city: &'a str,
    employer: &'a str,
    skills: &'a [String],
    adjectives: &'a [String],
}

/// Replaces `{placeholders}` of a template.
fn fill(template: &str, rng: &mut SplitMix64, filler: &Filler<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        match name {
            "title" => out.push_str(filler.title),
            "years" => out.push_str(&filler.years.max(1).to_string()),
            "contract" => out.push_str(filler.contract),
            "city" => out.push_str(filler.city),
            "employer" => out.push_str(filler.employer),
            "skill" => out.push_str(pick(rng, filler.skills)),
            "adjective" => out.push_str(pick(rng, filler.adjectives)),
            "n" => out.push_str(&rng.random_range(2..60).to_string()),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentences(
    rng: &mut SplitMix64,
    templates: &[String],
    count: usize,
    filler: &Filler<'_>,
) -> String {
    let chosen: Vec<&String> = templates.choose_multiple(rng, count).collect();
    let parts: Vec<String> = chosen
        .into_iter()
        .map(|t| {
            let sentence = capitalise(&fill(t, rng, filler));
            if sentence.ends_with(['.', '!', '?', '。']) {
                sentence
            } else {
                format!("{sentence}.")
            }
        })
        .collect();
    parts.join(" ")
}

fn timestamp(date: Date, rng: &mut SplitMix64) -> String {
    let hour = rng.random_range(7..20);
    let minute = rng.random_range(0..60);
    format!("{date}T{hour:02}:{minute:02}:00Z")
}

fn month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), u8::from(date.month()))
}

/// What a generated document was made from: its ground truth for relevance evaluation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Truth {
    /// Document id.
    pub id: String,
    /// Key of the occupation profile it was drawn from.
    pub occupation: String,
    /// Sector of that occupation.
    pub sector: String,
    /// Language it is written in.
    pub lang: String,
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

    let experiences = experiences(rng, occupation, lang, years, city);
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
    };
    let summary = sentences(rng, in_lang(&profiles.summaries, lang), 2, &filler);
    let contract_count = rng.random_range(1..=3).min(occupation.contract_types.len());
    let mut contract_types: Vec<&String> = occupation
        .contract_types
        .choose_multiple(rng, contract_count)
        .collect();
    contract_types.sort();
    let updated = reference_date() - Duration::days(rng.random_range(0..730));
    let first_names = in_lang(&profiles.first_names, lang);
    let last_names = in_lang(&profiles.last_names, lang);
    let email = format!(
        "{}.{}{}@example.com",
        ascii_slug(pick(rng, first_names)),
        ascii_slug(pick(rng, last_names)),
        number
    );
    let mut languages = vec![json!({"code": lang, "level": "native"})];
    if lang != "en" && rng.random_bool(0.6) {
        let level = ["A2", "B1", "B2", "C1"]
            .choose(rng)
            .copied()
            .unwrap_or("B1");
        languages.push(json!({"code": "en", "level": level}));
    }
    if lang != "fr" && rng.random_bool(0.5) {
        languages.push(json!({"code": "fr", "level": "B2"}));
    }
    let mut cv = Map::new();
    cv.insert("id".into(), json!(format!("cv-{number}")));
    cv.insert("updated_at".into(), json!(timestamp(updated, rng)));
    cv.insert("headline".into(), json!(title));
    cv.insert("summary".into(), json!(summary));
    cv.insert("experiences".into(), Value::Array(experiences));
    cv.insert("education".into(), education(rng, occupation, lang, years));
    cv.insert("skills".into(), json!(skills));
    cv.insert("languages".into(), Value::Array(languages));
    cv.insert("location".into(), location(city));
    cv.insert(
        "mobility_km".into(),
        json!([0, 10, 20, 30, 50, 100].choose(rng).copied().unwrap_or(20)),
    );
    cv.insert("contract_types".into(), json!(contract_types));
    let available = reference_date() + Duration::days(rng.random_range(0..120));
    cv.insert("available_from".into(), json!(available.to_string()));
    cv.insert("years_experience".into(), json!(years));
    cv.insert(
        "contact".into(),
        json!({"email": email, "phone": format!("06 {:02} {:02} {:02} {:02}", rng.random_range(0..100), rng.random_range(0..100), rng.random_range(0..100), rng.random_range(0..100))}),
    );
    if rng.random_bool(0.3) {
        cv.insert("lang".into(), json!(lang));
    }
    Value::Object(cv)
}

fn experiences(
    rng: &mut SplitMix64,
    occupation: &Occupation,
    lang: &str,
    years: u32,
    city: &City,
) -> Vec<Value> {
    let count = match years {
        0..=1 => 1,
        2..=4 => rng.random_range(1..=2),
        5..=9 => rng.random_range(2..=3),
        _ => rng.random_range(3..=5),
    };
    let titles = in_lang(&occupation.titles, lang);
    let tasks = in_lang(&occupation.tasks, lang);
    let skills = in_lang(&occupation.skills, lang);
    let adjectives = in_lang(&model().profiles.adjectives, lang);
    let total_months = (years.max(1) * 12) as i64;
    let mut end = reference_date();
    let mut out = Vec::with_capacity(count);
    for index in 0..count {
        let months = (total_months / count as i64).max(3) + rng.random_range(-2..=2);
        let start = end - Duration::days(months.max(2) * 30);
        let employer = pick(rng, &occupation.employers).to_string();
        let title = pick(rng, titles).to_string();
        let filler = Filler {
            title: &title,
            years,
            contract: "",
            city: city.name,
            employer: &employer,
            skills,
            adjectives,
        };
        let task_count = rng.random_range(2..=5);
        let description = sentences(rng, tasks, task_count, &filler);
        let mut experience = json!({
            "title": title,
            "employer": employer,
            "start": month(start),
            "description": description,
        });
        // The most recent job may be ongoing.
        if index > 0 || rng.random_bool(0.4) {
            experience["end"] = json!(month(end));
        }
        out.push(experience);
        end = start - Duration::days(rng.random_range(0..90));
    }
    out
}

fn education(rng: &mut SplitMix64, occupation: &Occupation, lang: &str, years: u32) -> Value {
    let degrees = in_lang(&occupation.degrees, lang);
    let schools = in_lang(&model().profiles.schools, lang);
    let year = reference_date().year() - years as i32 - rng.random_range(0..3);
    let count = if rng.random_bool(0.3) { 2 } else { 1 };
    let chosen: Vec<Value> = degrees
        .choose_multiple(rng, count)
        .enumerate()
        .map(|(i, degree)| json!({"degree": degree, "school": pick(rng, schools), "year": year - 2 * i as i32}))
        .collect();
    Value::Array(chosen)
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
    };
    let task_count = rng.random_range(3..=5);
    let description = [
        sentences(rng, in_lang(&profiles.offer_intros, lang), 1, &filler),
        sentences(rng, in_lang(&occupation.tasks, lang), task_count, &filler),
        sentences(rng, in_lang(&profiles.offer_profiles, lang), 1, &filler),
        sentences(rng, in_lang(&profiles.offer_benefits, lang), 2, &filler),
    ]
    .join("\n\n");
    let mut picked: Vec<String> = skills
        .choose_multiple(rng, 7.min(skills.len()))
        .cloned()
        .collect();
    let split = picked.len().min(rng.random_range(3..=5));
    let optional = picked.split_off(split);
    let [low, high] = occupation.salary_month_eur;
    let min = rng.random_range(low..=high.max(low)) / 50 * 50;
    let max = (min + rng.random_range(0..=500)) / 50 * 50;
    let published = reference_date() - Duration::days(rng.random_range(0..120));
    let mut languages = vec![json!({"code": lang, "level": "C1"})];
    if lang != "en" && rng.random_bool(0.3) {
        languages.push(json!({"code": "en", "level": "B2"}));
    }
    json!({
        "id": format!("offer-{number}"),
        "updated_at": timestamp(published + Duration::days(rng.random_range(0..10)), rng),
        "published_at": timestamp(published, rng),
        "expires_at": timestamp(published + Duration::days(60), rng),
        "title": title,
        "description": description,
        "employer": {"name": employer},
        "location": location(city),
        "contract_type": contract,
        "working_time": if rng.random_bool(0.85) { "full_time" } else { "part_time" },
        "salary": {"min": min, "max": max.max(min), "currency": "EUR", "period": "month"},
        "experience_years_min": years,
        "skills_required": picked,
        "skills_optional": optional,
        "languages": languages,
    })
}

fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c,
            _ => continue,
        };
        slug.push(folded);
    }
    if slug.is_empty() {
        slug.push('x');
    }
    slug
}

/// Documents generated per parallel chunk.
const CHUNK: u64 = 4_096;

/// Writes `count` documents made by `make(seed, number)` as NDJSON, generating in parallel
/// on every core while keeping the output in number order.
pub fn write_ndjson(
    out: &mut impl Write,
    count: u64,
    seed: u64,
    make: fn(u64, u64) -> Value,
) -> io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let mut start = 0;
    while start < count {
        let end = (start + CHUNK * threads).min(count);
        let per_thread = (end - start).div_ceil(threads);
        let buffers: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let from = start + t * per_thread;
                    let to = (from + per_thread).min(end);
                    scope.spawn(move || {
                        let mut buffer =
                            Vec::with_capacity(((to.saturating_sub(from)) * 3000) as usize);
                        for number in from..to {
                            // Writing to a Vec cannot fail.
                            let _ = serde_json::to_writer(&mut buffer, &make(seed, number));
                            buffer.push(b'\n');
                        }
                        buffer
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for buffer in buffers {
            out.write_all(&buffer)?;
        }
        start = end;
    }
    Ok(())
}

/// Returns `count` documents as NDJSON lines (for the demo corpus, loaded in memory).
pub fn lines(
    count: u64,
    seed: u64,
    make: fn(u64, u64) -> Value,
) -> impl Iterator<Item = io::Result<String>> + Send {
    (0..count).map(move |number| Ok(make(seed, number).to_string()))
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

    #[test]
    fn output_is_in_number_order() {
        let mut out = Vec::new();
        write_ndjson(&mut out, 10_000, 3, cv).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let ids: Vec<String> = text
            .lines()
            .map(|line| {
                serde_json::from_str::<Value>(line).expect("json")["id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        assert_eq!(ids.len(), 10_000);
        assert_eq!(ids[9_999], "cv-9999");
        assert_eq!(ids[4_100], "cv-4100");
    }
}
