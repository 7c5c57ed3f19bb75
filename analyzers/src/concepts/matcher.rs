//! Finding every taxonomy label in a text, longest match first, left to right.
//!
//! Labels and text are both run through the language analyzers (lower-casing, feminine
//! forms, stop words, Snowball stemming, accent folding), so a CV's "accueil des clients"
//! meets ESCO's "accueillir les clients" and "Développeuses web" meets "développeur web". A
//! label is analysed in its own language, a text in the document's language and, when that
//! is not English, in English too: English tool and skill names are common in every CV.
//! Each language has its own trie, so a label only matches text analysed in its language:
//! an English text's "medical" does not meet the French stem of "médicaments".
//!
//! One-word keys also remember the written form of their labels
//! ([`LabelMatcher::literal_hits`]) and how many labels their word is part of
//! ([`LabelMatcher::word_labels`]), for the extractor to tell a real name from a shared stem
//! or a generic word.
//!
//! Label words are interned to integers once; a text costs one hash lookup per word, then a
//! few trie steps per start position, so scanning is linear in the text. The English pass
//! over a text in another language remembers, per thread, each written word's English
//! word id: one lookup per word, where analysing the text again would cost a term per word
//! and a lookup of it (a fifth of indexing time, three CVs in four being French).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::analyzer::{AnalysedWord, Analyzers, WordMemo};
use crate::lang::Lang;

use super::variants::{
    acronym_variants, name_variant, people_variants, skill_label_variants, unserved_variant,
};
use crate::normalize::normalize_label;
use crate::taxonomy::{ConceptIndex, ConceptKind, LabelHit, Taxonomy};

const NO_WORD: u32 = u32::MAX;
/// In a word's memo: English analysis drops the word.
const ENGLISH_DROPPED: u32 = u32::MAX - 2;
/// Stamps that tell matchers apart in the memos of words: each matcher takes the next.
static NEXT_STAMP: AtomicU32 = AtomicU32::new(1);
/// No node of the trie.
const NO_NODE: u32 = u32::MAX;
/// The word standing for a break between two words of a label or a text (a comma, a
/// conjunction): no analyzer writes it.
const BOUNDARY: &str = "\u{1}";

/// Words a label does not run across unless it has one there itself: conjunctions, which
/// join two items of a list ("food and beverage"), and the words that make what follows a
/// role or an example ("worked as a chemical engineer" is no "work with chemicals", though
/// analysis drops "as", "a" and "with" alike; "des outils comme Excel").
const SEPARATING_WORDS: &[&str] = &["and", "or", "et", "ou", "as", "comme"];

/// Words a skill label left without the people it serves must still have to name the
/// ability alone ("explain dental treatment options" from "... to patients"; "provide
/// information" from "... to passengers" is too little).
const UNSERVED_MIN_WORDS: usize = 3;

/// Runs each match of several words that ends before a hyphen on to the end of the
/// hyphenated word, when analysis dropped the word after the hyphen: the label had it, as a
/// stop word the matcher never sees ("prise de rendez-vous" is met whole, not as "prise de
/// rendez"). A content word after the hyphen is another name ("Serveur bar-brasserie") and
/// stays out. A match of one word is left as it is: the extractor reads a word joined to
/// others by hyphens itself ("stand-in", "lave-linge").
fn end_after_hyphenated_words(
    text: &str,
    words: &[AnalysedWord],
    matches: &mut [LabelMatch],
    dropped: impl Fn(&AnalysedWord) -> bool,
) {
    for m in matches.iter_mut().filter(|m| m.words > 1) {
        let next = words.partition_point(|word| word.offset_from < m.end);
        if let Some(word) = words.get(next) {
            if text.get(m.end..word.offset_from) == Some("-") && dropped(word) {
                m.end = word.offset_to;
            }
        }
    }
}

/// Returns whether the text between two words separates them: punctuation that ends a
/// clause or an item ("Développeur : Java", "surveillance, contrôle"), a list bullet or a
/// control character (a line or tab break, or the bullet U+0095 that a Windows-1252 "•"
/// becomes when read as Latin-1: "team •Motivated" is no "team motivation"), or one of
/// [`SEPARATING_WORDS`] ("lines and checked" is no "line check"). A full stop counts when a
/// space follows it, so that "Node.js" stays one name; hyphens, apostrophes and slashes
/// join, and so do dashes between spaces, which French CVs write inside compound job names
/// as often as between items ("Plombier - chauffagiste").
fn breaks_between(gap: &str) -> bool {
    // Most words are a space apart.
    if gap == " " {
        return false;
    }
    let mut chars = gap.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '|' | '&' | '、' | '。'
            | '，' | '；' | '：' => return true,
            c if c.is_control() || is_bullet(c) => return true,
            '.' if chars.peek().is_some_and(|next| next.is_whitespace()) => return true,
            _ => {}
        }
    }
    // Such a word between spaces takes four bytes at least (" et ").
    gap.len() >= 4
        && gap.split(|c: char| !c.is_alphanumeric()).any(|word| {
            SEPARATING_WORDS
                .iter()
                .any(|separating| word.eq_ignore_ascii_case(separating))
        })
}

