//! Errors of the indexer.

use vivier_schema::Violations;

/// Everything that can go wrong while preparing, writing or reading an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    /// The document is not valid JSON.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The line is not UTF-8 text.
    #[error("not valid UTF-8: {0}")]
    NotUtf8(std::str::Utf8Error),
    /// The document does not match its collection's model.
    #[error("{0}")]
    Invalid(Violations),
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The file system failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The writer thread is gone (shutting down or crashed).
    #[error("the index writer is not running")]
    WriterGone,
    /// The write queue is full; the client should retry later.
    #[error("the write queue is full, retry later")]
    QueueFull,
    /// A task was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// The data directory holds no index of the collection.
    #[error("no {collection} index in {}: check the data directory, or load one with `vivier index`", data_dir.display())]
    NoIndex {
        /// The collection looked for.
        collection: vivier_schema::Collection,
        /// Where it was looked for.
        data_dir: std::path::PathBuf,
    },
    /// The data directory holds something this version cannot open.
    #[error("corrupt data directory: {0}")]
    Corrupt(String),
}

/// Result alias of the indexer.
pub type Result<T> = std::result::Result<T, IndexerError>;
