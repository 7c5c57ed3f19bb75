//! A radius filter on the `lat`/`lon` fast fields, as a tantivy query.
//!
//! tantivy has no geo index. Per segment, this scans the coordinate columns once: a bounding
//! box test rejects most documents cheaply, the exact great-circle distance decides the rest.
//! For CVs, a candidate also matches when the search point lies within their own
//! `mobility_km`, so the box is widened to the segment's largest mobility.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader};
use vivier_schema::geo::{haversine_km, BoundingBox, GeoPoint};

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
        let bbox = BoundingBox::around(self.center, self.radius_km.max(widest));
        for doc in 0..max_doc {
            let (Some(doc_lat), Some(doc_lon)) = (lat.first(doc), lon.first(doc)) else {
                continue;
            };
            let point = GeoPoint {
                lat: doc_lat,
                lon: doc_lon,
            };
            if !bbox.contains(point) {
                continue;
            }
            let reach = mobility
                .as_ref()
                .and_then(|column| column.first(doc))
                .unwrap_or(0.0)
                .max(self.radius_km);
            if haversine_km(self.center, point) <= reach {
                matches.insert(doc);
            }
        }
        Ok(matches)
    }
}

impl Weight for GeoRadiusQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = BitSetDocSet::from(self.matching_docs(reader)?);
        Ok(Box::new(ConstScorer::new(docs, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let matched = self.matching_docs(reader)?.contains(doc);
        let value = if matched { 1.0 } else { 0.0 };
        Ok(Explanation::new("geo radius", value))
    }
}
