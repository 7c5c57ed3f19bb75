//! The taxonomy model: documents drawn from the occupations of a loaded taxonomy (ESCO,
//! ROME, Vivier JSONL).
//!
//! Usable occupations are those with titles and at least [`MIN_ESSENTIAL`] essential skills
//! labelled in French and in English (in every one of these two the taxonomy has labels
//! for; in its languages when it has neither). They are ranked in an order that depends on
//! their ids only (a hash), and drawn with Zipf-like weights `1 / (rank + 5)`: a few common
//! occupations and a long tail, the same for every seed (which ones are common is arbitrary).
//!
//! A document is written in one of the languages the taxonomy labels (French 68 and English
//! 22 parts, German, Spanish and Japanese 4, 4 and 2 when the taxonomy has them and the
//! occupation is labelled in them). Its titles are the occupation's preferred and
//! alternative labels in that language (ESCO's French labels give masculine and feminine
//! forms); its skills are labels of its essential skills mostly, of its optional skills
//! sometimes, plus one skill of a related occupation (one sharing essential skills, or a
//! broader or narrower one) as noise; experience bullets set these skill labels and the
//! sentences of the occupation's description into templates of that language. Employers,
//! degrees, contract types, pay and experience years come from the built-in profile that
//! resembles the occupation most (shared title words, else sector keywords, else one chosen
//! by hash); summaries, adjectives, offer intros and benefits, names and schools are the
//! built-in model's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use anyhow::bail;
use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde::Deserialize;
use serde_json::Value;
use vivier_analyzers::taxonomy::{
    Concept, ConceptIndex, ConceptKind, LabelType, Relation, SkillType, Taxonomy,
};

use super::builtin::{self, in_lang, PerLang};
use super::{
    capitalise, dated_experiences, finish_cv, finish_offer, pick, pick_city, sentence, sentences,
    CvParts, Filler, Job, OfferParts, SplitMix64, Truth, CV_STREAM, LANG_SHARES, OFFER_STREAM,
};

/// Fewest essential skills, labelled in a language, an occupation needs to be drawn.
pub const MIN_ESSENTIAL: usize = 4;

/// Most description sentences kept per occupation and language.
const MAX_SENTENCES: usize = 6;

/// Bytes of experience descriptions and skill labels a CV gets, beyond one bullet per
/// experience.
const EXPERIENCE_TEXT_BYTES: usize = 2_500;

/// Bytes an offer's missions aim at, a description sentence and skill bullets.
const MISSION_TEXT_BYTES: std::ops::RangeInclusive<usize> = 320..=520;

/// Most alternative labels kept per skill and language.
const MAX_SKILL_ALTERNATIVES: usize = 6;

/// Most related occupations kept per occupation.
const MAX_RELATED: usize = 6;

/// Skills needed by more occupations than this say nothing about relatedness.
const GENERIC_SKILL_OCCUPATIONS: usize = 150;

/// Zipf offset: rank r weighs 1 / (r + ZIPF_OFFSET).
const ZIPF_OFFSET: u64 = 5;

const TEXT_JSON: &str = include_str!("taxonomy_text.json");

/// Templates of the taxonomy model, per language.
#[derive(Debug, Deserialize)]
struct Text {
    /// CV bullets around one skill label, whatever its grammar (`{skill}` after a colon).
    bullets: PerLang<Vec<String>>,
    /// CV bullets around a knowledge label (a noun phrase).
    knowledge_bullets: PerLang<Vec<String>>,
    /// CV sentences quoting a description sentence (`{sentence}`).
    context: PerLang<Vec<String>>,
    /// Offer sentences around one skill label.
    offer_bullets: PerLang<Vec<String>>,
    /// Offer sentences around a knowledge label.
    offer_knowledge: PerLang<Vec<String>>,
    /// Offer sentences quoting a description sentence.
    offer_context: PerLang<Vec<String>>,
}

fn text() -> &'static Text {
    static TEXT: OnceLock<Text> = OnceLock::new();
    // The file is part of the binary and checked by a unit test.
    TEXT.get_or_init(|| serde_json::from_str(TEXT_JSON).expect("taxonomy_text.json is valid"))
}

/// Labels of one skill in one language.
#[derive(Debug)]
struct SkillNames {
    preferred: String,
    alternatives: Vec<String>,
}

/// A skill some usable occupation needs.
#[derive(Debug)]
struct GenSkill {
    id: String,
    /// Knowledge (a noun phrase in every source), as opposed to an ability or unknown.
    knowledge: bool,
    /// Per generation language.
    names: Vec<Option<SkillNames>>,
}

/// What an occupation offers in one language.
#[derive(Debug)]
struct OccupationText {
    preferred: Vec<String>,
    alternatives: Vec<String>,
    /// Indices into the model's skills, labelled in this language.
    essential: Vec<u32>,
    optional: Vec<u32>,
    sentences: Vec<String>,
}

/// A usable occupation.
#[derive(Debug)]
struct GenOccupation {
    id: String,
    /// Index of the built-in profile it borrows employers, degrees and pay from.
    profile: usize,
    /// Indices of related usable occupations.
    related: Vec<u32>,
    /// Per generation language; always there for the fallback one.
    texts: Vec<Option<OccupationText>>,
}

