//! Skills and occupation in a search: requested concepts, their resolution from labels, the
//! scoring queries, and the explanation of each hit.
//!
//! Score of a document (every part is computed by tantivy on postings; nothing is loaded):
//!
//! ```text
//! score = ranking.text       × BM25 of `q` over the analysed text fields / words of `q`
//!       + ranking.skills     × Σ over requested skills s of weight(s) × match(s)
//!       + ranking.occupation × match(occupation)
//! match(c) = the best of:
//!            BM25 of c's id in the document's concept field, where the term frequency is
//!            the document's evidence weight for c (1..=10: declared skill > title > passing
//!            mention, times confidence) and the idf makes rare concepts count more;
//!            0.5 × the same for one of c's broader and narrower concepts (partial credit);
//!            0.3 × the same for one skill essential to an occupation that needs c.
//! ```
//! A requested concept counts once, through its best evidence: partial credits are not
//! added up, or a document with several skills merely related to c (up to
//! `MAX_EXPANSIONS`) would outrank one that has c itself, and a skill with many relatives
//! would weigh more than the others.
//! Required skills are filters. Freshness and distance decays are added at collection time
//! (see `collector.rs`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;
use vivier_analyzers::normalize::normalize_label;
use vivier_analyzers::taxonomy::{ConceptIndex, ConceptKind, Relation, Taxonomy};
use vivier_schema::CollectionSchema;

use super::SearchError;

/// Share of a match through a broader or narrower concept.
const RELATED_CREDIT: f32 = 0.5;
/// Share of a match through a skill essential to the same occupation.
const SIBLING_CREDIT: f32 = 0.3;
/// Related concepts considered per requested concept.
const MAX_EXPANSIONS: usize = 12;

/// A requested skill: by id or by label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillRequest {
    /// Concept id.
    pub id: Option<String>,
    /// Label, resolved through the taxonomy.
    pub label: Option<String>,
    /// Importance (default 1).
    pub weight: Option<f32>,
    /// Only documents having it (exactly or through a related concept) match.
    #[serde(default)]
    pub required: bool,
}

/// Weights of the score parts.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ranking {
    /// Text relevance.
    pub text: f32,
    /// Skill match.
    pub skills: f32,
    /// Occupation match.
    pub occupation: f32,
    /// Bonus for recently updated documents (halves every 180 days).
    pub freshness: f32,
    /// Bonus for nearby documents (halves every 30 km), when a location is given.
    pub distance: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            text: 1.0,
            skills: 1.5,
            occupation: 2.0,
            freshness: 0.0,
            distance: 0.0,
        }
    }
}

/// Largest weight of a score part, as of a requested skill: with BM25 scores in the tens,
/// products stay far from `f32` overflow, where hits would get no score and no order.
pub const MAX_RANKING_WEIGHT: f32 = 100.0;

impl Ranking {
    /// Refuses a weight that is not a number from 0 to [`MAX_RANKING_WEIGHT`], naming it.
    pub fn check(&self) -> Result<(), SearchError> {
        let weights = [
            ("text", self.text),
            ("skills", self.skills),
            ("occupation", self.occupation),
            ("freshness", self.freshness),
            ("distance", self.distance),
        ];
        for (name, weight) in weights {
            if !(0.0..=MAX_RANKING_WEIGHT).contains(&weight) {
                return Err(SearchError::InvalidRequest(format!(
                    "ranking.{name}: between 0 and {MAX_RANKING_WEIGHT}"
                )));
            }
        }
        Ok(())
    }
}

