//! Resolving a short text (a job title, a skill as typed) to ranked concepts, and
//! autocompletion of labels.
//!
//! Labels are indexed by their normalized words, a gendered ESCO label ("serveur/serveuse")
//! also as each of its forms; each word has a weight (its inverse document frequency over
//! labels), so "développeur" matters more than "de". Title qualifiers ("H/F", "senior",
//! "confirmé", "stagiaire", "wanted") are dropped from the query, and a title is also
//! ranked without the shift it is worked ("de nuit", "night"). A query scores each label by the
//! weighted Dice overlap of their words: shared weight, twice, over the total weight of
//! both; a label whose head word (the first in French, the last in English) is not the
//! query's is discounted, as "électricien du bâtiment" is not an "architecte du bâtiment".
//! A concept takes the score of its best label, discounted for alternative and hidden
//! labels; ties (one alternative label naming two concepts) go to the concept whose
//! preferred label fits the query best. A title typed alone also counts the words its best
//! label leaves out when an occupation's skills, labels or description have them ("Python"
//! in "Python developer"). Words not in the vocabulary are matched within one
//! or two typos through a Levenshtein automaton on an fst of the vocabulary; in
//! autocompletion the last word is also a prefix.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock};

use fst::automaton::{Levenshtein, Str};
use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};
use serde::Serialize;

use super::writing::GENDER_MARKERS;
use crate::normalize::{normalize_label, normalize_word, words};
use crate::taxonomy::source::builtin_ids;
use crate::taxonomy::{ConceptIndex, ConceptKind, LabelHit, LabelType, Taxonomy};

/// Candidates whose evidence words are read (see [`Resolver::evidence`]).
const EVIDENCE_CANDIDATES: usize = 50;
/// Share of the score the evidence of all query words may add.
const EVIDENCE_WEIGHT: f32 = 0.3;
/// Evidence does not make a label that is not the query as good as one that is.
const MAX_INEXACT: f32 = 0.99;
/// Score factor of a label whose head word is not the query's (see [`same_head`]).
const HEAD_MISMATCH_FACTOR: f32 = 0.85;
/// Factor of a match found through a spelt-out acronym ("IT" read as "ICT"): just under a
/// match of the words as written.
const SPELT_OUT_FACTOR: f32 = 0.99;
/// Factor on an inexact match's score when its concept is a common one (see
/// [`common_concepts`]): enough to settle near ties, not to overturn a clearly better fit.
const COMMON_FACTOR: f32 = 1.06;
/// Longest skill name looked for inside a job title, in words.
const MAX_NAME_WORDS: usize = 4;
/// A word in more than one label in this many says nothing about which name a label has.
const COMMON_WORD_SHARE: usize = 20;
/// Words a typo-tolerant or prefix lookup may expand one query word into.
const MAX_EXPANSIONS: usize = 64;
/// Labels a completion ranks at most (see [`Resolver::keep_best_completions`]).
const MAX_COMPLETION_LABELS: usize = 2_000;
/// Completions of a word being typed read from the vocabulary, of which the
/// [`MAX_EXPANSIONS`] most used are kept.
const MAX_COMPLETIONS_SCANNED: usize = 4_096;
/// Match quality of a completion of a word being typed: the first plus the second times the
/// share of the completion typed (under 1, the quality of the word typed whole).
const COMPLETION_QUALITY: (f32, f32) = (0.85, 0.1);

/// A ranked concept for a short text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The concept.
    #[serde(skip)]
    pub concept: ConceptIndex,
    /// Similarity in 0..1 (1: the text is one of its labels), which ranks candidates.
    pub score: f32,
    /// The similarity before the preference for common jobs (see `common_concepts`): how
    /// well the words alone fit. That preference orders near ties; whether a text names a
    /// job at all is for the words to say.
    #[serde(skip)]
    pub fit: f32,
    /// The length in bytes of the part of the text the candidate matched, when it matched
    /// only the job's name before its setting ("Infirmière" of "Infirmière en clinique");
    /// `None`: the whole text.
    #[serde(skip)]
    pub matched_len: Option<usize>,
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
    /// For each label, the sorted ids of its distinct words.
    label_words: Vec<Box<[u32]>>,
    label_hits: Vec<Vec<LabelHit>>,
    label_weight: Vec<f32>,
    /// For each concept, its preferred labels (indices into `label_keys`).
    preferred: Vec<Vec<u32>>,
    /// For each occupation, the label words (ids, sorted) of its labels, its description
    /// and its skills' labels: what the words of a title its label does not cover may
    /// still say about it ("Python" in "Python developer", "hotel" in "hotel
    /// housekeeper"). Empty for skills.
    evidence_words: Vec<Box<[u32]>>,
    /// Per concept, whether it is a common one (see [`common_concepts`]).
    common: Vec<bool>,
}

/// A query word whose matches appear in more labels than this ("de", "gestion") is not
/// used to find candidate labels when a rarer word is there; it still scores the candidates
/// the rarer words found. Keeps completion under a few milliseconds on ESCO.
const SELECTIVE_POSTINGS: usize = 2_000;

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("labels", &self.label_keys.len())
            .field("words", &self.word_weight.len())
            .finish()
    }
}

/// Which word of a completion a query word is: the one being typed, or one typed before it,
/// whole or cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Completing {
    Last,
    Earlier,
}

/// How one query word matched vocabulary words.
struct WordMatch {
    word: u32,
    quality: f32,
}

impl Resolver {
    /// Indexes every label of `taxonomy`.
    pub fn new(taxonomy: Arc<Taxonomy>) -> Resolver {
        let by_key = label_variants(&taxonomy);
        let mut label_keys: Vec<String> = by_key.keys().cloned().collect();
        label_keys.sort();
        let label_hits: Vec<Vec<LabelHit>> =
            label_keys.iter().map(|key| by_key[key].clone()).collect();
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
        let label_words: Vec<Box<[u32]>> = label_keys
            .iter()
            .map(|key| {
                let mut ids: Vec<u32> = key.split(' ').map(|w| word_ids[w]).collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_boxed_slice()
            })
            .collect();
        let label_weight = label_words
            .iter()
            .map(|ids| ids.iter().map(|&w| word_weight[w as usize]).sum())
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
        let preferred = preferred_labels(&label_hits, taxonomy.len());
        let evidence_words = evidence_words(&taxonomy, &word_ids);
        let common = common_concepts(&taxonomy);
        Resolver {
            common,
            evidence_words,
            preferred,
            taxonomy,
            words,
            word_weight,
            word_labels,
            label_keys,
            label_words,
            label_hits,
            label_weight,
        }
    }

    /// Returns the taxonomy.
    pub fn taxonomy(&self) -> &Arc<Taxonomy> {
        &self.taxonomy
    }

    /// Ranks concepts for a short text; `kind` restricts them.
    pub fn resolve(&self, text: &str, kind: Option<ConceptKind>, limit: usize) -> Vec<Candidate> {
        self.rank(text, kind, limit, false, true)
    }

    /// Ranks concepts for a short text taken from a document: like [`Resolver::resolve`]
    /// without typo tolerance, which is for what people type and costs a Levenshtein
    /// automaton per unknown word (document text is full of words no label has).
    pub fn resolve_exact_words(
        &self,
        text: &str,
        kind: Option<ConceptKind>,
        limit: usize,
    ) -> Vec<Candidate> {
        self.rank(text, kind, limit, false, false)
    }

