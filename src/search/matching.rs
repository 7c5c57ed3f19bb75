//! Matching: the CVs that fit an offer, the offers that fit a CV.
//!
//! A match is a hybrid search built from the source document: its resolved skills (an
//! offer's required skills weigh 2, its optional ones 1, skills only mentioned in its text
//! 0.5; a CV's declared skills 1.5, skills from its experience 1), its occupation (the best
//! occupation found in its titles), and filters from its location (with the candidate's
//! mobility), contract types, and for offers the experience and languages asked. The title's words are searched too,
//! at a low weight, so that a document whose concepts the taxonomy does not know still
//! matches on words.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};
use vivier_schema::{AnyDocument, Collection};

use super::filters::{Filters, LocationFilter, NumberRange};
use super::hybrid::{Ranking, SkillRequest};
use super::SearchRequest;

/// Radius around an offer within which candidates are sought, beyond their own mobility.
const OFFER_RADIUS_KM: f64 = 30.0;
/// Radius around a CV when the candidate gave no mobility.
const DEFAULT_MOBILITY_KM: f64 = 20.0;
/// Requested skills at most (the strongest first).
const MAX_SKILLS: usize = 15;

/// Options of a match request besides the source document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchOptions {
    /// The source document inline, instead of one stored under the path's id.
    pub document: Option<Value>,
    /// Extra filters, merged over those taken from the source document.
    pub filters: Option<Filters>,
    /// Hits per page.
    pub limit: Option<usize>,
    /// Hits to skip.
    pub offset: Option<usize>,
    /// Cursor from a previous answer.
    pub search_after: Option<String>,
    /// Weights of the score parts.
    pub ranking: Option<Ranking>,
    /// Explain each hit (default true).
    pub explain: Option<bool>,
    /// Facets to count.
    #[serde(default)]
    pub facets: Vec<String>,
    /// Ignore the source's location.
    #[serde(default)]
    pub anywhere: bool,
}

/// A concept of the source document with the weight it gets in the match.
fn weighted_concepts(
    mentions: &[Value],
    weight_of: impl Fn(&Value) -> Option<f32>,
) -> BTreeMap<String, f32> {
    let mut weights: BTreeMap<String, f32> = BTreeMap::new();
    for mention in mentions {
        let (Some(id), Some(weight)) = (mention["id"].as_str(), weight_of(mention)) else {
            continue;
        };
        let confidence = mention["confidence"].as_f64().unwrap_or(1.0) as f32;
        let entry = weights.entry(id.to_string()).or_insert(0.0);
        *entry = entry.max(weight * confidence.max(0.3));
    }
    weights
}

