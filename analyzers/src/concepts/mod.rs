//! Concepts in text: finding taxonomy labels ([`matcher`]), choosing among the concepts a
//! mention could be ([`extractor`]), and resolving short texts and completions
//! ([`resolver`]).

mod derivation;
pub mod extractor;
pub mod matcher;
pub mod profile;
pub mod resolver;
pub mod variants;
mod writing;

pub use extractor::{ConceptExtractor, FieldRole, FieldText, Mention};
pub use resolver::{Candidate, Resolver};

/// The entries of a word list shipped with the analyzers (`analyzers/data/*.txt`): one a
/// line, trimmed, without blank lines and `#` comments.
fn listed(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}
