//! Context profiles: for each concept, the words that tend to surround it, weighted by how
//! rare they are. A concept's profile is made of its own labels and description, the labels
//! of its broader concepts, and the labels of its neighbours in the skills graph (an
//! occupation's skills, a skill's occupations). The waiter's profile holds "salle",
//! "commande", "restaurant"; the computer server's holds "linux", "reseau", "administration".
//!
//! Profile words are the terms analysis indexes (stemmed in the languages that have a
//! stemmer), so that a context meets a profile whatever the inflection: "greeted guests"
//! and "took orders" meet the waiter's "greet guests" and "take order". Languages analysis
//! does not cut into letter runs (Japanese) and languages without an analyzer keep the
//! normalized written word, as their context words do.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analyzer::Analyzers;
use crate::lang::Lang;
use crate::normalize::{normalize_word, words};
use crate::taxonomy::{ConceptIndex, LabelType, Taxonomy};

/// Neighbours taken into a profile at most, per relation.
const MAX_NEIGHBOURS: usize = 40;
/// Characters of description taken per language.
const MAX_DESCRIPTION_CHARS: usize = 400;

/// Words shorter than this carry little meaning ("de", "la", "of").
const MIN_WORD_CHARS: usize = 3;

/// The profiles of a set of concepts and the rarity of their words.
#[derive(Debug, Default)]
pub struct Profiles {
    /// Per concept, its words' ids, sorted.
    profiles: FxHashMap<ConceptIndex, Box<[u32]>>,
    vocabulary: FxHashMap<String, u32>,
    idf: Vec<f32>,
}

impl Profiles {
    /// Builds the profiles of `concepts`.
    pub fn build(
        taxonomy: &Taxonomy,
        analyzers: &Analyzers,
        concepts: impl IntoIterator<Item = ConceptIndex>,
    ) -> Profiles {
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let mut document_frequency: Vec<u32> = Vec::new();
        let mut profiles = FxHashMap::default();
        for concept in concepts {
            let mut profile = FxHashSet::default();
            for word in profile_words(taxonomy, analyzers, concept) {
                let next = vocabulary.len() as u32;
                let id = *vocabulary.entry(word).or_insert(next);
                if id as usize == document_frequency.len() {
                    document_frequency.push(0);
                }
                if profile.insert(id) {
                    document_frequency[id as usize] += 1;
                }
            }
            let mut profile: Vec<u32> = profile.into_iter().collect();
            profile.sort_unstable();
            profiles.insert(concept, profile.into_boxed_slice());
        }
        let total = profiles.len().max(1) as f32;
        let idf = document_frequency
            .iter()
            .map(|&df| (1.0 + total / (1.0 + df as f32)).ln())
            .collect();
        Profiles {
            profiles,
            vocabulary,
            idf,
        }
    }

    /// Returns the id of a word as written in a text, once normalized, if some profile
    /// has it: for text analysis does not cut into letter runs (see [`Profiles::term_id`]).
    pub fn word_id(&self, written: &str) -> Option<u32> {
        self.term_id(&normalize_word(written))
    }

    /// Returns the id of a term as analysis indexes it, if some profile has it.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.vocabulary.get(term).copied()
    }

    /// Scores how well a context (profile word ids, without repeats) fits a concept: the
    /// rarity-weighted share of the context words found in its profile, in 0..1.
    pub fn fit(&self, concept: ConceptIndex, context: &[u32]) -> f32 {
        let Some(profile) = self.profiles.get(&concept) else {
            return 0.0;
        };
        if context.is_empty() {
            return 0.0;
        }
        let mut shared = 0.0;
        let mut total = 0.0;
        for id in context {
            let weight = self.idf[*id as usize];
            total += weight;
            if profile.binary_search(id).is_ok() {
                shared += weight;
            }
        }
        if total == 0.0 {
            0.0
        } else {
            shared / total
        }
    }

    /// Returns whether a concept has a profile.
    pub fn has(&self, concept: ConceptIndex) -> bool {
        self.profiles.contains_key(&concept)
    }
}