    /// Ranks concepts whose labels complete a partly typed text.
    pub fn autocomplete(
        &self,
        text: &str,
        kind: Option<ConceptKind>,
        limit: usize,
    ) -> Vec<Candidate> {
        self.rank(text, kind, limit, true, true)
    }

    /// Returns the normalized label a candidate matched through.
    pub fn label_key(&self, label: u32) -> &str {
        &self.label_keys[label as usize]
    }

    /// Ranks concepts for the query as written and, when it has acronyms titles use, for
    /// the query with them spelt out: a taxonomy may write the acronym (Vivier's "IT
    /// manager", "assistant RH") or spell it out (ESCO's "ICT", "ressources humaines").
    /// A concept keeps its better score; the written form wins a tie.
    fn rank(
        &self,
        text: &str,
        kind: Option<ConceptKind>,
        limit: usize,
        prefix: bool,
        fuzzy: bool,
    ) -> Vec<Candidate> {
        let mut ranked = self.rank_forms(text, kind, limit, prefix, fuzzy);
        // A title often names the job, then where it is done ("Infirmière en clinique",
        // "Server at a busy steakhouse"), words no label of the job has: the name before
        // such a setting is ranked too, discounted by the share of the words it leaves out,
        // and the candidate says how much of the text it matched. (A completion is still
        // being typed: its words all count.)
        if !prefix {
            let all = words(text);
            for (at, word) in all.iter().enumerate() {
                if at == 0 || at + 1 == all.len() || !is_setting_preposition(&word.text) {
                    continue;
                }
                let head = text[..word.start].trim_end();
                let kept = at as f32 / all.len() as f32;
                let factor = SETTING_CUT_FACTOR + (1.0 - SETTING_CUT_FACTOR) * kept;
                let mut found = self.rank_forms(head, kind, limit, prefix, fuzzy);
                for candidate in &mut found {
                    candidate.fit *= SETTING_CUT_FIT;
                }
                merge_candidates(&mut ranked, found, factor * MAX_INEXACT, Some(head.len()));
            }
        }
        // Stable: among equal scores, the written form's order stays first.
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        ranked.truncate(limit);
        ranked
    }

    /// Ranks concepts for a text as written and with its acronyms spelt out (see `rank`).
    fn rank_forms(
        &self,
        text: &str,
        kind: Option<ConceptKind>,
        limit: usize,
        prefix: bool,
        fuzzy: bool,
    ) -> Vec<Candidate> {
        let written = query_words(text, Acronyms::AsWritten);
        let spelt = query_words(text, Acronyms::SpeltOut);
        let mut ranked = self.rank_words(&written, kind, limit, prefix, fuzzy);
        if spelt != written {
            let found = self.rank_words(&spelt, kind, limit, prefix, fuzzy);
            merge_candidates(&mut ranked, found, SPELT_OUT_FACTOR, None);
        }
        // The shift a job is worked ("Infirmière de nuit", "Night nurse") is not its name,
        // unless a label says it is ("veilleur de nuit", "night porter"): the title is also
        // ranked without it, just under a label naming it as written.
        if let Some(unshifted) = without_shift(&written) {
            let found = self.rank_words(&unshifted, kind, limit, prefix, fuzzy);
            merge_candidates(&mut ranked, found, WITHOUT_SHIFT_FACTOR, None);
        }
        ranked
    }

