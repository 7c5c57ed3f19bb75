//! Resolving a short text (a job title, a skill as typed) to ranked concepts, and
//! autocompletion of labels.
//!
//! Labels are indexed by their normalized words; each word has a weight (its inverse
//! document frequency over labels), so "développeur" matters more than "de". A query scores
//! each label by the weighted Dice overlap of their words: shared weight, twice, over the
//! total weight of both. A concept takes the score of its best label, discounted for
//! alternative and hidden labels. Words not in the vocabulary are matched within one or two
//! typos through a Levenshtein automaton on an fst of the vocabulary; in autocompletion the
//! last word is also a prefix.

use std::collections::HashMap;
use std::sync::Arc;

use fst::automaton::{Levenshtein, Str};
use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};
use serde::Serialize;

use crate::normalize::{normalize_label, words};
use crate::taxonomy::{ConceptIndex, ConceptKind, LabelType, Taxonomy};

/// Words a typo-tolerant or prefix lookup may expand one query word into.
const MAX_EXPANSIONS: usize = 64;

/// A ranked concept for a short text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The concept.
    #[serde(skip)]
    pub concept: ConceptIndex,
    /// Similarity in 0..1 (1: the text is one of its labels).
    pub score: f32,
    /// The label that matched best (normalized).
    #[serde(skip)]
    pub matched_label: u32,
}

/// Index of labels by word, for resolution and autocompletion.
pub struct Resolver {
    taxonomy: Arc<Taxonomy>,
    words: Map<Vec<u8>>,
    word_weight: Vec<f32>,
    word_labels: Vec<Vec<u32>>,
    label_keys: Vec<String>,
    label_weight: Vec<f32>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("labels", &self.label_keys.len())
            .field("words", &self.word_weight.len())
            .finish()
    }
}

/// How one query word matched vocabulary words.
struct WordMatch {
    word: u32,
    quality: f32,
}