/// A requested concept once resolved.
#[derive(Debug, Clone)]
pub struct Requested {
    /// The concept.
    pub concept: ConceptIndex,
    /// Its weight.
    pub weight: f32,
    /// Whether documents must have it.
    pub required: bool,
    /// Related concepts giving partial credit, with their share.
    pub related: Vec<(ConceptIndex, f32, &'static str)>,
}

/// Resolves a label to one concept of `kind`, using the query text to settle ambiguity.
pub fn resolve_label(
    taxonomy: &Taxonomy,
    label: &str,
    kind: ConceptKind,
    context: &str,
    path: &str,
) -> Result<ConceptIndex, SearchError> {
    let hits: Vec<ConceptIndex> = taxonomy
        .lookup(&normalize_label(label))
        .iter()
        .map(|hit| hit.concept)
        .filter(|&c| taxonomy.concept(c).kind == kind)
        .collect();
    match hits.as_slice() {
        [] => Err(SearchError::InvalidRequest(format!(
            "{path}: `{label}` is not a known {kind} label; use /taxonomy/resolve to find one"
        ))),
        [only] => Ok(*only),
        several => {
            // Context in the query (its words, the other skills) may settle it.
            let context_words: HashSet<String> = normalize_label(context)
                .split(' ')
                .filter(|w| w.len() > 2)
                .map(str::to_string)
                .collect();
            let overlap = |c: ConceptIndex| {
                let concept = taxonomy.concept(c);
                let text: Vec<&str> = concept
                    .labels
                    .iter()
                    .map(|l| l.text.as_str())
                    .chain(concept.descriptions.values().map(String::as_str))
                    .collect();
                normalize_label(&text.join(" "))
                    .split(' ')
                    .filter(|w| context_words.contains(*w))
                    .collect::<HashSet<_>>()
                    .len()
            };
            let mut scored: Vec<(usize, ConceptIndex)> =
                several.iter().map(|&c| (overlap(c), c)).collect();
            scored.sort_by_key(|entry| std::cmp::Reverse(entry.0));
            if scored[0].0 > 0 && scored[0].0 > scored[1].0 {
                return Ok(scored[0].1);
            }
            Err(SearchError::Ambiguous {
                message: format!("{path}: `{label}` names several concepts; give an id, or context in `q`"),
                candidates: several
                    .iter()
                    .map(|&c| {
                        let concept = taxonomy.concept(c);
                        json!({"id": concept.id, "kind": concept.kind, "label": concept.display_label("fr")})
                    })
                    .collect(),
            })
        }
    }
}

/// Resolves the requested skills of a search.
pub fn resolve_skills(
    taxonomy: &Taxonomy,
    skills: &[SkillRequest],
    context: &str,
) -> Result<Vec<Requested>, SearchError> {
    let mut resolved = Vec::with_capacity(skills.len());
    for (i, skill) in skills.iter().enumerate() {
        let path = format!("skills[{i}]");
        let concept = match (&skill.id, &skill.label) {
            (Some(id), _) => taxonomy.index_of(id).ok_or_else(|| {
                SearchError::InvalidRequest(format!("{path}.id: unknown concept `{id}`"))
            })?,
            (None, Some(label)) => {
                resolve_label(taxonomy, label, ConceptKind::Skill, context, &path)?
            }
            (None, None) => {
                return Err(SearchError::InvalidRequest(format!(
                    "{path}: give `id` or `label`"
                )))
            }
        };
        let weight = skill.weight.unwrap_or(1.0);
        if !(weight.is_finite() && weight > 0.0 && weight <= 100.0) {
            return Err(SearchError::InvalidRequest(format!(
                "{path}.weight: between 0 (excluded) and 100"
            )));
        }
        resolved.push(Requested {
            concept,
            weight,
            required: skill.required,
            related: related(taxonomy, concept),
        });
    }
    Ok(resolved)
}

/// Resolves the requested occupation (an id or a label).
pub fn resolve_occupation(
    taxonomy: &Taxonomy,
    occupation: &str,
    context: &str,
) -> Result<Requested, SearchError> {
    let concept = match taxonomy.index_of(occupation) {
        Some(index) => index,
        None => resolve_label(
            taxonomy,
            occupation,
            ConceptKind::Occupation,
            context,
            "occupation",
        )?,
    };
    Ok(Requested {
        concept,
        weight: 1.0,
        required: false,
        related: related(taxonomy, concept),
    })
}

/// Concepts giving partial credit for `concept`.
fn related(taxonomy: &Taxonomy, concept: ConceptIndex) -> Vec<(ConceptIndex, f32, &'static str)> {
    let mut out: Vec<(ConceptIndex, f32, &'static str)> = Vec::new();
    let mut seen = HashSet::from([concept]);
    let mut push = |c: ConceptIndex, credit: f32, via: &'static str, out: &mut Vec<_>| {
        if out.len() < MAX_EXPANSIONS && seen.insert(c) {
            out.push((c, credit, via));
        }
    };
    for &b in taxonomy.broader(concept) {
        push(b, RELATED_CREDIT, "broader", &mut out);
    }
    for &n in taxonomy.narrower(concept).iter().take(MAX_EXPANSIONS) {
        push(n, RELATED_CREDIT, "narrower", &mut out);
    }
    if taxonomy.concept(concept).kind == ConceptKind::Skill {
        // Skills essential to the occupations that need this one go with it.
        for &(occupation, relation) in taxonomy.needed_by(concept).iter().take(3) {
            if relation != Relation::Essential {
                continue;
            }
            for &(sibling, sibling_relation) in
                taxonomy.skills_of(occupation).iter().take(MAX_EXPANSIONS)
            {
                if sibling_relation == Relation::Essential {
                    push(sibling, SIBLING_CREDIT, "related", &mut out);
                }
            }
        }
    }
    out
}

fn concept_term(
    fields: &CollectionSchema,
    taxonomy: &Taxonomy,
    concept: ConceptIndex,
    weighted: bool,
) -> Term {
    let c = taxonomy.concept(concept);
    let field = match (c.kind, weighted) {
        (ConceptKind::Skill, true) => fields.skill_weights,
        (ConceptKind::Skill, false) => fields.skill_ids,
        (ConceptKind::Occupation, true) => fields.occupation_weights,
        (ConceptKind::Occupation, false) => fields.occupation_ids,
    };
    Term::from_field_text(field, &c.id)
}

/// The scoring query of one requested concept, and its filter if required.
pub fn concept_queries(
    fields: &CollectionSchema,
    taxonomy: &Taxonomy,
    requested: &Requested,
) -> (Box<dyn Query>, Option<Box<dyn Query>>) {
    let mut scoring: Vec<Box<dyn Query>> = vec![Box::new(TermQuery::new(
        concept_term(fields, taxonomy, requested.concept, true),
        IndexRecordOption::WithFreqs,
    ))];
    let mut accepted: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Should,
        Box::new(TermQuery::new(
            concept_term(fields, taxonomy, requested.concept, false),
            IndexRecordOption::Basic,
        )),
    )];
    for &(related, credit, _) in &requested.related {
        let term = TermQuery::new(
            concept_term(fields, taxonomy, related, true),
            IndexRecordOption::WithFreqs,
        );
        scoring.push(Box::new(BoostQuery::new(Box::new(term), credit)));
        if credit >= RELATED_CREDIT {
            let id = TermQuery::new(
                concept_term(fields, taxonomy, related, false),
                IndexRecordOption::Basic,
            );
            accepted.push((Occur::Should, Box::new(id)));
        }
    }
    // The best match, not the sum (see the module documentation).
    let best = DisjunctionMaxQuery::new(scoring);
    let query: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(best), requested.weight));
    let filter: Option<Box<dyn Query>> = requested
        .required
        .then(|| Box::new(BooleanQuery::new(accepted)) as Box<dyn Query>);
    (query, filter)
}

