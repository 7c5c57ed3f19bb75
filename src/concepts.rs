//! The taxonomy as the service uses it: loaded from configured sources, with its extractor
//! and resolver, and the JSON shapes shared by the HTTP API and the command line.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use serde_json::{json, Value};
use tracing::info;
use vivier_analyzers::concepts::{Candidate, ConceptExtractor, Mention, Resolver};
use vivier_analyzers::taxonomy::source::{load_sources, shared_builtin};
use vivier_analyzers::taxonomy::{Concept, ConceptKind, Taxonomy};

/// A taxonomy with everything needed to use it.
pub struct Concepts {
    /// The concepts.
    pub taxonomy: Arc<Taxonomy>,
    /// Mention extraction (shared with the indexers); it also owns the resolver.
    pub extractor: Arc<ConceptExtractor>,
}

impl std::fmt::Debug for Concepts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Concepts")
            .field("concepts", &self.taxonomy.len())
            .finish()
    }
}

impl Concepts {
    /// Loads the taxonomy from `sources` (the built-in one when empty) and prepares it.
    pub fn load(sources: &[PathBuf]) -> anyhow::Result<Concepts> {
        let started = Instant::now();
        let taxonomy = if sources.is_empty() {
            shared_builtin()
        } else {
            Arc::new(load_sources(sources)?)
        };
        let concepts = Concepts::from_taxonomy(taxonomy);
        info!(
            concepts = concepts.taxonomy.len(),
            millis = started.elapsed().as_millis() as u64,
            "taxonomy loaded"
        );
        Ok(concepts)
    }

    /// Prepares an already built taxonomy.
    pub fn from_taxonomy(taxonomy: Arc<Taxonomy>) -> Concepts {
        Concepts {
            extractor: Arc::new(ConceptExtractor::new(taxonomy.clone())),
            taxonomy,
        }
    }

    /// Returns the short-text resolver (job titles, skills as typed, completions).
    pub fn resolver(&self) -> &Resolver {
        self.extractor.resolver()
    }

    /// Returns resolution candidates as JSON.
    pub fn candidates_json(&self, candidates: &[Candidate], lang: &str) -> Vec<CandidateJson> {
        candidates
            .iter()
            .map(|candidate| {
                let concept = self.taxonomy.concept(candidate.concept);
                CandidateJson {
                    id: concept.id.clone(),
                    kind: concept.kind,
                    label: concept.display_label(lang).to_string(),
                    score: round(candidate.score),
                }
            })
            .collect()
    }

    /// Returns mentions as JSON, with character offsets into `text`.
    pub fn mentions_json(&self, text: &str, mentions: &[Mention], lang: &str) -> Vec<Value> {
        mentions
            .iter()
            .map(|mention| {
                let concept = self.taxonomy.concept(mention.concept);
                let alternatives: Vec<Value> = mention
                    .alternatives
                    .iter()
                    .map(|(index, confidence)| {
                        let alternative = self.taxonomy.concept(*index);
                        json!({
                            "id": alternative.id,
                            "kind": alternative.kind,
                            "label": alternative.display_label(lang),
                            "confidence": round(*confidence),
                        })
                    })
                    .collect();
                json!({
                    "start": char_offset(text, mention.start),
                    "end": char_offset(text, mention.end),
                    "surface": mention.surface,
                    "id": concept.id,
                    "kind": concept.kind,
                    "label": concept.display_label(lang),
                    "confidence": round(mention.confidence),
                    "alternatives": alternatives,
                })
            })
            .collect()
    }

    /// Returns a concept with its labels and relations as JSON.
    pub fn concept_json(&self, concept: &Concept, lang: &str) -> Value {
        let index = self.taxonomy.index_of(&concept.id);
        let brief = |i: &u32| {
            let other = self.taxonomy.concept(*i);
            json!({"id": other.id, "kind": other.kind, "label": other.display_label(lang)})
        };
        let (broader, narrower, skills, occupations) = match index {
            Some(index) => (
                self.taxonomy
                    .broader(index)
                    .iter()
                    .map(brief)
                    .collect::<Vec<_>>(),
                self.taxonomy
                    .narrower(index)
                    .iter()
                    .map(brief)
                    .collect::<Vec<_>>(),
                self.taxonomy
                    .skills_of(index)
                    .iter()
                    .map(|(s, relation)| {
                        let mut value = brief(s);
                        value["relation"] = json!(relation);
                        value
                    })
                    .collect::<Vec<_>>(),
                self.taxonomy
                    .needed_by(index)
                    .iter()
                    .map(|(o, relation)| {
                        let mut value = brief(o);
                        value["relation"] = json!(relation);
                        value
                    })
                    .collect::<Vec<_>>(),
            ),
            None => Default::default(),
        };
        json!({
            "id": concept.id,
            "kind": concept.kind,
            "skill_type": concept.skill_type,
            "label": concept.display_label(lang),
            "labels": concept.labels,
            "descriptions": concept.descriptions,
            "broader": broader,
            "narrower": narrower,
            "skills": skills,
            "occupations": occupations,
        })
    }
}

/// A resolution candidate on the wire.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateJson {
    /// Concept id.
    pub id: String,
    /// Occupation or skill.
    pub kind: ConceptKind,
    /// Label in the request's language.
    pub label: String,
    /// Similarity in 0..1.
    pub score: f32,
}

fn round(value: f32) -> f32 {
    (value * 1000.0).round() / 1000.0
}

/// Converts a byte offset into a character offset.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |prefix| prefix.chars().count())
}
