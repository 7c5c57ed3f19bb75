//! Mention extraction and disambiguation.
//!
//! 1. Every label of the taxonomy is looked for in each field (longest match first), each
//!    label only in text of its own language (see [`super::matcher`]).
//! 2. Each match gets candidates: every concept having that label. A one-word match keeps
//!    only the concepts whose label is that very word (up to case, gender, plural and
//!    accents); sharing a stem is not enough ("commande" is not "commandant"), except for
//!    abilities, named by verbs ("sauvegardes" for "sauvegarder"), which then need evidence.
//! 3. Each candidate is scored on its own: how it is named (preferred label, language), the
//!    field (titles favour occupations, declared skills favour skills), and how well the
//!    words around the mention fit its context profile.
//! 4. The heading of a field (a whole title field, the short segment before the colon
//!    that opens a free text: "Assistante RH : ...", or a free text of one short line
//!    that names a job outright: "Électricien") is resolved to occupations by the
//!    [`Resolver`], which ranks partial matches; it replaces the occupations the label
//!    matcher found there. A heading resolved on the job's name before its setting
//!    ("Infirmière" of "Infirmière en clinique") is a mention of that name, which the
//!    document must back.
//! 5. Candidates are then re-scored with the document's other mentions: the same concept
//!    chosen elsewhere (one sense per discourse), an occupation and the skills it needs,
//!    skills needed by the same occupations, concepts sharing a broader concept.
//! 6. A mention that is ambiguous or weak competes with "no concept" and is tagged only
//!    when the evidence beats an abstention threshold: several candidates, a homograph
//!    ("serveur", "Java", "Word"), a word of three letters or fewer, a stem-only match, or,
//!    in free text, a generic word that is part of many labels ("plan", "data", "machine").
//!
//! Confidences are a softmax over the candidates (and the abstention, where it applies), so
//! they sum to one and say how clear-cut the choice was. Everything is deterministic.

use std::collections::HashSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::derivation::{
    common_prefix, made_into, noun_and_its_ment_noun, reads_compound_apart, LabelKind, SurfaceWords,
};
use super::listed;
use super::matcher::{LabelMatch, LabelMatcher};
use super::profile::Profiles;
use super::resolver::{unshifted_name, Resolver};
use super::writing::{
    after_cardinal, after_employer_preposition, after_given_name, after_place_preposition,
    after_tool_preposition, compound_name_head, compound_neighbours, in_ampersand_abbreviation,
    in_code, is_acronym, leading_heading, list_items, lone_line, names_the_job, opens_sentence,
    sentence_ends_between, symbol_suffix, symbol_suffix_of, trimmed_span, working_term_follows,
};
use crate::analyzer::Analyzers;
use crate::analyzer::{AnalysedWord, WordMemo};
use crate::lang::Lang;
use crate::normalize::{self, normalize_label};
use crate::taxonomy::{
    ConceptIndex, ConceptKind, Label, LabelHit, LabelType, Relation, SkillType, Taxonomy,
};
use crate::words::word_spans;

const HOMOGRAPHS: &str = include_str!("../../data/homographs.txt");

/// Words on each side of a mention taken as its context.
const CONTEXT_WORDS: usize = 12;
/// Softmax temperature: lower makes confidences sharper.
const TEMPERATURE: f32 = 0.25;
/// Score the "no concept" option gets for a mention that needs evidence.
const ABSTAIN_SCORE: f32 = 0.55;
/// Extra score of an occupation whose label is the whole of a title field.
const WHOLE_TITLE_BONUS: f32 = 0.45;
/// Support per occupation two skills are both needed by ("Java" and "Spring").
const CO_NEEDED_STRENGTH: f32 = 0.35;
/// Support per skill two occupations both need (a waiter and a barman).
const CO_SKILLED_STRENGTH: f32 = 0.1;
/// Shared occupations of two skills, or shared skills of two occupations, counted at most.
const MAX_CO_NEEDED: usize = 3;
/// A word part of this many labels or more is generic: alone, it needs context.
const GENERIC_WORD_LABELS: u32 = 40;
/// Letters by which the shorter of two forms of an ability's word may end differently from
/// the longer ("negotiat-e", "negotiat-ion"; not "experi-ence", "experi-ment").
const MAX_ENDING_CHARS: usize = 2;
/// Labels a word must be part of for its use as another name of a concept to need context.
const OTHER_NAME_WORD_LABELS: u32 = 5;
/// Support a candidate gets from another mention choosing the same concept.
const SAME_CONCEPT_STRENGTH: f32 = 1.0;
/// Resolver score a heading's best occupation needs to be kept without other evidence.
const HEADING_MIN_SCORE: f32 = 0.65;
/// Fit a heading's name before its setting needs, alone, to name its occupation outright
/// (see [`ConceptExtractor::named_before_setting`]): one of the occupation's names, hidden
/// ones (0.9) included, also when found without the title's shift or with an acronym spelt
/// out (0.99 of that); a partial match of a longer name fits 0.75 at most.
const NAME_ALONE_FIT: f32 = 0.85;
/// Lead in fit that name needs over the next occupation.
const NAME_ALONE_MARGIN: f32 = 0.15;
/// Resolver score below which a heading is not taken as naming a job at all.
const HEADING_WEAK_SCORE: f32 = 0.5;
/// Occupations kept per heading.
const HEADING_CANDIDATES: usize = 10;
/// Scale from resolver scores to extraction scores (an exact title is worth a matched
/// occupation label in a title field with its whole-title bonus).
const HEADING_SCALE: f32 = 1.5;
/// Extra score of an occupation named right after words that name the writer's job.
const JOB_CUE_BONUS: f32 = 0.6;
/// Extra score of a concept whose label writes a capitalised mention as it is written.
const NAME_BONUS: f32 = 0.6;
/// Extra score of the only rival a shared name is the preferred name of.
const PREFERRED_NAME_BONUS: f32 = 0.3;
/// Further score of such a concept when a preposition of use stands before the name.
const TOOL_NAME_BONUS: f32 = 0.3;
/// Letters an English participle and the noun in "-ion" of its quality share at least
/// ("orient-ed", "orient-ation").
const QUALITY_NOUN_PREFIX: usize = 5;
/// Largest number of candidates kept per mention.
const MAX_CANDIDATES: usize = 8;

/// The heading of a field (see [`ConceptExtractor::heading`]).
struct Heading {
    /// Its mention: the job it names, over the job's name.
    mention: Pending,
    /// The segment of the field it stands for, setting included.
    segment: (usize, usize),
    /// Whether it is a text of one line rather than a title field or the part before a
    /// colon: a label naming the whole line surely then stands instead.
    lone: bool,
}

/// What a field of a document is, which changes what its mentions are likely to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRole {
    /// A job title: occupations first.
    Title,
    /// A skill as the person declared it: skills first.
    DeclaredSkill,
    /// Free text.
    Text,
}

/// One text of a document to extract from.
#[derive(Debug, Clone, Copy)]
pub struct FieldText<'a> {
    /// What the field is.
    pub role: FieldRole,
    /// Its text.
    pub text: &'a str,
    /// Its text already analysed in the document's language, every word of it as
    /// [`Analyzers::analyse_all`] gives them, when the caller has it (an indexer does): the
    /// extractor then does not analyse it again.
    pub analysed: Option<&'a [AnalysedWord]>,
}

impl<'a> FieldText<'a> {
    /// A field to extract from, to be analysed by the extractor.
    pub fn new(role: FieldRole, text: &'a str) -> FieldText<'a> {
        FieldText {
            role,
            text,
            analysed: None,
        }
    }
}

/// A concept found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Which of the input fields it is in.
    pub field: usize,
    /// Byte offset of the mention in the field's text.
    pub start: usize,
    /// Byte offset after the mention.
    pub end: usize,
    /// The mention as written.
    pub surface: String,
    /// The chosen concept.
    pub concept: ConceptIndex,
    /// Confidence in 0..1.
    pub confidence: f32,
    /// The other candidates with their confidences, best first.
    pub alternatives: Vec<(ConceptIndex, f32)>,
}

/// Extracts and disambiguates concept mentions; built once per taxonomy, shared by threads.
#[derive(Debug)]
pub struct ConceptExtractor {
    taxonomy: Arc<Taxonomy>,
    matcher: LabelMatcher,
    profiles: Profiles,
    resolver: Resolver,
    homographs: HashSet<String>,
    /// For each skill, the occupations that need it, sorted; for each occupation, itself.
    occupations_of: Vec<Vec<ConceptIndex>>,
    /// For each occupation, its skills sorted by concept (the first relation of a skill
    /// listed twice); empty for skills.
    skills_by_concept: Vec<Box<[(ConceptIndex, Relation)]>>,
    /// Headings already resolved: job titles repeat across CVs and offers far more than
    /// they vary, and resolving one walks long posting lists.
    headings: std::sync::Mutex<std::collections::HashMap<String, Vec<super::resolver::Candidate>>>,
}

/// Resolved headings kept at most; the cache is emptied when it is full.
const MAX_CACHED_HEADINGS: usize = 100_000;

/// What the document's mentions say about a concept: the best-trusted one naming it, and
/// how many name it.
#[derive(Debug, Default, Clone, Copy)]
struct Vote {
    weight: f32,
    mentions: usize,
    /// The word family of the unsure words naming it, when every mention naming it is such
    /// a word of one family (see [`word_family`]).
    family: Option<WordFamily>,
}

/// The first letters of a word, which words of one family share ("serveurs", "services").
type WordFamily = [u8; FAMILY_LETTERS];
/// Letters two words share from their start to count as one family.
const FAMILY_LETTERS: usize = 4;

/// The family of an unsure one-word mention: two such words of one family ("des serveurs
/// et des services") do not back each other's readings, or each would make the other's
/// surest (the waiter and table service in a sysadmin's CV). A word's family is its
/// first letters, normalized, when it has a few more.
fn word_family(normalized: &str) -> Option<WordFamily> {
    let bytes = normalized.as_bytes();
    (bytes.len() > FAMILY_LETTERS && bytes.is_ascii()).then(|| std::array::from_fn(|i| bytes[i]))
}

/// The words of a field, each normalised and looked up in the profiles' vocabulary the
/// first time a contested mention needs it as context (and only then: a description is
/// long, and neighbouring mentions share their context words).
struct FieldWords<'a> {
    spans: Vec<(usize, usize)>,
    /// The analysed words of these spans, when the field's analysis cuts words as
    /// [`word_spans`] does: a word's profile id is then remembered with the word itself.
    words: Option<&'a [AnalysedWord]>,
    /// Per word: [`UNSEEN`], [`NOT_IN_PROFILES`] or its profile word id.
    profile_ids: Vec<u32>,
}

const UNSEEN: u32 = u32::MAX;
/// Out of the way of [`WordMemo::UNKNOWN`], as it is remembered in memos too.
const NOT_IN_PROFILES: u32 = u32::MAX - 2;

impl<'a> FieldWords<'a> {
    fn new(text: &str, words: Option<&'a [AnalysedWord]>) -> FieldWords<'a> {
        let spans: Vec<(usize, usize)> = match words {
            Some(words) => words.iter().map(|w| (w.offset_from, w.offset_to)).collect(),
            None => word_spans(text).collect(),
        };
        let profile_ids = vec![UNSEEN; spans.len()];
        FieldWords {
            spans,
            words,
            profile_ids,
        }
    }

    fn profile_word(
        &mut self,
        profiles: &Profiles,
        stamp: u32,
        text: &str,
        index: usize,
    ) -> Option<u32> {
        if self.profile_ids[index] == UNSEEN {
            let (start, end) = self.spans[index];
            self.profile_ids[index] = match self.words {
                // The term analysis made of the word, as profiles hold their words.
                Some(words) => {
                    let word = &words[index];
                    let mut memo = word.memo(stamp);
                    if memo.profile_word == WordMemo::UNKNOWN {
                        memo.profile_word = if word.is_dropped() {
                            NOT_IN_PROFILES
                        } else {
                            profiles.term_id(word.text()).unwrap_or(NOT_IN_PROFILES)
                        };
                        word.remember(memo);
                    }
                    memo.profile_word
                }
                None => profiles
                    .word_id(&text[start..end])
                    .unwrap_or(NOT_IN_PROFILES),
            };
        }
        Some(self.profile_ids[index]).filter(|&id| id != NOT_IN_PROFILES)
    }
}

/// A match being decided.
struct Pending {
    field: usize,
    start: usize,
    end: usize,
    candidates: Vec<(ConceptIndex, f32)>,
    needs_evidence: bool,
    /// The mention names its best candidate outright: the document's other mentions may
    /// narrow it down, not overturn it.
    settled: bool,
    /// The mention is a heading, its candidates ranked by how well they match its words.
    heading: bool,
    /// A name written in lower case as an ordinary word ("salt", "page" for the tools
    /// "Salt", "Pages"): only as an item of a list of names is it the name.
    ordinary_word: bool,
    /// The word family of an unsure one-word mention (see [`word_family`]).
    family: Option<WordFamily>,
}

impl Pending {
    /// Whether the best candidate is sure before the other mentions are read, so that it
    /// speaks for related concepts with full weight.
    fn is_certain(&self) -> bool {
        self.settled || (self.candidates.len() == 1 && !self.needs_evidence)
    }
}

impl ConceptExtractor {
    /// Resolves a heading to occupations, through the cache.
    fn resolve_heading(&self, heading: &str) -> Vec<super::resolver::Candidate> {
        if let Ok(cache) = self.headings.lock() {
            if let Some(found) = cache.get(heading) {
                return found.clone();
            }
        }
        let resolved = self.resolver.resolve_exact_words(
            heading,
            Some(ConceptKind::Occupation),
            HEADING_CANDIDATES,
        );
        if let Ok(mut cache) = self.headings.lock() {
            if cache.len() >= MAX_CACHED_HEADINGS {
                cache.clear();
            }
            cache.insert(heading.to_string(), resolved.clone());
        }
        resolved
    }

    /// Prepares extraction for a taxonomy.
    pub fn new(taxonomy: Arc<Taxonomy>) -> ConceptExtractor {
        let matcher = LabelMatcher::new(&taxonomy, Analyzers::build());
        let homographs: HashSet<String> = listed(HOMOGRAPHS).map(normalize_label).collect();
        // Only concepts that may compete need a profile: those sharing a label, and those
        // named by a single word (which may be an ordinary word).
        let mut contested: HashSet<ConceptIndex> = HashSet::new();
        for (label, hits) in taxonomy.labels() {
            if hits.len() > 1 || !label.contains(' ') {
                contested.extend(hits.iter().map(|h| h.concept));
            }
        }
        contested.extend(matcher.contested());
        let profiles = Profiles::build(&taxonomy, matcher.analyzers(), contested);
        let occupations_of = occupations_of(&taxonomy);
        let skills_by_concept = skills_by_concept(&taxonomy);
        let resolver = Resolver::new(taxonomy.clone());
        ConceptExtractor {
            resolver,
            headings: std::sync::Mutex::default(),
            occupations_of,
            skills_by_concept,
            taxonomy,
            matcher,
            profiles,
            homographs,
        }
    }

    /// Returns the taxonomy.
    pub fn taxonomy(&self) -> &Arc<Taxonomy> {
        &self.taxonomy
    }

    /// Returns the resolver the extractor uses for headings, to share rather than build
    /// another one.
    pub fn resolver(&self) -> &Resolver {
        &self.resolver
    }

    /// Extracts the mentions of one free text.
    pub fn extract_text(&self, text: &str, lang: &str) -> Vec<Mention> {
        self.extract(&[FieldText::new(FieldRole::Text, text)], lang)
    }