    fn rank_words(
        &self,
        query: &[String],
        kind: Option<ConceptKind>,
        limit: usize,
        prefix: bool,
        fuzzy: bool,
    ) -> Vec<Candidate> {
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let last = query.len() - 1;
        let mut query_weight = 0.0;
        let mut shared: FxHashMap<u32, f32> = FxHashMap::default();
        let per_word: Vec<Vec<WordMatch>> = query
            .iter()
            .enumerate()
            .map(|(position, word)| {
                // Every word of a completion may be cut short ("tech de main"), the last
                // one most of all.
                let completing = if position == last {
                    Completing::Last
                } else {
                    Completing::Earlier
                };
                self.match_word(word, prefix.then_some(completing), fuzzy)
            })
            .collect();
        let postings: Vec<usize> = per_word
            .iter()
            .map(|matches| {
                matches
                    .iter()
                    .map(|m| self.word_labels[m.word as usize].len())
                    .sum()
            })
            .collect();
        let any_selective = postings
            .iter()
            .zip(&per_word)
            .any(|(n, m)| *n <= SELECTIVE_POSTINGS && !m.is_empty());
        let mut common: Vec<&Vec<WordMatch>> = Vec::new();
        for (index, matches) in per_word.iter().enumerate() {
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
            if any_selective && postings[index] > SELECTIVE_POSTINGS {
                common.push(matches);
                continue;
            }
            let mut best_for_label: FxHashMap<u32, f32> = FxHashMap::default();
            for m in matches {
                // A word being typed counts as much whichever word it completes: a rarer
                // completion ("boulangerie") is no likelier than a common one ("boulanger"),
                // which its quality prefers.
                let word_weight = if prefix {
                    weight
                } else {
                    self.word_weight[m.word as usize]
                };
                let gain = word_weight * m.quality;
                for &label in &self.word_labels[m.word as usize] {
                    let entry = best_for_label.entry(label).or_insert(0.0);
                    *entry = entry.max(gain);
                }
            }
            for (label, gain) in best_for_label {
                *shared.entry(label).or_insert(0.0) += gain;
            }
        }
        // Common words score the candidates found by the rarer ones.
        for matches in common {
            for (&label, gain) in shared.iter_mut() {
                let words = &self.label_words[label as usize];
                let best = matches
                    .iter()
                    .filter(|m| words.binary_search(&m.word).is_ok())
                    .map(|m| self.word_weight[m.word as usize] * m.quality)
                    .fold(0.0f32, f32::max);
                *gain += best;
            }
        }
        let names = if kind == Some(ConceptKind::Occupation) {
            self.skill_names(query)
        } else {
            Vec::new()
        };
        self.discount_broken_names(&names, &mut shared);
        if prefix && shared.len() > MAX_COMPLETION_LABELS {
            self.keep_best_completions(&mut shared, query_weight);
        }
        let exact = query.join(" ");
        let mut best: FxHashMap<ConceptIndex, Candidate> = FxHashMap::default();
        for (&label, &gain) in &shared {
            let key = &self.label_keys[label as usize];
            let mut label_weight = self.label_weight[label as usize];
            if prefix {
                // A completion is not penalised for the words still to be typed.
                label_weight = label_weight.min(query_weight);
            }
            let mut score = (2.0 * gain / (query_weight + label_weight)).min(1.0);
            let is_exact = *key == exact;
            if is_exact {
                score = 1.0;
            }
            for hit in &self.label_hits[label as usize] {
                let concept = self.taxonomy.concept(hit.concept);
                if kind.is_some_and(|k| k != concept.kind) {
                    continue;
                }
                let factor = match hit.label_type {
                    LabelType::Preferred => 1.0,
                    LabelType::Alternative => 0.97,
                    LabelType::Hidden => 0.9,
                };
                let label_lang = concept.labels[hit.label as usize].lang.as_str();
                // A completion is typed from the start of the name it looks for: a name
                // that starts as typed ("boul": "boulanger") is the likelier one.
                let named_as_typed = if prefix {
                    starts_as_typed(query, key)
                } else {
                    same_head(query, key, label_lang)
                };
                let head = if is_exact || named_as_typed {
                    1.0
                } else {
                    HEAD_MISMATCH_FACTOR
                };
                let fit = score * factor * head;
                let score = if self.common[hit.concept as usize] && fit < 1.0 {
                    (fit * COMMON_FACTOR).min(MAX_INEXACT).max(fit)
                } else {
                    fit
                };
                let candidate = Candidate {
                    concept: hit.concept,
                    score,
                    fit,
                    matched_len: None,
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
        let ranked: Vec<Candidate> = best.into_values().collect();
        // Between concepts a label fits equally ("sous chef" names both "chef" and "head
        // chef"), the one whose preferred name also fits the query is the likelier.
        let preferred_fit = |candidate: &Candidate| -> f32 {
            self.preferred[candidate.concept as usize]
                .iter()
                .map(|&label| {
                    let gain = shared.get(&label).copied().unwrap_or(0.0);
                    2.0 * gain / (query_weight + self.label_weight[label as usize])
                })
                .fold(0.0f32, f32::max)
        };
        let mut ranked: Vec<(Candidate, f32)> = ranked
            .into_iter()
            .map(|candidate| {
                let fit = preferred_fit(&candidate);
                (candidate, fit)
            })
            .collect();
        // A completion of a word many names start with ("chef", "aide") completes them all
        // equally: the common jobs are the likelier ones to be looked for.
        let common_first = |a: &Candidate, b: &Candidate| {
            if prefix {
                let common = |c: &Candidate| self.common[c.concept as usize];
                common(b).cmp(&common(a))
            } else {
                std::cmp::Ordering::Equal
            }
        };
        ranked.sort_by(|(a, a_fit), (b, b_fit)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| common_first(a, b))
                .then_with(|| b_fit.total_cmp(a_fit))
                .then_with(|| {
                    self.label_keys[a.matched_label as usize]
                        .len()
                        .cmp(&self.label_keys[b.matched_label as usize].len())
                })
                .then(a.concept.cmp(&b.concept))
        });
        let mut ranked: Vec<Candidate> = ranked.into_iter().map(|(c, _)| c).collect();
        // Typed alone (`resolve`: fuzzy, not a completion), the words of the query that the
        // best label leaves out are evidence for the occupations whose skills or
        // description have them: among "developer" occupations, "Python developer" is the
        // one that programs in Python. A heading inside a document has the document's
        // other mentions for that (the extractor's support), and is left as it is.
        if fuzzy && !prefix {
            ranked.truncate(EVIDENCE_CANDIDATES);
            for candidate in &mut ranked {
                let evidence = self.evidence(candidate, &per_word);
                if evidence > 0.0 {
                    let gain = EVIDENCE_WEIGHT * evidence / query_weight;
                    let raise = |value: f32| (value + gain).min(MAX_INEXACT).max(value);
                    candidate.score = raise(candidate.score);
                    candidate.fit = raise(candidate.fit);
                }
            }
            ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
        ranked.truncate(limit);
        ranked
    }

    /// Keeps the [`MAX_COMPLETION_LABELS`] labels a completion fits best (by the score
    /// before label types and heads, which move a score by a few percent at most), so that
    /// a start many words share ("de") ranks a few hundred labels, not thousands.
    fn keep_best_completions(&self, shared: &mut FxHashMap<u32, f32>, query_weight: f32) {
        let mut scored: Vec<(u32, f32, f32)> = shared
            .iter()
            .map(|(&label, &gain)| {
                let label_weight = self.label_weight[label as usize].min(query_weight);
                (label, gain / (query_weight + label_weight), gain)
            })
            .collect();
        scored.select_nth_unstable_by(MAX_COMPLETION_LABELS, |a, b| {
            b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
        });
        scored.truncate(MAX_COMPLETION_LABELS);
        *shared = scored
            .into_iter()
            .map(|(label, _, gain)| (label, gain))
            .collect();
    }

    /// The skills named inside a job title, as their words' ids ("machine learning" in
    /// "Machine learning engineer"): each is one thing, which a label has all of or does
    /// not have ("machine engineer" does not match the title's "machine", which the title
    /// does not mean alone).
    fn skill_names(&self, query: &[String]) -> Vec<Vec<u32>> {
        let mut names: Vec<Vec<u32>> = Vec::new();
        for len in 2..query.len().min(MAX_NAME_WORDS + 1) {
            for phrase in query.windows(len) {
                let key = phrase.join(" ");
                let Ok(label) = self.label_keys.binary_search(&key) else {
                    continue;
                };
                // A tool's name often ends with the noun of what it is ("Windows Server",
                // "SQL Server"), which the title may mean too: a "Windows Server
                // Administrator" administers servers. Tools are hidden names of skills;
                // only the skills' own names are kept whole.
                let names_skill = self.label_hits[label].iter().any(|hit| {
                    self.taxonomy.concept(hit.concept).kind == ConceptKind::Skill
                        && hit.label_type != LabelType::Hidden
                });
                if !names_skill {
                    continue;
                }
                // Words of many labels ("de", "and") say nothing about which name a label
                // has.
                let words: Vec<u32> = phrase
                    .iter()
                    .filter_map(|word| self.words.get(word))
                    .map(|id| id as u32)
                    .filter(|&id| {
                        self.word_labels[id as usize].len() * COMMON_WORD_SHARE
                            <= self.label_keys.len()
                    })
                    .collect();
                if words.len() >= 2 {
                    names.push(words);
                }
            }
        }
        names
    }

    /// Takes out of each label's gain the words of a skill name it only has part of.
    fn discount_broken_names(&self, names: &[Vec<u32>], shared: &mut FxHashMap<u32, f32>) {
        // Most titles name no skill: the candidate labels are left as they are.
        if names.is_empty() {
            return;
        }
        for (&label, gain) in shared.iter_mut() {
            let words = &self.label_words[label as usize];
            for name in names {
                let has: Vec<u32> = name
                    .iter()
                    .copied()
                    .filter(|word| words.binary_search(word).is_ok())
                    .collect();
                if !has.is_empty() && has.len() < name.len() {
                    let broken: f32 = has.iter().map(|&w| self.word_weight[w as usize]).sum();
                    *gain = (*gain - broken).max(0.0);
                }
            }
        }
    }

    /// Weight of the query words the candidate's label does not have and its evidence
    /// words do.
    fn evidence(&self, candidate: &Candidate, per_word: &[Vec<WordMatch>]) -> f32 {
        let evidence = &self.evidence_words[candidate.concept as usize];
        if evidence.is_empty() || candidate.score >= 1.0 {
            return 0.0;
        }
        let label = &self.label_words[candidate.matched_label as usize];
        per_word
            .iter()
            .filter(|matches| !matches.iter().any(|m| label.binary_search(&m.word).is_ok()))
            .map(|matches| {
                matches
                    .iter()
                    .filter(|m| evidence.binary_search(&m.word).is_ok())
                    .map(|m| self.word_weight[m.word as usize] * m.quality)
                    .fold(0.0f32, f32::max)
            })
            .sum()
    }

    /// Returns how many labels have the normalized word `word` (as written, not stemmed:
    /// "chauffagiste" is in few labels, though stems join it to the many with "chauffage").
    pub fn labels_with_word(&self, word: &str) -> usize {
        self.words
            .get(word)
            .map_or(0, |id| self.word_labels[id as usize].len())
    }

    fn unknown_weight(&self) -> f32 {
        // A word no label has is mostly a qualifier (a school, a brand, a specialty): it
        // counts, as a word of middling rarity rather than as the rarest one.
        0.5 * (1.0 + self.label_keys.len() as f32).ln()
    }

    fn match_word(
        &self,
        word: &str,
        completing: Option<Completing>,
        fuzzy: bool,
    ) -> Vec<WordMatch> {
        let mut found: HashMap<u32, f32> = HashMap::new();
        if let Some(id) = self.words.get(word) {
            found.insert(id as u32, 1.0);
        }
        let min_chars = match completing {
            Some(Completing::Last) => 2,
            Some(Completing::Earlier) => 3,
            None => usize::MAX,
        };
        if word.chars().count() >= min_chars {
            self.complete_into(word, &mut found);
        }
        let prefix = completing == Some(Completing::Last);
        if found.is_empty() && fuzzy {
            let distance = match word.chars().count() {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            if distance > 0 && prefix {
                // A word being typed may hold a typo before its end ("soudru" for
                // "soudure"): words starting with something close to it.
                let tolerance = if word.chars().count() >= 6 { 2 } else { 1 };
                if let Ok(automaton) = Levenshtein::new(word, tolerance) {
                    self.stream_into(automaton.starts_with(), 0.75, &mut found);
                }
            }
            if distance > 0 && found.is_empty() {
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

    /// Adds the words a word being typed may be the start of: the ones most labels have,
    /// when there are many ("ma": "manager", "maintenance", not "macaroni" for coming first
    /// in the vocabulary), each the better a completion the less of it is left to type
    /// ("boul": "boulanger" before "boulangerie").
    fn complete_into(&self, typed: &str, found: &mut HashMap<u32, f32>) {
        let mut stream = self
            .words
            .search(Str::new(typed).starts_with())
            .into_stream();
        let mut completions: Vec<(u32, usize)> = Vec::new();
        while let Some((completion, id)) = stream.next() {
            completions.push((id as u32, completion.len()));
            if completions.len() >= MAX_COMPLETIONS_SCANNED {
                break;
            }
        }
        if completions.len() > MAX_EXPANSIONS {
            completions.sort_by_key(|&(id, len)| {
                (
                    std::cmp::Reverse(self.word_labels[id as usize].len()),
                    len,
                    id,
                )
            });
            completions.truncate(MAX_EXPANSIONS);
        }
        for (id, len) in completions {
            let typed_share = typed.len() as f32 / len.max(1) as f32;
            let quality = COMPLETION_QUALITY.0 + COMPLETION_QUALITY.1 * typed_share;
            let entry = found.entry(id).or_insert(0.0);
            *entry = entry.max(quality);
        }
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

/// Words of job titles that qualify the job rather than name it ("Chef de projet senior",
/// "Serveur HF"), normalized. Gender markers written as letters ("H/F", "m/w/d") are
/// [`GENDER_MARKERS`].
const TITLE_NOISE: &[&str] = &[
    "hf",
    "fh",
    "senior",
    "junior",
    "confirme",
    "debutant",
    "experimente",
    "stagiaire",
    "trainee",
    "sr",
    "jr",
    "ii",
    "iii",
    "iv",
    "wanted",
    "needed",
];

/// Phrases that qualify a job's hours, not the job ("Barista (Part-Time)", "Serveuse à
/// temps partiel"), normalized.
const TITLE_NOISE_PHRASES: &[&[&str]] = &[
    &["part", "time"],
    &["full", "time"],
    &["a", "temp", "partiel"],
    &["a", "temp", "plein"],
    &["temp", "partiel"],
    &["temp", "plein"],
    &["en", "cdi"],
    &["en", "cdd"],
    &["en", "interim"],
    &["en", "alternance"],
];

/// Phrases of a title that say when the job is worked, not what it is ("Aide-soignante de
/// nuit", "Night nurse", "Serveur le week-end"), as written.
const SHIFT_PHRASES: &[&str] = &[
    "de nuit",
    "de jour",
    "du soir",
    "de week-end",
    "du week-end",
    "le week-end",
    "de weekend",
    "du weekend",
    "night",
    "night shift",
    "day shift",
    "nightshift",
    "weekend",
    "weekends",
];

/// Factor of a match found without the title's shift (see [`without_shift`]): just under
/// a match of the title as written.
const WITHOUT_SHIFT_FACTOR: f32 = 0.99;

/// Returns a query's words without the phrases of [`SHIFT_PHRASES`], if it has any and
/// other words.
fn without_shift(query: &[String]) -> Option<Vec<String>> {
    static SHIFTS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
        let mut shifts: Vec<Vec<String>> = SHIFT_PHRASES
            .iter()
            .map(|phrase| words(phrase).into_iter().map(|w| w.text).collect())
            .collect();
        // Longest first: "night shift" before "night".
        shifts.sort_by_key(|phrase| std::cmp::Reverse(phrase.len()));
        shifts
    });
    let mut kept = Vec::with_capacity(query.len());
    let mut index = 0;
    while index < query.len() {
        let rest = &query[index..];
        match SHIFTS
            .iter()
            .find(|phrase| phrase.len() <= rest.len() && rest[..phrase.len()] == phrase[..])
        {
            Some(phrase) => index += phrase.len(),
            None => {
                kept.push(rest[0].clone());
                index += 1;
            }
        }
    }
    (kept.len() < query.len() && !kept.is_empty()).then_some(kept)
}

/// Returns the words naming the job in a title that says when it is worked ("Extra le
/// week-end": `extra`), without its qualifiers and shift; `None` if it names no shift.
pub(crate) fn unshifted_name(title: &str) -> Option<Vec<String>> {
    without_shift(&query_words(title, Acronyms::AsWritten))
}

/// Acronyms job titles use and taxonomy labels spell out ("Assistant RH", "Technicien
/// SAV", "IT support technician": ESCO writes "ICT").
const TITLE_ACRONYMS: &[(&str, &str)] = &[
    ("rh", "ressources humaines"),
    ("drh", "directeur des ressources humaines"),
    ("rrh", "responsable des ressources humaines"),
    ("hr", "human resources"),
    ("sav", "service après-vente"),
    ("it", "ICT"),
    ("si", "systèmes d'information"),
    ("dsi", "directeur des systèmes d'information"),
    (
        "rssi",
        "responsable de la sécurité des systèmes d'information",
    ),
    ("ia", "intelligence artificielle"),
    ("ai", "artificial intelligence"),
    ("ml", "machine learning"),
    ("cvc", "chauffage ventilation climatisation"),
    ("qhse", "qualité hygiène sécurité environnement"),
    ("pao", "publication assistée par ordinateur"),
    ("dao", "dessin assisté par ordinateur"),
    ("cao", "conception assistée par ordinateur"),
    ("rep", "representative"),
    ("mgr", "manager"),
    ("asst", "assistant"),
];

/// Adds candidates found another way (scores and fits scaled by `factor`, matched on the
/// first `matched_len` bytes of the text if given): a concept keeps its better score, the one
/// found first winning a tie, and its better fit.
fn merge_candidates(
    ranked: &mut Vec<Candidate>,
    found: Vec<Candidate>,
    factor: f32,
    matched_len: Option<usize>,
) {
    for mut candidate in found {
        candidate.score *= factor;
        candidate.fit *= factor;
        if matched_len.is_some() {
            candidate.matched_len = matched_len;
        }
        // The words' fit is the best any way found: a name cut from its setting may rank
        // the concept higher, but the whole title may fit it better.
        match ranked.iter_mut().find(|c| c.concept == candidate.concept) {
            Some(existing) if existing.score >= candidate.score => {
                existing.fit = existing.fit.max(candidate.fit);
            }
            Some(existing) => {
                candidate.fit = candidate.fit.max(existing.fit);
                *existing = candidate;
            }
            None => ranked.push(candidate),
        }
    }
}

/// Prepositions that open where, for whom or how a job is done rather than what it is
/// ("en clinique", "chez un particulier", "at a hotel"), as written. "De" builds the names
/// of jobs ("agent de sécurité") and is not one.
const SETTING_PREPOSITIONS: &[&str] = &[
    "en", "dans", "chez", "au", "aux", "à", "pour", "sur", "auprès", "at", "in", "for", "with",
    "on",
];

/// Returns whether a normalized word is one of [`SETTING_PREPOSITIONS`] (normalization
/// reads "dans" as a plural: `dan`).
fn is_setting_preposition(word: &str) -> bool {
    static NORMALIZED: LazyLock<Vec<String>> = LazyLock::new(|| {
        SETTING_PREPOSITIONS
            .iter()
            .map(|preposition| normalize_word(preposition))
            .collect()
    });
    NORMALIZED.iter().any(|preposition| preposition == word)
}

/// What a title's name before its setting keeps of its fit (`Candidate::fit`): the setting's
/// words are left out, so the title names the job only in part, and a document must back it
/// (an exact name so cut stays under what a heading needs to stand alone, 0.65).
const SETTING_CUT_FIT: f32 = 0.75;

/// What a title's name before its setting keeps of a full match's score, at least (see
/// [`Resolver::rank`]); more when it leaves out fewer of the title's words.
const SETTING_CUT_FACTOR: f32 = 0.8;

/// Whether [`query_words`] spells out the acronyms of [`TITLE_ACRONYMS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Acronyms {
    AsWritten,
    SpeltOut,
}

/// Returns the normalized words of a query, without title qualifiers unless that would
/// leave nothing.
fn query_words(text: &str, acronyms: Acronyms) -> Vec<String> {
    let all: Vec<String> = words(text)
        .into_iter()
        .flat_map(|w| {
            let spelt = TITLE_ACRONYMS
                .iter()
                .find(|(acronym, _)| *acronym == w.text)
                .filter(|_| acronyms == Acronyms::SpeltOut);
            match spelt {
                Some((_, spelt)) => words(spelt).into_iter().map(|w| w.text).collect(),
                None => vec![w.text],
            }
        })
        .collect();
    let mut kept: Vec<String> = Vec::with_capacity(all.len());
    let mut index = 0;
    while index < all.len() {
        let rest = &all[index..];
        let phrase = TITLE_NOISE_PHRASES
            .iter()
            .chain(GENDER_MARKERS)
            .find(|phrase| {
                phrase.len() <= rest.len() && phrase.iter().zip(rest).all(|(p, w)| *p == w.as_str())
            });
        if let Some(phrase) = phrase {
            index += phrase.len();
            continue;
        }
        // A number in a title is a level or a count ("SSIAP 1", "niveau 2"), not a word of
        // the job's name, and a rare word that would outweigh the name's.
        let number = rest[0].chars().all(|c| c.is_ascii_digit());
        if !TITLE_NOISE.contains(&rest[0].as_str()) && !number {
            kept.push(rest[0].clone());
        }
        index += 1;
    }
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

/// Returns every normalized label with the concepts it names. A gendered ESCO label
/// ("serveur/serveuse", "steward/hôtesse") is also indexed as each of its forms.
fn label_variants(taxonomy: &Taxonomy) -> HashMap<String, Vec<LabelHit>> {
    let mut by_key: HashMap<String, Vec<LabelHit>> = HashMap::new();
    for (key, hits) in taxonomy.labels() {
        by_key
            .entry(key.to_string())
            .or_default()
            .extend_from_slice(hits);
    }
    for (index, concept) in taxonomy.concepts().iter().enumerate() {
        for (label_index, label) in concept.labels.iter().enumerate() {
            if !label.text.contains('/') {
                continue;
            }
            for form in label.text.split('/') {
                let key = normalize_label(form);
                if key.is_empty() {
                    continue;
                }
                let hits = by_key.entry(key).or_default();
                if hits.iter().any(|h| h.concept == index as ConceptIndex) {
                    continue;
                }
                hits.push(LabelHit {
                    concept: index as ConceptIndex,
                    label_type: label.label_type,
                    label: label_index as u32,
                });
            }
        }
    }
    by_key
}

/// Marks the common concepts of a taxonomy: those the built-in taxonomy lists, when the
/// taxonomy also has others. Among labels a title fits about as well, the common job is
/// the likelier reading, as the commonest sense is in entity linking: "Mécanicien" is the
/// car mechanic before the textile machine one, though ESCO names both so. A taxonomy
/// made only of common concepts (the built-in one) has no such preference to give.
fn common_concepts(taxonomy: &Taxonomy) -> Vec<bool> {
    let ids = builtin_ids();
    let common: Vec<bool> = (0..taxonomy.len())
        .map(|index| ids.contains(&taxonomy.concept(index as ConceptIndex).id))
        .collect();
    if common.iter().all(|&c| c) {
        return vec![false; common.len()];
    }
    common
}

/// Returns whether a query and a label share their head word, the word that says what the
/// job is: the first in French ("*architecte* du bâtiment"), the last in English ("network
/// *engineer*"). "Architecte du bâtiment" shares more words with "électricien du bâtiment"
/// than with "architecte", but is an architect.
fn same_head(query: &[String], key: &str, lang: &str) -> bool {
    let head_last = matches!(lang, "en" | "de" | "nl" | "ja");
    let query_head = if head_last {
        query.last()
    } else {
        query.first()
    };
    let label_head = if head_last {
        key.rsplit(' ').next()
    } else {
        key.split(' ').next()
    };
    query_head.map(String::as_str) == label_head
}

/// Returns whether a label starts with the words of a query being typed, the last one as
/// typed so far ("chef de p" starts "chef de projet").
fn starts_as_typed(query: &[String], key: &str) -> bool {
    let mut label_words = key.split(' ');
    let Some((typing, typed)) = query.split_last() else {
        return false;
    };
    typed.iter().chain(std::iter::once(typing)).all(|word| {
        label_words
            .next()
            .is_some_and(|label_word| label_word.starts_with(word.as_str()))
    })
}

/// Returns, for each concept, the labels that are preferred labels of it.
fn preferred_labels(label_hits: &[Vec<LabelHit>], concepts: usize) -> Vec<Vec<u32>> {
    let mut preferred = vec![Vec::new(); concepts];
    for (label, hits) in label_hits.iter().enumerate() {
        for hit in hits {
            if hit.label_type == LabelType::Preferred {
                preferred[hit.concept as usize].push(label as u32);
            }
        }
    }
    preferred
}

/// For each occupation, the label-vocabulary words of its labels, descriptions and skills'
/// labels (hidden ones aside), sorted; nothing for skills.
fn evidence_words(taxonomy: &Taxonomy, word_ids: &HashMap<&str, u32>) -> Vec<Box<[u32]>> {
    let ids_of = |texts: &mut dyn Iterator<Item = &str>| -> Vec<u32> {
        let mut ids: Vec<u32> = texts
            .flat_map(words)
            .filter_map(|word| word_ids.get(word.text.as_str()).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let shown = |index: ConceptIndex| {
        taxonomy
            .concept(index)
            .labels
            .iter()
            .filter(|label| label.label_type != LabelType::Hidden)
            .map(|label| label.text.as_str())
    };
    // Skills are shared by many occupations: their words are read once each.
    let mut skill_words: FxHashMap<ConceptIndex, Vec<u32>> = FxHashMap::default();
    (0..taxonomy.len() as ConceptIndex)
        .map(|index| {
            let concept = taxonomy.concept(index);
            if concept.kind != ConceptKind::Occupation {
                return Box::default();
            }
            let mut ids =
                ids_of(&mut shown(index).chain(concept.descriptions.values().map(String::as_str)));
            for (skill, _) in taxonomy.skills_of(index) {
                let words = skill_words
                    .entry(*skill)
                    .or_insert_with(|| ids_of(&mut shown(*skill)));
                ids.extend_from_slice(words);
            }
            ids.sort_unstable();
            ids.dedup();
            ids.into_boxed_slice()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{Concept, Label, Relation, TaxonomyBuilder};

    /// A concept for tests: its id and its labels (language, text, type).
    type TestConcept<'a> = (&'a str, &'a [(&'a str, &'a str, LabelType)]);

    fn resolver(concepts: &[TestConcept<'_>]) -> Resolver {
        let mut builder = TaxonomyBuilder::new();
        for (id, labels) in concepts {
            builder.add(test_concept(id, ConceptKind::Occupation, labels));
        }
        Resolver::new(Arc::new(builder.build()))
    }

    fn test_concept(id: &str, kind: ConceptKind, labels: &[(&str, &str, LabelType)]) -> Concept {
        let mut concept = Concept::new(id, kind);
        for (lang, text, label_type) in labels {
            concept.labels.push(Label {
                lang: lang.to_string(),
                text: text.to_string(),
                label_type: *label_type,
            });
        }
        concept
    }

    fn first(resolver: &Resolver, text: &str) -> Option<String> {
        let candidates = resolver.resolve(text, Some(ConceptKind::Occupation), 5);
        let best = candidates.first()?;
        Some(resolver.taxonomy().concept(best.concept).id.clone())
    }

    #[test]
    fn words_a_label_leaves_out_are_evidence_from_skills_and_descriptions() {
        let mut builder = TaxonomyBuilder::new();
        let label = |text: &str| Label {
            lang: "en".to_string(),
            text: text.to_string(),
            label_type: LabelType::Preferred,
        };
        // Listed first: without evidence, the tie between the two developers goes to it.
        let mut business = Concept::new("business", ConceptKind::Occupation);
        business.labels.push(label("business developer"));
        let mut software = Concept::new("software", ConceptKind::Occupation);
        software.labels.push(label("software developer"));
        let mut python = Concept::new("python", ConceptKind::Skill);
        python.labels.push(label("Python"));
        let mut room = Concept::new("room", ConceptKind::Occupation);
        room.labels.push(label("room attendant"));
        room.labels.push(label("housekeeper"));
        room.descriptions
            .insert("en".to_string(), "Cleans the rooms of a hotel.".to_string());
        let mut domestic = Concept::new("domestic", ConceptKind::Occupation);
        domestic.labels.push(label("domestic housekeeper"));
        domestic.labels.push(label("housekeeper"));
        // "hotel" must be a word of some label to be a word the resolver knows.
        let mut manager = Concept::new("manager", ConceptKind::Occupation);
        manager.labels.push(label("hotel manager"));
        for concept in [business, software, python, domestic, room, manager] {
            builder.add(concept);
        }
        builder.add_skill_link("software", "python", Relation::Optional);
        let resolver = Resolver::new(Arc::new(builder.build()));
        assert_eq!(
            first(&resolver, "Python developer").as_deref(),
            Some("software")
        );
        assert_eq!(
            first(&resolver, "Hotel housekeeper").as_deref(),
            Some("room")
        );
        // Typed alone only: a heading in a document leaves that to the other mentions.
        let from_document =
            resolver.resolve_exact_words("Python developer", Some(ConceptKind::Occupation), 1);
        assert_eq!(
            resolver.taxonomy().concept(from_document[0].concept).id,
            "business"
        );
    }

    #[test]
    fn title_acronyms_are_spelt_out() {
        let resolver = resolver(&[
            (
                "hr-assistant",
                &[("fr", "assistant ressources humaines", LabelType::Preferred)],
            ),
            (
                "teaching-assistant",
                &[("fr", "assistant pédagogique", LabelType::Preferred)],
            ),
            (
                "helpdesk",
                &[("en", "ICT help desk agent", LabelType::Preferred)],
            ),
        ]);
        assert_eq!(
            first(&resolver, "Assistante RH").as_deref(),
            Some("hr-assistant")
        );
        assert_eq!(
            first(&resolver, "IT help desk agent").as_deref(),
            Some("helpdesk")
        );
    }

    #[test]
    fn acronyms_a_taxonomy_writes_match_as_written() {
        // Vivier's taxonomy writes "IT manager"; ESCO-like labels spell "ICT" out.
        let resolver = resolver(&[
            ("it-manager", &[("en", "IT manager", LabelType::Preferred)]),
            (
                "telecom-manager",
                &[("en", "ICT manager", LabelType::Alternative)],
            ),
            (
                "hr-assistant",
                &[("fr", "assistant RH", LabelType::Preferred)],
            ),
        ]);
        let found = resolver.resolve("IT manager", Some(ConceptKind::Occupation), 5);
        let ids: Vec<&str> = found
            .iter()
            .map(|c| resolver.taxonomy().concept(c.concept).id.as_str())
            .collect();
        assert_eq!(ids[..2], ["it-manager", "telecom-manager"], "{found:?}");
        assert_eq!(found[0].score, 1.0);
        assert_eq!(
            first(&resolver, "Assistante RH").as_deref(),
            Some("hr-assistant")
        );
    }

    #[test]
    fn gendered_labels_and_title_qualifiers() {
        let resolver = resolver(&[
            (
                "waiter",
                &[("fr", "serveur/serveuse", LabelType::Preferred)],
            ),
            (
                "sommelier",
                &[("fr", "sommelier/sommelière", LabelType::Preferred)],
            ),
        ]);
        let candidates = resolver.resolve("Serveuse H/F confirmée", None, 5);
        assert_eq!(candidates.first().map(|c| c.score), Some(1.0));
        assert_eq!(first(&resolver, "Serveuse H/F"), Some("waiter".to_string()));
        for title in [
            "Serveuse à temps partiel",
            "Sr. Sommelier (Full-Time)",
            "Sommelier II",
            "Sommelier (m/w/d)",
            "Serveur (M/F)",
            "Serveuse F/H",
        ] {
            let candidates = resolver.resolve(title, None, 5);
            assert_eq!(candidates.first().map(|c| c.score), Some(1.0), "{title}");
        }
    }

    #[test]
    fn a_skill_named_in_a_title_is_matched_whole_or_not_at_all() {
        use ConceptKind::{Occupation, Skill};
        use LabelType::{Alternative, Hidden, Preferred};
        let mut builder = TaxonomyBuilder::new();
        // English labels: (text, type).
        type Labels = &'static [(&'static str, LabelType)];
        let concepts: &[(&str, ConceptKind, Labels)] = &[
            (
                "maintenance-engineer",
                Occupation,
                &[
                    ("maintenance engineer", Preferred),
                    ("machine engineer", Alternative),
                ],
            ),
            (
                "ml-specialist",
                Occupation,
                &[("machine learning specialist", Preferred)],
            ),
            (
                "machine-learning",
                Skill,
                &[("machine learning", Preferred)],
            ),
            (
                "sysadmin",
                Occupation,
                &[("server administrator", Preferred)],
            ),
            ("dba", Occupation, &[("database administrator", Preferred)]),
            (
                "operating-systems",
                Skill,
                &[("operating systems", Preferred), ("Windows Server", Hidden)],
            ),
        ];
        for (id, kind, labels) in concepts {
            let labels: Vec<(&str, &str, LabelType)> = labels
                .iter()
                .map(|&(text, label_type)| ("en", text, label_type))
                .collect();
            builder.add(test_concept(id, *kind, &labels));
        }
        builder.add_skill_link("dba", "operating-systems", Relation::Essential);
        // Other labels, so that "machine" and "learning" are rare words, as in a real
        // taxonomy.
        for i in 0..100 {
            let filler = format!("worker {i}");
            builder.add(test_concept(
                &filler,
                ConceptKind::Occupation,
                &[("en", &filler, LabelType::Preferred)],
            ));
        }
        let resolver = Resolver::new(Arc::new(builder.build()));
        // "machine engineer" shares two words with the title, but its "machine" is not
        // the title's, which is part of "machine learning".
        assert_eq!(
            first(&resolver, "Machine Learning Engineer"),
            Some("ml-specialist".to_string())
        );
        assert_eq!(
            first(&resolver, "Machine Engineer"),
            Some("maintenance-engineer".to_string())
        );
        // A tool's name is no skill's own: its "server" is the title's too, and the
        // server administrator has two of the title's three words, well ahead of the
        // database administrator, whose skill the tool is.
        let ranked = resolver.resolve(
            "Windows Server Administrator",
            Some(ConceptKind::Occupation),
            2,
        );
        let ids: Vec<&str> = ranked
            .iter()
            .map(|c| resolver.taxonomy().concept(c.concept).id.as_str())
            .collect();
        assert_eq!(ids, ["sysadmin", "dba"], "{ranked:?}");
        assert!(ranked[0].score > 1.5 * ranked[1].score, "{ranked:?}");
    }

    #[test]
    fn numbers_in_a_title_are_levels_not_words_of_the_name() {
        let words = query_words("Agent de sécurité SSIAP 1", Acronyms::SpeltOut);
        assert!(words.iter().any(|w| w == "ssiap"), "{words:?}");
        assert!(!words.iter().any(|w| w == "1"), "{words:?}");
        // A number alone is still the query.
        assert_eq!(query_words("3", Acronyms::SpeltOut), ["3"]);
    }

    #[test]
    fn head_words_and_qualifiers() {
        let resolver = resolver(&[
            ("architect", &[("fr", "architecte", LabelType::Preferred)]),
            (
                "electrician",
                &[("fr", "électricien du bâtiment", LabelType::Preferred)],
            ),
            (
                "painter",
                &[("fr", "peintre du bâtiment", LabelType::Preferred)],
            ),
            (
                "plumber",
                &[("fr", "plombier du bâtiment", LabelType::Preferred)],
            ),
            (
                "roofer",
                &[("fr", "couvreur du bâtiment", LabelType::Preferred)],
            ),
            (
                "engineer",
                &[("en", "network engineer", LabelType::Preferred)],
            ),
            (
                "technician",
                &[("en", "network technician", LabelType::Preferred)],
            ),
        ]);
        assert_eq!(
            first(&resolver, "Architecte du bâtiment"),
            Some("architect".to_string())
        );
        assert_eq!(
            first(&resolver, "Senior Network Engineer"),
            Some("engineer".to_string())
        );
    }

    #[test]
    fn ties_go_to_the_concept_whose_preferred_label_fits() {
        let resolver = resolver(&[
            (
                "head-chef",
                &[
                    ("en", "head chef", LabelType::Preferred),
                    ("en", "sous chef", LabelType::Alternative),
                ],
            ),
            (
                "chef",
                &[
                    ("en", "chef", LabelType::Preferred),
                    ("en", "sous chef", LabelType::Alternative),
                ],
            ),
        ]);
        assert_eq!(first(&resolver, "Sous Chef"), Some("chef".to_string()));
    }

    #[test]
    fn a_title_s_setting_is_left_out_of_the_job_s_name() {
        let resolver = resolver(&[
            ("nurse", &[("fr", "infirmier", LabelType::Preferred)]),
            (
                "nurse-night",
                &[("fr", "infirmier de nuit", LabelType::Preferred)],
            ),
            (
                "cleaner",
                &[("fr", "agent d'entretien en clinique", LabelType::Preferred)],
            ),
        ]);
        let title = "Infirmière en clinique privée";
        let ranked = resolver.resolve(title, Some(ConceptKind::Occupation), 3);
        let best = &ranked[0];
        assert_eq!(
            resolver.taxonomy().concept(best.concept).id,
            "nurse",
            "{ranked:?}"
        );
        assert_eq!(best.matched_len, Some("Infirmière".len()), "{ranked:?}");
        // Named in part: the words fit less than the ranking score says.
        assert!(best.fit < best.score && best.score < 1.0, "{ranked:?}");
        // Whichever the preposition, even one that reads like a plural.
        for title in [
            "Infirmière dans une clinique privée",
            "Infirmière auprès d'un médecin",
        ] {
            let ranked = resolver.resolve(title, Some(ConceptKind::Occupation), 3);
            assert_eq!(
                ranked[0].matched_len,
                Some("Infirmière".len()),
                "{ranked:?}"
            );
        }
        // A name that holds a preposition is matched whole.
        let ranked = resolver.resolve("Infirmier de nuit", Some(ConceptKind::Occupation), 3);
        assert_eq!(
            resolver.taxonomy().concept(ranked[0].concept).id,
            "nurse-night"
        );
        assert_eq!(ranked[0].matched_len, None);
        // A completion is still being typed: nothing is cut.
        let completed = resolver.autocomplete("infirmier en cl", Some(ConceptKind::Occupation), 3);
        assert!(
            completed.iter().all(|c| c.matched_len.is_none()),
            "{completed:?}"
        );
    }

    #[test]
    fn a_completion_prefers_the_name_that_starts_as_typed_and_the_nearest_word() {
        use LabelType::Preferred;
        let resolver = resolver(&[
            ("baker", &[("fr", "boulanger", Preferred)]),
            (
                "bakery-seller",
                &[("fr", "vendeur en boulangerie", Preferred)],
            ),
            (
                "boulangerie-manager",
                &[("fr", "gérant de boulangerie", Preferred)],
            ),
            ("project-manager", &[("fr", "chef de projet", Preferred)]),
            ("product-manager", &[("fr", "chef de produit", Preferred)]),
            ("pastry-chef", &[("fr", "chef pâtissier", Preferred)]),
            (
                "head-of-projects",
                &[("fr", "directeur de projets", Preferred)],
            ),
        ]);
        let first = |typed: &str| {
            let completed = resolver.autocomplete(typed, Some(ConceptKind::Occupation), 5);
            completed
                .first()
                .map(|c| resolver.taxonomy().concept(c.concept).id.clone())
        };
        // "boulangerie" is the rarer word, but "boul" is nearer to "boulanger", and the
        // baker's name starts with it.
        assert_eq!(first("boul").as_deref(), Some("baker"));
        assert_eq!(first("boulange").as_deref(), Some("baker"));
        assert_eq!(first("chef de pro").as_deref(), Some("project-manager"));
        assert_eq!(first("chef de produ").as_deref(), Some("product-manager"));
        // Every word may be cut short.
        assert_eq!(first("dire de pro").as_deref(), Some("head-of-projects"));
        assert_eq!(first("vend en boul").as_deref(), Some("bakery-seller"));
        assert_eq!(first("gér boul").as_deref(), Some("boulangerie-manager"));
    }

    #[test]
    fn the_shift_a_job_is_worked_is_not_its_name() {
        let nurse: &[(&str, &str, LabelType)] = &[
            ("fr", "infirmier", LabelType::Preferred),
            ("en", "nurse", LabelType::Preferred),
        ];
        let theatre_nurse: &[(&str, &str, LabelType)] =
            &[("fr", "infirmier de bloc opératoire", LabelType::Preferred)];
        let watchman: &[(&str, &str, LabelType)] = &[
            ("fr", "veilleur de nuit", LabelType::Preferred),
            ("en", "night watchman", LabelType::Preferred),
        ];
        let picker: &[(&str, &str, LabelType)] =
            &[("en", "warehouse order picker", LabelType::Preferred)];
        let resolver = resolver(&[
            ("nurse", nurse),
            ("theatre-nurse", theatre_nurse),
            ("watchman", watchman),
            ("picker", picker),
        ]);
        let best = |text: &str| {
            resolver
                .resolve(text, Some(ConceptKind::Occupation), 2)
                .into_iter()
                .next()
                .expect("a candidate")
        };
        for title in [
            "Infirmière de nuit",
            "Infirmier le week-end",
            "Night nurse",
            "Nurse (night shift)",
        ] {
            let found = best(title);
            assert_eq!(
                resolver.taxonomy.concept(found.concept).id,
                "nurse",
                "{title}"
            );
            // Just under the name as written: the title names the job outright.
            assert!(
                found.fit >= 0.9 * WITHOUT_SHIFT_FACTOR,
                "{title}: {found:?}"
            );
        }
        // A label that names the shift is the job as written.
        assert_eq!(
            first(&resolver, "Veilleur de nuit").as_deref(),
            Some("watchman")
        );
        assert_eq!(best("Night watchman").score, 1.0);
        // A job ad's "wanted" is no word of the job's name.
        assert_eq!(
            first(&resolver, "Warehouse order pickers wanted").as_deref(),
            Some("picker")
        );
        assert_eq!(best("Warehouse order pickers wanted").score, 1.0);
        assert_eq!(
            unshifted_name("Extra le week-end"),
            Some(vec!["extra".to_string()])
        );
        assert_eq!(unshifted_name("Infirmière"), None);
        assert_eq!(unshifted_name("Nuit"), None);
    }

    #[test]
    fn a_word_many_names_start_with_completes_to_the_common_jobs_first() {
        // "chef" completes both names whole; the head chef is the one the built-in taxonomy
        // lists, the likelier one looked for, though the other's name is shorter.
        let head_chef =
            "http://data.europa.eu/esco/occupation/01484951-15e6-4b88-a20f-1201868d36a0";
        let both = resolver(&[
            ("chef-avion", &[("fr", "chef avion", LabelType::Preferred)]),
            (head_chef, &[("fr", "chef cuisinier", LabelType::Preferred)]),
        ]);
        assert!(both.common.iter().any(|&common| common));
        let completed = both.autocomplete("chef", Some(ConceptKind::Occupation), 2);
        assert_eq!(completed.len(), 2, "{completed:?}");
        assert_eq!(completed[0].score, completed[1].score, "{completed:?}");
        assert_eq!(
            both.taxonomy.concept(completed[0].concept).id,
            head_chef,
            "{completed:?}"
        );
    }

    #[test]
    fn near_ties_go_to_the_common_job() {
        // Both are "mécanicien" in ESCO; the vehicle technician is the one the built-in
        // taxonomy lists, and the likelier reading of a title both fit alike.
        let vehicle = "http://data.europa.eu/esco/occupation/4ad4024e-d1d3-4dea-b6d1-2c7948111dce";
        let labels: &[(&str, &str, LabelType)] = &[("fr", "mécanicien", LabelType::Alternative)];
        let textile: &[(&str, &str, LabelType)] = &[
            ("fr", "mécanicien", LabelType::Alternative),
            (
                "fr",
                "technicien de machines textiles",
                LabelType::Preferred,
            ),
        ];
        let both = resolver(&[("textile", textile), (vehicle, labels)]);
        assert_eq!(
            first(&both, "Mécanicien poids lourds").as_deref(),
            Some(vehicle)
        );
        // The preference orders; the words' fit, which says whether the title names the job
        // at all, is left as it was.
        let ranked = both.resolve("Mécanicien poids lourds", Some(ConceptKind::Occupation), 2);
        assert!(ranked[0].score > ranked[0].fit, "{ranked:?}");
        assert_eq!(ranked[0].fit, ranked[1].fit, "{ranked:?}");
        assert_eq!(ranked[1].score, ranked[1].fit, "{ranked:?}");
        // An exact name is no near tie.
        assert_eq!(
            first(&both, "Technicien de machines textiles").as_deref(),
            Some("textile")
        );
        // Where every concept is a common one, none is preferred: the order is the fit's.
        let only_common = resolver(&[
            (vehicle, labels),
            (
                "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1",
                textile,
            ),
        ]);
        assert!(only_common.common.iter().all(|&common| !common));
        let uncommon = resolver(&[("textile", textile), ("vehicle", labels)]);
        assert!(uncommon.common.iter().all(|&common| !common));
    }
}