/// How one requested concept matched a document.
#[derive(Debug, Clone, Serialize)]
pub struct ConceptMatch {
    /// Requested concept id.
    pub id: String,
    /// Its label in the request's language.
    pub label: String,
    /// Requested weight.
    pub weight: f32,
    /// Whether it was required.
    pub required: bool,
    /// Whether the document has it or a related concept.
    pub matched: bool,
    /// `exact`, `broader`, `narrower` or `related`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'static str>,
    /// The concept of the document that matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    /// Where the document mentions it: `{field, value, start, end, confidence}`.
    pub evidence: Vec<Value>,
}

/// Explains how the requested concepts match a document whose concept ids and stored
/// mentions are given. Returns the matches and the share (0..1) of requested weight met.
pub fn explain_concepts(
    taxonomy: &Taxonomy,
    requested: &[Requested],
    doc_concepts: &HashSet<&str>,
    mentions: &[Value],
    lang: &str,
) -> (Vec<ConceptMatch>, f32) {
    let mut matches = Vec::with_capacity(requested.len());
    let mut met = 0.0;
    let mut total = 0.0;
    for r in requested {
        let concept = taxonomy.concept(r.concept);
        total += r.weight;
        let (via, matched_id, credit) = if doc_concepts.contains(concept.id.as_str()) {
            (Some("exact"), Some(concept.id.clone()), 1.0)
        } else {
            r.related
                .iter()
                .find(|(c, _, _)| doc_concepts.contains(taxonomy.concept(*c).id.as_str()))
                .map_or((None, None, 0.0), |(c, credit, via)| {
                    (Some(*via), Some(taxonomy.concept(*c).id.clone()), *credit)
                })
        };
        met += r.weight * credit;
        let evidence = matched_id
            .as_deref()
            .map(|id| {
                mentions
                    .iter()
                    .filter(|m| m["id"].as_str() == Some(id))
                    .map(|m| json!({"field": m["field"], "value": m["value"], "start": m["start"], "end": m["end"], "confidence": m["confidence"]}))
                    .collect()
            })
            .unwrap_or_default();
        matches.push(ConceptMatch {
            id: concept.id.clone(),
            label: concept.display_label(lang).to_string(),
            weight: r.weight,
            required: r.required,
            matched: via.is_some(),
            via,
            concept: matched_id,
            evidence,
        });
    }
    let share = if total > 0.0 { met / total } else { 0.0 };
    (matches, share)
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::tokenizer::{PreTokenizedString, Token};
    use tantivy::{Index, TantivyDocument};
    use vivier_analyzers::taxonomy::{Concept, TaxonomyBuilder};
    use vivier_schema::Collection;

    use super::*;

    /// A document tagged with `ids`, each at the strongest evidence weight.
    fn tagged(fields: &CollectionSchema, ids: &[&str]) -> TantivyDocument {
        let mut tokens = Vec::new();
        for id in ids {
            for _ in 0..10 {
                tokens.push(Token {
                    position: tokens.len(),
                    text: id.to_string(),
                    ..Token::default()
                });
            }
        }
        let mut document = TantivyDocument::default();
        document.add_pre_tokenized_text(
            fields.skill_weights,
            PreTokenizedString {
                text: String::new(),
                tokens,
            },
        );
        document
    }

    #[test]
    fn related_skills_do_not_add_up_beyond_the_skill_itself() {
        let mut builder = TaxonomyBuilder::new();
        builder.add(Concept::new("s:x", ConceptKind::Skill));
        for narrower in ["s:n1", "s:n2", "s:n3", "s:n4"] {
            builder.add(Concept::new(narrower, ConceptKind::Skill));
            builder.add_broader(narrower, "s:x");
        }
        let taxonomy = builder.build();
        let fields = CollectionSchema::new(Collection::Cvs);
        let index = Index::create_in_ram(fields.schema.clone());
        vivier_analyzers::Analyzers::build()
            .register(index.tokenizers(), vivier_schema::TEXT_TOKENIZER);
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        // The skill itself, and four of its narrower skills (each as rare as it).
        writer.add_document(tagged(&fields, &["s:x"])).expect("add");
        writer
            .add_document(tagged(&fields, &["s:n1", "s:n2", "s:n3", "s:n4"]))
            .expect("add");
        writer.commit().expect("commit");
        let request = SkillRequest {
            id: Some("s:x".into()),
            label: None,
            weight: None,
            required: false,
        };
        let requested = resolve_skills(&taxonomy, &[request], "").expect("resolved");
        assert_eq!(requested[0].related.len(), 4);
        let (query, _) = concept_queries(&fields, &taxonomy, &requested[0]);
        let searcher = index.reader().expect("reader").searcher();
        let top = searcher
            .search(&*query, &TopDocs::with_limit(2).order_by_score())
            .expect("search");
        assert_eq!(top.len(), 2, "the related document gets partial credit");
        assert_eq!(
            top[0].1.doc_id, 0,
            "the document with the skill itself ranks first"
        );
        // Partial credit is at most half a match (less for a longer document), not four
        // halves.
        assert!(top[1].0 <= RELATED_CREDIT * top[0].0 + 1e-4, "{top:?}");
    }
}