/// A document generator over the occupations of a taxonomy; see the [module](self).
#[derive(Debug)]
pub struct TaxonomyModel {
    /// Generation languages, in [`LANG_SHARES`] order, with their shares.
    langs: Vec<(&'static str, u32)>,
    total_share: u32,
    /// Slot of the language used when an occupation lacks the one drawn.
    fallback: usize,
    skills: Vec<GenSkill>,
    /// In rank order.
    occupations: Vec<GenOccupation>,
    weights: WeightedIndex<u64>,
    /// Occupations of the taxonomy, usable or not.
    considered: usize,
}

/// An occupation's labels and skills in one language, before skills get model indices.
struct Draft {
    preferred: Vec<String>,
    alternatives: Vec<String>,
    essential: Vec<ConceptIndex>,
    optional: Vec<ConceptIndex>,
}

impl TaxonomyModel {
    /// Prepares the usable occupations of `taxonomy`; fails when there are none.
    pub fn build(taxonomy: &Taxonomy) -> anyhow::Result<TaxonomyModel> {
        let occupation_indices: Vec<ConceptIndex> = (0..taxonomy.len() as ConceptIndex)
            .filter(|&i| taxonomy.concept(i).kind == ConceptKind::Occupation)
            .collect();
        let langs: Vec<(&'static str, u32)> = LANG_SHARES
            .iter()
            .copied()
            .filter(|(lang, _)| {
                occupation_indices
                    .iter()
                    .any(|&i| has_label(taxonomy.concept(i), lang))
            })
            .collect();
        if langs.is_empty() {
            bail!(
                "the taxonomy has no occupation labelled in {}",
                LANG_SHARES
                    .iter()
                    .map(|(l, _)| *l)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let mut base: Vec<usize> = (0..langs.len())
            .filter(|&slot| matches!(langs[slot].0, "fr" | "en"))
            .collect();
        if base.is_empty() {
            base = (0..langs.len()).collect();
        }

        // Usable occupations, with their text per language.
        let mut usable: Vec<(ConceptIndex, Vec<Option<Draft>>)> = Vec::new();
        for &index in &occupation_indices {
            let drafts: Vec<Option<Draft>> = langs
                .iter()
                .map(|(lang, _)| draft(taxonomy, index, lang))
                .collect();
            if base.iter().all(|&slot| drafts[slot].is_some()) {
                usable.push((index, drafts));
            }
        }
        if usable.is_empty() {
            let names: Vec<&str> = base.iter().map(|&slot| langs[slot].0).collect();
            bail!(
                "no occupation of the taxonomy has titles and at least {MIN_ESSENTIAL} \
                 essential skills labelled in {}",
                names.join(" and ")
            );
        }
        // Rank: an order of the ids alone, so that the skew is the same for every seed.
        usable.sort_by_cached_key(|(index, _)| {
            let id = &taxonomy.concept(*index).id;
            (fnv1a(id.as_bytes()), id.clone())
        });
        let position: HashMap<ConceptIndex, u32> = usable
            .iter()
            .enumerate()
            .map(|(rank, (index, _))| (*index, rank as u32))
            .collect();

        // Skills, numbered in order of first use.
        let mut skills: Vec<GenSkill> = Vec::new();
        let mut skill_slot: HashMap<ConceptIndex, u32> = HashMap::new();
        let mut number = |skill: ConceptIndex, skills: &mut Vec<GenSkill>| -> u32 {
            *skill_slot.entry(skill).or_insert_with(|| {
                let concept = taxonomy.concept(skill);
                skills.push(GenSkill {
                    id: concept.id.clone(),
                    knowledge: concept.skill_type == Some(SkillType::Knowledge),
                    names: langs
                        .iter()
                        .map(|(lang, _)| skill_names(concept, lang))
                        .collect(),
                });
                (skills.len() - 1) as u32
            })
        };
        let words_of_profiles = profile_words();
        let mut occupations = Vec::with_capacity(usable.len());
        for (index, drafts) in &usable {
            let concept = taxonomy.concept(*index);
            let texts: Vec<Option<OccupationText>> = drafts
                .iter()
                .zip(&langs)
                .map(|(draft, (lang, _))| {
                    draft.as_ref().map(|draft| OccupationText {
                        preferred: draft.preferred.clone(),
                        alternatives: draft.alternatives.clone(),
                        essential: draft
                            .essential
                            .iter()
                            .map(|&s| number(s, &mut skills))
                            .collect(),
                        optional: draft
                            .optional
                            .iter()
                            .map(|&s| number(s, &mut skills))
                            .collect(),
                        sentences: concept
                            .descriptions
                            .get(*lang)
                            .map(|d| split_sentences(d, lang))
                            .unwrap_or_default(),
                    })
                })
                .collect();
            let mut preferred = Vec::new();
            let mut alternatives = Vec::new();
            for draft in drafts.iter().flatten() {
                preferred.extend(draft.preferred.iter().map(String::as_str));
                alternatives.extend(draft.alternatives.iter().map(String::as_str));
            }
            occupations.push(GenOccupation {
                id: concept.id.clone(),
                profile: guess_profile(&concept.id, &preferred, &alternatives, &words_of_profiles),
                related: related(taxonomy, *index, &position),
                texts,
            });
        }
        let weights = WeightedIndex::new(
            (0..occupations.len() as u64).map(|rank| 1_000_000_000_000 / (rank + ZIPF_OFFSET)),
        )?;
        Ok(TaxonomyModel {
            total_share: langs.iter().map(|(_, share)| share).sum(),
            fallback: base[0],
            langs,
            skills,
            occupations,
            weights,
            considered: occupation_indices.len(),
        })
    }

    /// Returns how many occupations documents are drawn from.
    pub fn occupation_count(&self) -> usize {
        self.occupations.len()
    }

    /// Returns how many occupations the taxonomy has, usable or not.
    pub fn considered_count(&self) -> usize {
        self.considered
    }

    /// Returns the languages documents are written in.
    pub fn languages(&self) -> Vec<&'static str> {
        self.langs.iter().map(|(lang, _)| *lang).collect()
    }

    /// Returns the ids of the usable occupations, most frequent first.
    pub fn occupation_ids(&self) -> impl Iterator<Item = &str> {
        self.occupations.iter().map(|o| o.id.as_str())
    }

    /// Returns an occupation's text in `lang`, if documents are written about it in `lang`.
    fn text_in(&self, occupation: &str, lang: &str) -> Option<&OccupationText> {
        let slot = self.langs.iter().position(|(l, _)| *l == lang)?;
        self.occupations.iter().find(|o| o.id == occupation)?.texts[slot].as_ref()
    }

    /// Returns the preferred titles of an occupation in `lang`, as documents write them.
    pub fn preferred_titles(&self, occupation: &str, lang: &str) -> &[String] {
        self.text_in(occupation, lang)
            .map_or(&[], |text| text.preferred.as_slice())
    }

    /// Returns the ids of the essential skills of an occupation that documents in `lang`
    /// draw from, each with its preferred label in `lang` (the label documents write most).
    pub fn essential_skills(&self, occupation: &str, lang: &str) -> Vec<(&str, &str)> {
        let Some(slot) = self.langs.iter().position(|(l, _)| *l == lang) else {
            return Vec::new();
        };
        let Some(text) = self.text_in(occupation, lang) else {
            return Vec::new();
        };
        text.essential
            .iter()
            .filter_map(|&s| {
                let skill = &self.skills[s as usize];
                let names = skill.names[slot].as_ref()?;
                Some((skill.id.as_str(), names.preferred.as_str()))
            })
            .collect()
    }

    /// Generates CV number `number` for `seed`.
    pub fn cv(&self, seed: u64, number: u64) -> Value {
        self.make_cv(seed, number).0
    }

    /// Returns the ground truth of CV number `number`.
    pub fn cv_truth(&self, seed: u64, number: u64) -> Truth {
        self.make_cv(seed, number).1
    }

    /// Generates offer number `number` for `seed`.
    pub fn offer(&self, seed: u64, number: u64) -> Value {
        self.make_offer(seed, number).0
    }

    /// Returns the ground truth of offer number `number`.
    pub fn offer_truth(&self, seed: u64, number: u64) -> Truth {
        self.make_offer(seed, number).1
    }

    /// Draws an occupation and a language it is labelled in.
    fn pick_occupation(
        &self,
        rng: &mut SplitMix64,
    ) -> (&GenOccupation, usize, &'static str, &OccupationText) {
        let occupation = &self.occupations[self.weights.sample(rng)];
        let roll = rng.random_range(0..self.total_share);
        let mut acc = 0;
        let mut slot = self.fallback;
        for (index, (_, share)) in self.langs.iter().enumerate() {
            acc += share;
            if roll < acc {
                slot = index;
                break;
            }
        }
        if occupation.texts[slot].is_none() {
            slot = self.fallback;
        }
        // A usable occupation has a text in the fallback language (see `build`).
        let text = occupation.texts[slot]
            .as_ref()
            .expect("a usable occupation has a text in its fallback language");
        (occupation, slot, self.langs[slot].0, text)
    }

    /// Returns the label of a skill to write, the preferred one mostly.
    fn skill_label(&self, rng: &mut SplitMix64, skill: u32, slot: usize) -> String {
        let Some(names) = &self.skills[skill as usize].names[slot] else {
            return String::new();
        };
        if !names.alternatives.is_empty() && rng.random_bool(0.15) {
            pick(rng, &names.alternatives).to_string()
        } else {
            names.preferred.clone()
        }
    }

    /// Draws `count` skills, essential ones mostly, at least one knowledge when there is.
    fn draw_skills(&self, rng: &mut SplitMix64, text: &OccupationText, count: usize) -> Vec<u32> {
        let optional_count = if text.optional.is_empty() {
            0
        } else {
            rng.random_range(0..=count / 3).min(text.optional.len())
        };
        let essential_count = (count - optional_count).min(text.essential.len());
        let mut chosen: Vec<u32> = text
            .essential
            .choose_multiple(rng, essential_count)
            .copied()
            .collect();
        chosen.extend(text.optional.choose_multiple(rng, optional_count).copied());
        let is_knowledge = |s: &u32| self.skills[*s as usize].knowledge;
        if !chosen.iter().any(is_knowledge) {
            let knowledge: Vec<u32> = text
                .essential
                .iter()
                .chain(&text.optional)
                .copied()
                .filter(is_knowledge)
                .collect();
            if let (Some(&extra), Some(last)) = (knowledge.choose(rng), chosen.last_mut()) {
                *last = extra;
            }
        }
        chosen
    }

    /// Draws a skill of a related occupation that the document does not have yet.
    fn noise_skill(
        &self,
        rng: &mut SplitMix64,
        occupation: &GenOccupation,
        slot: usize,
        chosen: &[u32],
    ) -> Option<u32> {
        let related = occupation.related.choose(rng)?;
        let text = self.occupations[*related as usize].texts[slot].as_ref()?;
        let pool: Vec<u32> = text
            .essential
            .iter()
            .chain(&text.optional)
            .copied()
            .filter(|s| !chosen.contains(s))
            .collect();
        pool.choose(rng).copied()
    }

    /// Writes a bullet about one skill, in a template not in `used` when it can.
    fn bullet(
        &self,
        rng: &mut SplitMix64,
        lang: &str,
        (skill, label): (u32, &str),
        offer: bool,
        filler: &Filler<'_>,
        used: &mut Vec<&'static str>,
    ) -> String {
        let text = text();
        let knowledge = self.skills[skill as usize].knowledge && rng.random_bool(0.5);
        let templates = match (offer, knowledge) {
            (false, false) => &text.bullets,
            (false, true) => &text.knowledge_bullets,
            (true, false) => &text.offer_bullets,
            (true, true) => &text.offer_knowledge,
        };
        let templates = in_lang(templates, lang);
        let mut template = pick(rng, templates);
        for _ in 0..3 {
            if !used.contains(&template) {
                break;
            }
            template = pick(rng, templates);
        }
        used.push(template);
        let label = [label.to_string()];
        let filler = Filler {
            skills: &label,
            ..*filler
        };
        sentence(rng, template, &filler)
    }

    /// Writes a sentence quoting one sentence of the occupation's description.
    fn context(
        &self,
        rng: &mut SplitMix64,
        lang: &str,
        quoted: &str,
        offer: bool,
        filler: &Filler<'_>,
    ) -> String {
        let templates = if offer {
            &text().offer_context
        } else {
            &text().context
        };
        let template = pick(rng, in_lang(templates, lang));
        let filler = Filler {
            sentence: quoted,
            ..*filler
        };
        sentence(rng, template, &filler)
    }

    fn make_cv(&self, seed: u64, number: u64) -> (Value, Truth) {
        let rng = &mut SplitMix64::for_document(seed, CV_STREAM, number);
        let profiles = &builtin::model().profiles;
        let (occupation, slot, lang, text) = self.pick_occupation(rng);
        let profile = &profiles.occupations[occupation.profile];
        let city = pick_city(rng);
        let [min_years, max_years] = profile.experience_years;
        let years = rng.random_range(min_years..=max_years.max(min_years));
        let title = pick_title(rng, text);
        let count = rng.random_range(5..=10);
        let own = self.draw_skills(rng, text, count);
        let own_labels: Vec<String> = own
            .iter()
            .map(|&s| self.skill_label(rng, s, slot))
            .collect();
        // What summaries say "experience in {skill}" of: knowledge, a noun phrase.
        let nouns: Vec<String> = own
            .iter()
            .zip(&own_labels)
            .filter(|(s, _)| self.skills[**s as usize].knowledge)
            .map(|(_, label)| label.clone())
            .collect();
        let nouns = if nouns.is_empty() {
            &own_labels
        } else {
            &nouns
        };
        let adjectives = in_lang(&profiles.adjectives, lang);
        let contract = profile.contract_types.first().map_or("CDI", String::as_str);

        // Each description sentence is quoted once at most, and the experiences share a
        // length budget, so that long labels do not make a CV outgrow a few kilobytes.
        let mut quotes: Vec<&String> = text
            .sentences
            .choose_multiple(rng, text.sentences.len())
            .collect();
        let listed: usize = own_labels.iter().map(String::len).sum();
        let mut room = EXPERIENCE_TEXT_BYTES.saturating_sub(listed);
        let experiences = dated_experiences(rng, years, |rng| {
            let employer = pick(rng, &profile.employers).to_string();
            let job_title = pick_title(rng, text);
            let filler = Filler {
                title: &job_title,
                years,
                contract,
                city: city.name,
                employer: &employer,
                skills: nouns,
                adjectives,
                sentence: "",
            };
            let mut parts = Vec::with_capacity(5);
            if rng.random_bool(0.6) {
                if let Some(quoted) = quotes.pop() {
                    let context = self.context(rng, lang, quoted, false, &filler);
                    if context.len() <= room {
                        room -= context.len();
                        parts.push(context);
                    }
                }
            }
            let bullet_count = rng.random_range(2..=4).min(own.len());
            let positions: Vec<usize> = (0..own.len())
                .collect::<Vec<_>>()
                .choose_multiple(rng, bullet_count)
                .copied()
                .collect();
            let mut used = Vec::with_capacity(bullet_count);
            for position in positions {
                let skill = (own[position], own_labels[position].as_str());
                let bullet = self.bullet(rng, lang, skill, false, &filler, &mut used);
                // One bullet at least, whatever the room left.
                if !parts.is_empty() && bullet.len() > room {
                    break;
                }
                room = room.saturating_sub(bullet.len());
                parts.push(bullet);
            }
            Job {
                title: capitalise(&job_title),
                employer,
                description: parts.join(" "),
            }
        });

        let mut skills = own_labels.clone();
        let mut skill_ids: Vec<String> = own
            .iter()
            .map(|&s| self.skills[s as usize].id.clone())
            .collect();
        if let Some(extra) = self.noise_skill(rng, occupation, slot, &own) {
            let label = self.skill_label(rng, extra, slot);
            if !label.is_empty() && !skills.contains(&label) {
                skills.push(label);
                skill_ids.push(self.skills[extra as usize].id.clone());
            }
        }
        let filler = Filler {
            title: &title,
            years,
            contract,
            city: city.name,
            employer: "",
            skills: nouns,
            adjectives,
            sentence: "",
        };
        let summary = sentences(rng, in_lang(&profiles.summaries, lang), 2, &filler);
        let cv = finish_cv(
            rng,
            CvParts {
                number,
                lang,
                city,
                years,
                title: capitalise(&title),
                summary,
                experiences,
                skills,
                contract_types: &profile.contract_types,
                degrees: in_lang(&profile.degrees, lang),
            },
        );
        let truth = Truth {
            id: format!("cv-{number}"),
            occupation: occupation.id.clone(),
            sector: profile.sector.clone(),
            lang: lang.to_string(),
            skill_ids,
        };
        (cv, truth)
    }

    fn make_offer(&self, seed: u64, number: u64) -> (Value, Truth) {
        let rng = &mut SplitMix64::for_document(seed, OFFER_STREAM, number);
        let profiles = &builtin::model().profiles;
        let (occupation, slot, lang, text) = self.pick_occupation(rng);
        let profile = &profiles.occupations[occupation.profile];
        let city = pick_city(rng);
        let title = pick_title(rng, text);
        let employer = pick(rng, &profile.employers).to_string();
        let [min_years, max_years] = profile.experience_years;
        let years = rng.random_range(min_years..=(min_years + 5).min(max_years.max(min_years)));
        let contract = pick(rng, &profile.contract_types).to_string();

        let required_count = rng.random_range(3..=5).min(text.essential.len());
        let required: Vec<u32> = text
            .essential
            .choose_multiple(rng, required_count)
            .copied()
            .collect();
        let optional_pool: Vec<u32> = if text.optional.is_empty() {
            text.essential
                .iter()
                .copied()
                .filter(|s| !required.contains(s))
                .collect()
        } else {
            text.optional.clone()
        };
        let optional_count = rng.random_range(1..=3).min(optional_pool.len());
        let mut optional: Vec<u32> = optional_pool
            .choose_multiple(rng, optional_count)
            .copied()
            .collect();
        // Profile sentences say "a command of {skill}": ask for some knowledge if the
        // occupation needs any.
        let is_knowledge = |s: &u32| self.skills[*s as usize].knowledge;
        if !required.iter().chain(&optional).any(is_knowledge) {
            let knowledge: Vec<u32> = text
                .essential
                .iter()
                .chain(&text.optional)
                .copied()
                .filter(|s| is_knowledge(s) && !required.contains(s))
                .collect();
            if let Some(&extra) = knowledge.choose(rng) {
                match optional.last_mut() {
                    Some(last) => *last = extra,
                    None => optional.push(extra),
                }
            }
        }
        let required_labels: Vec<String> = required
            .iter()
            .map(|&s| self.skill_label(rng, s, slot))
            .collect();
        let optional_labels: Vec<String> = optional
            .iter()
            .map(|&s| self.skill_label(rng, s, slot))
            .collect();
        let nouns: Vec<String> = required
            .iter()
            .zip(&required_labels)
            .chain(optional.iter().zip(&optional_labels))
            .filter(|(s, _)| self.skills[**s as usize].knowledge)
            .map(|(_, label)| label.clone())
            .collect();
        let nouns = if nouns.is_empty() {
            &required_labels
        } else {
            &nouns
        };
        let filler = Filler {
            title: &title,
            years,
            contract: &contract,
            city: city.name,
            employer: &employer,
            skills: nouns,
            adjectives: in_lang(&profiles.adjectives, lang),
            sentence: "",
        };
        // Missions: a description sentence or two, then the skills asked, two at least and
        // more while the text is short (labels run from "Git" to whole sentences).
        let mut missions = Vec::with_capacity(10);
        let quoted_count = rng.random_range(1..=2).min(text.sentences.len());
        let mut quoted: Vec<usize> =
            rand::seq::index::sample(rng, text.sentences.len(), quoted_count).into_vec();
        quoted.sort_unstable();
        for index in quoted {
            missions.push(self.context(rng, lang, &text.sentences[index], true, &filler));
        }
        let target = rng.random_range(MISSION_TEXT_BYTES);
        let mut length: usize = missions.iter().map(String::len).sum();
        let asked = required
            .iter()
            .zip(&required_labels)
            .chain(optional.iter().zip(&optional_labels));
        let mut used = Vec::with_capacity(8);
        for (index, (&skill, label)) in asked.enumerate() {
            if index >= 2 && length >= target {
                break;
            }
            let bullet = self.bullet(rng, lang, (skill, label), true, &filler, &mut used);
            length += bullet.len() + 1;
            missions.push(bullet);
        }
        let description = [
            sentences(rng, in_lang(&profiles.offer_intros, lang), 1, &filler),
            missions.join(" "),
            sentences(rng, in_lang(&profiles.offer_profiles, lang), 1, &filler),
            sentences(rng, in_lang(&profiles.offer_benefits, lang), 2, &filler),
        ]
        .join("\n\n");
        let skill_ids = required
            .iter()
            .chain(&optional)
            .map(|&s| self.skills[s as usize].id.clone())
            .collect();
        let offer = finish_offer(
            rng,
            OfferParts {
                number,
                lang,
                city,
                years,
                title: capitalise(&title),
                description,
                employer,
                contract,
                required: required_labels,
                optional: optional_labels,
                salary_month_eur: profile.salary_month_eur,
            },
        );
        let truth = Truth {
            id: format!("offer-{number}"),
            occupation: occupation.id.clone(),
            sector: profile.sector.clone(),
            lang: lang.to_string(),
            skill_ids,
        };
        (offer, truth)
    }
}

/// Draws a title: a preferred label half of the time, else an alternative one.
fn pick_title(rng: &mut SplitMix64, text: &OccupationText) -> String {
    let list = if text.alternatives.is_empty() || rng.random_bool(0.5) {
        &text.preferred
    } else {
        &text.alternatives
    };
    pick(rng, list).to_string()
}

/// FNV-1a: a hash whose value is fixed forever, for orders that must not change.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn has_label(concept: &Concept, lang: &str) -> bool {
    concept
        .labels
        .iter()
        .any(|l| l.lang == lang && l.label_type != LabelType::Hidden)
}

/// Returns a label with its spaces collapsed, if it can be shown as a title or a skill.
fn showable(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = text.chars().count();
    ((3..=120).contains(&chars) && !text.contains(['{', '}'])).then_some(text)
}

/// Returns an occupation's titles and labelled skills in `lang`, if it is usable in it.
fn draft(taxonomy: &Taxonomy, index: ConceptIndex, lang: &str) -> Option<Draft> {
    let concept = taxonomy.concept(index);
    let mut preferred = Vec::new();
    let mut alternatives = Vec::new();
    for label in concept.labels.iter().filter(|l| l.lang == lang) {
        let Some(text) = showable(&label.text) else {
            continue;
        };
        match label.label_type {
            LabelType::Preferred => preferred.push(text),
            LabelType::Alternative => alternatives.push(text),
            LabelType::Hidden => {}
        }
    }
    if preferred.is_empty() {
        if alternatives.is_empty() {
            return None;
        }
        preferred.push(alternatives.remove(0));
    }
    let mut essential = Vec::new();
    let mut optional = Vec::new();
    for &(skill, relation) in taxonomy.skills_of(index) {
        if skill_names(taxonomy.concept(skill), lang).is_none() {
            continue;
        }
        match relation {
            Relation::Essential => essential.push(skill),
            Relation::Optional => optional.push(skill),
        }
    }
    (essential.len() >= MIN_ESSENTIAL).then_some(Draft {
        preferred,
        alternatives,
        essential,
        optional,
    })
}

/// Returns the labels of a skill in `lang`, if it has a showable one.
fn skill_names(concept: &Concept, lang: &str) -> Option<SkillNames> {
    let mut preferred = None;
    let mut alternatives = Vec::new();
    for label in concept.labels.iter().filter(|l| l.lang == lang) {
        if label.label_type == LabelType::Hidden {
            continue;
        }
        let Some(text) = showable(&label.text) else {
            continue;
        };
        match label.label_type {
            LabelType::Preferred if preferred.is_none() => preferred = Some(text),
            _ if alternatives.len() < MAX_SKILL_ALTERNATIVES => alternatives.push(text),
            _ => {}
        }
    }
    let preferred = match preferred {
        Some(preferred) => preferred,
        None if !alternatives.is_empty() => alternatives.remove(0),
        None => return None,
    };
    Some(SkillNames {
        preferred,
        alternatives,
    })
}

/// Words that make a sentence lean on the one before it ("They also..."), so that it
/// cannot be quoted alone: per language, as its first word, and among its first words.
const ANAPHORS: &[(&str, &[&str], &[&str])] = &[
    (
        "fr",
        &[
            "il",
            "elle",
            "on",
            "ce",
            "ces",
            "cela",
            "ceux-ci",
            "celles-ci",
        ],
        &["ils", "elles"],
    ),
    (
        "en",
        &["he", "she", "it", "this", "these", "those"],
        &["they"],
    ),
    ("de", &["er", "es", "diese", "dieser", "dies"], &["sie"]),
    (
        "es",
        &["él", "ella", "estos", "estas", "esto"],
        &["ellos", "ellas"],
    ),
];

/// Words of a sentence within which a pronoun is taken to refer to an earlier sentence.
const ANAPHOR_WINDOW: usize = 15;

/// Cuts a description into sentences worth quoting alone.
fn split_sentences(description: &str, lang: &str) -> Vec<String> {
    let text = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let end = index + c.len_utf8();
        let boundary = match c {
            '。' => true,
            '.' | '!' | '?' => match chars.peek() {
                None => true,
                Some(&(_, ' ')) => text[end..]
                    .chars()
                    .nth(1)
                    .is_some_and(|next| next.is_uppercase() || next == '«' || next == '"'),
                Some(_) => false,
            },
            _ => false,
        };
        if boundary {
            out.push(text[start..end].trim().to_string());
            start = end;
        }
    }
    if start < text.len() {
        out.push(text[start..].trim().to_string());
    }
    let (first_words, any_words) = ANAPHORS
        .iter()
        .find(|(code, _, _)| *code == lang)
        .map_or((&[][..], &[][..]), |(_, first, any)| (*first, *any));
    out.retain(|sentence| {
        let words: Vec<String> = sentence
            .split([' ', '/', ',', '(', ')'])
            .filter(|w| !w.is_empty())
            .take(ANAPHOR_WINDOW)
            .map(str::to_lowercase)
            .collect();
        let leans = words
            .first()
            .is_some_and(|w| first_words.contains(&w.as_str()))
            || words.iter().any(|w| any_words.contains(&w.as_str()));
        (20..=400).contains(&sentence.chars().count()) && !sentence.contains(['{', '}']) && !leans
    });
    out.truncate(MAX_SENTENCES);
    out
}

/// Words that name a role in any trade, or several trades: they do not tell one profile.
const ROLE_WORDS: &[&str] = &[
    "adjoint",
    "adjointe",
    "agent",
    "agente",
    "aide",
    "assistant",
    "assistante",
    "center",
    "centre",
    "chargé",
    "chargée",
    "chef",
    "cheffe",
    "chief",
    "conseiller",
    "conseillère",
    "consultant",
    "consultante",
    "coordinateur",
    "coordinator",
    "coordinatrice",
    "directeur",
    "director",
    "directrice",
    "employé",
    "employée",
    "engineer",
    "executive",
    "expert",
    "experte",
    "general",
    "général",
    "générale",
    "head",
    "ingénieur",
    "ingénieure",
    "junior",
    "machine",
    "manager",
    "officer",
    "operative",
    "opérateur",
    "opératrice",
    "operator",
    "ouvrier",
    "ouvrière",
    "professional",
    "qualité",
    "quality",
    "responsable",
    "senior",
    "service",
    "services",
    "specialist",
    "spécialiste",
    "superviseur",
    "superviseuse",
    "supervisor",
    "technical",
    "technician",
    "technicien",
    "technicienne",
    "technique",
    "worker",
];

/// Word beginnings that tell the sector of an occupation, per built-in sector.
const SECTOR_STEMS: &[(&str, &[&str])] = &[
    (
        "it",
        &[
            "software",
            "developer",
            "programmer",
            "computer",
            "ict",
            "data",
            "database",
            "network",
            "web",
            "cyber",
            "informati",
            "logiciel",
            "développeu",
            "programmeu",
            "réseau",
            "données",
            "system",
            "systèm",
        ],
    ),
    (
        "hospitality",
        &[
            "cook",
            "kitchen",
            "restaurant",
            "waiter",
            "waitress",
            "hotel",
            "bartender",
            "barista",
            "catering",
            "cuisin",
            "serveu",
            "hôtel",
            "restaura",
            "sommelier",
            "food",
            "pâtiss",
            "boulang",
            "touris",
        ],
    ),
    (
        "building",
        &[
            "construction",
            "builder",
            "building",
            "mason",
            "bricklayer",
            "carpent",
            "plumb",
            "electrician",
            "roof",
            "plaster",
            "painter",
            "tiler",
            "maçon",
            "charpent",
            "plombi",
            "électricien",
            "couvreu",
            "peintre",
            "bâtiment",
            "architect",
            "chantier",
            "asbestos",
            "amiante",
        ],
    ),
    (
        "retail",
        &[
            "shop",
            "store",
            "retail",
            "sales",
            "seller",
            "cashier",
            "vendeu",
            "vente",
            "magasin",
            "caissi",
            "commerc",
            "boutique",
            "merchan",
            "wholesale",
            "grossiste",
        ],
    ),
    (
        "health",
        &[
            "nurse",
            "medical",
            "health",
            "clinical",
            "hospital",
            "care",
            "pharmac",
            "therap",
            "doctor",
            "physician",
            "dental",
            "infirmi",
            "médic",
            "santé",
            "soins",
            "soignant",
            "thérap",
            "médecin",
            "dentaire",
            "social",
        ],
    ),
    (
        "logistics",
        &[
            "driver",
            "warehouse",
            "logistic",
            "transport",
            "freight",
            "delivery",
            "forklift",
            "conducteu",
            "chauffeu",
            "entrepôt",
            "logistique",
            "livreu",
            "cariste",
            "manutention",
            "packing",
            "emballage",
        ],
    ),
    (
        "admin",
        &[
            "accountant",
            "accounting",
            "clerk",
            "secretar",
            "administrat",
            "office",
            "payroll",
            "comptab",
            "secrétaire",
            "bureau",
            "paie",
            "finance",
            "financial",
            "bank",
            "insurance",
            "banque",
            "assurance",
            "purchas",
            "achat",
            "publish",
            "édition",
        ],
    ),
    (
        "industry",
        &[
            "mechanic",
            "welder",
            "assembl",
            "production",
            "manufactur",
            "industri",
            "metal",
            "factory",
            "mécanicien",
            "soudeu",
            "monteu",
            "usine",
            "fabrication",
            "footwear",
            "chaussure",
            "leather",
            "cuir",
            "textile",
            "pattern",
            "patron",
            "kiln",
            "press",
        ],
    ),
    (
        "education",
        &[
            "teacher",
            "instructor",
            "trainer",
            "lecturer",
            "education",
            "tutor",
            "school",
            "enseignant",
            "professeu",
            "formateu",
            "éducat",
            "moniteu",
            "animateu",
        ],
    ),
    (
        "security",
        &[
            "security",
            "guard",
            "police",
            "firefight",
            "sécurité",
            "pompier",
            "surveillan",
            "gardien",
            "prison",
            "pénitentiaire",
        ],
    ),
    (
        "cleaning",
        &[
            "cleaner",
            "cleaning",
            "housekeep",
            "janitor",
            "nettoy",
            "entretien",
            "ménage",
        ],
    ),
];

/// Role words that hint at a sector when nothing else does.
const ROLE_SECTORS: &[(&str, &[&str])] = &[
    (
        "industry",
        &[
            "operat",
            "opérat",
            "machin",
            "technician",
            "technicien",
            "inspect",
            "contrôl",
            "controller",
        ],
    ),
    ("building", &["worker", "ouvrier", "ouvrière"]),
    (
        "admin",
        &[
            "manager",
            "director",
            "directeur",
            "directrice",
            "responsable",
            "officer",
            "coordinat",
            "assistant",
            "analyst",
            "analyste",
            "gestionnaire",
        ],
    ),
];

/// Lower-cased words of a label, of four letters or more.
fn words(label: &str) -> impl Iterator<Item = String> + '_ {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
}

