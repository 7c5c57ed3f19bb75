//! Top-k collection under any sort order, with cursors for deep pagination.
//!
//! Every sort is turned into one `f64` key where larger comes first (relevance: the score;
//! `updated_at`: the timestamp; `distance`: minus the distance), tied by the id hash in
//! ascending order. That total order is what makes a `search_after` cursor exact: a cursor
//! is the (key, id hash) of the last hit seen, and the next page holds the hits strictly
//! after it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};
use vivier_schema::geo::{haversine_km, GeoPoint};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Best score first.
    Relevance,
    /// Most recently updated first.
    UpdatedAt,
    /// Nearest first.
    Distance,
}

/// Position after which the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cursor {
    /// Sort key of the last hit.
    pub key: f64,
    /// Id hash of the last hit.
    pub id_hash: u64,
}

/// One collected hit.
#[derive(Debug, Clone, Copy)]
pub struct RankedHit {
    /// Sort key (larger first).
    pub key: f64,
    /// Tie-breaker.
    pub id_hash: u64,
    /// Where the document is.
    pub address: DocAddress,
    /// Relevance score (0 when the sort does not score).
    pub score: Score,
    /// Distance to the search point, when one was given and the document has a location.
    pub distance_km: Option<f64>,
}

impl RankedHit {
    /// Orders hits best first.
    fn rank_cmp(&self, other: &RankedHit) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
            .then(self.id_hash.cmp(&other.id_hash))
    }

    /// The score shown with the hit. By relevance, the key it was ranked by: the query's
    /// score plus the freshness and proximity bonuses, so that scores follow the order.
    pub fn shown_score(&self, sort: SortBy) -> Score {
        match sort {
            SortBy::Relevance => self.key as Score,
            SortBy::UpdatedAt | SortBy::Distance => self.score,
        }
    }

    fn is_after(&self, cursor: &Cursor) -> bool {
        match self.key.total_cmp(&cursor.key) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => self.id_hash > cursor.id_hash,
        }
    }
}

/// Heap entry: the heap's top is the worst kept hit.
struct Worst(RankedHit);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.rank_cmp(&other.0)
    }
}

/// Keeps the best `size` hits after an optional cursor.
pub struct TopHits {
    /// Hits to keep (offset + limit).
    pub size: usize,
    /// Sort order.
    pub sort: SortBy,
    /// Search point for distances.
    pub center: Option<GeoPoint>,
    /// Only hits strictly after this cursor are kept.
    pub after: Option<Cursor>,
    /// Relevance bonus of a document updated now, halving every 180 days.
    pub freshness: f32,
    /// Relevance bonus of a document at the search point, halving every 30 km.
    pub proximity: f32,
}

/// Days after which the freshness bonus halves.
const FRESHNESS_HALF_LIFE_DAYS: f64 = 180.0;
/// Kilometres after which the proximity bonus halves.
const PROXIMITY_HALF_LIFE_KM: f64 = 30.0;

