//! Mention extraction and disambiguation.
//!
//! 1. Every label of the taxonomy is looked for in each field (longest match first).
//! 2. Each match gets candidates: every concept having that label.
//! 3. Each candidate is scored on its own: how it is named (preferred label, language), the
//!    field (titles favour occupations, declared skills favour skills), and how well the
//!    words around the mention fit its context profile.
//! 4. Candidates are then re-scored with the document's other mentions: an occupation is
//!    supported by skills it needs, a skill by occupations that need it and by skills that
//!    share a broader concept.
//! 5. A mention made of an ambiguous or ordinary word ("serveur", "Java", "Word") competes
//!    with "no concept": it is tagged only when the evidence beats an abstention threshold.
//!
//! Confidences are a softmax over the candidates (and the abstention, where it applies), so
//! they sum to one and say how clear-cut the choice was. Everything is deterministic.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::matcher::{LabelMatch, LabelMatcher};
use super::profile::Profiles;
use crate::analyzer::Analyzers;
use crate::lang::Lang;
use crate::normalize::{normalize_label, words, Word};
use crate::taxonomy::{ConceptIndex, ConceptKind, LabelHit, LabelType, Relation, Taxonomy};

const HOMOGRAPHS: &str = include_str!("../../data/homographs.txt");

/// Words on each side of a mention taken as its context.
const CONTEXT_WORDS: usize = 12;
/// Softmax temperature: lower makes confidences sharper.
const TEMPERATURE: f32 = 0.25;
/// Score the "no concept" option gets for a mention that needs evidence.
const ABSTAIN_SCORE: f32 = 0.55;
/// Extra score of an occupation whose label is the whole of a title field.
const WHOLE_TITLE_BONUS: f32 = 0.45;
/// Occupations and skills looked at per candidate when searching for co-needed skills.
const MAX_COOCCURRENCE_FANOUT: usize = 60;
/// Largest number of candidates kept per mention.
const MAX_CANDIDATES: usize = 8;

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
    homographs: HashSet<String>,
}

/// A match being decided.
struct Pending {
    field: usize,
    matched: LabelMatch,
    candidates: Vec<(ConceptIndex, f32)>,
    needs_evidence: bool,
    context: HashSet<u32>,
}

