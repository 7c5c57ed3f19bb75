//! Vivier's document model: CVs and job offers, their validation, their tantivy schema, and
//! the geographic reference data their locations are checked against.
//!
//! ```
//! use vivier_schema::{validate_cv, Collection, CollectionSchema};
//!
//! let cv = validate_cv(&serde_json::json!({"id": "cv-1", "headline": "Serveuse"})).unwrap();
//! assert_eq!(cv.headline.as_deref(), Some("Serveuse"));
//! let fields = CollectionSchema::new(Collection::Cvs);
//! assert!(fields.text_field("headline").is_some());
//! ```

pub mod document;
pub mod fields;
pub mod geo;
pub mod languages;
pub mod validate;

use std::fmt;
use std::str::FromStr;

pub use document::{ContractType, Cv, Experience, Location, Offer, WorkingTime};
pub use fields::{id_hash, CollectionSchema, TextField, TEXT_TOKENIZER};
pub use languages::is_language_code;
pub use validate::{
    check_id, validate, validate_cv, validate_offer, validate_with, AnyDocument, Rules, Violation,
    Violations,
};

/// The two collections Vivier serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// Candidates' CVs.
    Cvs,
    /// Job offers.
    Offers,
}

impl Collection {
    /// Both collections.
    pub const ALL: [Collection; 2] = [Collection::Cvs, Collection::Offers];

    /// Returns the name used in routes and on disk.
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::Cvs => "cvs",
            Collection::Offers => "offers",
        }
    }
}

impl fmt::Display for Collection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown collection name.
#[derive(Debug, thiserror::Error)]
#[error("unknown collection `{0}`, expected `cvs` or `offers`")]
pub struct UnknownCollection(pub String);

impl FromStr for Collection {
    type Err = UnknownCollection;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "cvs" => Ok(Collection::Cvs),
            "offers" => Ok(Collection::Offers),
            other => Err(UnknownCollection(other.to_string())),
        }
    }
}