/// The words of each built-in profile's French and English titles that tell its trade.
fn profile_words() -> Vec<HashSet<String>> {
    builtin::model()
        .profiles
        .occupations
        .iter()
        .map(|profile| {
            ["fr", "en"]
                .iter()
                .filter_map(|lang| profile.titles.get(*lang))
                .flatten()
                .flat_map(|title| words(title).collect::<Vec<_>>())
                .filter(|w| !ROLE_WORDS.contains(&w.as_str()))
                .collect()
        })
        .collect()
}

/// Chooses the built-in profile an occupation borrows from, by its titles (preferred ones
/// counting double): the profile sharing most trade words with them, else the closest
/// profile of the sector their words point to, else one chosen by hash.
fn guess_profile(
    id: &str,
    preferred: &[&str],
    alternatives: &[&str],
    profiles: &[HashSet<String>],
) -> usize {
    let occupations = &builtin::model().profiles.occupations;
    let main: HashSet<String> = preferred.iter().flat_map(|l| words(l)).collect();
    let other: HashSet<String> = alternatives
        .iter()
        .flat_map(|l| words(l))
        .filter(|w| !main.contains(w))
        .collect();
    let tie_break = |key: &str| std::cmp::Reverse(fnv1a(format!("{id} {key}").as_bytes()));
    let overlap = |index: usize| {
        2 * profiles[index].intersection(&main).count()
            + profiles[index].intersection(&other).count()
    };
    let closest = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.max_by_key(|&i| (overlap(i), tie_break(&occupations[i].key)))
    };
    let best = closest(&mut (0..occupations.len())).filter(|&i| overlap(i) >= 2);
    if let Some(index) = best {
        return index;
    }
    let hits = |stems: &[&str]| {
        let count = |set: &HashSet<String>| {
            set.iter()
                .filter(|w| stems.iter().any(|stem| w.starts_with(stem)))
                .count()
        };
        2 * count(&main) + count(&other)
    };
    let sector = [SECTOR_STEMS, ROLE_SECTORS].iter().find_map(|table| {
        table
            .iter()
            .map(|(sector, stems)| (hits(stems), *sector))
            .filter(|(hits, _)| *hits > 0)
            .max_by_key(|&(hits, sector)| (hits, tie_break(sector)))
            .map(|(_, sector)| sector)
    });
    match sector {
        Some(sector) => {
            closest(&mut (0..occupations.len()).filter(|&i| occupations[i].sector == sector))
                .unwrap_or(0)
        }
        None => (fnv1a(id.as_bytes()) % occupations.len() as u64) as usize,
    }
}

