//! Errors of the analyzers crate.

use std::path::PathBuf;

/// Why a taxonomy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line or record is malformed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line (or record) number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The path names no file or folder.
    #[error("{0}: no such file or folder (a taxonomy is a .jsonl file, an ESCO package folder, a ROME folder, or `builtin`)")]
    NotFound(PathBuf),
    /// A taxonomy file has no concept.
    #[error("{0}: no concept (a Vivier taxonomy has one JSON object a line)")]
    Empty(PathBuf),
    /// The path is neither a JSONL file, an ESCO package nor a ROME folder.
    #[error(
        "{0}: not a taxonomy (expected a .jsonl file, an ESCO CSV package folder or a ROME folder)"
    )]
    UnknownFormat(PathBuf),
}

/// Result alias of taxonomy loading.
pub type Result<T> = std::result::Result<T, TaxonomyError>;

impl TaxonomyError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TaxonomyError::Io {
            path: path.into(),
            source,
        }
    }

    /// A parse error at a line of a file.
    pub fn parse(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        TaxonomyError::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}