    /// Extracts the mentions of a whole document, in the order of its fields and text; fields
    /// inform each other's choices.
    pub fn extract(&self, fields: &[FieldText<'_>], lang: &str) -> Vec<Mention> {
        let analysis_lang = lang.parse().unwrap_or(Lang::Other(*b"xx"));
        let mut pending = Vec::new();
        for (field_index, field) in fields.iter().enumerate() {
            let heading = self.heading(field_index, field);
            let segment = heading.as_ref().map(|h| h.segment);
            let analysed_here;
            let words = match field.analysed {
                Some(words) => words,
                None => {
                    analysed_here = self
                        .matcher
                        .analyzers()
                        .analyse_all(analysis_lang, field.text);
                    &analysed_here
                }
            };
            let matches = self.matcher.find_analysed(field.text, analysis_lang, words);
            // Japanese words are the dictionary's, not runs of letters.
            let aligned = (analysis_lang != Lang::Ja).then_some(words);
            // Word spans of the field, cut when a contested mention needs its context.
            let mut context_words: Option<FieldWords> = None;
            let mut in_heading: Vec<Pending> = Vec::new();
            let field_start = pending.len();
            for matched in matches {
                let Some(p) = self.candidates(
                    field_index,
                    field,
                    (aligned, &mut context_words),
                    matched,
                    lang,
                ) else {
                    continue;
                };
                let inside = segment.is_some_and(|(start, end)| p.start >= start && p.end <= end);
                if inside && self.is_occupation_mention(&p) {
                    in_heading.push(p);
                } else {
                    pending.push(p);
                }
            }
            // The heading's occupation is the resolver's to say, unless the resolver is
            // unsure and a label inside it names one clearly or names the whole job ("Bus
            // driver for a school"). A word of the job's name that is a job alone ("Agent"
            // of "Agent d'entretien") is a poorer guess than the partial match.
            let label_names_heading = |h: &Pending| {
                in_heading
                    .iter()
                    .any(|p| !p.needs_evidence || (p.start <= h.start && p.end >= h.end))
            };
            // A text of one line that a label names whole, and surely, is that label's
            // concept ("C++17", "junior hairdresser"): the line was read as a title only
            // for want of a sure label.
            let named_whole = |&(start, end): &(usize, usize)| {
                pending[field_start..]
                    .iter()
                    .chain(&in_heading)
                    .any(|p| !p.needs_evidence && p.start <= start && p.end >= end)
            };
            match heading {
                Some(h) if h.lone && named_whole(&h.segment) => pending.extend(in_heading),
                Some(h) if !h.mention.needs_evidence || !label_names_heading(&h.mention) => {
                    pending.push(h.mention)
                }
                _ => pending.extend(in_heading),
            }
            // Names listed together are named, as declared skills are.
            let mentions: Vec<usize> = (field_start..pending.len())
                .filter(|&i| !pending[i].heading)
                .collect();
            let spans: Vec<(usize, usize)> = mentions
                .iter()
                .map(|&i| (pending[i].start, pending[i].end))
                .collect();
            for item in list_items(field.text, &spans) {
                pending[mentions[item]].needs_evidence = false;
                pending[mentions[item]].ordinary_word = false;
            }
        }
        pending.retain(|p| !p.ordinary_word);
        let support = self.document_support(&pending);
        let mut mentions: Vec<Mention> = pending
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.decide(fields, p, &support[i]))
            .collect();
        // In the order of the text, whichever way each was found (a heading is decided
        // after the mentions it stands above).
        mentions.sort_by_key(|m| (m.field, m.start, m.end));
        mentions
    }

    /// Resolves the heading of a field, if it has one, to occupations: a title field as a
    /// whole, or the short segment before a colon that opens a free text ("Serveuse en
    /// brasserie : service en salle..."). Headings name jobs in ways labels only partly
    /// match ("Assistante RH", "Conducteur de travaux"), which ranking by word overlap
    /// handles better than exact label matching.
    /// Returns the heading's mention and the segment it stands for: its occupations replace
    /// those the label matcher finds there.
    fn heading(&self, field_index: usize, field: &FieldText<'_>) -> Option<Heading> {
        // A text that is one short line ("Électricien", "Aide-soignante de nuit") is a
        // heading too, but only where it names a job outright: a skill's name may share
        // most of its words with a job's ("maintenance industrielle").
        let (start, end, lone) = match field.role {
            FieldRole::Title => {
                let (start, end) = trimmed_span(field.text, 0, field.text.len())?;
                (start, end, false)
            }
            FieldRole::Text => match leading_heading(field.text) {
                Some((start, end)) => (start, end, false),
                None => {
                    let (start, end) = lone_line(field.text)?;
                    (start, end, true)
                }
            },
            FieldRole::DeclaredSkill => return None,
        };
        let heading_text = &field.text[start..end];
        let resolved = self.resolve_heading(heading_text);
        let best = resolved.first()?;
        if lone && best.fit < NAME_ALONE_FIT {
            return None;
        }
        for c in &resolved {
            tracing::trace!(
                heading = heading_text,
                concept = %self.taxonomy.concept(c.concept).id,
                score = c.score,
                fit = c.fit,
                matched_len = ?c.matched_len,
                "heading candidate"
            );
        }
        // Whether the heading names a job is for its words to say (`fit`); the preference
        // for common jobs only orders the candidates.
        if best.fit < HEADING_WEAK_SCORE {
            return None;
        }
        // A heading its best occupation only partly names ("Cuisinière en restauration
        // collective" for the industrial cook) is kept if the document backs it up: the
        // skills that occupation needs, written below it.
        let weak = (best.fit < HEADING_MIN_SCORE && !self.named_before_setting(heading_text, best))
            || self.lone_homograph_with_shift(heading_text)
            || self.one_word_other_name(heading_text, best);
        let candidates = resolved
            .iter()
            .map(|c| (c.concept, HEADING_SCALE * c.score))
            .collect();
        // A heading that is exactly one occupation's preferred name (unique in a taxonomy
        // like ESCO, where alternative names are shared) is that occupation: the skills
        // around "Landscape gardener" fit the groundsman as well, but the writer named
        // the job. The document may still narrow it down (see `document_support`). A
        // name several occupations share, or a partial one, is left to the document.
        let settled = best.score >= 1.0 && resolved.get(1).is_none_or(|next| next.score < 1.0);
        // A heading resolved on the job's name before its setting names the job there
        // ("Infirmière" in "Infirmière en clinique").
        let segment = (start, end);
        let end = best.matched_len.map_or(end, |len| start + len);
        let pending = Pending {
            field: field_index,
            start,
            end,
            candidates,
            needs_evidence: weak,
            settled,
            heading: true,
            ordinary_word: false,
            family: None,
        };
        Some(Heading {
            mention: pending,
            segment,
            lone,
        })
    }

    /// Whether a heading cut before its setting ("Infirmière" of "Infirmière en clinique")
    /// names its best occupation outright there: the name alone resolves to that occupation,
    /// as one of its names, well ahead of any other. A name many jobs share ("Ingénieur" of
    /// "Ingénieur en informatique", "Agent" of "Agent en agence") does not, and the document
    /// must back it.
    fn named_before_setting(&self, heading: &str, best: &super::resolver::Candidate) -> bool {
        let Some(len) = best.matched_len else {
            return false;
        };
        let Some(name) = heading.get(..len) else {
            return false;
        };
        let alone = self.resolve_heading(name);
        let Some(first) = alone.first() else {
            return false;
        };
        first.concept == best.concept
            && first.fit >= NAME_ALONE_FIT
            && alone
                .get(1)
                .is_none_or(|next| next.fit <= first.fit - NAME_ALONE_MARGIN)
    }

    /// Whether a heading of one word names its best occupation only by another name of it,
    /// a word that its preferred names lack and that labels of many jobs share: "Agent",
    /// which ESCO lists among the auctioneer's names, "Conseiller" among the demonstrator's.
    /// The word says the writer's role in many jobs, not which one; the document must back
    /// it. (A job whose preferred name has the word, "Infirmier" for the general nurse, is
    /// named; so is one a word of a few labels names, "Caissier" the cashier.)
    fn one_word_other_name(&self, heading: &str, best: &super::resolver::Candidate) -> bool {
        let words = normalize::words(heading);
        let [word] = words.as_slice() else {
            return false;
        };
        let in_preferred_name = self
            .taxonomy
            .concept(best.concept)
            .labels
            .iter()
            .filter(|label| label.label_type == LabelType::Preferred)
            .any(|label| {
                normalize::words(&label.text)
                    .iter()
                    .any(|w| w.text == word.text)
            });
        !in_preferred_name
            && self.resolver.labels_with_word(&word.text) >= GENERIC_WORD_LABELS as usize
    }

    /// Whether a heading, without the shift it names, is one word that is also an ordinary
    /// word or another thing ("Extra le week-end", "Night shift pickers"): the title says
    /// nothing else of the job, which the document must then back.
    fn lone_homograph_with_shift(&self, heading: &str) -> bool {
        unshifted_name(heading)
            .is_some_and(|name| name.len() == 1 && self.homographs.contains(&name[0]))
    }

    /// Whether a mention may name an occupation ("Warehouse operative" is a job, though it
    /// shares its stems with the skill "warehouse operations").
    fn is_occupation_mention(&self, p: &Pending) -> bool {
        p.candidates
            .iter()
            .any(|(c, _)| self.taxonomy.concept(*c).kind == ConceptKind::Occupation)
    }