impl Collector for TopHits {
    type Fruit = Vec<RankedHit>;
    type Child = TopHitsSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopHitsSegment> {
        let fast = reader.fast_fields();
        let coordinates = match self.center {
            Some(_) => match (
                fast.column_opt::<f64>("lat")?,
                fast.column_opt::<f64>("lon")?,
            ) {
                (Some(lat), Some(lon)) => Some((lat, lon)),
                _ => None,
            },
            None => None,
        };
        Ok(TopHitsSegment {
            segment,
            size: self.size,
            sort: self.sort,
            center: self.center,
            after: self.after,
            id_hash: fast.u64("id_hash")?,
            updated_at: fast.column_opt::<tantivy::DateTime>("updated_at")?,
            coordinates,
            freshness: f64::from(self.freshness),
            proximity: f64::from(self.proximity),
            now_micros: time::OffsetDateTime::now_utc().unix_timestamp() * 1_000_000,
            heap: BinaryHeap::with_capacity(self.size + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == SortBy::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Vec<RankedHit>>) -> tantivy::Result<Vec<RankedHit>> {
        let mut all: Vec<RankedHit> = fruits.into_iter().flatten().collect();
        all.sort_by(RankedHit::rank_cmp);
        all.truncate(self.size);
        Ok(all)
    }
}

/// Per-segment part of [`TopHits`].
pub struct TopHitsSegment {
    segment: SegmentOrdinal,
    size: usize,
    sort: SortBy,
    center: Option<GeoPoint>,
    after: Option<Cursor>,
    id_hash: Column<u64>,
    updated_at: Option<Column<tantivy::DateTime>>,
    coordinates: Option<(Column<f64>, Column<f64>)>,
    freshness: f64,
    proximity: f64,
    now_micros: i64,
    heap: BinaryHeap<Worst>,
}

impl TopHitsSegment {
    fn distance_km(&self, doc: DocId) -> Option<f64> {
        let center = self.center?;
        let (lat, lon) = self.coordinates.as_ref()?;
        let point = GeoPoint {
            lat: lat.first(doc)?,
            lon: lon.first(doc)?,
        };
        Some(haversine_km(center, point))
    }
}

impl TopHitsSegment {
    /// Freshness and proximity bonuses, exponential decays added to the relevance score.
    fn decays(&self, doc: DocId, distance_km: Option<f64>) -> f64 {
        let mut bonus = 0.0;
        if self.freshness > 0.0 {
            if let Some(updated) = self.updated_at.as_ref().and_then(|c| c.first(doc)) {
                let age_days =
                    (self.now_micros - updated.into_timestamp_micros()).max(0) as f64 / 86_400e6;
                bonus += self.freshness * 0.5f64.powf(age_days / FRESHNESS_HALF_LIFE_DAYS);
            }
        }
        if self.proximity > 0.0 {
            if let Some(km) = distance_km {
                bonus += self.proximity * 0.5f64.powf(km / PROXIMITY_HALF_LIFE_KM);
            }
        }
        bonus
    }
}

impl SegmentCollector for TopHitsSegment {
    type Fruit = Vec<RankedHit>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.size == 0 {
            return;
        }
        // The distance costs trigonometry: only computed for every document when it ranks
        // them, otherwise only for those that make the top.
        let ranks_by_distance = self.sort == SortBy::Distance || self.proximity > 0.0;
        let distance_km = if ranks_by_distance {
            self.distance_km(doc)
        } else {
            None
        };
        let key = match self.sort {
            SortBy::Relevance => f64::from(score) + self.decays(doc, distance_km),
            SortBy::UpdatedAt => self
                .updated_at
                .as_ref()
                .and_then(|column| column.first(doc))
                .map_or(f64::MIN, |date| date.into_timestamp_micros() as f64),
            // Documents without a location come last.
            SortBy::Distance => distance_km.map_or(f64::MIN, |km| -km),
        };
        // Most documents of a large result cannot enter a full top: reject them before
        // reading anything more (the id hash only breaks ties).
        if self.heap.len() >= self.size
            && self
                .heap
                .peek()
                .is_some_and(|worst| key.total_cmp(&worst.0.key) == Ordering::Less)
        {
            return;
        }
        let mut hit = RankedHit {
            key,
            id_hash: self.id_hash.first(doc).unwrap_or(0),
            address: DocAddress::new(self.segment, doc),
            score,
            distance_km,
        };
        if let Some(cursor) = &self.after {
            if !hit.is_after(cursor) {
                return;
            }
        }
        let enters = self.heap.len() < self.size
            || self
                .heap
                .peek()
                .is_some_and(|worst| hit.rank_cmp(&worst.0) == Ordering::Less);
        if !enters {
            return;
        }
        if !ranks_by_distance {
            hit.distance_km = self.distance_km(doc);
        }
        if self.heap.len() >= self.size {
            self.heap.pop();
        }
        self.heap.push(Worst(hit));
    }

    fn harvest(self) -> Vec<RankedHit> {
        self.heap.into_iter().map(|worst| worst.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(key: f64, id_hash: u64) -> RankedHit {
        RankedHit {
            key,
            id_hash,
            address: DocAddress::new(0, 0),
            score: 0.0,
            distance_km: None,
        }
    }

    #[test]
    fn best_first_then_id_hash() {
        let mut hits = [hit(1.0, 5), hit(2.0, 9), hit(1.0, 3)];
        hits.sort_by(RankedHit::rank_cmp);
        let order: Vec<u64> = hits.iter().map(|h| h.id_hash).collect();
        assert_eq!(order, vec![9, 3, 5]);
    }

    #[test]
    fn cursor_excludes_what_was_seen() {
        let cursor = Cursor {
            key: 1.0,
            id_hash: 3,
        };
        assert!(!hit(2.0, 1).is_after(&cursor));
        assert!(!hit(1.0, 3).is_after(&cursor));
        assert!(hit(1.0, 5).is_after(&cursor));
        assert!(hit(0.5, 0).is_after(&cursor));
    }
}
