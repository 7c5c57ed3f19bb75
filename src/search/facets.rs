//! Facet counts, computed with tantivy's aggregations on fast fields.

use serde::Serialize;
use serde_json::{json, Value};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::tokenizer::TokenizerManager;

use vivier_analyzers::taxonomy::Taxonomy;

use super::SearchError;

/// Facets a request may ask for.
pub const FACETS: &[&str] = &[
    "contract_types",
    "languages",
    "cities",
    "experience",
    "lang",
];

/// Experience buckets, in years: `[from, to)`.
const EXPERIENCE_BUCKETS: &[(Option<f64>, Option<f64>, &str)] = &[
    (None, Some(2.0), "0-2"),
    (Some(2.0), Some(5.0), "2-5"),
    (Some(5.0), Some(10.0), "5-10"),
    (Some(10.0), None, "10+"),
];

/// Values shown per facet at most.
const FACET_SIZE: u32 = 50;

/// One value of a facet and how many hits have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetValue {
    /// The value (`CDI`, `fr`, `Lyon`, `2-5`).
    pub value: String,
    /// Hits having it.
    pub count: u64,
    /// For concept facets: the concept's label in the request's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Builds the aggregation collector for the requested facets.
pub fn collector(names: &[String]) -> Result<Option<AggregationCollector>, SearchError> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut request = serde_json::Map::new();
    for name in names {
        let aggregation = match name.as_str() {
            "contract_types" | "languages" | "lang" => terms(name),
            "cities" => terms("city"),
            "skills" => terms("skill_ids"),
            "occupations" => terms("occupation_ids"),
            "experience" => {
                let ranges: Vec<Value> = EXPERIENCE_BUCKETS
                    .iter()
                    .map(|(from, to, key)| json!({"from": from, "to": to, "key": key}))
                    .collect();
                json!({"range": {"field": "years_experience", "ranges": ranges}})
            }
            other => {
                return Err(SearchError::InvalidRequest(format!(
                    "facets: unknown facet `{other}`, expected one of: {}",
                    FACETS.join(", ")
                )))
            }
        };
        request.insert(name.clone(), aggregation);
    }
    let aggregations: Aggregations = serde_json::from_value(Value::Object(request))
        .map_err(|err| SearchError::Internal(format!("facet request: {err}")))?;
    let context = AggContextParams::new(
        AggregationLimitsGuard::default(),
        TokenizerManager::default(),
    );
    Ok(Some(AggregationCollector::from_aggs(aggregations, context)))
}

fn terms(field: &str) -> Value {
    json!({"terms": {"field": field, "size": FACET_SIZE, "min_doc_count": 1}})
}

/// Turns aggregation results into `{facet: [{value, count, label?}]}`; concept facets get
/// labels from the taxonomy in `lang`.
pub fn to_facets(results: AggregationResults, taxonomy: Option<&Taxonomy>, lang: &str) -> Value {
    let raw = serde_json::to_value(results).unwrap_or(Value::Null);
    let mut facets = serde_json::Map::new();
    if let Value::Object(entries) = raw {
        for (name, result) in entries {
            let buckets = result
                .get("buckets")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let values: Vec<FacetValue> = buckets
                .iter()
                .filter_map(|bucket| {
                    let value = match bucket.get("key")? {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    let count = bucket.get("doc_count")?.as_u64()?;
                    let label = match (name.as_str(), taxonomy) {
                        ("skills" | "occupations", Some(taxonomy)) => taxonomy
                            .get(&value)
                            .map(|c| c.display_label(lang).to_string()),
                        _ => None,
                    };
                    Some(FacetValue {
                        value,
                        count,
                        label,
                    })
                })
                .collect();
            facets.insert(name, serde_json::to_value(values).unwrap_or(Value::Null));
        }
    }
    Value::Object(facets)
}