    fn candidates<'w>(
        &self,
        field_index: usize,
        field: &FieldText<'_>,
        (aligned, words): (Option<&'w [AnalysedWord]>, &mut Option<FieldWords<'w>>),
        matched: LabelMatch,
        lang: &str,
    ) -> Option<Pending> {
        let hits = self.matcher.hits(matched.key);
        if hits.is_empty() {
            return None;
        }
        let single_word = matched.words == 1;
        // Analysis drops the symbols of "C++" and "C#": a name ending with one is only the
        // concepts written with it, and a bare "C" only those written without ("langage
        // C++" and "langage C" too).
        let symbol = symbol_suffix(&field.text[matched.end..]);
        let end = matched.end + symbol.len();
        let surface = &field.text[matched.start..end];
        // A capitalised word joined to a capitalised one before it that names nothing is
        // the end of a proper name ("lycée Blaise-Pascal"), unlike a pair of names
        // ("Python-Django", "HTML-CSS").
        if single_word
            && compound_name_head(field.text, matched.start)
                .is_some_and(|head| self.taxonomy.lookup(&normalize_label(head)).is_empty())
        {
            return None;
        }
        // A word of a French compound is no word of its own: "lave-linge" is no "linge",
        // "mécano-soudé" no "mécano". Two names joined are each named ("cariste-
        // réceptionnaire", a job of two jobs).
        if single_word
            && lang == "fr"
            && compound_neighbours(field.text, matched.start, end)
                .iter()
                .any(|neighbour| self.taxonomy.lookup(&normalize_label(neighbour)).is_empty())
        {
            return None;
        }
        // Very short words ("C", "R", "Go") only count when written as names, and never
        // as a letter of an abbreviation ("R&D") or a degree ("8 °C").
        if single_word
            && surface.chars().count() <= 2
            && (!surface.chars().any(char::is_uppercase)
                || in_ampersand_abbreviation(field.text, matched.start, end)
                || field.text[..matched.start].ends_with('°'))
        {
            return None;
        }
        // "Flexible working hours" are terms of the job, no way of working.
        if lang == "en" && working_term_follows(field.text, end) {
            return None;
        }
        // A name right after "chez" is the employer ("commerciale chez Oracle").
        if single_word
            && field.role != FieldRole::DeclaredSkill
            && after_employer_preposition(field.text, matched.start)
        {
            return None;
        }
        // One word names a concept as written; sharing a stem says too little ("commande"
        // is not "commandant"), except for abilities, named by verbs ("sauvegardes").
        let normalized = if single_word {
            normalize_label(surface)
        } else {
            String::new()
        };
        let literal = if single_word {
            self.matcher.literal_hits(matched.key, &normalized)
        } else {
            &[]
        };
        let is_literal = |hit: &LabelHit| !single_word || literal.contains(&hit.concept);
        // A label written with a capital is a name ("Excel", "Salt"): an ability named by
        // a product is met as written ("excellent" shares the stem of "Excel", not its
        // meaning).
        let writes_a_name = |hit: &LabelHit| self.label_text(hit).chars().any(char::is_uppercase);
        // Another form of the ability's own word ("sauvegardes" for "sauvegarder",
        // "negotiation" for "negotiate"), not a word that only starts alike ("experience"
        // for "experiment"), nor a word the label makes into a verb or its process
        // ("virtual" machines are no "virtualisation").
        let surface_chars = normalized.chars().count();
        let same_word = |hit: &LabelHit| {
            if !single_word {
                return true;
            }
            let label = normalize_label(self.label_text(hit));
            let mut words = label.split(' ');
            words.clone().any(|word| {
                common_prefix(word, &normalized) + MAX_ENDING_CHARS
                    >= word.chars().count().min(surface_chars)
            }) && !words.any(|word| made_into(&normalized, word))
        };
        let same_symbol = |hit: &LabelHit| symbol_suffix_of(self.label_text(hit)) == symbol;
        // Several words meet a label through their stems, which may join an action and its
        // agent ("préparation des commandes", "préparateur de commandes"), or a thing and
        // who deals in it ("conseil en recrutement", "conseiller en recrutement").
        let surface_words = (!single_word).then(|| SurfaceWords::new(surface));
        // Any of the concept's labels under the key will do: analysis reads "photographe
        // d'illustrations" as "photographe illustratrice", whose agent would clash.
        let same_roles = |hit: &LabelHit| {
            let Some(words) = surface_words.as_ref() else {
                return true;
            };
            let concept = self.taxonomy.concept(hit.concept);
            let kind = if self.is_ability(hit) {
                LabelKind::Ability
            } else if concept.kind == ConceptKind::Occupation {
                LabelKind::Occupation
            } else {
                LabelKind::Other
            };
            self.labels_under(matched.key, hit)
                .any(|label| !words.clash_with(&label.text, &label.lang, kind))
        };
        // Stems join a French noun and the noun "-ment" makes of it, which name other
        // things: "gestion des équipements" is no "gérer une équipe", "paiements" no "paie".
        // (Only a surface or a label with "ment" in it may hold such a pair.)
        let surface_has_ment = surface.contains("ment");
        let surface_nouns = std::cell::OnceCell::new();
        let same_nouns = |hit: &LabelHit| {
            let label = self.label_text(hit);
            if lang != "fr" || !(surface_has_ment || label.contains("ment")) {
                return true;
            }
            let surface_nouns: &Vec<String> = surface_nouns.get_or_init(|| {
                normalize::words(surface)
                    .into_iter()
                    .map(|w| w.text)
                    .collect()
            });
            normalize::words(label).iter().all(|label_word| {
                !surface_nouns
                    .iter()
                    .any(|word| noun_and_its_ment_noun(word, &label_word.text))
            })
        };
        // An acronym is written with its letters, in any case, or in capitals with a plural
        // "s": "sens", and "Sens" opening a sentence, are no plural of the nurse's "SEN",
        // though all normalize alike; "SENs" is.
        let lowercase = !surface.chars().any(char::is_uppercase);
        let same_acronym = |hit: &LabelHit| {
            let label = self.label_text(hit);
            if !single_word || !is_acronym(label) {
                return true;
            }
            let letters = || label.chars().filter(|c| c.is_alphanumeric());
            letters()
                .flat_map(char::to_lowercase)
                .eq(surface.chars().flat_map(char::to_lowercase))
                || surface
                    .strip_suffix('s')
                    .is_some_and(|stem| letters().eq(stem.chars()))
        };
        // A word met by another form of an ability's word is that ability's action, not
        // its agent: "cashier" is no "cashiering", though stems join them.
        let single_surface = std::cell::OnceCell::new();
        let not_its_agent = |hit: &LabelHit| {
            !single_surface
                .get_or_init(|| SurfaceWords::new(surface))
                .clash_with(self.label_text(hit), lang, LabelKind::Other)
        };
        // In French, a hyphen joins words into a thing ("lave-linge"): only a label that
        // keeps them side by side names it, not one that reads them apart ("laver du
        // linge"). English hyphenates a phrase to use it as one word, meaning the same
        // ("problem-solving" is solving problems).
        let surface_joins = lang == "fr" && surface.contains(['-', '\u{2010}', '\u{2011}']);
        let same_compounds = |hit: &LabelHit| {
            if !surface_joins {
                return true;
            }
            self.labels_under(matched.key, hit)
                .any(|label| !reads_compound_apart(surface, &label.text))
        };
        // English names a field of study with "-ics", which reads as a plural: counted, the
        // word is the people or things ("six mechanics", "three graphics"), not the field.
        // (Knowledge named by countable things stays: "46 microservices", "2500 patents".)
        let counted = single_word
            && lowercase
            && surface.ends_with("ics")
            && after_cardinal(field.text, matched.start);
        let not_counted_field = |hit: &LabelHit| {
            !counted
                || writes_a_name(hit)
                || self.taxonomy.concept(hit.concept).skill_type != Some(SkillType::Knowledge)
        };
        // A capitalised word after a given name or a title is a person's surname ("Jordan
        // Baker", "M. Boulanger"), no job; "Senior Baker" is one.
        let surname = single_word
            && surface.starts_with(char::is_uppercase)
            && after_given_name(field.text, matched.start);
        let not_surname = |hit: &LabelHit| {
            !surname || self.taxonomy.concept(hit.concept).kind != ConceptKind::Occupation
        };
        // English makes a verb's past participle an adjective ("build trusted partnerships",
        // "data will be processed"): it names no thing an ability acts on ("build trust",
        // "process data"), which ends a label; a quality it names may ("result oriented",
        // "results orientation").
        // (A participle joined to a word by a hyphen makes an adjective of quality, which a
        // label may name otherwise: "customer-focused", "customer orientation".)
        let participle = (lang == "en" && !single_word)
            .then(|| {
                let last = surface.split_whitespace().next_back()?;
                let last = last.trim_end_matches(|c: char| !c.is_alphanumeric());
                (last.len() > 4 && last.chars().all(char::is_alphabetic))
                    .then(|| last.to_lowercase())
                    .filter(|last| last.ends_with("ed"))
            })
            .flatten();
        let not_participle_object = |hit: &LabelHit| {
            let Some(participle) = &participle else {
                return true;
            };
            self.labels_under(matched.key, hit).any(|label| {
                let words = normalize::words(&label.text);
                words.len() < 2
                    || words.last().is_some_and(|last| {
                        last.text.ends_with("ed")
                            || (last.text.ends_with("ion")
                                && common_prefix(&last.text, participle) >= QUALITY_NOUN_PREFIX)
                    })
            })
        };
        // English joins two nouns with "of" to say something other than their compound: a
        // "field of study" is no "field study", "quality of service" no "quality service".
        // The analyzer drops "of", so a label with the noun before it as written, and no
        // "of", is the compound; a label with another form of it may be the same thing said
        // with a verb ("dissemination of findings", "disseminate findings").
        let before_of: Option<String> =
            (lang == "en" && !single_word && surface.to_ascii_lowercase().contains("of"))
                .then(|| {
                    let words = normalize::words(surface);
                    words
                        .windows(3)
                        .find(|three| three[1].text == "of")
                        .map(|three| three[0].text.clone())
                })
                .flatten();
        let keeps_of = |hit: &LabelHit| {
            let Some(before) = &before_of else {
                return true;
            };
            self.taxonomy.concept(hit.concept).kind != ConceptKind::Skill
                || self.labels_under(matched.key, hit).any(|label| {
                    let words = normalize::words(&label.text);
                    words.iter().any(|w| w.text == "of") || !words.iter().any(|w| w.text == *before)
                })
        };
        let mut kept: Vec<&LabelHit> = hits
            .iter()
            .filter(|hit| {
                (is_literal(hit)
                    || (self.is_ability(hit)
                        && !writes_a_name(hit)
                        && same_word(hit)
                        && not_its_agent(hit)))
                    && same_symbol(hit)
                    && same_roles(hit)
                    && same_nouns(hit)
                    && same_acronym(hit)
                    && same_compounds(hit)
                    && not_counted_field(hit)
                    && not_surname(hit)
                    && not_participle_object(hit)
                    && keeps_of(hit)
            })
            .collect();
        if kept.is_empty() {
            return None;
        }
        // Of several concepts a phrase meets through stems, those with a label written as the
        // text is are the ones it names: "réparer des chaussures" is that ability, not the
        // "réparateur en chaussures" stems also read there.
        // Among those, the ones whose label has the text's gender too: "Cheffe de cuisine" is
        // the concept the taxonomy names so ("cheffe de cuisine", the head chef's), not one
        // named in the masculine only.
        if !single_word && kept.len() > 1 {
            let normalizers: [fn(&str) -> String; 2] =
                [normalize_label, normalize::normalize_label_as_gendered];
            for normalize in normalizers {
                let written = normalize(surface);
                let as_written: Vec<&LabelHit> = kept
                    .iter()
                    .copied()
                    .filter(|hit| {
                        self.labels_under(matched.key, hit)
                            .any(|label| normalize(&label.text) == written)
                    })
                    .collect();
                if !as_written.is_empty() {
                    kept = as_written;
                }
            }
        }
        let stem_only = kept.iter().any(|hit| !is_literal(hit));
        let is_homograph = single_word && self.homographs.contains(&normalized);
        let is_generic = self.matcher.word_labels(matched.key) >= GENERIC_WORD_LABELS;
        let declared = field.role == FieldRole::DeclaredSkill;
        // Rival concepts sharing a name: the one it is the preferred name of is the likelier
        // (a taxonomy like ESCO gives each concept its own preferred name and lets
        // alternative ones be shared: "CSS" is CSS, and only another name of style sheet
        // languages in general).
        let preferred_owners = kept
            .iter()
            .filter(|hit| hit.label_type == LabelType::Preferred)
            .count();
        let sole_preferred = kept.len() > 1 && preferred_owners == 1;
        // A name written in lower case that the taxonomy also writes as an ordinary word
        // ("salt", "canvas", "page" for the tools "Salt", "Canvas", "Pages") is the ordinary
        // word, unless it is an item of a list of names ("salt, ansible, puppet").
        let ordinary_word = single_word
            && lowercase
            && self.matcher.written_lowercase(matched.key)
            && kept.iter().all(|hit| writes_a_name(hit));
        // An ordinary word that is only another name of its concepts ("board" for
        // scaffolding components, "iron" for ironing textiles) may mean anything else.
        let other_name = single_word
            && lowercase
            && self.matcher.word_labels(matched.key) >= OTHER_NAME_WORD_LABELS
            && kept
                .iter()
                .all(|hit| hit.label_type != LabelType::Preferred);
        // Several concepts sharing a phrase ("assist passengers" names one skill and is an
        // alternative label of narrower ones) is a choice between concepts, not a doubt
        // that the phrase names one: only a single word may be an ordinary word, and not
        // one that is the very name of one of them ("plumber", also a name of the pipe
        // welder).
        let needs_evidence = !declared
            && (ordinary_word
                || other_name
                || (kept.len() > 1 && single_word && !sole_preferred)
                || is_homograph
                || stem_only
                || (is_generic && field.role == FieldRole::Text)
                || (single_word && surface.chars().count() <= 3));
        // A one-word job name after words that name the writer's job ("travaillé comme
        // serveuse", "worked as a server") is that job, not the ordinary word or the machine.
        // Only a job's own name, preferred or one of the names files', or a rarer word: a
        // one-word alternative name is often a word many jobs share ("agent" for the
        // auctioneer). Rare as written, not as stemmed: "chauffagiste" shares its stem
        // with every label that has "chauffage".
        let shared_word = std::cell::LazyCell::new(|| {
            self.resolver.labels_with_word(&normalized) >= GENERIC_WORD_LABELS as usize
        });
        let cued = |hit: &LabelHit| {
            self.taxonomy.concept(hit.concept).kind == ConceptKind::Occupation
                && (hit.label_type != LabelType::Alternative || !*shared_word)
        };
        let job_cue = single_word
            && names_the_job(field.text, matched.start, matched.end)
            && kept.iter().any(|hit| cued(hit));
        let needs_evidence = needs_evidence && !job_cue;
        // Scores only matter between rivals: a lone candidate that needs no evidence is
        // chosen whatever its score, without reading the words around it.
        let contested = kept.len() > 1 || needs_evidence;
        let (context, whole_title, written_as_name, named_tool) = if contested {
            let words = words.get_or_insert_with(|| FieldWords::new(field.text, aligned));
            let before = words
                .spans
                .partition_point(|&(_, end)| end <= matched.start);
            let first_after = words
                .spans
                .partition_point(|&(start, _)| start < matched.end);
            // The words around, within the sentence: the next one is about something else
            // ("English: fluent. German: basic.").
            let spans = &words.spans;
            let ends_sentence =
                |word: usize| sentence_ends_between(field.text, spans[word].1, spans[word + 1].0);
            let mut first = before;
            while first > 0 && before - first < CONTEXT_WORDS && !ends_sentence(first - 1) {
                first -= 1;
            }
            let limit = (first_after + CONTEXT_WORDS).min(spans.len());
            let mut last = first_after;
            while last < limit && (last == 0 || !ends_sentence(last - 1)) {
                last += 1;
            }
            let mut context: Vec<u32> = (first..before)
                .chain(first_after..last)
                .filter_map(|word| {
                    words.profile_word(&self.profiles, self.matcher.stamp(), field.text, word)
                })
                .collect();
            context.sort_unstable();
            context.dedup();
            let whole_title_words = words.spans.len();
            // A title that is exactly an occupation's name says what the job is.
            let whole_title =
                field.role == FieldRole::Title && before == 0 && first_after == whole_title_words;
            // A name written as the taxonomy writes it ("Python", "SQL", "Access"),
            // capitalised where a sentence does not ask for it, is the name and not the
            // ordinary word.
            let written_as_name = single_word
                && surface.chars().any(char::is_uppercase)
                && (is_acronym(surface) || !opens_sentence(field.text, matched.start))
                && !in_code(field.text, matched.start, matched.end)
                && !after_place_preposition(field.text, matched.start);
            // Written as a name where a tool is expected ("tableaux de suivi sous Excel").
            let named_tool = written_as_name && after_tool_preposition(field.text, matched.start);
            (context, whole_title, written_as_name, named_tool)
        } else {
            (Vec::new(), false, false, false)
        };
        let mut candidates: Vec<(ConceptIndex, f32)> = kept
            .into_iter()
            .map(|hit| {
                let mut score = self.prior(hit, field.role, lang) + self.fit(hit.concept, &context);
                if sole_preferred && hit.label_type == LabelType::Preferred {
                    score += PREFERRED_NAME_BONUS;
                }
                if written_as_name && self.label_writes(hit, surface) {
                    score += NAME_BONUS;
                    if named_tool {
                        score += TOOL_NAME_BONUS;
                    }
                }
                let occupation = self.taxonomy.concept(hit.concept).kind == ConceptKind::Occupation;
                if whole_title && occupation {
                    score += WHOLE_TITLE_BONUS;
                }
                if job_cue && cued(hit) {
                    score += JOB_CUE_BONUS;
                }
                (hit.concept, score)
            })
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        candidates.truncate(MAX_CANDIDATES);
        Some(Pending {
            field: field_index,
            start: matched.start,
            end,
            candidates,
            needs_evidence,
            settled: false,
            heading: false,
            ordinary_word: ordinary_word && field.role == FieldRole::Text,
            family: (single_word && needs_evidence)
                .then(|| word_family(&normalized))
                .flatten(),
        })
    }

    fn label_text(&self, hit: &LabelHit) -> &str {
        &self.taxonomy.concept(hit.concept).labels[hit.label as usize].text
    }

    /// Returns a hit's label and its concept's other labels under the matched key, which
    /// analysis reads alike though their words differ ("photographe d'illustrations" and
    /// "photographe illustratrice").
    fn labels_under<'a>(&'a self, key: u32, hit: &'a LabelHit) -> impl Iterator<Item = &'a Label> {
        let labels = &self.taxonomy.concept(hit.concept).labels;
        std::iter::once(hit.label)
            .chain(self.matcher.other_labels_under(key, hit).iter().copied())
            .map(move |index| &labels[index as usize])
    }

    /// Returns whether the label of a hit has `surface` as one of its words, case included:
    /// "Python" for "Python", "Excel" for "Microsoft Office Excel", not "Serveur" for
    /// "serveur".
    fn label_writes(&self, hit: &LabelHit, surface: &str) -> bool {
        self.label_text(hit)
            .split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
            .any(|word| word == surface)
    }

    /// Returns whether a hit names an ability (a verb phrase in ESCO): "sauvegardes" may
    /// well mean "sauvegarder", whereas "installation" does not mean "installer".
    fn is_ability(&self, hit: &LabelHit) -> bool {
        let concept = self.taxonomy.concept(hit.concept);
        concept.kind == ConceptKind::Skill && concept.skill_type == Some(SkillType::Skill)
    }

    fn prior(&self, hit: &LabelHit, role: FieldRole, lang: &str) -> f32 {
        let concept = self.taxonomy.concept(hit.concept);
        let naming = match hit.label_type {
            LabelType::Preferred => 0.3,
            LabelType::Alternative => 0.2,
            LabelType::Hidden => 0.05,
        };
        let label = &concept.labels[hit.label as usize];
        let language = if label.lang == lang { 0.1 } else { 0.0 };
        let field = match (role, concept.kind) {
            (FieldRole::Title, ConceptKind::Occupation) => 0.35,
            (FieldRole::DeclaredSkill, ConceptKind::Skill) => 0.35,
            (FieldRole::Title, ConceptKind::Skill)
            | (FieldRole::DeclaredSkill, ConceptKind::Occupation) => -0.1,
            (FieldRole::Text, _) => 0.0,
        };
        naming + language + field
    }

    fn fit(&self, concept: ConceptIndex, context: &[u32]) -> f32 {
        // Scaled so that a context that clearly fits outweighs naming and field priors.
        1.5 * self.profiles.fit(concept, context)
    }

    /// For each pending mention, the support of each of its candidates from the other
    /// mentions of the document.
    fn document_support(&self, pending: &[Pending]) -> Vec<Vec<f32>> {
        // What the document is about, as far as the mentions tell: each mention's best
        // candidate, weighted by how sure it is before context from the others.
        let mut votes: FxHashMap<ConceptIndex, Vote> = FxHashMap::default();
        for p in pending {
            let certain = p.is_certain();
            let weight = if certain { 1.0 } else { 0.5 };
            if let Some(&(best, _)) = p.candidates.first() {
                let first = !votes.contains_key(&best);
                let vote = votes.entry(best).or_default();
                vote.weight = vote.weight.max(weight);
                vote.mentions += 1;
                // One family only while every mention naming it is an unsure word of it.
                let family = if certain { None } else { p.family };
                vote.family = if first || vote.family == family {
                    family
                } else {
                    None
                };
            }
        }
        // In concept order, so that sums of support add up in the same order every run.
        let mut votes: Vec<(ConceptIndex, Vote)> = votes.into_iter().collect();
        votes.sort_unstable_by_key(|(concept, _)| *concept);
        // The same candidates come back (a name written twice, labels shared by rivals):
        // (candidate, vote left out) -> support.
        let mut known: FxHashMap<(ConceptIndex, Option<ConceptIndex>, Option<WordFamily>), f32> =
            FxHashMap::default();
        pending
            .iter()
            .map(|p| {
                // A lone candidate that needs no evidence is chosen whatever its support.
                if p.candidates.len() == 1 && !p.needs_evidence {
                    return vec![0.0];
                }
                // A settled one only gives way to a narrower concept of itself that the
                // document speaks for ("Développeur" with Java skills is the Java
                // developer), not to a rival.
                let named = p.candidates.first().map(|c| c.0).filter(|_| p.settled);
                let in_contest = |candidate: ConceptIndex| {
                    named.is_none_or(|named| {
                        candidate == named || self.taxonomy.broader(candidate).contains(&named)
                    })
                };
                // Only the other mentions vote: a concept only this mention chose is left out.
                let left_out = p.candidates.first().map(|c| c.0).filter(|own| {
                    votes
                        .binary_search_by_key(own, |(concept, _)| *concept)
                        .is_ok_and(|at| votes[at].1.mentions == 1)
                });
                p.candidates
                    .iter()
                    .map(|&(candidate, _)| {
                        if !in_contest(candidate) {
                            return 0.0;
                        }
                        *known
                            .entry((candidate, left_out, p.family))
                            .or_insert_with(|| self.support(candidate, &votes, left_out, p.family))
                    })
                    .collect()
            })
            .collect()
    }