impl Resolver {
    /// Indexes every label of `taxonomy`.
    pub fn new(taxonomy: Arc<Taxonomy>) -> Resolver {
        let mut label_keys: Vec<String> =
            taxonomy.labels().map(|(key, _)| key.to_string()).collect();
        label_keys.sort();
        let mut vocabulary: Vec<String> = label_keys
            .iter()
            .flat_map(|key| key.split(' ').map(str::to_string))
            .collect();
        vocabulary.sort();
        vocabulary.dedup();
        let word_ids: HashMap<&str, u32> = vocabulary
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), i as u32))
            .collect();
        let mut word_labels: Vec<Vec<u32>> = vec![Vec::new(); vocabulary.len()];
        for (label, key) in label_keys.iter().enumerate() {
            for word in key.split(' ') {
                let list = &mut word_labels[word_ids[word] as usize];
                if list.last() != Some(&(label as u32)) {
                    list.push(label as u32);
                }
            }
        }
        let total = label_keys.len().max(1) as f32;
        let word_weight: Vec<f32> = word_labels
            .iter()
            .map(|labels| (1.0 + total / labels.len() as f32).ln())
            .collect();
        let label_weight = label_keys
            .iter()
            .map(|key| {
                key.split(' ')
                    .map(|w| word_weight[word_ids[w] as usize])
                    .sum()
            })
            .collect();
        let mut builder = MapBuilder::memory();
        for (i, word) in vocabulary.iter().enumerate() {
            // Sorted and deduplicated above, so insertion cannot fail.
            let _ = builder.insert(word, i as u64);
        }
        let words = builder
            .into_inner()
            .ok()
            .and_then(|bytes| Map::new(bytes).ok())
            .unwrap_or_default();
        Resolver {
            taxonomy,
            words,
            word_weight,
            word_labels,
            label_keys,
            label_weight,
        }
    }

    /// Returns the taxonomy.
    pub fn taxonomy(&self) -> &Arc<Taxonomy> {
        &self.taxonomy
    }

    /// Ranks concepts for a short text; `kind` restricts them.
    pub fn resolve(&self, text: &str, kind: Option<ConceptKind>, limit: usize) -> Vec<Candidate> {
        self.rank(text, kind, limit, false)
    }

    /// Ranks concepts whose labels complete a partly typed text.
    pub fn autocomplete(
        &self,
        text: &str,
        kind: Option<ConceptKind>,
        limit: usize,
    ) -> Vec<Candidate> {
        self.rank(text, kind, limit, true)
    }

    /// Returns the normalized label a candidate matched through.
    pub fn label_key(&self, label: u32) -> &str {
        &self.label_keys[label as usize]
    }

    fn rank(
        &self,
        text: &str,
        kind: Option<ConceptKind>,
        limit: usize,
        prefix: bool,
    ) -> Vec<Candidate> {
        let query: Vec<String> = words(text).into_iter().map(|w| w.text).collect();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let last = query.len() - 1;
        let mut query_weight = 0.0;
        let mut shared: HashMap<u32, f32> = HashMap::new();
        for (position, word) in query.iter().enumerate() {
            let matches = self.match_word(word, prefix && position == last);
            let weight = matches
                .iter()
                .map(|m| self.word_weight[m.word as usize])
                .fold(0.0f32, f32::max);
            // An unknown word still counts in the query's weight: it is something the
            // labels do not say.
            query_weight += if matches.is_empty() {
                self.unknown_weight()
            } else {
                weight
            };
            let mut best_for_label: HashMap<u32, f32> = HashMap::new();
            for m in &matches {
                let gain = self.word_weight[m.word as usize] * m.quality;
                for &label in &self.word_labels[m.word as usize] {
                    let entry = best_for_label.entry(label).or_insert(0.0);
                    *entry = entry.max(gain);
                }
            }
            for (label, gain) in best_for_label {
                *shared.entry(label).or_insert(0.0) += gain;
            }
        }
        let exact = normalize_label(text);
        let mut best: HashMap<ConceptIndex, Candidate> = HashMap::new();
        for (label, gain) in shared {
            let key = &self.label_keys[label as usize];
            let mut label_weight = self.label_weight[label as usize];
            if prefix {
                // A completion is not penalised for the words still to be typed.
                label_weight = label_weight.min(query_weight);
            }
            let mut score = (2.0 * gain / (query_weight + label_weight)).min(1.0);
            if *key == exact {
                score = 1.0;
            }
            for hit in self.taxonomy.lookup(key) {
                let concept = self.taxonomy.concept(hit.concept);
                if kind.is_some_and(|k| k != concept.kind) {
                    continue;
                }
                let factor = match hit.label_type {
                    LabelType::Preferred => 1.0,
                    LabelType::Alternative => 0.97,
                    LabelType::Hidden => 0.9,
                };
                let candidate = Candidate {
                    concept: hit.concept,
                    score: score * factor,
                    matched_label: label,
                };
                match best.get(&hit.concept) {
                    Some(existing) if existing.score >= candidate.score => {}
                    _ => {
                        best.insert(hit.concept, candidate);
                    }
                }
            }
        }
        let mut ranked: Vec<Candidate> = best.into_values().collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| {
                    self.label_keys[a.matched_label as usize]
                        .len()
                        .cmp(&self.label_keys[b.matched_label as usize].len())
                })
                .then(a.concept.cmp(&b.concept))
        });
        ranked.truncate(limit);
        ranked
    }

    fn unknown_weight(&self) -> f32 {
        (1.0 + self.label_keys.len() as f32).ln()
    }

    fn match_word(&self, word: &str, prefix: bool) -> Vec<WordMatch> {
        let mut found: HashMap<u32, f32> = HashMap::new();
        if let Some(id) = self.words.get(word) {
            found.insert(id as u32, 1.0);
        }
        if prefix && word.chars().count() >= 2 {
            self.stream_into(Str::new(word).starts_with(), 0.9, &mut found);
        }
        if found.is_empty() {
            let distance = match word.chars().count() {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            if distance > 0 {
                if let Ok(automaton) = Levenshtein::new(word, distance) {
                    self.stream_into(automaton, 0.8, &mut found);
                }
            }
        }
        found
            .into_iter()
            .map(|(word, quality)| WordMatch { word, quality })
            .collect()
    }

    fn stream_into<A: Automaton>(&self, automaton: A, quality: f32, found: &mut HashMap<u32, f32>) {
        let mut stream = self.words.search(automaton).into_stream();
        let mut taken = 0;
        while let Some((_, id)) = stream.next() {
            found.entry(id as u32).or_insert(quality);
            taken += 1;
            if taken >= MAX_EXPANSIONS {
                break;
            }
        }
    }
}