/// Returns whether `c` marks a list item: bullets, squares, circles, arrows, check marks,
/// the asterisk and the middle dot.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '‣'
            | '⁃'
            | '∙'
            | '·'
            | '*'
            | '→'
            | '⇒'
            | '✓'
            | '✔'
            | '✗'
            | '❖'
            | '➢'
            | '➤'
            | '➔'
    ) || ('\u{25A0}'..='\u{25FF}').contains(&c) // geometric shapes: ■ □ ▪ ▫ ► ◆ ○ ● ◦
}

/// A trie over the analysed word sequences of every label.
#[derive(Debug)]
pub struct LabelMatcher {
    analyzers: Analyzers,
    vocabulary: FxHashMap<CompactString, u32>,
    /// The root node of each language's trie: a label only matches text of its language.
    roots: Vec<(Lang, u32)>,
    /// (node << 32 | word) -> child node.
    edges: FxHashMap<u64, u32>,
    /// Per root, in the order of `roots`: word -> child node ([`NO_NODE`] if none). Most
    /// words of a text start no label, and an array says so faster than `edges`.
    first_words: Vec<Box<[u32]>>,
    /// For each node, the key of the labels ending there, if any.
    terminal: Vec<Option<u32>>,
    /// Concepts named by each key, one hit per concept (its most preferred label).
    keys: Vec<Vec<LabelHit>>,
    /// (key, concept) -> the concept's other labels under that key, which analysis reads
    /// alike though their words differ ("photographe d'illustrations" and "photographe
    /// illustratrice"): see [`LabelMatcher::labels_under`].
    other_labels: FxHashMap<(u32, ConceptIndex), Vec<u32>>,
    /// For one-word keys: the concepts each normalized written form names (see
    /// [`LabelMatcher::literal_hits`]).
    literal: HashMap<u32, Vec<(String, Vec<ConceptIndex>)>>,
    /// For each vocabulary word, the number of keys it is part of.
    word_keys: Vec<u32>,
    /// For each vocabulary word, whether some label writes it in lower case, as an
    /// ordinary word ("salt" in "salt production", unlike the tool "Salt").
    written_lowercase: Vec<bool>,
    /// For one-word keys, their word.
    key_word: Vec<u32>,
    /// This matcher's stamp in the memos of words ([`WordMemo::owner`]).
    stamp: u32,
    /// Word id of [`BOUNDARY`] ([`NO_WORD`] if no label has one).
    boundary: u32,
}

/// A label found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMatch {
    /// Key of the matched labels (see [`LabelMatcher::hits`]).
    pub key: u32,
    /// Number of analysed words matched.
    pub words: usize,
    /// Byte offset of the match in the text.
    pub start: usize,
    /// Byte offset after the match.
    pub end: usize,
}