/// Builds the search of `target` that matches `source`.
pub fn match_request(
    source: &AnyDocument,
    mentions: &[Value],
    is_skill: impl Fn(&str) -> Option<bool>,
    options: &MatchOptions,
) -> SearchRequest {
    let mut filters = Filters::default();
    let (skill_weights, occupation, title) = match source {
        AnyDocument::Offer(offer) => {
            let required_count = offer.skills_required.len() as u64;
            let weights = weighted_concepts(mentions, |m| {
                let skill = is_skill(m["id"].as_str()?)?;
                if !skill {
                    return None;
                }
                Some(match (m["field"].as_str(), m["value"].as_u64()) {
                    (Some("skills"), Some(v)) if v < required_count => 2.0,
                    (Some("skills"), _) => 1.0,
                    _ => 0.5,
                })
            });
            if !options.anywhere {
                if let Some(location) = &offer.location {
                    if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
                        filters.location = Some(LocationFilter {
                            lat: Some(lat),
                            lon: Some(lon),
                            postal_code: None,
                            radius_km: OFFER_RADIUS_KM,
                        });
                    } else if let Some(postal_code) = &location.postal_code {
                        filters.location = Some(LocationFilter {
                            lat: None,
                            lon: None,
                            postal_code: Some(postal_code.clone()),
                            radius_km: OFFER_RADIUS_KM,
                        });
                    }
                }
            }
            if let Some(contract) = offer.contract_type {
                filters.contract_types = vec![contract.as_str().to_string()];
            }
            if let Some(years) = offer.experience_years_min.filter(|y| *y >= 1.0) {
                // One year short is still worth a look.
                filters.years_experience = Some(NumberRange {
                    min: Some(years - 1.0),
                    max: None,
                });
            }
            filters.languages = offer.languages.iter().map(|l| l.code.clone()).collect();
            (
                weights,
                best_occupation(mentions, &is_skill),
                offer.title.clone().unwrap_or_default(),
            )
        }
        AnyDocument::Cv(cv) => {
            let weights = weighted_concepts(mentions, |m| {
                if !is_skill(m["id"].as_str()?)? {
                    return None;
                }
                Some(match m["field"].as_str() {
                    Some("skills") => 1.5,
                    _ => 1.0,
                })
            });
            if !options.anywhere {
                if let Some(location) = &cv.location {
                    let radius_km = cv
                        .mobility_km
                        .filter(|m| *m > 0.0)
                        .unwrap_or(DEFAULT_MOBILITY_KM);
                    if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
                        filters.location = Some(LocationFilter {
                            lat: Some(lat),
                            lon: Some(lon),
                            postal_code: None,
                            radius_km,
                        });
                    }
                }
            }
            filters.contract_types = cv
                .contract_types
                .iter()
                .map(|c| c.as_str().to_string())
                .collect();
            // No experience filter here: an offer that states no minimum is open to all, and a
            // range filter would drop it.
            (
                weights,
                best_occupation(mentions, &is_skill),
                cv.headline.clone().unwrap_or_default(),
            )
        }
    };
    let mut strongest: Vec<(String, f32)> = skill_weights.into_iter().collect();
    strongest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    strongest.truncate(MAX_SKILLS);
    let skills = strongest
        .into_iter()
        .map(|(id, weight)| SkillRequest {
            id: Some(id),
            label: None,
            weight: Some(weight),
            required: false,
        })
        .collect();
    if let Some(extra) = &options.filters {
        merge_filters(&mut filters, extra);
    }
    let ranking = options.ranking.unwrap_or(Ranking {
        text: 0.3,
        ..Ranking::default()
    });
    SearchRequest {
        q: words_query(&title),
        filters,
        facets: options.facets.clone(),
        limit: options.limit,
        offset: options.offset,
        search_after: options.search_after.clone(),
        skills,
        occupation,
        ranking: Some(ranking),
        explain: options.explain.unwrap_or(true),
        ..SearchRequest::default()
    }
}

/// The occupation most confidently found in a title field.
fn best_occupation(mentions: &[Value], is_skill: &impl Fn(&str) -> Option<bool>) -> Option<String> {
    mentions
        .iter()
        .filter(|m| matches!(m["field"].as_str(), Some("title" | "headline")))
        .filter(|m| m["id"].as_str().and_then(is_skill) == Some(false))
        .max_by(|a, b| {
            let confidence = |m: &Value| m["confidence"].as_f64().unwrap_or(0.0);
            confidence(a).total_cmp(&confidence(b))
        })
        .and_then(|m| m["id"].as_str().map(str::to_string))
}

/// The words of a title as an OR query, free of query syntax.
fn words_query(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "and" | "not" | "or"))
        .collect();
    words.join(" OR ")
}

fn merge_filters(into: &mut Filters, extra: &Filters) {
    if !extra.contract_types.is_empty() {
        into.contract_types = extra.contract_types.clone();
    }
    if !extra.languages.is_empty() {
        into.languages = extra.languages.clone();
    }
    if extra.years_experience.is_some() {
        into.years_experience = extra.years_experience;
    }
    if extra.updated_since.is_some() {
        into.updated_since = extra.updated_since.clone();
    }
    if extra.location.is_some() {
        into.location = extra.location.clone();
    }
    if extra.salary.is_some() {
        into.salary = extra.salary;
    }
}

/// The collection a match searches.
pub fn target_of(source: Collection) -> Collection {
    match source {
        Collection::Cvs => Collection::Offers,
        Collection::Offers => Collection::Cvs,
    }
}

/// A short description of what the match looked for, returned with the hits.
pub fn describe(request: &SearchRequest) -> Value {
    json!({
        "q": request.q,
        "skills": request.skills.iter().map(|s| json!({"id": s.id, "weight": s.weight})).collect::<Vec<_>>(),
        "occupation": request.occupation,
        "filters": {
            "contract_types": request.filters.contract_types,
            "languages": request.filters.languages,
            "years_experience": request.filters.years_experience.map(|r| json!({"min": r.min, "max": r.max})),
            "location": request.filters.location.as_ref().map(|l| json!({"lat": l.lat, "lon": l.lon, "postal_code": l.postal_code, "radius_km": l.radius_km})),
        },
    })
}
