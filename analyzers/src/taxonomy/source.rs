//! Loading a taxonomy from the paths given on the command line or in config, recognising
//! each one's format, and the built-in default taxonomy.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{esco, jsonl, rome, Taxonomy, TaxonomyBuilder};
use crate::error::{Result, TaxonomyError};

/// The default taxonomy shipped inside the binary (Vivier JSONL).
pub const BUILTIN_JSONL: &str = include_str!("../../data/default_taxonomy.jsonl");

/// Returns the ids of the built-in taxonomy's concepts: the common jobs and skills it was
/// written for, hundreds of them, which an ESCO package (3,000 occupations) names among
/// rarer ones. Many of its ids are ESCO's.
pub fn builtin_ids() -> &'static std::collections::HashSet<String> {
    static IDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Id {
            id: String,
        }
        BUILTIN_JSONL
            .lines()
            .filter_map(|line| serde_json::from_str::<Id>(line).ok())
            .map(|concept| concept.id)
            .collect()
    })
}

/// The formats a taxonomy source can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Vivier JSONL file.
    Jsonl,
    /// ESCO CSV package folder (language subfolders, `relations/`).
    Esco,
    /// ROME 4.0 folder (`unix_*_v*_utf8.csv`).
    Rome,
}

/// Recognises the format of a source path.
pub fn detect_format(path: &Path) -> Result<SourceFormat> {
    if path.is_file() {
        return Ok(SourceFormat::Jsonl);
    }
    if !path.is_dir() {
        return Err(TaxonomyError::NotFound(path.to_path_buf()));
    }
    if rome::is_rome_dir(path) {
        return Ok(SourceFormat::Rome);
    }
    if esco::is_esco_dir(path) {
        return Ok(SourceFormat::Esco);
    }
    Err(TaxonomyError::UnknownFormat(path.to_path_buf()))
}

/// The source name that stands for the built-in taxonomy, so that it can be combined with
/// others (`--taxonomy builtin --taxonomy path/to/esco`).
pub const BUILTIN_SOURCE: &str = "builtin";

/// Adds one source to a builder.
pub fn load_into(path: &Path, builder: &mut TaxonomyBuilder) -> Result<SourceFormat> {
    if path == Path::new(BUILTIN_SOURCE) && !path.exists() {
        jsonl::load_str(BUILTIN_JSONL, Path::new("default_taxonomy.jsonl"), builder)?;
        return Ok(SourceFormat::Jsonl);
    }
    let format = detect_format(path)?;
    match format {
        SourceFormat::Jsonl => jsonl::load(path, builder).map(|_| ())?,
        SourceFormat::Esco => esco::load(path, builder)?,
        SourceFormat::Rome => rome::load(path, builder)?,
    }
    Ok(format)
}

/// Builds a taxonomy from sources merged in order; no source means the built-in one.
pub fn load_sources(paths: &[PathBuf]) -> Result<Taxonomy> {
    if paths.is_empty() {
        return Ok(builtin_taxonomy());
    }
    let mut builder = TaxonomyBuilder::new();
    for path in paths {
        load_into(path, &mut builder)?;
    }
    Ok(builder.build())
}

/// Builds the built-in default taxonomy.
pub fn builtin_taxonomy() -> Taxonomy {
    let mut builder = TaxonomyBuilder::new();
    // The file ships in the binary and a unit test parses it: it cannot fail at run time.
    if let Err(err) = jsonl::load_str(
        BUILTIN_JSONL,
        Path::new("default_taxonomy.jsonl"),
        &mut builder,
    ) {
        panic!("the built-in taxonomy is invalid: {err}");
    }
    builder.build()
}

/// Returns the built-in taxonomy, built once per process.
pub fn shared_builtin() -> Arc<Taxonomy> {
    static BUILTIN: OnceLock<Arc<Taxonomy>> = OnceLock::new();
    BUILTIN.get_or_init(|| Arc::new(builtin_taxonomy())).clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::ConceptKind;

    #[test]
    fn builtin_taxonomy_is_large_and_bilingual() {
        let taxonomy = builtin_taxonomy();
        let count = |kind| {
            taxonomy
                .concepts()
                .iter()
                .filter(|c| c.kind == kind)
                .count()
        };
        assert!(
            count(ConceptKind::Occupation) >= 300,
            "{}",
            count(ConceptKind::Occupation)
        );
        assert!(
            count(ConceptKind::Skill) >= 1000,
            "{}",
            count(ConceptKind::Skill)
        );
        for concept in taxonomy.concepts() {
            for lang in ["fr", "en"] {
                assert!(
                    concept.labels.iter().any(|l| l.lang == lang),
                    "{} lacks {lang}",
                    concept.id
                );
            }
        }
    }

    #[test]
    fn unknown_paths_are_errors() {
        assert!(matches!(
            detect_format(Path::new("/nonexistent/x")),
            Err(TaxonomyError::NotFound(_))
        ));
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(
            detect_format(dir.path()),
            Err(TaxonomyError::UnknownFormat(_))
        ));
    }
}