/// Returns the usable occupations related to one: broader and narrower ones first, then
/// those sharing most of its (not too common) essential skills.
fn related(
    taxonomy: &Taxonomy,
    index: ConceptIndex,
    position: &HashMap<ConceptIndex, u32>,
) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for other in taxonomy
        .broader(index)
        .iter()
        .chain(taxonomy.narrower(index))
    {
        if let Some(&p) = position.get(other) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    let mut shared: HashMap<u32, u32> = HashMap::new();
    for &(skill, relation) in taxonomy.skills_of(index) {
        let needed_by = taxonomy.needed_by(skill);
        if relation != Relation::Essential || needed_by.len() > GENERIC_SKILL_OCCUPATIONS {
            continue;
        }
        for &(other, _) in needed_by {
            if other == index {
                continue;
            }
            if let Some(&p) = position.get(&other) {
                *shared.entry(p).or_default() += 1;
            }
        }
    }
    let mut by_count: Vec<(u32, u32)> = shared.into_iter().collect();
    by_count.sort_by_key(|&(p, count)| (std::cmp::Reverse(count), p));
    for (p, _) in by_count {
        if out.len() >= MAX_RELATED {
            break;
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out.truncate(MAX_RELATED);
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use vivier_analyzers::taxonomy::source::load_sources;
    use vivier_schema::{validate_cv, validate_offer};

    use super::*;

    fn fixture() -> Taxonomy {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen_taxonomy.jsonl");
        load_sources(&[path]).expect("fixture loads")
    }

    fn model() -> TaxonomyModel {
        TaxonomyModel::build(&fixture()).expect("model")
    }

    #[test]
    fn templates_cover_every_language() {
        let text = text();
        for (lang, _) in LANG_SHARES {
            for (name, map) in [
                ("bullets", &text.bullets),
                ("knowledge_bullets", &text.knowledge_bullets),
                ("context", &text.context),
                ("offer_bullets", &text.offer_bullets),
                ("offer_knowledge", &text.offer_knowledge),
                ("offer_context", &text.offer_context),
            ] {
                let list = map.get(*lang).filter(|l| !l.is_empty());
                assert!(list.is_some(), "{name} lacks {lang}");
            }
        }
    }

    #[test]
    fn only_occupations_with_enough_labelled_skills_are_drawn() {
        let model = model();
        let ids: Vec<&str> = model.occupation_ids().collect();
        // The fixture has four occupations; the baker has three essential skills only and
        // the translator no English title.
        assert_eq!(model.considered_count(), 5);
        assert_eq!(ids.len(), 3, "{ids:?}");
        assert!(!ids.contains(&"test:occupation/baker"));
        assert!(!ids.contains(&"test:occupation/translator"));
        assert_eq!(model.languages(), vec!["fr", "en"]);
    }

    #[test]
    fn documents_are_valid_deterministic_and_use_the_taxonomy() {
        let taxonomy = fixture();
        let model = model();
        let mut langs = HashSet::new();
        let mut occupations = HashSet::new();
        for number in 0..300 {
            let cv = model.cv(11, number);
            validate_cv(&cv).unwrap_or_else(|e| panic!("cv {number}: {e}\n{cv}"));
            let truth = model.cv_truth(11, number);
            assert_eq!(truth.id, format!("cv-{number}"));
            let occupation = taxonomy.get(&truth.occupation).expect("occupation id");
            // The headline is a label of the occupation in the document's language.
            let headline = cv["headline"].as_str().unwrap_or_default();
            assert!(
                occupation.labels.iter().any(|l| l.lang == truth.lang
                    && l.label_type != LabelType::Hidden
                    && capitalise(&l.text) == headline),
                "{headline} is no {} label of {}",
                truth.lang,
                truth.occupation
            );
            // Every listed skill is a label of a truth skill, in order, and all but the
            // last (noise) are skills of the occupation.
            let skills: Vec<&str> = cv["skills"]
                .as_array()
                .expect("skills")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(skills.len(), truth.skill_ids.len(), "{cv}\n{truth:?}");
            assert!(skills.len() >= 5, "{skills:?}");
            for (label, id) in skills.iter().zip(&truth.skill_ids) {
                let skill = taxonomy.get(id).expect("skill id");
                assert!(
                    skill
                        .labels
                        .iter()
                        .any(|l| l.lang == truth.lang && l.text == *label),
                    "{label} is no {} label of {id}",
                    truth.lang
                );
            }
            let own = occupation
                .skills
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>();
            let outside = truth
                .skill_ids
                .iter()
                .filter(|id| !own.contains(&id.as_str()))
                .count();
            assert!(outside <= 1, "{truth:?}");
            langs.insert(truth.lang.clone());
            occupations.insert(truth.occupation.clone());
            // Text in 1 to 5 KB.
            let size = cv.to_string().len();
            assert!(
                (1_000..=5_000).contains(&size),
                "cv {number}: {size} bytes\n{cv}"
            );

            let offer = model.offer(11, number);
            validate_offer(&offer).unwrap_or_else(|e| panic!("offer {number}: {e}\n{offer}"));
            let truth = model.offer_truth(11, number);
            let listed: Vec<&str> = ["skills_required", "skills_optional"]
                .iter()
                .flat_map(|field| offer[*field].as_array().into_iter().flatten())
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(listed.len(), truth.skill_ids.len(), "{offer}\n{truth:?}");
            let occupation = taxonomy.get(&truth.occupation).expect("occupation id");
            for id in &truth.skill_ids {
                assert!(
                    occupation.skills.iter().any(|s| &s.id == id),
                    "{id} is no skill of {}",
                    truth.occupation
                );
            }
            let size = offer.to_string().len();
            assert!(
                (1_000..=5_000).contains(&size),
                "offer {number}: {size} bytes\n{offer}"
            );
        }
        assert_eq!(langs.len(), 2, "{langs:?}");
        assert_eq!(occupations.len(), 3, "{occupations:?}");
        assert_eq!(model.cv(11, 42), model.cv(11, 42));
        assert_eq!(model.offer(11, 42), model.offer(11, 42));
        assert_ne!(model.cv(11, 42), model.cv(12, 42));
        // A model built again gives the same documents.
        assert_eq!(
            TaxonomyModel::build(&fixture()).expect("model").cv(11, 7),
            model.cv(11, 7)
        );
    }

    #[test]
    fn descriptions_feed_experience_text() {
        let model = model();
        let taxonomy = fixture();
        let quoted = (0..200).any(|number| {
            let cv = model.cv(3, number);
            let truth = model.cv_truth(3, number);
            let description = taxonomy
                .get(&truth.occupation)
                .and_then(|o| o.descriptions.get(&truth.lang))
                .cloned()
                .unwrap_or_default();
            let first = split_sentences(&description, &truth.lang)
                .into_iter()
                .next()
                .unwrap_or_default();
            !first.is_empty() && cv.to_string().contains(&first)
        });
        assert!(quoted, "no CV quotes its occupation's description");
    }

    #[test]
    fn frequency_is_skewed_by_rank() {
        let model = model();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for number in 0..3_000 {
            *counts
                .entry(model.cv_truth(1, number).occupation)
                .or_default() += 1;
        }
        let ranked: Vec<usize> = model
            .occupation_ids()
            .map(|id| counts.get(id).copied().unwrap_or(0))
            .collect();
        // Weights 1/5, 1/6, 1/7: the first occupation is drawn most, the last least.
        assert!(ranked[0] > ranked[2], "{ranked:?}");
        assert!(ranked.iter().all(|&c| c > 500), "{ranked:?}");
    }

    #[test]
    fn sentences_are_cut_at_full_stops() {
        let text = "Les boulangers pétrissent la pâte. Le pain cuit, etc. puis il est vendu.\n\
                    Ils/elles nettoient le fournil! Court.";
        assert_eq!(
            split_sentences(text, "fr"),
            vec![
                "Les boulangers pétrissent la pâte.",
                "Le pain cuit, etc. puis il est vendu.",
            ]
        );
        // Sentences leaning on an earlier one are dropped in their language only.
        assert_eq!(
            split_sentences("Ils/elles nettoient le fournil.", "en").len(),
            1
        );
    }

    #[test]
    fn profiles_are_guessed_from_title_words() {
        let words_of_profiles = profile_words();
        let occupations = &builtin::model().profiles.occupations;
        let guess = |labels: &[&str]| {
            occupations[guess_profile("x", labels, &[], &words_of_profiles)]
                .sector
                .clone()
        };
        assert_eq!(guess(&["software developer", "développeur logiciel"]), "it");
        assert_eq!(guess(&["head waiter", "maître d'hôtel"]), "hospitality");
        assert_eq!(
            guess(&["wire drawing machine operator", "opérateur de tréfilerie"]),
            "industry"
        );
        assert_eq!(guess(&["registered nurse"]), "health");
    }

    #[test]
    fn unusable_taxonomies_are_errors() {
        let mut builder = vivier_analyzers::taxonomy::TaxonomyBuilder::new();
        let mut occupation = Concept::new("occ/x", ConceptKind::Occupation);
        occupation.labels.push(vivier_analyzers::taxonomy::Label {
            lang: "fr".into(),
            text: "soudeur".into(),
            label_type: LabelType::Preferred,
        });
        builder.add(occupation);
        let error = TaxonomyModel::build(&builder.build()).expect_err("no skills");
        assert!(error.to_string().contains("essential skills"), "{error}");
        let empty = vivier_analyzers::taxonomy::TaxonomyBuilder::new().build();
        assert!(TaxonomyModel::build(&empty).is_err());
    }
}