impl LabelMatcher {
    /// Builds the trie of every label of `taxonomy`.
    pub fn new(taxonomy: &Taxonomy, analyzers: Analyzers) -> LabelMatcher {
        let mut matcher = LabelMatcher {
            analyzers,
            vocabulary: FxHashMap::default(),
            roots: Vec::new(),
            edges: FxHashMap::default(),
            first_words: Vec::new(),
            terminal: Vec::new(),
            keys: Vec::new(),
            other_labels: FxHashMap::default(),
            literal: HashMap::new(),
            word_keys: Vec::new(),
            written_lowercase: Vec::new(),
            key_word: Vec::new(),
            stamp: NEXT_STAMP.fetch_add(1, Ordering::Relaxed),
            boundary: NO_WORD,
        };
        let mut deferred = Vec::new();
        for (index, concept) in taxonomy.concepts().iter().enumerate() {
            for (label_index, label) in concept.labels.iter().enumerate() {
                let lang = label.lang.parse().unwrap_or(Lang::Other(*b"xx"));
                let hit = LabelHit {
                    concept: index as ConceptIndex,
                    label_type: label.label_type,
                    label: label_index as u32,
                };
                let concept_labels = concept.labels.iter().map(|label| &*label.text);
                let spellings = acronym_variants(&label.lang, &label.text, concept_labels);
                // The people served named otherwise or left out (then only if what is left
                // says enough alone: "explain dental treatment options", not "respond"), and
                // those forms' verb variants, stand only where no other concept's label
                // reads the same.
                if concept.kind == ConceptKind::Skill {
                    let unserved = unserved_variant(&label.lang, &label.text)
                        .filter(|text| matcher.word_count(lang, text) >= UNSERVED_MIN_WORDS);
                    for text in people_variants(&label.lang, &label.text)
                        .into_iter()
                        .chain(unserved)
                    {
                        for variant in skill_label_variants(&label.lang, &text) {
                            deferred.push((lang, variant, hit));
                        }
                        deferred.push((lang, text, hit));
                    }
                }
                for text in
                    std::iter::once(label.text.as_str()).chain(spellings.iter().map(String::as_str))
                {
                    matcher.insert(lang, text, hit);
                    if concept.kind == ConceptKind::Skill {
                        for variant in skill_label_variants(&label.lang, text) {
                            matcher.insert(lang, &variant, hit);
                        }
                        if let Some(name) = name_variant(&label.lang, text) {
                            if taxonomy.lookup(&normalize_label(&name)).is_empty() {
                                matcher.insert(lang, &name, hit);
                            }
                        }
                    }
                }
            }
        }
        matcher.insert_where_free(deferred);
        matcher.boundary = matcher.vocabulary.get(BOUNDARY).copied().unwrap_or(NO_WORD);
        let words = matcher.vocabulary.len();
        matcher.first_words = matcher
            .roots
            .iter()
            .map(|&(_, root)| {
                (0..words as u32)
                    .map(|word| {
                        let key = (u64::from(root) << 32) | u64::from(word);
                        matcher.edges.get(&key).copied().unwrap_or(NO_NODE)
                    })
                    .collect()
            })
            .collect();
        matcher
    }

    /// The words a label enters the trie under (with [`BOUNDARY`] where the label breaks),
    /// each with whether it is written in lower case, and the written form of a one-word
    /// label, without the stop words the analyzer dropped.
    fn label_words(&self, lang: Lang, label: &str) -> (Vec<(String, bool)>, Option<String>) {
        let tokens = self.analyzers.tokens(lang, label);
        let literal_form = match tokens.as_slice() {
            [only] => Some(normalize_label(&label[only.offset_from..only.offset_to])),
            _ => None,
        };
        let mut words: Vec<(String, bool)> = Vec::with_capacity(tokens.len());
        let mut previous_end = None;
        for token in tokens {
            // Bigrams of CJK text overlap: no gap between them.
            let gap = previous_end.and_then(|end| label.get(end..token.offset_from));
            if gap.is_some_and(breaks_between) {
                words.push((BOUNDARY.to_string(), false));
            }
            previous_end = Some(token.offset_to);
            let lowercase = label
                .get(token.offset_from..token.offset_to)
                .is_some_and(|written| !written.chars().any(char::is_uppercase));
            words.push((token.text, lowercase));
        }
        (words, literal_form)
    }

    /// The number of analysed words of a label, breaks not counted.
    fn word_count(&self, lang: Lang, label: &str) -> usize {
        let (words, _) = self.label_words(lang, label);
        words.iter().filter(|(word, _)| word != BOUNDARY).count()
    }

    /// The concepts of the labels the trie already reads as these words.
    fn concepts_under(&self, lang: Lang, words: &[String]) -> Vec<ConceptIndex> {
        let Some(mut node) = self.root(lang) else {
            return Vec::new();
        };
        for word in words {
            let Some(&word_id) = self.vocabulary.get(word.as_str()) else {
                return Vec::new();
            };
            let key = (u64::from(node) << 32) | u64::from(word_id);
            match self.edges.get(&key) {
                Some(&child) => node = child,
                None => return Vec::new(),
            }
        }
        self.terminal[node as usize].map_or_else(Vec::new, |key| {
            self.keys[key as usize]
                .iter()
                .map(|hit| hit.concept)
                .collect()
        })
    }