impl ConceptExtractor {
    /// Prepares extraction for a taxonomy.
    pub fn new(taxonomy: Arc<Taxonomy>) -> ConceptExtractor {
        let matcher = LabelMatcher::new(&taxonomy, Analyzers::build());
        let homographs: HashSet<String> = HOMOGRAPHS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(normalize_label)
            .collect();
        // Only concepts that may compete need a profile: those sharing a label, and those
        // named by a single word (which may be an ordinary word).
        let mut contested: HashSet<ConceptIndex> = HashSet::new();
        for (label, hits) in taxonomy.labels() {
            if hits.len() > 1 || !label.contains(' ') {
                contested.extend(hits.iter().map(|h| h.concept));
            }
        }
        contested.extend(matcher.contested());
        let profiles = Profiles::build(&taxonomy, contested);
        ConceptExtractor {
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

    /// Extracts the mentions of one free text.
    pub fn extract_text(&self, text: &str, lang: &str) -> Vec<Mention> {
        self.extract(
            &[FieldText {
                role: FieldRole::Text,
                text,
            }],
            lang,
        )
    }

    /// Extracts the mentions of a whole document; fields inform each other's choices.
    pub fn extract(&self, fields: &[FieldText<'_>], lang: &str) -> Vec<Mention> {
        let analysis_lang = lang.parse().unwrap_or(Lang::Other(*b"xx"));
        let mut pending = Vec::new();
        for (field_index, field) in fields.iter().enumerate() {
            let matches = self.matcher.find(field.text, analysis_lang);
            if matches.is_empty() {
                continue;
            }
            let context_words = words(field.text);
            for matched in matches {
                if let Some(p) = self.candidates(field_index, field, &context_words, matched, lang)
                {
                    pending.push(p);
                }
            }
        }
        let support = self.document_support(&pending);
        pending
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.decide(fields, p, &support[i]))
            .collect()
    }

    fn candidates(
        &self,
        field_index: usize,
        field: &FieldText<'_>,
        words: &[Word],
        matched: LabelMatch,
        lang: &str,
    ) -> Option<Pending> {
        let hits = self.matcher.hits(matched.key);
        if hits.is_empty() {
            return None;
        }
        let surface = &field.text[matched.start..matched.end];
        let single_word = matched.words == 1;
        let is_homograph = self.homographs.contains(&normalize_label(surface));
        // Very short words ("C", "R", "Go") only count when written as names.
        if single_word && surface.chars().count() <= 2 && !surface.chars().any(char::is_uppercase) {
            return None;
        }
        let declared = field.role == FieldRole::DeclaredSkill;
        let needs_evidence = !declared
            && (hits.len() > 1 || is_homograph || (single_word && surface.chars().count() <= 3));
        let before = words.iter().filter(|w| w.end <= matched.start).count();
        let after = words.iter().filter(|w| w.start >= matched.end).count();
        let first_after = words.len() - after;
        let context_words = words[before.saturating_sub(CONTEXT_WORDS)..before]
            .iter()
            .chain(words[first_after..].iter().take(CONTEXT_WORDS))
            .map(|w| w.text.as_str());
        let context = self.profiles.context_ids(context_words);
        // A title that is exactly an occupation's name says what the job is.
        let whole_title = field.role == FieldRole::Title && before == 0 && after == 0;
        let mut candidates: Vec<(ConceptIndex, f32)> = hits
            .iter()
            .map(|hit| {
                let mut score = self.prior(hit, field.role, lang) + self.fit(hit.concept, &context);
                if whole_title && self.taxonomy.concept(hit.concept).kind == ConceptKind::Occupation
                {
                    score += WHOLE_TITLE_BONUS;
                }
                (hit.concept, score)
            })
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        candidates.truncate(MAX_CANDIDATES);
        Some(Pending {
            field: field_index,
            matched,
            candidates,
            needs_evidence,
            context,
        })
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

    fn fit(&self, concept: ConceptIndex, context: &HashSet<u32>) -> f32 {
        // Scaled so that a context that clearly fits outweighs naming and field priors.
        1.5 * self.profiles.fit(concept, context)
    }

    /// For each pending mention, the support of each of its candidates from the other
    /// mentions of the document.
    fn document_support(&self, pending: &[Pending]) -> Vec<Vec<f32>> {
        // What the document is about, as far as the mentions tell: each mention's best
        // candidate, weighted by how sure it is before context from the others.
        let mut votes: HashMap<ConceptIndex, f32> = HashMap::new();
        for p in pending {
            let weight = if p.candidates.len() == 1 && !p.needs_evidence {
                1.0
            } else {
                0.5
            };
            if let Some(&(best, _)) = p.candidates.first() {
                let vote = votes.entry(best).or_insert(0.0);
                *vote = vote.max(weight);
            }
        }
        pending
            .iter()
            .map(|p| {
                p.candidates
                    .iter()
                    .map(|&(candidate, _)| self.support(candidate, &votes, p))
                    .collect()
            })
            .collect()
    }

    fn support(
        &self,
        candidate: ConceptIndex,
        votes: &HashMap<ConceptIndex, f32>,
        own: &Pending,
    ) -> f32 {
        let own_best = own.candidates.first().map(|c| c.0);
        let mut total = 0.0;
        let mut vote_of = |other: ConceptIndex, strength: f32| {
            if Some(other) == own_best && other != candidate {
                return;
            }
            if let Some(weight) = votes.get(&other) {
                if other != candidate {
                    total += weight * strength;
                }
            }
        };
        for &(skill, relation) in self.taxonomy.skills_of(candidate) {
            vote_of(skill, relation_strength(relation));
        }
        for &(occupation, relation) in self
            .taxonomy
            .needed_by(candidate)
            .iter()
            .take(MAX_COOCCURRENCE_FANOUT)
        {
            vote_of(occupation, relation_strength(relation));
            // Skills needed by the same occupation go together ("Java" with "Spring").
            for &(skill, _) in self
                .taxonomy
                .skills_of(occupation)
                .iter()
                .take(MAX_COOCCURRENCE_FANOUT)
            {
                vote_of(skill, 0.35);
            }
        }
        for &parent in self.taxonomy.broader(candidate) {
            vote_of(parent, 0.5);
            for &sibling in self.taxonomy.narrower(parent).iter().take(200) {
                vote_of(sibling, 0.3);
            }
        }
        for &child in self.taxonomy.narrower(candidate).iter().take(200) {
            vote_of(child, 0.5);
        }
        // Saturates: three related mentions are about as telling as ten.
        total.min(1.5) * 0.5
    }

    fn decide(&self, fields: &[FieldText<'_>], p: &Pending, support: &[f32]) -> Option<Mention> {
        let mut scored: Vec<(Option<ConceptIndex>, f32)> = p
            .candidates
            .iter()
            .zip(support)
            .map(|(&(concept, score), &extra)| (Some(concept), score + extra))
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
        let (Some(chosen), confidence) = ranked[0] else {
            return None;
        };
        let _ = &p.context;
        let alternatives = ranked[1..]
            .iter()
            .filter_map(|(concept, confidence)| concept.map(|c| (c, *confidence)))
            .collect();
        let text = fields[p.field].text;
        Some(Mention {
            field: p.field,
            start: p.matched.start,
            end: p.matched.end,
            surface: text[p.matched.start..p.matched.end].to_string(),
            concept: chosen,
            confidence,
            alternatives,
        })
    }
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
    fn declared_skills_and_titles_are_trusted() {
        let extractor = extractor();
        let fields = [
            FieldText {
                role: FieldRole::Title,
                text: "Serveur",
            },
            FieldText {
                role: FieldRole::DeclaredSkill,
                text: "Java",
            },
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
}
