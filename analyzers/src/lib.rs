//! Vivier's semantic analyzers: language detection and per-language text analysis.
//!
//! ```
//! use vivier_analyzers::{detect, Analyzers, Lang};
//!
//! let analyzers = Analyzers::build();
//! let lang = detect("Serveuse en brasserie, service en salle et accueil des clients", Lang::En).lang;
//! assert_eq!(lang, Lang::Fr);
//! let stems: Vec<String> = analyzers.tokens(lang, "Serveuses").into_iter().map(|t| t.text).collect();
//! assert_eq!(stems, analyzers.tokens(lang, "serveur").into_iter().map(|t| t.text).collect::<Vec<_>>());
//! ```

pub mod acronyms;
pub mod analyzer;
pub mod cjk;
pub mod concepts;
pub mod encoded;
pub mod error;
pub mod feminine;
pub mod japanese;
pub mod lang;
pub mod normalize;
pub mod taxonomy;
pub mod words;

pub use analyzer::{AnalysedWord, Analyzers};
pub use lang::{detect, Detection, InvalidLang, Lang};