    /// Inserts forms of labels that only stand where no other concept's label reads the
    /// same, as the trie reads them (stems and all: "transporter des patients" is "transport
    /// de patients", another skill's name), nor another concept's form of them.
    fn insert_where_free(&mut self, forms: Vec<(Lang, String, LabelHit)>) {
        let mut claims: Vec<((Lang, Vec<String>), usize)> = forms
            .iter()
            .enumerate()
            .map(|(index, (lang, text, _))| {
                let words = self.label_words(*lang, text).0;
                (
                    (*lang, words.into_iter().map(|(word, _)| word).collect()),
                    index,
                )
            })
            .collect();
        claims.sort();
        for group in claims.chunk_by(|a, b| a.0 == b.0) {
            let concept = forms[group[0].1].2.concept;
            if group
                .iter()
                .any(|(_, index)| forms[*index].2.concept != concept)
            {
                continue;
            }
            let (lang, words) = &group[0].0;
            if self
                .concepts_under(*lang, words)
                .iter()
                .any(|&other| other != concept)
            {
                continue;
            }
            for (_, index) in group {
                let (lang, text, hit) = &forms[*index];
                self.insert(*lang, text, *hit);
            }
        }
    }

    fn insert(&mut self, lang: Lang, label: &str, hit: LabelHit) {
        let (words, literal_form) = self.label_words(lang, label);
        if words.is_empty() {
            return;
        }
        let mut node = self.root_or_insert(lang);
        let mut word_ids = Vec::with_capacity(words.len());
        for (word, lowercase) in words {
            let next_id = self.vocabulary.len() as u32;
            let word_id = *self
                .vocabulary
                .entry(CompactString::from(word))
                .or_insert(next_id);
            if word_id as usize == self.word_keys.len() {
                self.word_keys.push(0);
                self.written_lowercase.push(false);
            }
            self.written_lowercase[word_id as usize] |= lowercase;
            word_ids.push(word_id);
            let key = (u64::from(node) << 32) | u64::from(word_id);
            node = match self.edges.get(&key) {
                Some(&child) => child,
                None => {
                    let child = self.terminal.len() as u32;
                    self.terminal.push(None);
                    self.edges.insert(key, child);
                    child
                }
            };
        }
        let key = match self.terminal[node as usize] {
            Some(key) => key,
            None => {
                let key = self.keys.len() as u32;
                self.keys.push(Vec::new());
                self.terminal[node as usize] = Some(key);
                word_ids.sort_unstable();
                word_ids.dedup();
                for &word_id in &word_ids {
                    self.word_keys[word_id as usize] += 1;
                }
                let one_word = if word_ids.len() == 1 {
                    word_ids[0]
                } else {
                    NO_WORD
                };
                self.key_word.push(one_word);
                key
            }
        };
        if let Some(form) = literal_form {
            let forms = self.literal.entry(key).or_default();
            let index = match forms.iter().position(|(known, _)| *known == form) {
                Some(index) => index,
                None => {
                    forms.push((form, Vec::new()));
                    forms.len() - 1
                }
            };
            let concepts = &mut forms[index].1;
            if !concepts.contains(&hit.concept) {
                concepts.push(hit.concept);
            }
        }
        let hits = &mut self.keys[key as usize];
        match hits.iter_mut().find(|h| h.concept == hit.concept) {
            Some(existing) => {
                let other = if existing.label_type > hit.label_type {
                    std::mem::replace(existing, hit).label
                } else {
                    hit.label
                };
                self.other_labels
                    .entry((key, hit.concept))
                    .or_default()
                    .push(other);
            }
            None => hits.push(hit),
        }
    }

    /// Returns the other labels (indices into the concept's labels) of a hit's concept
    /// under the hit's key, which analysis reads as it reads the hit's own.
    pub fn other_labels_under(&self, key: u32, hit: &LabelHit) -> &[u32] {
        self.other_labels
            .get(&(key, hit.concept))
            .map_or(&[], Vec::as_slice)
    }

    /// Returns in how many distinct labels the word of a one-word key appears (0 for longer
    /// keys): "plan", "data" or "machine" are part of hundreds of labels, and alone say
    /// little about which concept a text means.
    pub fn word_labels(&self, key: u32) -> u32 {
        match self.key_word[key as usize] {
            NO_WORD => 0,
            word => self.word_keys[word as usize],
        }
    }

    /// Returns whether some label writes the word of a one-word key in lower case, as an
    /// ordinary word (false for longer keys).
    pub fn written_lowercase(&self, key: u32) -> bool {
        match self.key_word[key as usize] {
            NO_WORD => false,
            word => self.written_lowercase[word as usize],
        }
    }

    fn root_or_insert(&mut self, lang: Lang) -> u32 {
        if let Some(root) = self.root(lang) {
            return root;
        }
        let root = self.terminal.len() as u32;
        self.terminal.push(None);
        self.roots.push((lang, root));
        root
    }

    fn root(&self, lang: Lang) -> Option<u32> {
        self.roots
            .iter()
            .find(|(root_lang, _)| *root_lang == lang)
            .map(|(_, root)| *root)
    }

