//! Rebuilding a collection without downtime: every stored original is re-analysed (with
//! the analyzers and taxonomy of now) into a new generation while the live one keeps
//! serving reads and taking writes; writes made meanwhile are replayed from the write-ahead
//! log into the new generation, which then replaces the live one atomically.
//!
//! 1. The writer commits and pins the log at sequence number S0 (nothing after S0 is
//!    dropped from the log until the rebuild ends).
//! 2. A snapshot of the live index (holding at least everything up to S0) is read document
//!    by document and bulk-loaded into the new generation, in parallel.
//! 3. The writer thread, between two groups of writes, replays the records after S0 into
//!    the new generation (replaying a write the snapshot already held is harmless: upserts
//!    and deletes are idempotent), commits it, rewrites `CURRENT`, and swaps it in.
//!
//! A crash before the swap leaves `CURRENT` on the old generation; the unfinished one is
//! removed on the next start, and the rebuild can simply be started again.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use tantivy::schema::Value as _;
use tantivy::store::StoreReader;
use tantivy::{DocId, Searcher, TantivyDocument};
use tracing::{info, warn};
use vivier_schema::Rules;

use crate::bulk::{bulk_index, BulkOptions, BulkProgress};
use crate::error::{IndexerError, Result};
use crate::store::CollectionIndex;
use crate::writer::WriterHandle;

/// Shared state of a running rebuild, for progress reports and cancellation.
#[derive(Debug, Default)]
pub struct RebuildProgress {
    /// Documents in the snapshot being rebuilt.
    pub total: AtomicU64,
    /// Bulk-load counters of the new generation.
    pub bulk: BulkProgress,
    /// Set to ask the rebuild to stop.
    pub cancel: AtomicBool,
}

impl RebuildProgress {
    /// Returns the documents re-analysed so far.
    pub fn processed(&self) -> u64 {
        self.bulk.indexed.load(Ordering::Relaxed) + self.bulk.failed.load(Ordering::Relaxed)
    }
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RebuildReport {
    /// Documents re-analysed from the snapshot.
    pub rebuilt: u64,
    /// Stored documents that no longer pass validation (kept out of the new generation).
    pub rejected: u64,
    /// Seconds spent, to the millisecond.
    pub seconds: f64,
}

/// Rebuilds `index` while its writer keeps running; blocks until the swap or a failure.
pub fn rebuild(
    index: &CollectionIndex,
    writer: &WriterHandle,
    options: BulkOptions,
    progress: &RebuildProgress,
) -> Result<RebuildReport> {
    let started = Instant::now();
    let from = writer.begin_rebuild()?;
    let snapshot = index.searcher();
    progress.total.store(snapshot.num_docs(), Ordering::Relaxed);
    let next = match index.create_next_generation() {
        Ok(next) => next,
        Err(err) => {
            writer.abort_rebuild()?;
            return Err(err);
        }
    };
    info!(collection = %index.fields().collection, documents = snapshot.num_docs(), from, "rebuild started");
    let sources = StoredSources::new(&snapshot, index.fields().source, &progress.cancel);
    // Stored documents are read by the rules they were accepted under.
    let options = BulkOptions {
        rules: Rules::Stored,
        ..options
    };
    let loaded = bulk_index(&next.index, sources, options, &progress.bulk, |error| {
        warn!(line = error.line, error = %error.message, "stored document rejected by the rebuild");
    });
    let report = match loaded {
        Ok(report) if !progress.cancel.load(Ordering::Relaxed) => report,
        outcome => {
            writer.abort_rebuild()?;
            next.discard()?;
            return Err(match outcome {
                Err(err) => err,
                Ok(_) => IndexerError::Cancelled,
            });
        }
    };
    writer.finish_rebuild(next, from)?;
    Ok(RebuildReport {
        rebuilt: report.indexed,
        rejected: report.failed,
        seconds: (started.elapsed().as_secs_f64() * 1_000.0).round() / 1_000.0,
    })
}

/// The stored originals of a snapshot's live documents, as JSON lines.
struct StoredSources<'a> {
    searcher: &'a Searcher,
    source_field: tantivy::schema::Field,
    cancel: &'a AtomicBool,
    segment: usize,
    doc: DocId,
    store: Option<StoreReader>,
}

impl<'a> StoredSources<'a> {
    fn new(
        searcher: &'a Searcher,
        source_field: tantivy::schema::Field,
        cancel: &'a AtomicBool,
    ) -> Self {
        StoredSources {
            searcher,
            source_field,
            cancel,
            segment: 0,
            doc: 0,
            store: None,
        }
    }
}

