//! Vivier's indexer: turns CVs and offers into tantivy documents, loads them in bulk, and
//! runs the single writer of each collection with its write-ahead log.
//!
//! ```
//! use vivier_analyzers::{Analyzers, Lang};
//! use vivier_indexer::{start_writer, CollectionIndex, WriteOp, WriteOutcome, WriterOptions};
//! use vivier_schema::Collection;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let index = CollectionIndex::open_or_create(dir.path(), Collection::Cvs, Analyzers::build(), Lang::Fr, None).unwrap();
//! let (writer, thread) = start_writer(&index, WriterOptions::default()).unwrap();
//! let doc = index.preparer().prepare_json(r#"{"id":"cv-1","headline":"Serveuse"}"#).unwrap();
//! assert_eq!(writer.write(vec![WriteOp::Upsert(doc)]).unwrap(), vec![WriteOutcome::Created]);
//! // Acknowledged means logged and fsynced; a commit (at most 500 ms later) makes it searchable.
//! writer.commit().unwrap();
//! assert_eq!(index.num_docs(), 1);
//! drop(writer);
//! thread.join();
//! ```

pub mod bulk;
pub mod error;
pub mod prepare;
pub mod rebuild;
pub mod stamp;
pub mod store;
pub mod wal;
pub mod writer;

pub use bulk::{bulk_index, BulkOptions, BulkProgress, BulkReport, LineError};
pub use error::{IndexerError, Result};
pub use prepare::{field_texts, DocumentPreparer, PreparedDoc};
pub use rebuild::{rebuild, RebuildProgress, RebuildReport};
pub use stamp::BuildStamp;
pub use store::CollectionIndex;
pub use writer::{
    committed_seq, id_exists, start_writer, PurgeReport, WriteOp, WriteOutcome, WriterHandle,
    WriterOptions, WriterThread,
};