    /// Returns the concepts of a one-word key whose label is written `normalized` (a surface
    /// form through [`normalize_label`]: up to case, gender, plural and accents), rather
    /// than only sharing its stem: "commande" shares the stem of "commandant",
    /// "installation" that of "installer".
    pub fn literal_hits(&self, key: u32, normalized: &str) -> &[ConceptIndex] {
        self.literal
            .get(&key)
            .and_then(|forms| forms.iter().find(|(form, _)| form == normalized))
            .map_or(&[], |(_, concepts)| concepts.as_slice())
    }

    /// Returns the concepts that share a key with another concept.
    pub fn contested(&self) -> impl Iterator<Item = ConceptIndex> + '_ {
        self.keys
            .iter()
            .filter(|hits| hits.len() > 1)
            .flat_map(|hits| hits.iter().map(|h| h.concept))
    }

    /// Returns the concepts a matched key names.
    pub fn hits(&self, key: u32) -> &[LabelHit] {
        &self.keys[key as usize]
    }

    /// Finds labels in `text` written in `lang`.
    pub fn find(&self, text: &str, lang: Lang) -> Vec<LabelMatch> {
        self.find_analysed(text, lang, &self.analyzers.analyse_all(lang, text))
    }

    /// Like [`LabelMatcher::find`], with `text` already analysed in `lang` (as indexing
    /// does anyway), to spare a second analysis: `analysed` holds every word of the text,
    /// as [`Analyzers::analyse_all`] gives them (the English pass reads the words the
    /// text's language drops too).
    pub fn find_analysed(
        &self,
        text: &str,
        lang: Lang,
        analysed: &[AnalysedWord],
    ) -> Vec<LabelMatch> {
        let mut matches = self.find_in(lang, text, analysed);
        if lang != Lang::En {
            // Japanese words are the dictionary's, not the runs of letters English reads:
            // the text is analysed in English as a whole.
            let english = if lang == Lang::Ja {
                self.find_in(Lang::En, text, &self.analyzers.analyse_all(Lang::En, text))
            } else {
                self.find_english_in(text, analysed)
            };
            for candidate in english {
                let overlaps = matches
                    .iter()
                    .any(|m| m.start < candidate.end && candidate.start < m.end);
                if !overlaps {
                    matches.push(candidate);
                }
            }
            matches.sort_by_key(|m| m.start);
        }
        matches
    }

    fn find_in(&self, lang: Lang, text: &str, words: &[AnalysedWord]) -> Vec<LabelMatch> {
        let Some(root) = self.root(lang) else {
            return Vec::new();
        };
        let mut ids = Vec::with_capacity(words.len());
        let mut spans = Vec::with_capacity(words.len());
        for word in words.iter().filter(|w| !w.is_dropped()) {
            let mut memo = word.memo(self.stamp);
            if memo.label_word == WordMemo::UNKNOWN {
                memo.label_word = self.vocabulary.get(word.text()).copied().unwrap_or(NO_WORD);
                word.remember(memo);
            }
            self.push_boundary(text, word.offset_from, &mut ids, &mut spans);
            ids.push(memo.label_word);
            spans.push((word.offset_from, word.offset_to));
        }
        let mut matches = self.scan(root, &ids, &spans);
        end_after_hyphenated_words(text, words, &mut matches, AnalysedWord::is_dropped);
        matches
    }

    /// Puts the boundary word between the last word taken and the next one (starting at
    /// `next`) where the text between them breaks a label (see [`breaks_between`]). Where no
    /// label has a boundary, nothing can be matched across it.
    fn push_boundary(
        &self,
        text: &str,
        next: usize,
        ids: &mut Vec<u32>,
        spans: &mut Vec<(usize, usize)>,
    ) {
        if let Some(&(_, end)) = spans.last() {
            if text.get(end..next).is_some_and(breaks_between) {
                ids.push(self.boundary);
                spans.push((end, next));
            }
        }
    }

    /// This matcher's stamp in the memos of words: what an owner of the matcher may
    /// remember with them too (the extractor's profile word ids) belongs with it.
    pub(crate) fn stamp(&self) -> u32 {
        self.stamp
    }

    /// The analysers the matcher reads labels and texts with.
    pub(crate) fn analyzers(&self) -> &Analyzers {
        &self.analyzers
    }

    /// Finds English labels in a text of another language, given all its words: each
    /// word's English id is remembered with the word, so that it costs no lookup of its own.
    fn find_english_in(&self, text: &str, words: &[AnalysedWord]) -> Vec<LabelMatch> {
        let Some(root) = self.root(Lang::En) else {
            return Vec::new();
        };
        let mut ids = Vec::with_capacity(words.len());
        let mut spans = Vec::with_capacity(words.len());
        for word in words {
            let mut memo = word.memo(self.stamp);
            if memo.english_word == WordMemo::UNKNOWN {
                let written = &text[word.offset_from..word.offset_to];
                memo.english_word = self.english_id(written).unwrap_or(ENGLISH_DROPPED);
                word.remember(memo);
            }
            if memo.english_word != ENGLISH_DROPPED {
                self.push_boundary(text, word.offset_from, &mut ids, &mut spans);
                ids.push(memo.english_word);
                spans.push((word.offset_from, word.offset_to));
            }
        }
        let mut matches = self.scan(root, &ids, &spans);
        // The memo of every word was written above.
        end_after_hyphenated_words(text, words, &mut matches, |word| {
            word.memo(self.stamp).english_word == ENGLISH_DROPPED
        });
        matches
    }

    /// The English word id of a written word ([`NO_WORD`] if no English label has it), or
    /// `None` when English analysis drops it (a stop word).
    fn english_id(&self, written: &str) -> Option<u32> {
        self.analyzers
            .analyse(Lang::En, written)
            .first()
            .map(|term| self.vocabulary.get(term.text()).copied().unwrap_or(NO_WORD))
    }

    /// Longest matches left to right over word ids, with the byte span of each word.
    fn scan(&self, root: u32, ids: &[u32], spans: &[(usize, usize)]) -> Vec<LabelMatch> {
        let mut matches = Vec::new();
        let first_words = self
            .roots
            .iter()
            .position(|&(_, node)| node == root)
            .map_or(&[][..], |at| &self.first_words[at][..]);
        let mut position = 0;
        while position < ids.len() {
            match self.longest_at(first_words, ids, position) {
                Some((end_word, key)) => {
                    matches.push(LabelMatch {
                        key,
                        words: end_word - position,
                        start: spans[position].0,
                        end: spans[end_word - 1].1,
                    });
                    position = end_word;
                }
                None => position += 1,
            }
        }
        matches
    }

    /// The longest label starting at word `start`, from the root whose first words are
    /// `first_words`: (end word, label key).
    fn longest_at(&self, first_words: &[u32], ids: &[u32], start: usize) -> Option<(usize, u32)> {
        let mut node = match first_words.get(ids[start] as usize) {
            Some(&child) if child != NO_NODE => child,
            _ => return None,
        };
        let mut best = self.terminal[node as usize].map(|label_key| (start + 1, label_key));
        for (offset, &word) in ids[start..].iter().enumerate().skip(1) {
            if word == NO_WORD {
                break;
            }
            let key = (u64::from(node) << 32) | u64::from(word);
            match self.edges.get(&key) {
                Some(&child) => node = child,
                None => break,
            }
            if let Some(label_key) = self.terminal[node as usize] {
                best = Some((start + offset + 1, label_key));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{Concept, ConceptKind, Label, LabelType, TaxonomyBuilder};

    fn taxonomy(labels: &[(&str, &str)]) -> Taxonomy {
        let mut builder = TaxonomyBuilder::new();
        for (i, (lang, text)) in labels.iter().enumerate() {
            let mut concept = Concept::new(format!("c{i}"), ConceptKind::Skill);
            concept.labels.push(Label {
                lang: lang.to_string(),
                text: text.to_string(),
                label_type: LabelType::Preferred,
            });
            builder.add(concept);
        }
        builder.build()
    }

    fn surfaces(labels: &[(&str, &str)], text: &str, lang: Lang) -> Vec<String> {
        let taxonomy = taxonomy(labels);
        let matcher = LabelMatcher::new(&taxonomy, Analyzers::build());
        matcher
            .find(text, lang)
            .iter()
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn matchers_of_other_taxonomies_do_not_share_what_words_remember() {
        // Same thread, same words (so the same remembered entries), two vocabularies: each
        // matcher must read its own word ids, whichever ran first.
        let first = taxonomy(&[("fr", "gestion de projet"), ("en", "machine learning")]);
        let second = taxonomy(&[("fr", "projet"), ("en", "learning")]);
        let first = LabelMatcher::new(&first, Analyzers::build());
        let second = LabelMatcher::new(&second, Analyzers::build());
        let text = "Gestion de projet et machine learning";
        let analysed = Analyzers::build().analyse_all(Lang::Fr, text);
        let found = |matcher: &LabelMatcher| -> Vec<&str> {
            matcher
                .find_analysed(text, Lang::Fr, &analysed)
                .iter()
                .map(|m| &text[m.start..m.end])
                .collect()
        };
        for _ in 0..2 {
            assert_eq!(found(&first), vec!["Gestion de projet", "machine learning"]);
            assert_eq!(found(&second), vec!["projet", "learning"]);
        }
    }

    #[test]
    fn bullets_and_line_breaks_end_a_label() {
        let labels = [
            ("en", "team motivation"),
            ("fr", "accueil caisse"),
            ("en", "back end"),
        ];
        for text in [
            "Worked in a team • Motivated by health",
            "Worked in a team \u{95}Motivated by health",
            "Worked in a team ▪ Motivated by health",
            "Worked in a team\tMotivated by health",
            "Worked in a team * Motivated by health",
        ] {
            assert!(surfaces(&labels, text, Lang::En).is_empty(), "{text:?}");
        }
        // Hyphens join, inside a word or between spaces.
        assert_eq!(
            surfaces(&labels, "Accueil - caisse", Lang::Fr),
            vec!["Accueil - caisse"]
        );
        assert_eq!(
            surfaces(&labels, "Back-end developer", Lang::En),
            vec!["Back-end"]
        );
        assert_eq!(
            surfaces(&labels, "Great team motivation", Lang::En),
            vec!["team motivation"]
        );
    }

    #[test]
    fn a_label_ending_in_a_hyphenated_word_is_met_to_the_end_of_the_word() {
        let labels = [("fr", "prise de rendez-vous"), ("fr", "serveur bar")];
        // "vous" is a stop word: the matcher never sees it, but the mention has it.
        assert_eq!(
            surfaces(&labels, "Accueil et prise de rendez-vous.", Lang::Fr),
            vec!["prise de rendez-vous"]
        );
        // A word that analysis keeps is another name, not part of this one.
        assert_eq!(
            surfaces(&labels, "Serveur bar-brasserie", Lang::Fr),
            vec!["Serveur bar"]
        );
        // One word is the extractor's to read with the words hyphens join to it.
        assert_eq!(
            surfaces(&[("en", "stand-in")], "Worked as a stand-in.", Lang::En),
            vec!["stand"]
        );
    }

    #[test]
    fn skill_labels_match_as_cvs_write_them() {
        let labels = [
            ("fr", "gérer une équipe"),
            ("fr", "effectuer un dépannage"),
            ("fr", "tenir une caisse"),
            ("en", "lay bricks"),
            ("en", "Microsoft Office Excel"),
        ];
        let french = "Gestion d'une équipe, tenue de la caisse et dépannage.";
        assert_eq!(
            surfaces(&labels, french, Lang::Fr),
            vec!["Gestion d'une équipe", "tenue de la caisse", "dépannage"]
        );
        let english = "Laid bricks, reported in Excel.";
        assert_eq!(
            surfaces(&labels, english, Lang::En),
            vec!["Laid bricks", "Excel"]
        );
    }

    #[test]
    fn ict_labels_match_it_and_it_is_no_pronoun() {
        let labels = [
            ("en", "provide ICT support"),
            ("en", "ICT security engineer"),
            ("en", "support"),
        ];
        let text = "Provided IT support, then IT security engineer; it was support.";
        assert_eq!(
            surfaces(&labels, text, Lang::En),
            vec!["Provided IT support", "IT security engineer", "support"]
        );
        // The pronoun is no acronym.
        assert!(surfaces(&labels[..1], "I made it support more users", Lang::En).is_empty());
    }

    #[test]
    fn longest_label_wins_and_spans_are_exact() {
        let labels = [
            ("fr", "développeur"),
            ("fr", "développeur web"),
            ("fr", "web"),
            ("fr", "service en salle"),
        ];
        let found = surfaces(
            &labels,
            "Développeuses Web et service en salle, web.",
            Lang::Fr,
        );
        assert_eq!(found, vec!["Développeuses Web", "service en salle", "web"]);
    }

    #[test]
    fn verbs_and_nouns_of_a_skill_meet_through_stemming() {
        let labels = [
            ("fr", "accueillir les clients"),
            ("fr", "élaborer des menus"),
        ];
        let found = surfaces(
            &labels,
            "Accueil des clients et élaboration des menus.",
            Lang::Fr,
        );
        assert_eq!(found, vec!["Accueil des clients", "élaboration des menus"]);
    }

    #[test]
    fn labels_do_not_run_across_punctuation_or_conjunctions() {
        let labels = [
            ("en", "line check"),
            ("en", "food and beverage"),
            ("en", "Node.js"),
        ];
        let found = surfaces(
            &labels,
            "Fixed lines and checked boards; food & beverage, Node.js. Line check.",
            Lang::En,
        );
        assert_eq!(found, vec!["food & beverage", "Node.js", "Line check"]);
        let labels = [("fr", "développeur Java"), ("fr", "Java")];
        let found = surfaces(&labels, "Développeur : Java, développeur Java.", Lang::Fr);
        assert_eq!(found, vec!["Java", "développeur Java"]);
        // Nor across a word that makes what follows a role, unless the label has it too.
        let labels = [
            ("en", "work with chemicals"),
            ("en", "chemical engineer"),
            ("en", "work as part of a team"),
        ];
        let found = surfaces(
            &labels,
            "Worked as a chemical engineer; worked as part of a team.",
            Lang::En,
        );
        assert_eq!(found, vec!["chemical engineer", "worked as part of a team"]);
    }

    #[test]
    fn labels_of_overlapping_tokens_load_and_match() {
        // Without a dictionary, Japanese is cut into overlapping bigrams: there is no gap
        // to read between two of them.
        let labels = [("ja", "ソフトウェア開発")];
        let found = surfaces(&labels, "ソフトウェア開発の経験、五年。", Lang::Ja);
        assert_eq!(found, vec!["ソフトウェア開発"]);
    }

    #[test]
    fn english_labels_are_found_in_french_text() {
        let labels = [("en", "machine learning")];
        let found = surfaces(&labels, "Projets de machine learning en Python.", Lang::Fr);
        assert_eq!(found, vec!["machine learning"]);
    }

    #[test]
    fn the_remembered_english_pass_finds_what_english_analysis_finds() {
        let labels = [
            ("en", "machine learning"),
            ("en", "project management"),
            ("en", "Python"),
            ("en", "manage the kitchen"),
            ("fr", "gestion de projet"),
        ];
        let taxonomy = taxonomy(&labels);
        let analyzers = Analyzers::build();
        let matcher = LabelMatcher::new(&taxonomy, analyzers.clone());
        let texts = [
            "Projets de Machine Learning en Python, project managing et gestion de projet.",
            "Managed the kitchen of the restaurant; machine-learning and projects management.",
            "Aucun mot anglais ici, sauf le the et le management.",
            "",
        ];
        // Twice: first with words to analyse, then from memory.
        for _ in 0..2 {
            for text in texts {
                let analysed = analyzers.analyse(Lang::En, text);
                let french = analyzers.analyse_all(Lang::Fr, text);
                assert_eq!(
                    matcher.find_english_in(text, &french),
                    matcher.find_in(Lang::En, text, &analysed),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn partial_labels_do_not_match() {
        let labels = [("fr", "gestion de projet agile")];
        assert!(surfaces(&labels, "gestion de projet", Lang::Fr).is_empty());
    }

    #[test]
    fn labels_only_match_text_of_their_language() {
        let labels = [("fr", "médicaments")];
        assert!(surfaces(&labels, "Medical records.", Lang::En).is_empty());
        assert_eq!(
            surfaces(&labels, "Préparation des médicaments.", Lang::Fr),
            vec!["médicaments"]
        );
    }

    #[test]
    fn one_word_keys_know_their_written_forms() {
        let taxonomy = taxonomy(&[("fr", "commandant"), ("fr", "Objective-C")]);
        let matcher = LabelMatcher::new(&taxonomy, Analyzers::build());
        let found = matcher.find("commandes et commandant", Lang::Fr);
        assert_eq!(found.len(), 2);
        assert!(matcher.literal_hits(found[0].key, "commande").is_empty());
        assert_eq!(
            matcher.literal_hits(found[1].key, &normalize_label("Commandants")),
            &[0]
        );
        // French keeps a letter that is not elided: "Objective-C" is two words, matched
        // whole, and "Objective" alone is no name of it.
        let found = matcher.find("Objective-C", Lang::Fr);
        assert_eq!((found.len(), found[0].start, found[0].end), (1, 0, 11));
        assert!(matcher.find("Objective", Lang::Fr).is_empty());
    }

    #[test]
    fn word_labels_counts_the_labels_a_word_is_part_of() {
        let taxonomy = taxonomy(&[
            ("en", "data"),
            ("en", "data analysis"),
            ("en", "data mining"),
            ("en", "firmware"),
        ]);
        let matcher = LabelMatcher::new(&taxonomy, Analyzers::build());
        let found = matcher.find("data and firmware", Lang::En);
        assert_eq!(matcher.word_labels(found[0].key), 3);
        assert_eq!(matcher.word_labels(found[1].key), 1);
    }
}