    fn support(
        &self,
        candidate: ConceptIndex,
        votes: &[(ConceptIndex, Vote)],
        left_out: Option<ConceptIndex>,
        family: Option<WordFamily>,
    ) -> f32 {
        let mut total = 0.0;
        for &(other, vote) in votes {
            let same_family = family.is_some() && vote.family == family;
            if Some(other) != left_out && !same_family {
                total += vote.weight * self.relatedness(candidate, other);
            }
        }
        // Saturates: three related mentions are about as telling as ten.
        total.min(1.5) * 0.5
    }

    /// How strongly mentioning `other` in a document suggests `candidate` too.
    fn relatedness(&self, candidate: ConceptIndex, other: ConceptIndex) -> f32 {
        // One sense per discourse: the same concept chosen elsewhere in the document.
        if candidate == other {
            return SAME_CONCEPT_STRENGTH;
        }
        let taxonomy = &self.taxonomy;
        let mut strength = 0.0;
        match (
            taxonomy.concept(candidate).kind,
            taxonomy.concept(other).kind,
        ) {
            // An occupation and a skill it needs.
            (ConceptKind::Occupation, ConceptKind::Skill) => {
                strength += link_strength(&self.skills_by_concept[candidate as usize], other);
            }
            (ConceptKind::Skill, ConceptKind::Occupation) => {
                strength += link_strength(&self.skills_by_concept[other as usize], candidate);
            }
            // Skills needed by the same occupations go together ("Java" with "Spring").
            (ConceptKind::Skill, ConceptKind::Skill) => {
                let shared = shared_count(
                    &self.occupations_of[candidate as usize],
                    &self.occupations_of[other as usize],
                    MAX_CO_NEEDED,
                );
                strength += CO_NEEDED_STRENGTH * shared as f32;
            }
            // Occupations needing the same skills go together (a waiter with a barmaid,
            // bricklayers under a site manager).
            (ConceptKind::Occupation, ConceptKind::Occupation) => {
                let shared = shared_count_by(
                    &self.skills_by_concept[candidate as usize],
                    &self.skills_by_concept[other as usize],
                    |(skill, _)| *skill,
                    MAX_CO_NEEDED,
                );
                strength += CO_SKILLED_STRENGTH * shared as f32;
            }
        }
        let candidate_parents = taxonomy.broader(candidate);
        let other_parents = taxonomy.broader(other);
        if candidate_parents.contains(&other) || other_parents.contains(&candidate) {
            strength += 0.5;
        } else if candidate_parents.iter().any(|p| other_parents.contains(p)) {
            strength += 0.3;
        }
        strength
    }

    fn decide(&self, fields: &[FieldText<'_>], p: &Pending, support: &[f32]) -> Option<Mention> {
        // The document backs a heading's occupations in proportion to how well the heading
        // names them: a skill of the head waiter's does not turn "Serveuse en brasserie"
        // into one. (A settled heading only gives way to narrower concepts of its own,
        // which the document backs in full.)
        let best = p.candidates.first().map_or(0.0, |c| c.1);
        let mut scored: Vec<(Option<ConceptIndex>, f32)> = p
            .candidates
            .iter()
            .zip(support)
            .map(|(&(concept, score), &extra)| {
                let weight = if p.heading && !p.settled && best > 0.0 {
                    score / best
                } else {
                    1.0
                };
                (Some(concept), score + weight * extra)
            })
            .collect();
        if p.needs_evidence {
            // The abstention beats a candidate with only its name for it.
            scored.push((None, ABSTAIN_SCORE + 0.35));
        }
        let max = scored.iter().map(|s| s.1).fold(f32::MIN, f32::max);
        let exps: Vec<f32> = scored
            .iter()
            .map(|s| ((s.1 - max) / TEMPERATURE).exp())
            .collect();
        let sum: f32 = exps.iter().sum();
        let mut ranked: Vec<(Option<ConceptIndex>, f32)> = scored
            .iter()
            .zip(&exps)
            .map(|(s, e)| (s.0, e / sum))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        if tracing::enabled!(tracing::Level::TRACE) {
            let surface = &fields[p.field].text[p.start..p.end];
            for ((concept, score), support) in p.candidates.iter().zip(support) {
                tracing::trace!(
                    surface,
                    heading = p.heading,
                    needs_evidence = p.needs_evidence,
                    concept = %self.taxonomy.concept(*concept).id,
                    score,
                    support,
                    "mention candidate"
                );
            }
        }
        let (Some(chosen), confidence) = ranked[0] else {
            return None;
        };
        // Free text that names a job only loosely names it only if the document's other
        // mentions speak for it (the job's skills, or jobs needing the same skills): a
        // common word that may name a job ("serveurs", "buyers", "product"), and a heading
        // its best occupation only partly names ("Mécanicien poids lourds" is no lorry
        // driver unless the duties below are driving). The neighbours' words alone are too
        // little: "configuration des serveurs" under "Administratrice systèmes" shares
        // "administr" with a waiter's skill. (A job written as a name or an acronym, "an
        // SEN", is not a common word.)
        let text = fields[p.field].text;
        let common_word = !text[p.start..p.end].chars().any(char::is_uppercase);
        if fields[p.field].role == FieldRole::Text
            && (p.heading || common_word)
            && p.needs_evidence
            && self.taxonomy.concept(chosen).kind == ConceptKind::Occupation
        {
            let backed = p
                .candidates
                .iter()
                .zip(support)
                .any(|(&(concept, _), &extra)| concept == chosen && extra > 0.0);
            if !backed {
                return None;
            }
        }
        let alternatives = ranked[1..]
            .iter()
            .filter_map(|(concept, confidence)| concept.map(|c| (c, *confidence)))
            .collect();
        Some(Mention {
            field: p.field,
            start: p.start,
            end: p.end,
            surface: text[p.start..p.end].to_string(),
            concept: chosen,
            confidence,
            alternatives,
        })
    }
}

fn occupations_of(taxonomy: &Taxonomy) -> Vec<Vec<ConceptIndex>> {
    (0..taxonomy.len() as ConceptIndex)
        .map(|index| {
            if taxonomy.concept(index).kind == ConceptKind::Occupation {
                return vec![index];
            }
            let mut occupations: Vec<ConceptIndex> =
                taxonomy.needed_by(index).iter().map(|(o, _)| *o).collect();
            occupations.sort_unstable();
            occupations.dedup();
            occupations
        })
        .collect()
}

/// For each occupation, its skills sorted by concept, each once (with the relation it is
/// first listed with), for binary search; nothing for skills.
fn skills_by_concept(taxonomy: &Taxonomy) -> Vec<Box<[(ConceptIndex, Relation)]>> {
    (0..taxonomy.len() as ConceptIndex)
        .map(|index| {
            let mut skills = taxonomy.skills_of(index).to_vec();
            skills.sort_by_key(|(skill, _)| *skill);
            skills.dedup_by_key(|(skill, _)| *skill);
            skills.into_boxed_slice()
        })
        .collect()
}

/// Returns how strongly an occupation with these skills (sorted by concept) needs `skill`
/// (0 when it does not).
fn link_strength(skills: &[(ConceptIndex, Relation)], skill: ConceptIndex) -> f32 {
    skills
        .binary_search_by_key(&skill, |(s, _)| *s)
        .map_or(0.0, |found| relation_strength(skills[found].1))
}

/// Counts the elements two sorted lists without repeats share, up to `max`. Each element
/// of the shorter list is searched in the rest of the longer one: a skill most
/// occupations need ("communication") has over a thousand of them.
fn shared_count(a: &[ConceptIndex], b: &[ConceptIndex], max: usize) -> usize {
    shared_count_by(a, b, |&concept| concept, max)
}

/// Like [`shared_count`], for lists sorted by the concept `key` gives of each element.
fn shared_count_by<T>(a: &[T], b: &[T], key: impl Fn(&T) -> ConceptIndex, max: usize) -> usize {
    let (short, mut long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut count = 0;
    for element in short.iter().map(&key) {
        if count == max || long.is_empty() {
            break;
        }
        let at = long.partition_point(|x| key(x) < element);
        if long.get(at).map(&key) == Some(element) {
            count += 1;
            long = &long[at + 1..];
        } else {
            long = &long[at..];
        }
    }
    count
}

fn relation_strength(relation: Relation) -> f32 {
    match relation {
        Relation::Essential => 1.0,
        Relation::Optional => 0.6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::source::shared_builtin;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn shared_count_counts_common_elements_up_to_max(
            a in proptest::collection::btree_set(0u32..300, 0..120),
            b in proptest::collection::btree_set(0u32..300, 0..12),
            max in 0usize..6,
        ) {
            let a: Vec<u32> = a.into_iter().collect();
            let b: Vec<u32> = b.into_iter().collect();
            let common = a.iter().filter(|x| b.contains(x)).count();
            prop_assert_eq!(shared_count(&a, &b, max), common.min(max));
            prop_assert_eq!(shared_count(&b, &a, max), common.min(max));
        }

        #[test]
        fn any_text_gives_mentions_that_are_its_own_substrings(
            pieces in proptest::collection::vec(proptest::sample::select(TEXT_PIECES), 0..40),
            lang in proptest::sample::select(&["fr", "en", "ja", "de"][..]),
        ) {
            let text: String = pieces.concat();
            for extractor in test_extractors() {
                for mention in extractor.extract_text(&text, lang) {
                    prop_assert!(mention.start < mention.end && mention.end <= text.len());
                    prop_assert_eq!(
                        text.get(mention.start..mention.end),
                        Some(mention.surface.as_str())
                    );
                    prop_assert!((0.0..=1.0).contains(&mention.confidence));
                }
            }
        }
    }

    /// Pieces of CV text, separators and odd characters that random texts are made of.
    const TEXT_PIECES: &[&str] = &[
        "Serveuse",
        "serveurs",
        " Linux",
        "Java",
        " ",
        "  ",
        ":",
        " : ",
        ",",
        ";",
        ".",
        ". ",
        " et ",
        " and ",
        "&",
        "R&D",
        "C++",
        "C#",
        "Node.js",
        "préparation",
        "préparateur",
        " des ",
        "commandes",
        "Développeur",
        "développeuse web",
        "gestion d'une équipe",
        "lines",
        "checked",
        "food",
        "beverage",
        "ソフトウェア",
        "開発",
        "の経験",
        "、",
        "。",
        "e\u{301}",
        "\u{200b}",
        "(",
        ")",
        "\n",
        "-",
        "/",
        "'",
        "’",
        "5",
        "500 Go",
        "H/F",
    ];

    /// The built-in extractor and one with Japanese labels (cut into overlapping bigrams
    /// without a dictionary), built once for the property tests.
    fn test_extractors() -> &'static [ConceptExtractor; 2] {
        static EXTRACTORS: std::sync::OnceLock<[ConceptExtractor; 2]> = std::sync::OnceLock::new();
        EXTRACTORS.get_or_init(|| {
            [
                extractor(),
                extractor_of(
                    r#"{"id":"dev","kind":"skill","labels":[{"lang":"ja","text":"ソフトウェア開発","type":"preferred"},{"lang":"fr","text":"développement, web","type":"alternative"}]}
{"id":"cook","kind":"occupation","labels":[{"lang":"ja","text":"調理師","type":"preferred"},{"lang":"en","text":"food and beverage","type":"preferred"}]}
"#,
                ),
            ]
        })
    }

    const TABLE_SERVICE: &str =
        "http://data.europa.eu/esco/skill/42a6eff0-e9d9-423d-877b-e48fe91ff26f";
    const WAITER: &str =
        "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471";
    const JAVA: &str = "http://data.europa.eu/esco/skill/19a8293b-8e95-4de3-983f-77484079c389";
    const LINUX_ADMIN: &str = "vivier:skill/linux-admin";

    fn extractor() -> ConceptExtractor {
        ConceptExtractor::new(shared_builtin())
    }

    fn tagged(extractor: &ConceptExtractor, text: &str) -> Vec<(String, String)> {
        extractor
            .extract_text(text, "fr")
            .into_iter()
            .map(|m| {
                (
                    m.surface,
                    extractor.taxonomy().concept(m.concept).id.clone(),
                )
            })
            .collect()
    }

    fn ids_of(found: &[(String, String)]) -> Vec<&str> {
        found.iter().map(|(_, id)| id.as_str()).collect()
    }

    #[test]
    fn waiter_in_a_restaurant_context() {
        let extractor = extractor();
        let found = tagged(
            &extractor,
            "Serveuse en brasserie, j'assure le service en salle et l'encaissement.",
        );
        assert!(ids_of(&found).contains(&WAITER), "{found:?}");
    }

    #[test]
    fn servers_in_an_it_context_are_not_waiters() {
        let extractor = extractor();
        let found = tagged(
            &extractor,
            "Administration des serveurs Linux et supervision du réseau.",
        );
        assert!(!ids_of(&found).contains(&WAITER), "{found:?}");
        assert!(ids_of(&found).contains(&LINUX_ADMIN), "{found:?}");
        // Two unsure words of one family do not make each other's reading sure: "serveurs"
        // backed the waiter's "services", and the reverse (audit of a demo sysadmin CV).
        let found = tagged(
            &extractor,
            "Supervision des serveurs et des services avec Zabbix. Bash.",
        );
        assert!(!ids_of(&found).contains(&WAITER), "{found:?}");
        assert!(!ids_of(&found).contains(&TABLE_SERVICE), "{found:?}");
        // A sure job still backs its skill named by a word of the same family.
        let found = tagged(
            &extractor,
            "J'ai travaillé comme serveuse, le service du midi et du soir.",
        );
        assert!(ids_of(&found).contains(&TABLE_SERVICE), "{found:?}");
    }

    #[test]
    fn java_needs_a_programming_context() {
        let extractor = extractor();
        let it = tagged(
            &extractor,
            "Développement d'applications en Java avec Spring Boot et PostgreSQL.",
        );
        assert!(ids_of(&it).contains(&JAVA), "{it:?}");
        let travel = tagged(
            &extractor,
            "J'ai passé trois semaines de vacances à Java et à Bali.",
        );
        assert!(!ids_of(&travel).contains(&JAVA), "{travel:?}");
    }

    #[test]
    fn a_list_of_names_is_a_list_of_skills() {
        let extractor = extractor();
        let surfaces = |text: &str| -> Vec<String> {
            tagged_in(&extractor, text, "en")
                .into_iter()
                .map(|(surface, _)| surface)
                .collect()
        };
        // Each word alone could be an ordinary word; a list of them is a list of tools.
        assert_eq!(
            surfaces("word, excel, outlook"),
            ["word", "excel", "outlook"]
        );
        assert_eq!(surfaces("Java, Python, Go"), ["Java", "Python", "Go"]);
        // Items naming nothing the taxonomy knows still make a list.
        assert_eq!(
            surfaces("sql, polars, duckdb and python"),
            ["sql", "python"]
        );
    }

    #[test]
    fn names_of_places_and_people_are_not_languages() {
        let extractor = extractor();
        let scala = "http://data.europa.eu/esco/skill/ffddfc7c-a9dd-449f-9e96-882dc447c8b6";
        let pascal = "http://data.europa.eu/esco/skill/e8b89eb6-51e8-4c3a-babb-88b2e110376b";
        // A place after a preposition and an article.
        let opera = tagged(
            &extractor,
            "Soprano : concerts et opéras à la Scala de Milan, répertoire italien.",
        );
        assert!(!ids_of(&opera).contains(&scala), "{opera:?}");
        // The end of a compound name, even in a programming context.
        let school = tagged(
            &extractor,
            "Professeure au lycée Blaise-Pascal : initiation à la programmation en Python.",
        );
        assert!(!ids_of(&school).contains(&pascal), "{school:?}");
        // The languages themselves, also joined by a hyphen.
        let code = tagged(
            &extractor,
            "Maintenance d'applications Delphi-Pascal et de services en Scala à Milan.",
        );
        assert!(ids_of(&code).contains(&pascal), "{code:?}");
        assert!(ids_of(&code).contains(&scala), "{code:?}");
        // Where things come from is a place too, unless the context is code.
        let beans = tagged_in(
            &extractor,
            "Ran monthly cuppings of single-origin beans from Java and Sumatra.",
            "en",
        );
        assert!(!ids_of(&beans).contains(&JAVA), "{beans:?}");
        let port = tagged_in(
            &extractor,
            "Ported the billing services from Java to Kotlin, with unit tests and CI.",
            "en",
        );
        assert!(ids_of(&port).contains(&JAVA), "{port:?}");
        // A letter or an acronym before the hyphen is a prefix, not a name.
        let sql_only = extractor_of(
            r#"{"id":"sql","kind":"skill","labels":[{"lang":"fr","text":"SQL","type":"preferred"}]}"#,
        );
        let sql = tagged_in(&sql_only, "Requêtes T-SQL et procédures PL-SQL.", "fr");
        assert_eq!(sql.len(), 2, "{sql:?}");
    }

    #[test]
    fn names_are_told_by_how_they_are_written() {
        let extractor = extractor();
        let cpp = "http://data.europa.eu/esco/skill/b633eb55-8f1f-4ae6-ab4c-2022ffe2cb7f";
        let c = "vivier:skill/c-lang";
        let found = tagged(
            &extractor,
            "Firmware écrit en C et en C++ pour des microcontrôleurs, outils en Python.",
        );
        let surfaces: Vec<(&str, &str)> = found
            .iter()
            .map(|(surface, id)| (surface.as_str(), id.as_str()))
            .collect();
        assert!(surfaces.contains(&("C", c)), "{found:?}");
        assert!(surfaces.contains(&("C++", cpp)), "{found:?}");
        assert!(!surfaces.contains(&("C", cpp)), "{found:?}");
        // Longer names too.
        let languages = extractor_of(
            r#"{"id":"c","kind":"skill","labels":[{"lang":"fr","text":"langage C","type":"preferred"}]}
{"id":"cpp","kind":"skill","labels":[{"lang":"fr","text":"langage C++","type":"preferred"}]}"#,
        );
        let found = tagged_in(&languages, "En langage C++, puis en langage C.", "fr");
        assert_eq!(ids_of(&found), ["cpp", "c"], "{found:?}");
        // Capitals are a name even where a sentence starts.
        let sql = tagged(&extractor, "SQL indispensable.");
        assert!(sql.iter().any(|(surface, _)| surface == "SQL"), "{sql:?}");
        // A unit after a number, a code: not names.
        let codes = tagged(&extractor, "Immeuble en R+5, disque de 500 Go, classe C.");
        assert!(
            codes
                .iter()
                .all(|(surface, _)| surface != "R" && surface != "Go"),
            "{codes:?}"
        );
        // Nor is a degree, in a programming context.
        let degrees = tagged(&extractor, "Firmware C++ de régulation à 8 °C et 46 °F.");
        assert!(
            degrees
                .iter()
                .all(|(surface, _)| surface != "C" && surface != "F"),
            "{degrees:?}"
        );
        // A letter of an abbreviation is not the language, even among statistics words.
        let abbreviation = tagged(
            &extractor,
            "Chargée R&D : analyses statistiques et modèles de données en Python.",
        );
        assert!(
            abbreviation.iter().all(|(surface, _)| surface != "R"),
            "{abbreviation:?}"
        );
        let language = tagged(&extractor, "Analyses statistiques en R et en Python.");
        assert!(
            language.iter().any(|(surface, _)| surface == "R"),
            "{language:?}"
        );
    }

    #[test]
    fn declared_skills_and_titles_are_trusted() {
        let extractor = extractor();
        let fields = [
            FieldText::new(FieldRole::Title, "Serveur"),
            FieldText::new(FieldRole::DeclaredSkill, "Java"),
        ];
        let mentions = extractor.extract(&fields, "fr");
        let ids: Vec<&str> = mentions
            .iter()
            .map(|m| extractor.taxonomy().concept(m.concept).id.as_str())
            .collect();
        assert!(ids.contains(&WAITER), "{ids:?}");
        assert!(ids.contains(&JAVA), "{ids:?}");
        for mention in &mentions {
            assert!((0.0..=1.0).contains(&mention.confidence));
            let total: f32 =
                mention.confidence + mention.alternatives.iter().map(|a| a.1).sum::<f32>();
            assert!(total <= 1.0001, "{total}");
        }
    }

    #[test]
    fn spans_are_exact_and_deterministic() {
        let extractor = extractor();
        let text = "Chef de partie puis chef de projet informatique.";
        let first = extractor.extract_text(text, "fr");
        assert_eq!(first, extractor.extract_text(text, "fr"));
        for mention in &first {
            assert_eq!(&text[mention.start..mention.end], mention.surface);
        }
        let surfaces: Vec<&str> = first.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            surfaces,
            vec!["Chef de partie", "chef de projet informatique"]
        );
    }

