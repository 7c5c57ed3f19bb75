//! Facet counts over the hits, read from fast-field columns.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use vivier_analyzers::taxonomy::Taxonomy;

use super::SearchError;

/// Facets a request may ask for, and what each counts.
const FACETS: &[(&str, FacetKind)] = &[
    ("contract_types", FacetKind::Terms("contract_types")),
    ("languages", FacetKind::Terms("languages")),
    ("cities", FacetKind::Terms("city")),
    ("experience", FacetKind::Experience),
    ("lang", FacetKind::Terms("lang")),
    ("skills", FacetKind::Terms("skill_ids")),
    ("occupations", FacetKind::Terms("occupation_ids")),
];

/// Experience buckets, in years: `[from, to)`.
const EXPERIENCE_BUCKETS: &[(Option<f64>, Option<f64>, &str)] = &[
    (None, Some(2.0), "0-2"),
    (Some(2.0), Some(5.0), "2-5"),
    (Some(5.0), Some(10.0), "5-10"),
    (Some(10.0), None, "10+"),
];

/// Values shown per facet at most.
const FACET_SIZE: usize = 50;

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

/// What one facet counts.
#[derive(Debug, Clone, Copy)]
enum FacetKind {
    /// Documents per value of a string fast field.
    Terms(&'static str),
    /// Documents per experience bucket.
    Experience,
}

/// Counts facet values over the hits, straight from the fast-field columns.
///
/// tantivy's generic aggregations cost about 25 ns per document and facet (request
/// parsing, per-document dynamic dispatch, value deduplication); a facet over a million
/// hits is what recruiters do by default, so each facet here is a plain count per term
/// ordinal or bucket, resolved to strings once per segment.
#[derive(Debug, Clone)]
pub struct FacetCollector {
    facets: Vec<(String, FacetKind)>,
}

/// Builds the collector for the requested facets; `None` when none is asked for.
pub fn collector(names: &[String]) -> Result<Option<FacetCollector>, SearchError> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut facets = Vec::with_capacity(names.len());
    for name in names {
        let Some((_, kind)) = FACETS.iter().find(|(known, _)| known == name) else {
            let known: Vec<&str> = FACETS.iter().map(|(known, _)| *known).collect();
            return Err(SearchError::InvalidRequest(format!(
                "facets: unknown facet `{name}`, expected one of: {}",
                known.join(", ")
            )));
        };
        if !facets.iter().any(|(seen, _)| seen == name) {
            facets.push((name.clone(), *kind));
        }
    }
    Ok(Some(FacetCollector { facets }))
}

/// Counts of one facet: value -> documents.
pub type FacetCounts = Vec<(String, HashMap<String, u64>)>;

/// One facet's column in a segment.
enum SegmentFacet {
    Terms {
        column: Option<StrColumn>,
        counts: Vec<u64>,
    },
    Experience {
        column: Option<Column<f64>>,
        counts: [u64; EXPERIENCE_BUCKETS.len()],
    },
}

/// Per-segment part of [`FacetCollector`].
pub struct FacetSegment {
    facets: Vec<(String, SegmentFacet)>,
    ords: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        let mut facets = Vec::with_capacity(self.facets.len());
        for (name, kind) in &self.facets {
            let facet = match kind {
                FacetKind::Terms(field) => {
                    let column = fast.str(field)?;
                    let terms = column.as_ref().map_or(0, |c| c.num_terms());
                    SegmentFacet::Terms {
                        column,
                        counts: vec![0; terms],
                    }
                }
                FacetKind::Experience => SegmentFacet::Experience {
                    column: fast.column_opt::<f64>("years_experience")?,
                    counts: [0; EXPERIENCE_BUCKETS.len()],
                },
            };
            facets.push((name.clone(), facet));
        }
        Ok(FacetSegment {
            facets,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged: FacetCounts = self
            .facets
            .iter()
            .map(|(name, _)| (name.clone(), HashMap::new()))
            .collect();
        for fruit in fruits {
            for ((_, into), (_, counts)) in merged.iter_mut().zip(fruit) {
                for (value, count) in counts {
                    *into.entry(value).or_insert(0) += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, facet) in &mut self.facets {
            match facet {
                SegmentFacet::Terms {
                    column: Some(column),
                    counts,
                } => {
                    self.ords.clear();
                    self.ords.extend(column.term_ords(doc));
                    // A document counts once per value, however often it lists it.
                    if self.ords.len() > 1 {
                        self.ords.sort_unstable();
                        self.ords.dedup();
                    }
                    for &ord in &self.ords {
                        counts[ord as usize] += 1;
                    }
                }
                SegmentFacet::Experience {
                    column: Some(column),
                    counts,
                } => {
                    if let Some(years) = column.first(doc) {
                        if let Some(bucket) = experience_bucket(years) {
                            counts[bucket] += 1;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        self.facets
            .into_iter()
            .map(|(name, facet)| {
                let mut values = HashMap::new();
                match facet {
                    SegmentFacet::Terms {
                        column: Some(column),
                        counts,
                    } => {
                        // Ordinals in order, resolved in one pass over the dictionary:
                        // one lookup each would decompress a dictionary block each.
                        let (ords, counts): (Vec<u64>, Vec<u64>) = counts
                            .into_iter()
                            .enumerate()
                            .filter(|(_, count)| *count > 0)
                            .map(|(ord, count)| (ord as u64, count))
                            .unzip();
                        let mut counts = counts.into_iter();
                        let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                            if let (Some(count), Ok(text)) =
                                (counts.next(), std::str::from_utf8(term))
                            {
                                values.insert(text.to_string(), count);
                            }
                        });
                    }
                    SegmentFacet::Experience { counts, .. } => {
                        for ((_, _, key), count) in EXPERIENCE_BUCKETS.iter().zip(counts) {
                            values.insert((*key).to_string(), count);
                        }
                    }
                    SegmentFacet::Terms { column: None, .. } => {}
                }
                (name, values)
            })
            .collect()
    }
}

/// Index of the experience bucket `years` falls in.
fn experience_bucket(years: f64) -> Option<usize> {
    EXPERIENCE_BUCKETS.iter().position(|(from, to, _)| {
        from.is_none_or(|from| years >= from) && to.is_none_or(|to| years < to)
    })
}

/// Turns counts into `{facet: [{value, count, label?}]}` in the order asked: the most
/// frequent values first (ties by value), at most `FACET_SIZE`; experience buckets in
/// their natural order, empty ones included. Concept facets get labels from the taxonomy
/// in `lang`.
pub fn to_facets(counts: FacetCounts, taxonomy: Option<&Taxonomy>, lang: &str) -> Value {
    let mut facets = serde_json::Map::new();
    for (name, values) in counts {
        let mut values: Vec<(String, u64)> = if name == "experience" {
            EXPERIENCE_BUCKETS
                .iter()
                .map(|(_, _, key)| (key.to_string(), values.get(*key).copied().unwrap_or(0)))
                .collect()
        } else {
            let mut values: Vec<(String, u64)> = values.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(FACET_SIZE);
            values
        };
        let values: Vec<FacetValue> = values
            .drain(..)
            .map(|(value, count)| {
                let label = match (name.as_str(), taxonomy) {
                    ("skills" | "occupations", Some(taxonomy)) => taxonomy
                        .get(&value)
                        .map(|c| c.display_label(lang).to_string()),
                    _ => None,
                };
                FacetValue {
                    value,
                    count,
                    label,
                }
            })
            .collect();
        facets.insert(name, serde_json::to_value(values).unwrap_or(Value::Null));
    }
    Value::Object(facets)
}
