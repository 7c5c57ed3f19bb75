//! The tantivy schema of each collection, with named handles to its fields.
//!
//! Text fields are indexed from pre-tokenized text: the analyzer depends on each document's
//! language, which a per-field tokenizer cannot know, so the indexer analyses the text itself
//! and hands tantivy the tokens. Facet and filter fields are fast fields; the original
//! document is stored as JSON in `_source` so that a rebuild can re-analyse it.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};

use crate::Collection;

/// Name of the tokenizer of text fields: it reads back the tokens the indexer analysed in
/// each document's language and encoded into the field's value (see
/// `vivier_analyzers::encoded`).
pub const TEXT_TOKENIZER: &str = "vivier_default";

/// A full-text field: its user-facing name, the tantivy field, and its default query boost.
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    /// Name used in queries (`title:chef`) and in highlights.
    pub name: &'static str,
    /// The tantivy field.
    pub field: Field,
    /// Weight of a match in this field when the query does not name a field.
    pub boost: f32,
}

/// The fields of one collection's index.
#[derive(Debug, Clone)]
pub struct CollectionSchema {
    /// Which collection this is.
    pub collection: Collection,
    /// The tantivy schema.
    pub schema: Schema,
    /// Document id, indexed raw, for lookups and deletes.
    pub id: Field,
    /// Hash of the id as a fast field: a stable tie-breaker for sorting and cursors.
    pub id_hash: Field,
    /// The original JSON document.
    pub source: Field,
    /// Language the text was analysed in (ISO 639-1).
    pub lang: Field,
    /// Last update.
    pub updated_at: Field,
    /// Latitude of the location.
    pub lat: Field,
    /// Longitude of the location.
    pub lon: Field,
    /// City name, for facets.
    pub city: Field,
    /// Postal code.
    pub postal_code: Field,
    /// Contract types (one per offer, several per CV).
    pub contract_types: Field,
    /// Spoken languages (CV) or required languages (offer), ISO 639-1.
    pub languages: Field,
    /// Years of experience (CV) or minimum asked (offer).
    pub years_experience: Field,
    /// How far the candidate travels (CVs only; absent otherwise).
    pub mobility_km: Option<Field>,
    /// Yearly salary lower bound (offers only).
    pub salary_min: Option<Field>,
    /// Yearly salary upper bound (offers only).
    pub salary_max: Option<Field>,
    /// Full-text fields, in the order queries search them.
    pub text_fields: Vec<TextField>,
    /// Resolved skill concept ids, once each (filters, facets).
    pub skill_ids: Field,
    /// Resolved occupation concept ids, once each (filters, facets).
    pub occupation_ids: Field,
    /// Resolved skill ids repeated by weight: the term frequency is the weight (1..=10), so
    /// postings carry it to scorers without loading documents.
    pub skill_weights: Field,
    /// Resolved occupation ids repeated by weight, as `skill_weights`.
    pub occupation_weights: Field,
}

/// Name of the tokenizer of concept-weight fields: whole values, never split.
pub const RAW_TOKENIZER: &str = "raw";

impl CollectionSchema {
    /// Builds the schema of a collection.
    pub fn new(collection: Collection) -> CollectionSchema {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let id_hash = builder.add_u64_field("id_hash", FAST);
        let source = builder.add_bytes_field("_source", STORED);
        let lang = builder.add_text_field("lang", STRING | FAST);
        let updated_at = builder.add_date_field("updated_at", INDEXED | FAST);
        let lat = builder.add_f64_field("lat", FAST);
        let lon = builder.add_f64_field("lon", FAST);
        let city = builder.add_text_field("city", STRING | FAST);
        let postal_code = builder.add_text_field("postal_code", STRING | FAST);
        let contract_types = builder.add_text_field("contract_types", STRING | FAST);
        let languages = builder.add_text_field("languages", STRING | FAST);
        let years_experience = builder.add_f64_field("years_experience", INDEXED | FAST);
        let skill_ids = builder.add_text_field("skill_ids", STRING | FAST);
        let occupation_ids = builder.add_text_field("occupation_ids", STRING | FAST);
        let skill_weights = builder.add_text_field("skill_weights", weighted_terms());
        let occupation_weights = builder.add_text_field("occupation_weights", weighted_terms());
        let (mut mobility_km, mut salary_min, mut salary_max) = (None, None, None);
        let text_fields = match collection {
            Collection::Cvs => {
                mobility_km = Some(builder.add_f64_field("mobility_km", FAST));
                vec![
                    text_field(&mut builder, "headline", 3.0),
                    text_field(&mut builder, "title", 2.5),
                    text_field(&mut builder, "skills", 2.0),
                    text_field(&mut builder, "summary", 1.0),
                    text_field(&mut builder, "description", 1.0),
                    text_field(&mut builder, "employer", 0.8),
                    text_field(&mut builder, "education", 0.8),
                ]
            }
            Collection::Offers => {
                salary_min = Some(builder.add_f64_field("salary_min", FAST));
                salary_max = Some(builder.add_f64_field("salary_max", FAST));
                vec![
                    text_field(&mut builder, "title", 3.0),
                    text_field(&mut builder, "skills", 2.0),
                    text_field(&mut builder, "description", 1.0),
                    text_field(&mut builder, "employer", 0.8),
                ]
            }
        };
        CollectionSchema {
            collection,
            schema: builder.build(),
            id,
            id_hash,
            source,
            lang,
            updated_at,
            lat,
            lon,
            city,
            postal_code,
            contract_types,
            languages,
            years_experience,
            mobility_km,
            salary_min,
            salary_max,
            text_fields,
            skill_ids,
            occupation_ids,
            skill_weights,
            occupation_weights,
        }
    }

    /// Returns the text field a query names (`title` in `title:chef`).
    pub fn text_field(&self, name: &str) -> Option<&TextField> {
        self.text_fields.iter().find(|text| text.name == name)
    }
}

fn weighted_terms() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(RAW_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    TextOptions::default().set_indexing_options(indexing)
}

fn text_field(builder: &mut SchemaBuilder, name: &'static str, boost: f32) -> TextField {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let field = builder.add_text_field(name, TextOptions::default().set_indexing_options(indexing));
    TextField { name, field, boost }
}

/// Returns the 64-bit FNV-1a hash of an id: stable across runs and platforms, unlike std's
/// `DefaultHasher`, because cursors handed to clients embed it.
pub fn id_hash(id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_have_their_own_fields() {
        let cvs = CollectionSchema::new(Collection::Cvs);
        let offers = CollectionSchema::new(Collection::Offers);
        assert!(cvs.mobility_km.is_some() && cvs.salary_min.is_none());
        assert!(offers.salary_max.is_some() && offers.mobility_km.is_none());
        assert!(cvs.text_field("headline").is_some());
        assert!(offers.text_field("headline").is_none());
        assert_eq!(offers.text_fields[0].name, "title");
    }

    #[test]
    fn id_hash_is_fnv1a() {
        assert_eq!(id_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(id_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