    #[test]
    fn a_leading_heading_is_resolved_as_a_job_title() {
        let extractor = extractor();
        let text = "Serveuse H/F : accueil des clients et encaissement.";
        let mentions = extractor.extract_text(text, "fr");
        let heading = mentions
            .iter()
            .find(|m| m.start == 0)
            .expect("the heading is tagged");
        // The gender marker is no part of the job's name.
        assert_eq!(heading.surface, "Serveuse");
        assert_eq!(extractor.taxonomy().concept(heading.concept).id, WAITER);
        assert_eq!(leading_heading("Pas de titre. Puis : ceci"), None);
        assert_eq!(leading_heading("  Chef de rang :"), Some((2, 14)));
        assert_eq!(leading_heading("Serveur(se) (F/H) :"), Some((0, 11)));
        assert_eq!(leading_heading("H/F :"), Some((0, 3)));
        assert_eq!(leading_heading("Aide (AVS) H/F :"), Some((0, 10)));
    }

    /// An extractor over a few concepts written in the JSONL format.
    fn extractor_of(jsonl: &str) -> ConceptExtractor {
        let mut builder = crate::taxonomy::TaxonomyBuilder::new();
        crate::taxonomy::jsonl::load_str(jsonl, std::path::Path::new("test.jsonl"), &mut builder)
            .expect("valid JSONL");
        ConceptExtractor::new(Arc::new(builder.build()))
    }

    #[test]
    fn an_esco_package_finds_french_cvs_names_of_its_concepts() {
        // ESCO names the technical director "directeur technique" only; the French names
        // shipped with Vivier add the theatre one a French CV writes.
        let package =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/esco/package");
        let taxonomy = crate::taxonomy::source::load_sources(&[package]).expect("the fixture");
        let extractor = ConceptExtractor::new(Arc::new(taxonomy));
        let director = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";
        let found = tagged_in(
            &extractor,
            "Directrice technique de théâtre pendant six ans, tournées en Europe.",
            "fr",
        );
        assert!(
            has(&found, "Directrice technique de théâtre", director),
            "{found:?}"
        );
    }

