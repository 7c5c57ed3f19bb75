//! A radius filter on the `lat`/`lon` fast fields, as a tantivy query.
//!
//! tantivy has no geo index. Per segment, the latitude column yields the documents of the
//! bounding box's latitude band in bulk; their longitudes are checked against the box, and
//! the distance to the centre decides the rest ([`DistanceProbe`]: exact, mostly without
//! trigonometry).
//! For CVs, a candidate also matches when the search point lies within their own
//! `mobility_km`, so the box is widened to the segment's largest mobility.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader};
use vivier_schema::geo::{BoundingBox, DistanceProbe, GeoPoint};

/// Documents whose coordinates are read at once.
const CHUNK: usize = 1024;

/// Documents within `radius_km` of `center` (or whose mobility reaches `center`).
#[derive(Debug, Clone)]
pub struct GeoRadiusQuery {
    /// Search point.
    pub center: GeoPoint,
    /// Search radius in kilometres.
    pub radius_km: f64,
    /// Name of the fast field holding each document's own reach, if any.
    pub mobility_field: Option<&'static str>,
}

impl Query for GeoRadiusQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl GeoRadiusQuery {
    fn matching_docs(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let fast = reader.fast_fields();
        let max_doc = reader.max_doc();
        let mut matches = BitSet::with_max_value(max_doc);
        let (Some(lat), Some(lon)) = (
            fast.column_opt::<f64>("lat")?,
            fast.column_opt::<f64>("lon")?,
        ) else {
            return Ok(matches);
        };
        let mobility = match self.mobility_field {
            Some(name) => fast.column_opt::<f64>(name)?,
            None => None,
        };
        let widest = mobility
            .as_ref()
            .map_or(0.0, |column| column.max_value())
            .max(0.0);
        let reach = self.radius_km.max(widest);
        let bbox = BoundingBox::around(self.center, reach);
        let probe = DistanceProbe::new(self.center, reach);
        // The latitude band comes from the column in bulk (bit-packed values compared
        // block by block); only its documents are read one by one.
        let mut candidates = Vec::new();
        lat.get_docids_for_value_range(bbox.min_lat..=bbox.max_lat, 0..max_doc, &mut candidates);
        let mut lats = vec![None; CHUNK];
        let mut lons = vec![None; CHUNK];
        for chunk in candidates.chunks(CHUNK) {
            lat.first_vals(chunk, &mut lats[..chunk.len()]);
            lon.first_vals(chunk, &mut lons[..chunk.len()]);
            for ((&doc, doc_lat), doc_lon) in chunk.iter().zip(&lats).zip(&lons) {
                let (Some(lat), Some(lon)) = (*doc_lat, *doc_lon) else {
                    continue;
                };
                let point = GeoPoint { lat, lon };
                if !bbox.contains(point) {
                    continue;
                }
                let matched = probe.within(point, self.radius_km)
                    || mobility.as_ref().is_some_and(|column| {
                        column
                            .first(doc)
                            .is_some_and(|own| own > self.radius_km && probe.within(point, own))
                    });
                if matched {
                    matches.insert(doc);
                }
            }
        }
        Ok(matches)
    }
}

/// Bytes of matches remembered at most (about 500 radius filters over a million documents).
const CACHE_BYTES: usize = 64 << 20;

/// A radius filter on a segment: segment, centre, radius, mobility field.
type CacheKey = (SegmentId, u64, u64, u64, Option<&'static str>);

/// Matches of recent radius filters per segment. Recruiters search around the same cities
/// again and again and segments never change (deleted documents are skipped by the
/// collectors, not here), so a filter's matches on a segment stay true until the segment
/// is merged away; the oldest entries go first once the byte budget is spent. Segment ids
/// are unique across indexes, so one cache serves every collection.
#[derive(Default)]
struct MatchCache {
    entries: HashMap<CacheKey, Arc<BitSet>>,
    order: VecDeque<(CacheKey, usize)>,
    bytes: usize,
}

static MATCH_CACHE: LazyLock<Mutex<MatchCache>> = LazyLock::new(Mutex::default);

impl MatchCache {
    fn get(key: &CacheKey) -> Option<Arc<BitSet>> {
        MATCH_CACHE.lock().ok()?.entries.get(key).cloned()
    }

    fn put(key: CacheKey, matches: Arc<BitSet>) {
        let Ok(mut cache) = MATCH_CACHE.lock() else {
            return;
        };
        let size = matches.max_value() as usize / 8 + 64;
        while cache.bytes + size > CACHE_BYTES {
            let Some((old, old_size)) = cache.order.pop_front() else {
                break;
            };
            cache.entries.remove(&old);
            cache.bytes -= old_size;
        }
        if cache.entries.insert(key, matches).is_none() {
            cache.order.push_back((key, size));
            cache.bytes += size;
        }
    }
}

impl GeoRadiusQuery {
    /// The filter's matches on a segment, from the cache when it was computed recently.
    fn cached_matches(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let key = (
            reader.segment_id(),
            self.center.lat.to_bits(),
            self.center.lon.to_bits(),
            self.radius_km.to_bits(),
            self.mobility_field,
        );
        if let Some(matches) = MatchCache::get(&key) {
            return Ok(matches);
        }
        let matches = Arc::new(self.matching_docs(reader)?);
        MatchCache::put(key, matches.clone());
        Ok(matches)
    }
}

impl Weight for GeoRadiusQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = BitSetDocSet::from(BitSet::clone(&*self.cached_matches(reader)?));
        Ok(Box::new(ConstScorer::new(docs, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let matched = self.cached_matches(reader)?.contains(doc);
        let value = if matched { 1.0 } else { 0.0 };
        Ok(Explanation::new("geo radius", value))
    }
}