impl Iterator for StoredSources<'_> {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                return None;
            }
            let segment = self.searcher.segment_readers().get(self.segment)?;
            if self.store.is_none() {
                match segment.get_store_reader(64) {
                    Ok(store) => self.store = Some(store),
                    Err(err) => return Some(Err(io::Error::other(err))),
                }
            }
            if self.doc >= segment.max_doc() {
                self.segment += 1;
                self.doc = 0;
                self.store = None;
                continue;
            }
            let doc = self.doc;
            self.doc += 1;
            if segment.is_deleted(doc) {
                continue;
            }
            let store = self.store.as_ref()?;
            let stored: TantivyDocument = match store.get(doc) {
                Ok(stored) => stored,
                Err(err) => return Some(Err(io::Error::other(err))),
            };
            let bytes = stored
                .get_first(self.source_field)
                .and_then(|v| v.as_bytes())
                .unwrap_or_default();
            return Some(Ok(String::from_utf8_lossy(bytes).into_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use vivier_analyzers::{Analyzers, Lang};
    use vivier_schema::Collection;

    use super::*;
    use crate::writer::{start_writer, WriteOp, WriterOptions};

    fn upsert(index: &CollectionIndex, json: &str) -> WriteOp {
        WriteOp::Upsert(index.preparer().prepare_json(json).expect("valid document"))
    }

    #[test]
    fn rebuild_keeps_every_document_and_writes_made_meanwhile() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = CollectionIndex::open_or_create(
            dir.path(),
            Collection::Cvs,
            Analyzers::build(),
            Lang::Fr,
            None,
        )
        .expect("open");
        let options = WriterOptions {
            commit_interval: Duration::from_millis(50),
            ..WriterOptions::default()
        };
        let (writer, thread) = start_writer(&index, options).expect("writer");
        let docs: Vec<WriteOp> = (0..500)
            .map(|i| {
                upsert(
                    &index,
                    &format!(r#"{{"id":"cv{i}","headline":"Serveur {i}"}}"#),
                )
            })
            .collect();
        writer.write(docs).expect("write");
        writer.commit().expect("commit");
        let old_directory = index.directory();
        let progress = RebuildProgress::default();
        std::thread::scope(|scope| {
            let rebuilding =
                scope.spawn(|| rebuild(&index, &writer, BulkOptions::default(), &progress));
            // Writes during the rebuild.
            writer
                .write(vec![upsert(
                    &index,
                    r#"{"id":"new","headline":"Boulanger"}"#,
                )])
                .expect("write");
            writer
                .write(vec![WriteOp::Delete("cv3".into())])
                .expect("delete");
            let report = rebuilding.join().expect("join").expect("rebuild");
            assert!(report.rebuilt >= 499, "{report:?}");
        });
        writer.commit().expect("commit");
        assert_ne!(index.directory(), old_directory);
        assert!(!old_directory.exists());
        assert_eq!(index.num_docs(), 500);
        assert!(crate::writer::id_exists(&index, &index.searcher(), "new"));
        assert!(!crate::writer::id_exists(&index, &index.searcher(), "cv3"));
        // The snapshot may or may not hold the writes made while it was taken.
        let total = progress.total.load(Ordering::Relaxed);
        assert!((499..=501).contains(&total), "{total}");
        drop(writer);
        thread.join();
        // The swap survives a restart.
        let reopened = CollectionIndex::open_or_create(
            dir.path(),
            Collection::Cvs,
            Analyzers::build(),
            Lang::Fr,
            None,
        )
        .expect("reopen");
        assert_eq!(reopened.num_docs(), 500);
    }

    #[test]
    fn rebuild_keeps_documents_accepted_under_older_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = CollectionIndex::open_or_create(
            dir.path(),
            Collection::Offers,
            Analyzers::build(),
            Lang::Fr,
            None,
        )
        .expect("open");
        let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
        // Accepted before ids, blank skills and salary bounds had rules of their own.
        let older = r#"{"id":"_search","title":"Serveur","skills_required":[" "],
            "salary":{"min":3000,"max":2000,"currency":"EUR","period":"month"}}"#;
        assert!(index.preparer().prepare_json(older).is_err());
        let prepared = index
            .preparer()
            .prepare_json_with(older, Rules::Stored)
            .expect("stored rules");
        writer
            .write(vec![WriteOp::Upsert(prepared)])
            .expect("write");
        writer.commit().expect("commit");
        let report = rebuild(
            &index,
            &writer,
            BulkOptions::default(),
            &RebuildProgress::default(),
        )
        .expect("rebuild");
        assert_eq!((report.rebuilt, report.rejected), (1, 0), "{report:?}");
        writer.commit().expect("commit");
        assert!(crate::writer::id_exists(
            &index,
            &index.searcher(),
            "_search"
        ));
        drop(writer);
        thread.join();
    }

    #[test]
    fn a_cancelled_rebuild_leaves_the_live_generation_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = CollectionIndex::open_or_create(
            dir.path(),
            Collection::Cvs,
            Analyzers::build(),
            Lang::Fr,
            None,
        )
        .expect("open");
        let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
        writer
            .write(vec![upsert(&index, r#"{"id":"a","headline":"Serveur"}"#)])
            .expect("write");
        let live = index.directory();
        let progress = RebuildProgress::default();
        progress.cancel.store(true, Ordering::Relaxed);
        let result = rebuild(&index, &writer, BulkOptions::default(), &progress);
        assert!(matches!(result, Err(IndexerError::Cancelled)), "{result:?}");
        assert_eq!(index.directory(), live);
        let generations = std::fs::read_dir(dir.path().join("cvs"))
            .expect("list")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("gen-"))
            })
            .count();
        assert_eq!(generations, 1);
        writer.commit().expect("commit");
        assert_eq!(index.num_docs(), 1);
        drop(writer);
        thread.join();
    }
}