    /// Asserts that none of `texts`, in `lang`, gets a mention.
    fn assert_tags_nothing(extractor: &ConceptExtractor, lang: &str, texts: &[&str]) {
        for text in texts {
            let found = tagged_in(extractor, text, lang);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    /// Whether `surface` was tagged with concept `id`.
    fn has(found: &[(String, String)], surface: &str, id: &str) -> bool {
        found.iter().any(|(s, i)| s == surface && i == id)
    }

    fn tagged_in(extractor: &ConceptExtractor, text: &str, lang: &str) -> Vec<(String, String)> {
        extractor
            .extract_text(text, lang)
            .into_iter()
            .map(|m| {
                (
                    m.surface,
                    extractor.taxonomy().concept(m.concept).id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_name_after_a_preposition_of_use_is_a_tool() {
        // "Excel" is also an English verb: alone, a hidden name of the skill needs context.
        let extractor = extractor_of(
            r#"{"id":"spreadsheets","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"utiliser un tableur","type":"preferred"},{"lang":"fr","text":"Excel","type":"hidden"}]}"#,
        );
        let used = tagged_in(&extractor, "Devis et tableaux de suivi sous Excel.", "fr");
        assert_eq!(used, [("Excel".to_string(), "spreadsheets".to_string())]);
        let named = tagged_in(&extractor, "Devis et tableaux de suivi, Excel.", "fr");
        assert!(named.is_empty(), "{named:?}");
    }

    #[test]
    fn a_name_after_chez_is_the_employer() {
        let extractor = extractor_of(
            r#"{"id":"sap","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"SAP","type":"preferred"}]}"#,
        );
        let employer = tagged_in(&extractor, "Commerciale chez SAP depuis 2019.", "fr");
        assert!(employer.is_empty(), "{employer:?}");
        let tool = tagged_in(&extractor, "Consultante SAP chez un industriel.", "fr");
        assert_eq!(tool, [("SAP".to_string(), "sap".to_string())]);
    }

    #[test]
    fn a_common_word_names_a_job_where_the_document_speaks_for_it() {
        let extractor = extractor_of(
            r#"{"id":"waiter","kind":"occupation","labels":[{"lang":"fr","text":"serveur","type":"preferred"}],"skills":[{"id":"serve-drinks","relation":"essential"},{"id":"room-setup","relation":"essential"}]}
{"id":"barista","kind":"occupation","labels":[{"lang":"fr","text":"barista","type":"preferred"},{"lang":"fr","text":"serveur","type":"alternative"}]}
{"id":"barman","kind":"occupation","labels":[{"lang":"fr","text":"barman","type":"preferred"},{"lang":"fr","text":"barmaid","type":"alternative"}],"skills":[{"id":"serve-drinks","relation":"essential"}]}
{"id":"sysadmin","kind":"occupation","labels":[{"lang":"fr","text":"administrateur systèmes","type":"preferred"}],"skills":[{"id":"backups","relation":"essential"}]}
{"id":"serve-drinks","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"servir des boissons en brasserie","type":"preferred"}]}
{"id":"room-setup","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"configuration de la salle","type":"preferred"}]}
{"id":"backups","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"effectuer des sauvegardes","type":"preferred"}]}"#,
        );
        // The words around fit the waiter's room set-up; the document is about systems.
        let it = tagged_in(
            &extractor,
            "Administratrice systèmes : configuration des serveurs.",
            "fr",
        );
        assert!(!ids_of(&it).contains(&"waiter"), "{it:?}");
        // A job needing the same skills speaks for it.
        let bars = tagged_in(
            &extractor,
            "J'ai été serveuse dans une brasserie, puis barmaid l'été.",
            "fr",
        );
        assert!(has(&bars, "serveuse", "waiter"), "{bars:?}");
    }

    #[test]
    fn the_builtin_taxonomy_reads_no_ability_in_a_common_adjective() {
        // "key" of "key accounts" is no "keying" (data entry), which stems join it to.
        let extractor = extractor();
        for text in [
            "Built trust with key accounts.",
            "Managed key accounts in the north.",
        ] {
            let found = tagged_in(&extractor, text, "en");
            assert!(
                !found.iter().any(|(surface, _)| surface == "key"),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn words_that_also_name_tools_need_context() {
        let extractor = extractor();
        let (tableau, notion) = ("vivier:skill/tableau", "vivier:skill/notion");
        for (text, tool, named) in [
            (
                "Tableaux de bord commerciaux et reporting mensuel.",
                tableau,
                false,
            ),
            ("Reporting : Tableau, Power BI, Excel.", tableau, true),
            ("Notions de comptabilité et de paie.", notion, false),
            (
                "Nous avons adopté deux pandas roux au zoo.",
                "vivier:skill/pandas",
                false,
            ),
            (
                "Outils : pandas, NumPy et Matplotlib.",
                "vivier:skill/pandas",
                true,
            ),
            (
                "Optimisation des flux logistiques.",
                "vivier:skill/argocd",
                false,
            ),
            (
                "Polish and wax the floors.",
                "http://data.europa.eu/esco/skill/f3e9b964-0c2d-46c4-a895-8b3583054d69",
                false,
            ),
        ] {
            let found = tagged(&extractor, text);
            assert_eq!(ids_of(&found).contains(&tool), named, "{text}: {found:?}");
        }
    }

    #[test]
    fn words_that_also_name_jobs_need_the_document_s_backing() {
        let extractor = extractor_of(
            r#"{"id":"extra","kind":"occupation","labels":[{"lang":"fr","text":"figurant","type":"preferred"},{"lang":"fr","text":"extra","type":"alternative"}],"skills":[{"id":"scenes","relation":"essential"}]}
{"id":"critic","kind":"occupation","labels":[{"lang":"fr","text":"critique","type":"preferred"}]}
{"id":"scenes","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"jouer des scènes de foule","type":"preferred"}]}
{"id":"rust","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"Rust","type":"preferred"}]}
"#,
        );
        let found = tagged_in(
            &extractor,
            "Serveuse en extra le week-end, puis réécriture d'un service critique en Rust.",
            "fr",
        );
        assert_eq!(ids_of(&found), ["rust"], "{found:?}");
        // Backed by the job's skills, the word is the job.
        let found = tagged_in(
            &extractor,
            "Des tournages comme extra, avec jeu de scènes de foule.",
            "fr",
        );
        assert!(has(&found, "extra", "extra"), "{found:?}");
    }

    #[test]
    fn a_word_s_context_ends_with_its_sentence() {
        let extractor = extractor_of(
            r#"{"id":"java","kind":"skill","labels":[{"lang":"en","text":"Java","type":"preferred"}],"descriptions":{"en":"Object-oriented programming language for software development, code and applications."}}
{"id":"travel","kind":"skill","labels":[{"lang":"en","text":"travel planning","type":"preferred"},{"lang":"en","text":"tourism","type":"alternative"}],"descriptions":{"en":"Organise holidays: beaches, temples, volcanoes, markets, hiking, surfing, diving and cooking classes."}}"#,
        );
        let text = "java: software development and code. Holidays: beaches, temples, volcanoes, \
                    markets, hiking, surfing, diving, cooking classes.";
        let found = tagged_in(&extractor, text, "en");
        assert!(found.iter().any(|(_, id)| id == "java"), "{found:?}");
        // The same words within its sentence still speak against it.
        let text = "java, beaches, temples, volcanoes, markets, hiking and surfing: holidays.";
        let found = tagged_in(&extractor, text, "en");
        assert!(found.iter().all(|(_, id)| id != "java"), "{found:?}");
    }

    #[test]
    fn a_word_that_is_one_concept_s_name_is_that_concept() {
        let extractor = extractor_of(
            r#"{"id":"plumber","kind":"occupation","labels":[{"lang":"en","text":"plumber","type":"preferred"}]}
{"id":"pipe-welder","kind":"occupation","labels":[{"lang":"en","text":"pipe welder","type":"preferred"},{"lang":"en","text":"plumber","type":"alternative"}]}"#,
        );
        let found = tagged_in(
            &extractor,
            "We are hiring a plumber for a housing site.",
            "en",
        );
        assert_eq!(found, [("plumber".to_string(), "plumber".to_string())]);
    }

    #[test]
    fn a_name_written_as_an_ordinary_word_is_the_word_but_in_a_list() {
        let extractor = extractor_of(
            r#"{"id":"salt-tool","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"Salt","type":"preferred"}]}
{"id":"jenkins","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"Jenkins","type":"preferred"}]}
{"id":"salt-production","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"monitor salt production","type":"preferred"}]}
{"id":"devops","kind":"occupation","labels":[{"lang":"en","text":"DevOps engineer","type":"preferred"}],"skills":[{"id":"salt-tool","relation":"essential"},{"id":"jenkins","relation":"essential"}]}
"#,
        );
        // "salt" is also an ordinary word of the taxonomy's ("monitor salt production").
        let found = tagged_in(&extractor, "Added salt to the sauce before serving.", "en");
        assert!(found.is_empty(), "{found:?}");
        // Written as the tool's name, it is the tool.
        let found = tagged_in(&extractor, "Deployed servers with Salt.", "en");
        assert!(has(&found, "Salt", "salt-tool"), "{found:?}");
        // Written as the ordinary word, it is the ordinary word, whatever the context...
        let found = tagged_in(
            &extractor,
            "DevOps engineer: deployed servers with salt and Jenkins.",
            "en",
        );
        assert!(!has(&found, "salt", "salt-tool"), "{found:?}");
        // ...but for an item of a list of names.
        let found = tagged_in(&extractor, "Tools: salt, jenkins, terraform.", "en");
        assert!(has(&found, "salt", "salt-tool"), "{found:?}");
        // A name no label writes as an ordinary word is the name, whatever its case.
        let found = tagged_in(&extractor, "Builds run on jenkins every night.", "en");
        assert!(has(&found, "jenkins", "jenkins"), "{found:?}");
    }

    #[test]
    fn an_ordinary_word_that_is_only_another_name_needs_context() {
        let mut jsonl = String::from(
            r#"{"id":"scaffolding","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"scaffolding components","type":"preferred"},{"lang":"en","text":"board","type":"alternative"}]}
{"id":"hair","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"hair","type":"preferred"}]}
"#,
        );
        // "board" is a word of many labels: an ordinary word.
        for (i, what) in ["meetings", "games", "circuits", "papers", "members"]
            .iter()
            .enumerate()
        {
            jsonl.push_str(&format!(
                r#"{{"id":"board-{i}","kind":"skill","skill_type":"skill","labels":[{{"lang":"en","text":"organise board {what}","type":"preferred"}}]}}"#
            ));
            jsonl.push('\n');
        }
        let extractor = extractor_of(&jsonl);
        let found = tagged_in(&extractor, "Member of the board since 2019.", "en");
        assert!(found.is_empty(), "{found:?}");
        // A concept's own name is that concept.
        let found = tagged_in(&extractor, "Cut and styled hair for ten years.", "en");
        assert!(has(&found, "hair", "hair"), "{found:?}");
    }

    #[test]
    fn a_compound_or_a_word_made_into_a_verb_is_not_the_ability() {
        let extractor = extractor_of(
            r#"{"id":"laundry","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"laver du linge","type":"preferred"}]}
{"id":"dishwasher","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"utiliser un lave-vaisselle","type":"preferred"}]}
{"id":"virtualization","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"virtualization","type":"preferred"}]}
"#,
        );
        // The appliance is no washing of laundry, though analysis drops "du" between.
        let found = tagged_in(&extractor, "Réparation de lave-linge.", "fr");
        assert!(found.is_empty(), "{found:?}");
        let found = tagged_in(&extractor, "Il faut laver du linge.", "fr");
        assert!(has(&found, "laver du linge", "laundry"), "{found:?}");
        // A label keeping the compound whole names it.
        let found = tagged_in(&extractor, "Utiliser un lave-vaisselle.", "fr");
        assert!(
            has(&found, "Utiliser un lave-vaisselle", "dishwasher"),
            "{found:?}"
        );
        // "virtual" machines are no virtualization, even beside it; the process itself is.
        let found = tagged_in(
            &extractor,
            "Migrated virtual machines and managed their virtualization.",
            "en",
        );
        assert_eq!(
            found,
            [("virtualization".to_string(), "virtualization".to_string())]
        );
    }

    #[test]
    fn a_role_word_alone_is_no_job_it_is_only_another_name_of() {
        // "conseiller" is a word of many labels; "caissier" of a few.
        let advisors: Vec<String> = (0..GENERIC_WORD_LABELS)
            .map(|n| {
                format!(
                    r#"{{"id":"advisor-{n}","kind":"occupation","labels":[{{"lang":"fr","text":"conseiller {n}","type":"preferred"}}]}}"#
                )
            })
            .collect();
        let extractor = extractor_of(&format!(
            r#"{{"id":"demonstrator","kind":"occupation","labels":[{{"lang":"fr","text":"démonstrateur","type":"preferred"}},{{"lang":"fr","text":"conseiller","type":"alternative"}}]}}
{{"id":"cashier","kind":"occupation","labels":[{{"lang":"fr","text":"hôte de caisse","type":"preferred"}},{{"lang":"fr","text":"caissier","type":"alternative"}},{{"lang":"fr","text":"caissier de banque","type":"alternative"}},{{"lang":"fr","text":"caissier de casino","type":"alternative"}},{{"lang":"fr","text":"caissier de magasin","type":"alternative"}},{{"lang":"fr","text":"caissier principal","type":"alternative"}},{{"lang":"fr","text":"caissier polyvalent","type":"alternative"}}]}}
{{"id":"nurse","kind":"occupation","labels":[{{"lang":"fr","text":"infirmier de soins généraux","type":"preferred"}},{{"lang":"fr","text":"infirmier","type":"alternative"}}]}}
{}
"#,
            advisors.join("\n")
        ));
        assert_tags_nothing(
            &extractor,
            "fr",
            &["Conseiller", "Conseiller : horaires variables."],
        );
        // The job's preferred name has the word: the word names it.
        let found = tagged_in(&extractor, "Infirmier", "fr");
        assert!(has(&found, "Infirmier", "nurse"), "{found:?}");
        let found = tagged_in(&extractor, "Démonstrateur", "fr");
        assert!(has(&found, "Démonstrateur", "demonstrator"), "{found:?}");
        let found = tagged_in(&extractor, "Caissier", "fr");
        assert!(has(&found, "Caissier", "cashier"), "{found:?}");
    }

    #[test]
    fn a_word_of_a_french_compound_is_no_word_of_its_own() {
        let extractor = extractor_of(
            r#"{"id":"linen","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"entretien du linge","type":"preferred"},{"lang":"fr","text":"linge","type":"alternative"}]}
{"id":"sales","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"vente","type":"preferred"}]}
"#,
        );
        assert_tags_nothing(
            &extractor,
            "fr",
            &["Réparation de lave-linge.", "Service après-vente."],
        );
        let found = tagged_in(&extractor, "Vente-linge.", "fr");
        assert!(has(&found, "linge", "linen"), "{found:?}");
        let found = tagged_in(&extractor, "Vente et linge de maison.", "fr");
        assert!(has(&found, "linge", "linen"), "{found:?}");
        assert!(has(&found, "Vente", "sales"), "{found:?}");
    }

    #[test]
    fn a_surname_is_no_job() {
        let extractor = extractor_of(
            r#"{"id":"baker","kind":"occupation","labels":[{"lang":"en","text":"baker","type":"preferred"},{"lang":"fr","text":"boulanger","type":"preferred"}]}
{"id":"senior-baker","kind":"occupation","labels":[{"lang":"en","text":"senior baker","type":"preferred"}]}
"#,
        );
        assert_tags_nothing(
            &extractor,
            "en",
            &[
                "References: Jordan Baker.",
                "Recommandé par M. Boulanger.",
                "Worked with Mrs Baker and Pierre Boulanger.",
                "Références : Karim Boulanger, Grace Baker, Chloe Baker.",
            ],
        );
        let found = tagged_in(
            &extractor,
            "Worked as a baker, then as a Senior Baker.",
            "en",
        );
        assert!(has(&found, "baker", "baker"), "{found:?}");
        assert!(has(&found, "Senior Baker", "senior-baker"), "{found:?}");
    }

    #[test]
    fn an_english_participle_is_no_thing_an_ability_acts_on() {
        let extractor = extractor_of(
            r#"{"id":"build-trust","kind":"skill","labels":[{"lang":"en","text":"build trust","type":"preferred"}]}
{"id":"process-data","kind":"skill","labels":[{"lang":"en","text":"process data","type":"preferred"}]}
{"id":"determination","kind":"skill","labels":[{"lang":"en","text":"results orientation","type":"preferred"}]}
{"id":"customer-orientation","kind":"skill","labels":[{"lang":"en","text":"customer focus","type":"preferred"}]}
"#,
        );
        assert_tags_nothing(
            &extractor,
            "en",
            &[
                "We strive to build trusted long-term partnerships.",
                "Your data will be processed by our partner.",
            ],
        );
        let found = tagged_in(
            &extractor,
            "Built trust with key accounts and processed data daily; result oriented.",
            "en",
        );
        assert!(has(&found, "Built trust", "build-trust"), "{found:?}");
        assert!(has(&found, "processed data", "process-data"), "{found:?}");
        // A participle naming a quality names the noun of it, and so does one joined to a
        // word by a hyphen.
        assert!(has(&found, "result oriented", "determination"), "{found:?}");
        let found = tagged_in(
            &extractor,
            "Customer-focused and calm under pressure.",
            "en",
        );
        assert!(
            has(&found, "Customer-focused", "customer-orientation"),
            "{found:?}"
        );
    }

    #[test]
    fn flexible_working_hours_are_terms_of_the_job_not_a_way_of_working() {
        let extractor = extractor_of(
            r#"{"id":"adapt","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"adapt to change","type":"preferred"},{"lang":"en","text":"flexible working","type":"alternative"}]}
"#,
        );
        assert_tags_nothing(
            &extractor,
            "en",
            &[
                "We offer flexible working hours and a canteen.",
                "Flexible working arrangements are available.",
            ],
        );
        let found = tagged_in(&extractor, "We value flexible working.", "en");
        assert!(has(&found, "flexible working", "adapt"), "{found:?}");
    }

    #[test]
    fn an_english_x_of_y_is_no_compound_x_y() {
        let extractor = extractor_of(
            r#"{"id":"surveys","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"conduct ecological surveys","type":"preferred"},{"lang":"en","text":"carry out field studies","type":"alternative"}]}
{"id":"disseminate","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"disseminate research findings","type":"preferred"}]}
"#,
        );
        let found = tagged_in(
            &extractor,
            "Degree in Computer Science or a related field of study.",
            "en",
        );
        assert!(found.is_empty(), "{found:?}");
        // The same thing said with a verb is named.
        let found = tagged_in(
            &extractor,
            "Dissemination of research findings to the public.",
            "en",
        );
        assert!(
            has(&found, "Dissemination of research findings", "disseminate"),
            "{found:?}"
        );
        let found = tagged_in(&extractor, "Carried out field studies in wetlands.", "en");
        assert!(
            has(&found, "Carried out field studies", "surveys"),
            "{found:?}"
        );
    }

    #[test]
    fn a_counted_word_is_no_field_of_knowledge() {
        let extractor = extractor_of(
            r#"{"id":"electronics","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"electronics","type":"preferred"}]}
{"id":"physics","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"physics","type":"preferred"}]}
{"id":"sap","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"SAP","type":"preferred"}]}
{"id":"microservices","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"microservices","type":"preferred"}]}
"#,
        );
        let found = tagged_in(&extractor, "Studied physics and electronics.", "en");
        assert!(has(&found, "electronics", "electronics"), "{found:?}");
        for counted in [
            "Studied physics and six electronics.",
            "Studied physics and 12 electronics.",
        ] {
            let found = tagged_in(&extractor, counted, "en");
            assert!(
                !found.iter().any(|(_, id)| id == "electronics"),
                "{found:?}"
            );
        }
        // Knowledge named by countable things stays.
        let found = tagged_in(
            &extractor,
            "Studied physics and ran 46 microservices.",
            "en",
        );
        assert!(has(&found, "microservices", "microservices"), "{found:?}");
        // A name stays a name, counted or not.
        let found = tagged_in(
            &extractor,
            "Worked with SAP, Excel and 3 SAP modules.",
            "en",
        );
        assert_eq!(
            found.iter().filter(|(_, id)| id == "sap").count(),
            2,
            "{found:?}"
        );
    }

    #[test]
    fn an_ability_named_by_a_product_is_met_as_written() {
        let extractor = extractor_of(
            r#"{"id":"spreadsheets","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"use spreadsheets software","type":"preferred"},{"lang":"en","text":"Excel","type":"alternative"}]}
{"id":"word-processing","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"use word processing software","type":"preferred"},{"lang":"en","text":"Word","type":"alternative"}]}
{"id":"backups","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"back up","type":"preferred"},{"lang":"en","text":"backup","type":"alternative"}]}
{"id":"office-assistant","kind":"occupation","labels":[{"lang":"en","text":"office assistant","type":"preferred"}],"skills":[{"id":"spreadsheets","relation":"essential"},{"id":"word-processing","relation":"essential"}]}
"#,
        );
        // "excellent" shares the stem of "Excel" only, whatever the document backs.
        let found = tagged_in(
            &extractor,
            "Office assistant: excellent command of Word.",
            "en",
        );
        assert!(
            !found.iter().any(|(surface, _)| surface == "excellent"),
            "{found:?}"
        );
        let found = tagged_in(&extractor, "Reports built in Excel.", "en");
        assert!(has(&found, "Excel", "spreadsheets"), "{found:?}");
        // An ability named by a verb or a noun still meets the other forms of its word.
        let found = tagged_in(&extractor, "Ran the nightly backups.", "en");
        assert!(has(&found, "backups", "backups"), "{found:?}");
    }

    #[test]
    fn an_ability_meets_the_forms_of_its_word_not_words_that_start_alike() {
        let extractor = extractor_of(
            r#"{"id":"creativity","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"think creatively","type":"preferred"},{"lang":"en","text":"experiment","type":"alternative"}]}
{"id":"chef","kind":"occupation","labels":[{"lang":"en","text":"chef","type":"preferred"}],"skills":[{"id":"creativity","relation":"essential"}]}
"#,
        );
        // "experience" and "experiment" share their stem, not their word.
        let found = tagged_in(&extractor, "Chef: ten years of experience.", "en");
        assert!(!found.iter().any(|(_, id)| id == "creativity"), "{found:?}");
        let found = tagged_in(&extractor, "Chef: experimented with new dishes.", "en");
        assert!(has(&found, "experimented", "creativity"), "{found:?}");
    }

    #[test]
    fn a_phrase_names_the_concepts_whose_label_it_writes() {
        // Two concepts whose labels stems read alike (ESCO has such near-twins): the text
        // names the one whose label it writes, whichever comes first.
        let extractor = extractor_of(
            r#"{"id":"one-sander","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"utiliser une ponceuse","type":"preferred"}]}
{"id":"sanders","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"utiliser des ponceuses","type":"preferred"}]}
"#,
        );
        for (text, id) in [
            ("Missions : utiliser une ponceuse.", "one-sander"),
            ("Missions : utiliser des ponceuses.", "sanders"),
        ] {
            let found = tagged_in(&extractor, text, "fr");
            assert_eq!(ids_of(&found), [id], "{text}: {found:?}");
        }
        // The gender is part of how a label is written: ESCO names the head chef "cheffe de
        // cuisine" too, the chef in the masculine only.
        let extractor = extractor_of(
            r#"{"id":"chef","kind":"occupation","labels":[{"lang":"fr","text":"chef de cuisine","type":"preferred"}]}
{"id":"head-chef","kind":"occupation","labels":[{"lang":"fr","text":"chef cuisinier","type":"preferred"},{"lang":"fr","text":"chef de cuisine","type":"alternative"},{"lang":"fr","text":"cheffe de cuisine","type":"alternative"}]}
"#,
        );
        for (text, id) in [
            ("Elle est cheffe de cuisine dans un bistrot.", "head-chef"),
            ("Il est chef de cuisine dans un bistrot.", "chef"),
        ] {
            let found = tagged_in(&extractor, text, "fr");
            assert_eq!(ids_of(&found), [id], "{text}: {found:?}");
        }
    }

    #[test]
    fn an_ability_s_word_is_not_met_by_its_agent() {
        let extractor = extractor_of(
            r#"{"id":"till","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"operate cash register","type":"preferred"},{"lang":"en","text":"cashiering","type":"hidden"}]}
{"id":"cashier","kind":"occupation","labels":[{"lang":"en","text":"cashier","type":"preferred"}]}
"#,
        );
        // Stems join "cashier" and "cashiering": the job is not the ability.
        let found = tagged_in(&extractor, "Cashier in a busy store.", "en");
        assert_eq!(ids_of(&found), ["cashier"], "{found:?}");
        let found = tagged_in(&extractor, "Cashiering and stock rotation.", "en");
        assert_eq!(ids_of(&found), ["till"], "{found:?}");
    }

    /// Two gardening occupations sharing a name; the skills of the text are the
    /// groundsman's only.
    const GARDENERS: &str = r#"{"id":"landscape-gardener","kind":"occupation","labels":[{"lang":"en","text":"landscape gardener","type":"preferred"}]}
{"id":"groundsman","kind":"occupation","labels":[{"lang":"en","text":"groundsman","type":"preferred"},{"lang":"en","text":"landscape gardener","type":"alternative"}],"skills":[{"id":"prune","relation":"essential"},{"id":"turf","relation":"essential"}]}
{"id":"prune","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"prune plants","type":"preferred"}]}
{"id":"turf","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"maintain turf","type":"preferred"}]}
"#;

    /// A landscape gardener's line, whose skills are the groundsman's.
    const GARDENER_LINE: &str = "Landscape gardener: pruned plants and maintained turf.";

    #[test]
    fn a_heading_naming_an_occupation_outright_is_that_occupation() {
        let extractor = extractor_of(GARDENERS);
        let found = tagged_in(&extractor, GARDENER_LINE, "en");
        assert!(
            has(&found, "Landscape gardener", "landscape-gardener"),
            "{found:?}"
        );
        // A name the two share leaves the choice to the skills around it.
        let shared = extractor_of(&GARDENERS.replace(
            r#""text":"landscape gardener","type":"preferred""#,
            r#""text":"landscape gardener","type":"alternative"},{"lang":"en","text":"landscaper","type":"preferred""#,
        ));
        let found = tagged_in(&shared, GARDENER_LINE, "en");
        assert!(has(&found, "Landscape gardener", "groundsman"), "{found:?}");
    }

    #[test]
    fn a_heading_names_the_job_before_its_setting() {
        let nurses = r#"{"id":"nurse","kind":"occupation","labels":[{"lang":"fr","text":"infirmier de soins généraux","type":"preferred"},{"lang":"fr","text":"infirmier","type":"hidden"}],"skills":[{"id":"dressing","relation":"essential"}]}
{"id":"clinic-cleaner","kind":"occupation","labels":[{"lang":"fr","text":"agent d'entretien en clinique","type":"preferred"}]}
{"id":"dressing","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"pose de pansements","type":"preferred"}]}
{"id":"process-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur process","type":"preferred"}]}
{"id":"quality-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur qualité","type":"preferred"}]}
{"id":"methods-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur méthodes","type":"preferred"}]}
"#;
        let extractor = extractor_of(nurses);
        // The clinic names the place, not the job: the mention is the job's name.
        let found = tagged_in(
            &extractor,
            "Infirmière en clinique : pose de pansements.",
            "fr",
        );
        assert!(has(&found, "Infirmière", "nurse"), "{found:?}");
        assert!(
            !found.iter().any(|(_, id)| id == "clinic-cleaner"),
            "{found:?}"
        );
        // "Infirmière" is the nurse's own name: the heading names the job without the
        // document's help.
        let text = "Infirmière en clinique : horaires de jour.";
        let Heading {
            mention: heading,
            segment,
            ..
        } = extractor
            .heading(0, &FieldText::new(FieldRole::Text, text))
            .expect("a heading");
        assert_eq!(&text[heading.start..heading.end], "Infirmière");
        assert_eq!(&text[segment.0..segment.1], "Infirmière en clinique");
        assert!(!heading.needs_evidence);
        let found = tagged_in(&extractor, text, "fr");
        assert!(has(&found, "Infirmière", "nurse"), "{found:?}");
        // So is the name a hidden label gives, found without the title's shift.
        let found = tagged_in(
            &extractor,
            "Infirmière de nuit en clinique : horaires variables.",
            "fr",
        );
        assert!(has(&found, "Infirmière de nuit", "nurse"), "{found:?}");
        // A word many jobs' names share is no job's name alone: nothing below backs one.
        let found = tagged_in(
            &extractor,
            "Ingénieur en clinique : horaires de jour.",
            "fr",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_document_picks_a_heading_s_job_among_many_it_names_alike() {
        // "Chargée de clientèle télécom" names eight jobs equally; the duties below are the
        // call centre agent's, though the words rank it last.
        let mut jsonl = String::new();
        for field in [
            "bancaire",
            "entreprises",
            "particuliers",
            "assurances",
            "grands comptes",
            "patrimoniale",
            "immobilier",
        ] {
            jsonl.push_str(&format!(
                r#"{{"id":"{field}","kind":"occupation","labels":[{{"lang":"fr","text":"chargé de clientèle {field}","type":"preferred"}}]}}"#
            ));
            jsonl.push('\n');
        }
        jsonl.push_str(
            r#"{"id":"call-centre","kind":"occupation","labels":[{"lang":"fr","text":"téléconseiller en centre d'appels","type":"preferred"},{"lang":"fr","text":"chargé de clientèle à distance","type":"hidden"}],"skills":[{"id":"calls","relation":"essential"},{"id":"plans","relation":"essential"}]}
{"id":"calls","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"traitement des appels entrants","type":"preferred"},{"lang":"fr","text":"appels entrants","type":"hidden"}]}
{"id":"plans","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"vente de forfaits mobiles","type":"preferred"}]}
"#,
        );
        let extractor = extractor_of(&jsonl);
        let text = "Chargée de clientèle télécom : appels entrants et vente de forfaits mobiles.";
        let found = tagged_in(&extractor, text, "fr");
        assert!(
            has(&found, "Chargée de clientèle télécom", "call-centre"),
            "{found:?}"
        );
    }

    #[test]
    fn a_heading_names_the_job_whatever_shift_it_is_worked() {
        let extractor = extractor_of(
            r#"{"id":"nurse","kind":"occupation","labels":[{"lang":"fr","text":"infirmier","type":"preferred"},{"lang":"en","text":"nurse","type":"preferred"}]}
{"id":"film-extra","kind":"occupation","labels":[{"lang":"fr","text":"extra","type":"preferred"},{"lang":"fr","text":"figurant","type":"alternative"}]}
"#,
        );
        let found = tagged_in(&extractor, "Infirmière de nuit : horaires variables.", "fr");
        assert!(has(&found, "Infirmière de nuit", "nurse"), "{found:?}");
        let found = tagged_in(&extractor, "Night nurse: flexible hours.", "en");
        assert!(has(&found, "Night nurse", "nurse"), "{found:?}");
        // Without its shift, the heading is one word that is also an ordinary one (a
        // waiter's "extra"): only the document could say which.
        let found = tagged_in(&extractor, "Extra le week-end : service en salle.", "fr");
        assert!(found.is_empty(), "{found:?}");
        assert!(extractor.lone_homograph_with_shift("Extra le week-end"));
        assert!(!extractor.lone_homograph_with_shift("Extra"));
    }

    #[test]
    fn a_text_that_is_one_short_line_naming_a_job_is_that_job() {
        let extractor = extractor_of(
            r#"{"id":"electrician","kind":"occupation","labels":[{"lang":"fr","text":"électricien","type":"preferred"},{"lang":"en","text":"electrician","type":"preferred"}]}
{"id":"maintenance-technician","kind":"occupation","labels":[{"lang":"fr","text":"technicien de maintenance industrielle","type":"preferred"}]}
{"id":"industrial-maintenance","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"maintenance industrielle","type":"preferred"}]}
{"id":"heating","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"électricité","type":"preferred"}]}
{"id":"waiter","kind":"occupation","labels":[{"lang":"fr","text":"serveur","type":"preferred"}]}
{"id":"apprentice-electrician","kind":"occupation","labels":[{"lang":"fr","text":"apprenti électricien","type":"preferred"},{"lang":"fr","text":"électricien junior","type":"hidden"}]}
"#,
        );
        for (text, lang) in [
            ("Électricien", "fr"),
            ("Électricienne", "fr"),
            ("Electrician", "en"),
        ] {
            let found = tagged_in(&extractor, text, lang);
            assert_eq!(ids_of(&found), ["electrician"], "{text}: {found:?}");
        }
        // "serveuse" is also a machine in a sentence; a line that is only the word is the
        // job, as a title field's would be.
        let found = tagged_in(&extractor, "Serveuse", "fr");
        assert_eq!(ids_of(&found), ["waiter"], "{found:?}");
        let found = tagged_in(&extractor, "Elle a réparé la serveuse.", "fr");
        assert!(found.is_empty(), "{found:?}");
        // A label naming the whole line surely is its concept: titles drop "junior", labels
        // need not.
        let found = tagged_in(&extractor, "Électricien junior", "fr");
        assert_eq!(ids_of(&found), ["apprentice-electrician"], "{found:?}");
        // Only where it names the job outright: a skill sharing most of a job's words is the
        // skill.
        let found = tagged_in(&extractor, "maintenance industrielle", "fr");
        assert_eq!(ids_of(&found), ["industrial-maintenance"], "{found:?}");
        // A sentence or a list is no title.
        assert_eq!(lone_line("  Électricien "), Some((2, 14)));
        assert_eq!(lone_line("Électricien."), None);
        assert_eq!(lone_line("Chef de partie puis chef de projet"), None);
        assert_eq!(lone_line("Électricien, plombier"), None);
        assert_eq!(lone_line("Il est électricien. Il travaille"), None);
        assert_eq!(lone_line("Compétences"), None);
    }

    #[test]
    fn a_shared_name_goes_to_the_concept_it_is_the_preferred_name_of() {
        let extractor = extractor_of(
            r#"{"id":"sql","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"SQL","type":"preferred"}]}
{"id":"dbms","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"database management systems","type":"preferred"},{"lang":"en","text":"SQL","type":"alternative"}]}
{"id":"warehouse","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"data warehouse","type":"preferred"}]}
{"id":"dba","kind":"occupation","labels":[{"lang":"en","text":"database administrator","type":"preferred"}],"skills":[{"id":"dbms","relation":"essential"},{"id":"warehouse","relation":"essential"}]}
"#,
        );
        // The data warehouse goes with database systems, which "SQL" is also a name of.
        let found = tagged_in(&extractor, "Loaded the data warehouse with SQL.", "en");
        assert!(has(&found, "SQL", "sql"), "{found:?}");
    }

    #[test]
    fn an_action_is_not_its_agent() {
        let extractor = extractor_of(
            r#"{"id":"picker","kind":"occupation","labels":[{"lang":"fr","text":"préparateur de commandes","type":"preferred"}]}
{"id":"prepare-orders","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"préparer des commandes","type":"preferred"}]}
"#,
        );
        let found = tagged_in(
            &extractor,
            "En entrepôt : préparation des commandes et chargement.",
            "fr",
        );
        assert_eq!(ids_of(&found), ["prepare-orders"], "{found:?}");
        let found = tagged_in(&extractor, "Préparatrice de commandes en entrepôt.", "fr");
        assert_eq!(ids_of(&found), ["picker"], "{found:?}");
    }

    #[test]
    fn the_thing_a_job_deals_in_is_not_the_job() {
        // Stems join "conseil" and "conseiller", "consulting" and "consultant".
        let extractor = extractor_of(
            r#"{"id":"recruiter","kind":"occupation","labels":[{"lang":"fr","text":"conseiller en recrutement","type":"preferred"},{"lang":"en","text":"recruitment consultant","type":"preferred"}]}
"#,
        );
        assert_tags_nothing(
            &extractor,
            "fr",
            &["Missions de conseil en recrutement pour des PME."],
        );
        assert_tags_nothing(
            &extractor,
            "en",
            &["Ten years in recruitment consulting for banks."],
        );
        for (text, lang) in [
            ("Conseillère en recrutement dans un cabinet.", "fr"),
            ("Worked with two recruitment consultants.", "en"),
        ] {
            let found = tagged_in(&extractor, text, lang);
            assert_eq!(ids_of(&found), ["recruiter"], "{text}: {found:?}");
        }
    }

    #[test]
    fn a_one_word_job_after_words_naming_the_writer_s_job_is_the_job() {
        // "serveur" and "server" are also machines: alone, they need context.
        let extractor = extractor_of(
            r#"{"id":"waiter","kind":"occupation","labels":[{"lang":"fr","text":"serveur","type":"preferred"},{"lang":"en","text":"server","type":"hidden"}]}
{"id":"kitchen-assistant","kind":"occupation","labels":[{"lang":"fr","text":"commis cuisinier","type":"preferred"}]}
{"id":"cook","kind":"occupation","labels":[{"lang":"fr","text":"cuisinier","type":"preferred"}]}
"#,
        );
        for (text, lang) in [
            ("J'ai travaillé comme serveuse pendant deux ans.", "fr"),
            ("Je suis serveuse depuis 2019.", "fr"),
            ("Worked as a server in a busy brasserie.", "en"),
            ("I'm a server in a busy brasserie.", "en"),
        ] {
            let found = tagged_in(&extractor, text, lang);
            assert_eq!(ids_of(&found), ["waiter"], "{text}: {found:?}");
        }
        assert_tags_nothing(&extractor, "fr", &["Elle a géré deux serveuses."]);
        assert_tags_nothing(
            &extractor,
            "en",
            &["Configured the box as a server for the team."],
        );
        // So does a heading naming the writer's job, before its colon.
        for (text, lang) in [
            ("Expérience : serveuse dans une brasserie.", "fr"),
            ("Poste actuel : serveuse.", "fr"),
            ("Position: server at a busy brasserie.", "en"),
        ] {
            let found = tagged_in(&extractor, text, lang);
            assert_eq!(ids_of(&found), ["waiter"], "{text}: {found:?}");
        }
        let found = tagged_in(&extractor, "Matériel : serveur Dell.", "fr");
        assert!(found.is_empty(), "{found:?}");
        // "comme" is no "commis", though Snowball stems both "comm".
        let found = tagged_in(&extractor, "Elle a travaillé comme cuisinière.", "fr");
        assert_eq!(ids_of(&found), ["cook"], "{found:?}");
    }

    #[test]
    fn any_label_of_a_concept_that_analysis_reads_alike_may_be_the_one_met() {
        // Stems read "photographe d'illustrations" as "photographe illustratrice", a label of
        // the same job whose agent "illustratrice" would clash with the action
        // "illustrations".
        let extractor = extractor_of(
            r#"{"id":"illustrator","kind":"occupation","labels":[{"lang":"fr","text":"photographe illustratrice","type":"alternative"},{"lang":"fr","text":"photographe d'illustrations","type":"alternative"}]}
"#,
        );
        let key = extractor
            .matcher
            .find("photographe d'illustrations", Lang::Fr)
            .first()
            .expect("a match")
            .key;
        assert_eq!(extractor.matcher.hits(key).len(), 1);
        assert_eq!(
            extractor
                .matcher
                .other_labels_under(key, &extractor.matcher.hits(key)[0])
                .len(),
            1
        );
        let found = tagged_in(
            &extractor,
            "Elle a travaillé comme photographe d'illustrations pendant trois ans.",
            "fr",
        );
        assert_eq!(ids_of(&found), ["illustrator"], "{found:?}");
    }

    #[test]
    fn a_job_cue_counts_the_labels_of_the_word_as_written_not_of_its_stem() {
        // Snowball stems "chauffagiste" as "chauffage", a word of many labels; the job's
        // alternative name is still a rare word, and after "comme" the job. A word of many
        // labels as written ("agent") is not.
        let mut jsonl = String::from(
            r#"{"id":"heating-technician","kind":"occupation","labels":[{"lang":"fr","text":"technicien en chauffage","type":"preferred"},{"lang":"fr","text":"chauffagiste","type":"alternative"}]}
{"id":"auctioneer","kind":"occupation","labels":[{"lang":"fr","text":"commissaire-priseur","type":"preferred"},{"lang":"fr","text":"agent","type":"alternative"}]}
"#,
        );
        for (index, word) in ["chauffage", "agent"].iter().enumerate() {
            for n in 0..GENERIC_WORD_LABELS {
                jsonl.push_str(&format!(
                    r#"{{"id":"s{index}-{n}","kind":"skill","labels":[{{"lang":"fr","text":"{word} numéro {n}","type":"preferred"}}]}}"#
                ));
                jsonl.push('\n');
            }
        }
        let extractor = extractor_of(&jsonl);
        let found = tagged_in(
            &extractor,
            "Elle a travaillé comme chauffagiste pendant trois ans.",
            "fr",
        );
        assert_eq!(ids_of(&found), ["heating-technician"], "{found:?}");
        let found = tagged_in(
            &extractor,
            "Elle a travaillé comme agent pendant trois ans.",
            "fr",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_noun_is_not_the_noun_ment_makes_of_it() {
        // Snowball stems "équipe" and "équipement" alike, "paie" and "paiement".
        let extractor = extractor_of(
            r#"{"id":"manage-team","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"gérer une équipe de sécurité","type":"preferred"}]}
{"id":"manage-equipment","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"gérer les équipements de sécurité","type":"preferred"}]}
{"id":"payments","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"gestion des paiements","type":"preferred"}]}
"#,
        );
        let found = tagged_in(
            &extractor,
            "Gestion des équipements de sécurité puis gestion d'une équipe de sécurité.",
            "fr",
        );
        assert_eq!(
            ids_of(&found),
            ["manage-equipment", "manage-team"],
            "{found:?}"
        );
        let found = tagged_in(&extractor, "Gestion de la paie.", "fr");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_feminine_agent_in_eure_is_the_agent() {
        // "-eure" also ends action nouns such as "soudure".
        let extractor = extractor_of(
            r#"{"id":"quality-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur qualité","type":"preferred"}]}
"#,
        );
        let found = tagged_in(
            &extractor,
            "Elle a travaillé comme ingénieure qualité chez un équipementier.",
            "fr",
        );
        assert_eq!(ids_of(&found), ["quality-engineer"], "{found:?}");
    }

    #[test]
    fn a_heading_is_the_resolver_s_even_where_a_skill_shares_its_stems() {
        let extractor = extractor_of(
            r#"{"id":"operative","kind":"occupation","labels":[{"lang":"en","text":"warehouse worker","type":"preferred"},{"lang":"en","text":"warehouse operative","type":"alternative"}]}
{"id":"operations","kind":"skill","skill_type":"knowledge","labels":[{"lang":"en","text":"warehouse operations","type":"preferred"}]}
"#,
        );
        let found = tagged_in(&extractor, "Warehouse operative: night shifts.", "en");
        assert_eq!(ids_of(&found), ["operative"], "{found:?}");
    }

    /// An industrial cook, a skill it needs, and other jobs and skills that give words
    /// their weight.
    const COOKS: &str = r#"{"id":"industrial-cook","kind":"occupation","labels":[{"lang":"fr","text":"cuisinier industriel","type":"preferred"}],"skills":[{"id":"haccp","relation":"essential"}]}
{"id":"pastry","kind":"occupation","labels":[{"lang":"fr","text":"pâtissier","type":"preferred"}]}
{"id":"driver","kind":"occupation","labels":[{"lang":"fr","text":"chauffeur de bus","type":"preferred"}]}
{"id":"haccp","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"HACCP","type":"preferred"}]}
{"id":"knives","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"utiliser des couteaux","type":"preferred"}]}
"#;

    #[test]
    fn a_heading_partly_naming_a_job_needs_the_document_to_back_it() {
        let extractor = extractor_of(COOKS);
        // The heading followed by a French line.
        let tag =
            |heading: &str, line: &str| tagged_in(&extractor, &format!("{heading} : {line}"), "fr");
        let heading = "Cuisinier en collectivité";
        let resolved = extractor.resolve_heading(heading);
        let best = resolved.first().expect("resolved");
        assert!(
            (HEADING_WEAK_SCORE..HEADING_MIN_SCORE).contains(&best.fit),
            "{resolved:?}"
        );
        // Backed by a skill the job needs, it is tagged on the job's name, before the
        // setting ("en collectivité").
        let backed = tag(heading, "respect des règles HACCP.");
        assert!(has(&backed, "Cuisinier", "industrial-cook"), "{backed:?}");
        // Without them, the heading is not taken as naming the job.
        let alone = tag(heading, "utilisation des couteaux.");
        assert!(!ids_of(&alone).contains(&"industrial-cook"), "{alone:?}");
        // Where the resolver is unsure, a label inside the heading still names the job.
        let heading = "Cuisinier industriel en collectivité hospitalière publique régionale";
        let resolved = extractor.resolve_heading(heading);
        assert!(resolved[0].fit < HEADING_MIN_SCORE, "{resolved:?}");
        let found = tag(heading, "utilisation des couteaux.");
        assert!(
            has(&found, "Cuisinier industriel", "industrial-cook"),
            "{found:?}"
        );
    }

    #[test]
    fn a_word_of_a_heading_that_is_a_job_alone_does_not_replace_the_heading() {
        let extractor = extractor_of(
            r#"{"id":"cleaner","kind":"occupation","labels":[{"lang":"fr","text":"agent d'entretien d'immeubles de bureaux","type":"preferred"}],"skills":[{"id":"floors","relation":"essential"}]}
{"id":"sports-agent","kind":"occupation","labels":[{"lang":"fr","text":"agent sportif","type":"preferred"},{"lang":"fr","text":"agent","type":"alternative"}]}
{"id":"pool-cleaner","kind":"occupation","labels":[{"lang":"fr","text":"agent d'entretien de piscine","type":"preferred"}]}
{"id":"floors","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"nettoyage des sols","type":"preferred"}]}
{"id":"public","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"accueil du public","type":"preferred"}]}
"#,
        );
        let heading = "Agent d'entretien en collège";
        let resolved = extractor.resolve_heading(heading);
        assert!(resolved[0].fit < HEADING_MIN_SCORE, "{resolved:?}");
        // "Agent" alone is a job of the taxonomy, but the heading's partial match is the
        // better guess, and the document picks the cleaner.
        let found = tagged_in(
            &extractor,
            &format!("{heading} : nettoyage des sols."),
            "fr",
        );
        assert!(has(&found, "Agent d'entretien", "cleaner"), "{found:?}");
        // Without the document's backing, the partial name is no job.
        let found = tagged_in(&extractor, &format!("{heading} : accueil du public."), "fr");
        assert_eq!(ids_of(&found), ["public"], "{found:?}");
        // A title field names a job whatever the document says (here the one whose name
        // is closest, the pool's).
        let fields = [
            FieldText::new(FieldRole::Title, heading),
            FieldText::new(FieldRole::Text, "accueil du public"),
        ];
        let found = extractor.extract(&fields, "fr");
        assert!(
            found.iter().any(|m| m.surface == "Agent d'entretien"
                && extractor.taxonomy().concept(m.concept).kind == ConceptKind::Occupation),
            "{found:?}"
        );
    }

    #[test]
    fn a_skill_serving_people_serves_them_under_other_names() {
        const GREET: &str = r#"{"id":"greet","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"accueillir les clients","type":"preferred"}]}"#;
        const ADMIT: &str = r#"{"id":"admit","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"accueillir les patients","type":"preferred"}]}"#;
        let text = "Hôtesse : accueil des visiteurs, puis accueil des patients.";
        let found = tagged_in(&extractor_of(GREET), text, "fr");
        assert!(has(&found, "accueil des visiteurs", "greet"), "{found:?}");
        assert!(has(&found, "accueil des patients", "greet"), "{found:?}");
        // Another concept's own label stays its own, and what both labels would give
        // names neither.
        let found = tagged_in(&extractor_of(&format!("{GREET}\n{ADMIT}")), text, "fr");
        assert_eq!(
            found,
            [("accueil des patients".to_string(), "admit".to_string())]
        );
        // As matching reads labels: stems and all (a hidden name of another skill is its
        // own too).
        let admit = ADMIT
            .replace("accueillir les patients", "accueil de patients")
            .replace("preferred", "hidden");
        let found = tagged_in(&extractor_of(&format!("{GREET}\n{admit}")), text, "fr");
        assert!(has(&found, "accueil des patients", "admit"), "{found:?}");
        assert!(!has(&found, "accueil des patients", "greet"), "{found:?}");
    }

    #[test]
    fn a_skill_serving_people_names_them_last_and_cvs_leave_them_out() {
        const ORDERS: &str = r#"{"id":"orders","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"take food and beverage orders from customers","type":"preferred"}]}"#;
        const INFORM: &str = r#"{"id":"inform","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"provide information to passengers","type":"preferred"}]}"#;
        let extractor = extractor_of(&format!("{ORDERS}\n{INFORM}"));
        let found = tagged_in(
            &extractor,
            "Took food and beverage orders and provided information on the menu.",
            "en",
        );
        assert_eq!(
            found,
            [(
                "Took food and beverage orders".to_string(),
                "orders".to_string()
            )]
        );
        // Two skills that read the same without their people: the short form is neither's.
        const TABLE: &str = r#"{"id":"table","kind":"skill","skill_type":"skill","labels":[{"lang":"en","text":"take food and beverage orders from guests","type":"preferred"}]}"#;
        let found = tagged_in(
            &extractor_of(&format!("{ORDERS}\n{TABLE}")),
            "Took food and beverage orders.",
            "en",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn section_headings_and_lowercase_words_are_no_jobs() {
        let extractor = extractor_of(
            r#"{"id":"knowledge-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur connaissance","type":"preferred"},{"lang":"fr","text":"cogniticien","type":"alternative"}]}
{"id":"nurse","kind":"occupation","labels":[{"lang":"en","text":"state enrolled nurse","type":"preferred"},{"lang":"en","text":"SEN","type":"alternative"}]}
{"id":"stock","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"gérer des stocks","type":"preferred"}]}
{"id":"civil-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur civil","type":"preferred"}]}
{"id":"chemical-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur chimiste","type":"preferred"}]}
{"id":"agronomist","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur agronome","type":"preferred"}]}
{"id":"software-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur logiciel","type":"preferred"}]}
{"id":"quality-engineer","kind":"occupation","labels":[{"lang":"fr","text":"ingénieur qualité","type":"preferred"}]}
"#,
        );
        // A resolver would take the heading for the knowledge engineer.
        assert!(extractor.resolve_heading("Connaissances")[0].score >= HEADING_WEAK_SCORE);
        let found = tagged_in(
            &extractor,
            "Connaissances : gestion des stocks. Savoir-être : rigueur et sens du relationnel.",
            "fr",
        );
        assert_eq!(ids_of(&found), ["stock"], "{found:?}");
        // The same words as a job, and the acronym as written, still are.
        let found = tagged_in(&extractor, "Cogniticien : gestion des stocks.", "fr");
        assert!(ids_of(&found).contains(&"knowledge-engineer"), "{found:?}");
        let found = tagged_in(&extractor, "Worked as an SEN in a care home.", "en");
        assert!(ids_of(&found).contains(&"nurse"), "{found:?}");
        let found = tagged_in(&extractor, "Managed three SENs on a ward.", "en");
        assert!(ids_of(&found).contains(&"nurse"), "{found:?}");
        // A word opening a sentence is capitalised, not an acronym.
        let found = tagged_in(&extractor, "Sens of humour and of service.", "en");
        assert!(!ids_of(&found).contains(&"nurse"), "{found:?}");
    }

    #[test]
    fn a_heading_s_rival_needs_more_than_one_skill_of_its_own() {
        let extractor = extractor_of(
            r#"{"id":"waiter","kind":"occupation","labels":[{"lang":"fr","text":"serveur","type":"preferred"},{"lang":"fr","text":"serveur en brasserie","type":"hidden"}],"skills":[{"id":"serve","relation":"essential"}]}
{"id":"head-waiter","kind":"occupation","labels":[{"lang":"fr","text":"maître d'hôtel","type":"preferred"},{"lang":"fr","text":"serveur en chef de brasserie","type":"alternative"}],"skills":[{"id":"greet","relation":"essential"},{"id":"book","relation":"essential"}]}
{"id":"greet","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"accueillir les clients","type":"preferred"}]}
{"id":"book","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"gérer les réservations","type":"preferred"}]}
{"id":"serve","kind":"skill","skill_type":"skill","labels":[{"lang":"fr","text":"servir des boissons","type":"preferred"}]}
"#,
        );
        let heading = "Serveuse en brasserie";
        let resolved = extractor.resolve_heading(heading);
        assert!(
            resolved.len() == 2 && resolved[0].score > resolved[1].score + 0.2,
            "{resolved:?}"
        );
        let job = |line: &str| {
            let found = tagged_in(&extractor, &format!("{heading} : {line}"), "fr");
            found
                .into_iter()
                .find(|(surface, _)| surface == heading)
                .map(|(_, id)| id)
        };
        // One skill of the head waiter's does not outweigh how much better the heading
        // names the waiter; two do, and a skill of the waiter's then tips it back.
        assert_eq!(job("accueil des clients.").as_deref(), Some("waiter"));
        assert_eq!(
            job("accueil des clients, gestion des réservations.").as_deref(),
            Some("head-waiter")
        );
        assert_eq!(
            job("accueil des clients, gestion des réservations, servir des boissons.").as_deref(),
            Some("waiter")
        );
    }

    #[test]
    fn a_heading_naming_an_occupation_may_be_narrowed_down_by_the_document() {
        let extractor = extractor_of(
            r#"{"id":"developer","kind":"occupation","labels":[{"lang":"fr","text":"développeur","type":"preferred"}]}
{"id":"java-developer","kind":"occupation","labels":[{"lang":"fr","text":"développeur Java","type":"preferred"}],"broader":["developer"],"skills":[{"id":"java","relation":"essential"},{"id":"spring","relation":"essential"}]}
{"id":"java","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"Java","type":"preferred"}]}
{"id":"spring","kind":"skill","skill_type":"knowledge","labels":[{"lang":"fr","text":"Spring Boot","type":"preferred"}]}
"#,
        );
        let found = tagged_in(
            &extractor,
            "Développeur : programmation en Java et Spring Boot.",
            "fr",
        );
        assert!(has(&found, "Développeur", "java-developer"), "{found:?}");
        let found = tagged_in(&extractor, "Développeur : tests et recettes.", "fr");
        assert!(has(&found, "Développeur", "developer"), "{found:?}");
    }
}