fn profile_words(taxonomy: &Taxonomy, analyzers: &Analyzers, index: ConceptIndex) -> Vec<String> {
    let concept = taxonomy.concept(index);
    let mut texts: Vec<(&str, &str)> = concept
        .labels
        .iter()
        .map(|l| (l.lang.as_str(), l.text.as_str()))
        .collect();
    for (lang, description) in &concept.descriptions {
        let end = description
            .char_indices()
            .nth(MAX_DESCRIPTION_CHARS)
            .map_or(description.len(), |(i, _)| i);
        texts.push((lang.as_str(), &description[..end]));
    }
    let neighbours = taxonomy
        .broader(index)
        .iter()
        .copied()
        .chain(
            taxonomy
                .skills_of(index)
                .iter()
                .map(|(s, _)| *s)
                .take(MAX_NEIGHBOURS),
        )
        .chain(
            taxonomy
                .needed_by(index)
                .iter()
                .map(|(o, _)| *o)
                .take(MAX_NEIGHBOURS),
        )
        .chain(
            taxonomy
                .narrower(index)
                .iter()
                .copied()
                .take(MAX_NEIGHBOURS),
        );
    for neighbour in neighbours {
        let labels = &taxonomy.concept(neighbour).labels;
        texts.extend(
            labels
                .iter()
                .filter(|l| l.label_type != LabelType::Hidden)
                .map(|l| (l.lang.as_str(), l.text.as_str())),
        );
    }
    let mut terms = Vec::new();
    for (lang, text) in texts {
        match lang.parse::<Lang>() {
            Ok(lang) if lang != Lang::Ja && Lang::ANALYSED.contains(&lang) => {
                terms.extend(
                    analyzers
                        .analyse(lang, text)
                        .into_iter()
                        .filter(|word| {
                            text[word.offset_from..word.offset_to].chars().count() >= MIN_WORD_CHARS
                        })
                        .map(|word| word.text().to_string()),
                );
            }
            _ => terms.extend(
                words(text)
                    .into_iter()
                    .map(|w| w.text)
                    .filter(|w| w.chars().count() >= MIN_WORD_CHARS),
            ),
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::TaxonomyBuilder;

    const WAITER: &str = r#"{"id":"waiter","kind":"occupation","labels":[{"lang":"en","text":"waiter","type":"preferred"},{"lang":"fr","text":"serveur","type":"preferred"}],"skills":[{"id":"serve","relation":"essential"}]}
{"id":"serve","kind":"skill","labels":[{"lang":"en","text":"serve beverages","type":"preferred"},{"lang":"fr","text":"servir des boissons","type":"preferred"}]}
"#;

    fn fit_of(text: &str, lang: Lang) -> f32 {
        let mut builder = TaxonomyBuilder::new();
        crate::taxonomy::jsonl::load_str(WAITER, std::path::Path::new("t.jsonl"), &mut builder)
            .expect("valid JSONL");
        let taxonomy = builder.build();
        let analyzers = Analyzers::build();
        let waiter = taxonomy.index_of("waiter").expect("waiter");
        let profiles = Profiles::build(&taxonomy, &analyzers, [waiter]);
        let mut context: Vec<u32> = analyzers
            .analyse(lang, text)
            .iter()
            .filter_map(|word| profiles.term_id(word.text()))
            .collect();
        context.sort_unstable();
        context.dedup();
        profiles.fit(waiter, &context)
    }

    #[test]
    fn a_context_meets_a_profile_whatever_the_inflection() {
        // "serving" and "served" are forms of the skill's "serve"; "boissons" of "boisson".
        assert_eq!(fit_of("served beverages", Lang::En), 1.0);
        assert_eq!(fit_of("serving beverage", Lang::En), 1.0);
        assert_eq!(fit_of("Nous servons les boissons", Lang::Fr), 1.0);
        // Words no profile has are left out of the share; stop words are no evidence.
        assert_eq!(fit_of("the", Lang::En), 0.0);
    }
}
