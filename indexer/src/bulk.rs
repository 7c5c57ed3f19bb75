//! Offline bulk loading of NDJSON: parse and analyse on every core, write with one writer.
//!
//! ```text
//! reader thread --(batches of lines)--> N workers (parse, validate, analyse)
//!               --(prepared docs)--> this thread --> tantivy IndexWriter
//! ```
//! Both channels are bounded, so a slow writer slows the reader instead of filling memory.
//! A bad line (not UTF-8, not JSON, not a valid document) is reported with its line number
//! and skipped; the load goes on.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};

use crossbeam_channel::bounded;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::error::{IndexerError, Result};
use crate::prepare::PreparedDoc;
use crate::store::CollectionIndex;
use vivier_schema::{id_hash, Rules};

/// Sizing of a bulk load.
#[derive(Debug, Clone, Copy)]
pub struct BulkOptions {
    /// Threads that parse and analyse documents.
    pub workers: usize,
    /// Lines handed to a worker at a time.
    pub batch_lines: usize,
    /// tantivy indexing threads.
    pub writer_threads: usize,
    /// Memory budget of tantivy's indexing buffers, in bytes (split among its threads).
    pub writer_heap_bytes: usize,
    /// The rules documents are checked against: [`Rules::Stored`] when they were stored
    /// before (a rebuild), so that no acknowledged document is dropped.
    pub rules: Rules,
}

impl Default for BulkOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        BulkOptions {
            workers: cores,
            batch_lines: 256,
            writer_threads: 1,
            writer_heap_bytes: 512 << 20,
            rules: Rules::Write,
        }
    }
}

/// Counters a caller can read while the load runs (for a progress bar).
#[derive(Debug, Default)]
pub struct BulkProgress {
    /// Lines read so far.
    pub read: AtomicU64,
    /// Bytes read so far.
    pub bytes: AtomicU64,
    /// Documents handed to the index writer.
    pub indexed: AtomicU64,
    /// Lines rejected.
    pub failed: AtomicU64,
}

/// A rejected line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number in the input.
    pub line: u64,
    /// Why it was rejected.
    pub message: String,
}

/// Totals of a finished load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkReport {
    /// Documents indexed.
    pub indexed: u64,
    /// Lines rejected.
    pub failed: u64,
}

struct Batch<L> {
    sequence: u64,
    first_line: u64,
    lines: Vec<L>,
}

type Prepared = (u64, std::result::Result<PreparedDoc, IndexerError>);

/// Loads NDJSON lines into `index`, upserting by id, and commits once at the end.
///
/// Lines are text or bytes (`String`, `Vec<u8>`): a line of bytes that is not UTF-8 is a bad
/// line like any other. The caller must not run another writer on the index at the same
/// time (tantivy's lock refuses it). Blank lines are skipped. Read errors stop the load; bad
/// lines do not.
pub fn bulk_index<I, L>(
    index: &CollectionIndex,
    lines: I,
    options: BulkOptions,
    progress: &BulkProgress,
    mut on_error: impl FnMut(LineError),
) -> Result<BulkReport>
where
    I: Iterator<Item = io::Result<L>> + Send,
    L: AsRef<[u8]> + Send,
{
    let mut writer: IndexWriter<TantivyDocument> = index
        .index()
        .writer_with_num_threads(options.writer_threads.max(1), options.writer_heap_bytes)?;
    let workers = options.workers.max(1);
    let (batch_tx, batch_rx) = bounded::<Batch<L>>(workers * 4);
    let (doc_tx, doc_rx) = bounded::<(u64, Vec<Prepared>)>(workers * 4);
    let id_field = index.fields().id;
    // A load into an empty index only needs to delete ids it has already added itself
    // (an id repeated in the input): skipping the delete of every other document spares
    // tantivy a term lookup per document in every segment at commit.
    let mut seen_ids = index
        .reader()
        .searcher()
        .num_docs()
        .eq(&0)
        .then(HashSet::<u64>::new);
    let mut report = BulkReport {
        indexed: 0,
        failed: 0,
    };
    let loaded: Result<()> = std::thread::scope(|scope| {
        let reader =
            scope.spawn(move || read_batches(lines, options.batch_lines, batch_tx, progress));
        for _ in 0..workers {
            let batch_rx = batch_rx.clone();
            let doc_tx = doc_tx.clone();
            let preparer = index.preparer().clone();
            scope.spawn(move || {
                for batch in batch_rx {
                    let mut prepared: Vec<Prepared> = Vec::with_capacity(batch.lines.len());
                    for (offset, line) in batch.lines.iter().enumerate() {
                        let number = batch.first_line + offset as u64;
                        match std::str::from_utf8(line.as_ref()) {
                            Ok(text) if text.trim().is_empty() => {}
                            Ok(text) => prepared
                                .push((number, preparer.prepare_json_with(text, options.rules))),
                            Err(err) => prepared.push((number, Err(IndexerError::NotUtf8(err)))),
                        }
                    }
                    if doc_tx.send((batch.sequence, prepared)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(doc_tx);
        // Workers finish batches out of order; writing them in input order keeps "the last
        // line with an id wins" true for upserts.
        let mut waiting = BTreeMap::new();
        let mut next_sequence = 0u64;
        for (sequence, prepared) in doc_rx {
            waiting.insert(sequence, prepared);
            while let Some(prepared) = waiting.remove(&next_sequence) {
                next_sequence += 1;
                for (line, result) in prepared {
                    match result {
                        Ok(doc) => {
                            let first_time = seen_ids
                                .as_mut()
                                .is_some_and(|seen| seen.insert(id_hash(&doc.id)));
                            if !first_time {
                                writer.delete_term(Term::from_field_text(id_field, &doc.id));
                            }
                            writer.add_document(doc.doc)?;
                            report.indexed += 1;
                            progress.indexed.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(err) => {
                            report.failed += 1;
                            progress.failed.fetch_add(1, Ordering::Relaxed);
                            on_error(LineError {
                                line,
                                message: err.to_string(),
                            });
                        }
                    }
                }
            }
        }
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("reader thread panicked")));
        Ok(read?)
    });
    if let Err(err) = loaded {
        // Keep the index as it was: nothing of a half-read input is committed.
        writer.rollback()?;
        return Err(err);
    }
    // Keep the write-ahead log position of the last commit: a bulk load is not in the log.
    let payload = index.index().load_metas()?.payload;
    let mut commit = writer.prepare_commit()?;
    if let Some(payload) = &payload {
        commit.set_payload(payload);
    }
    commit.commit()?;
    writer.wait_merging_threads()?;
    index.reader().reload()?;
    Ok(report)
}

fn read_batches<I, L>(
    lines: I,
    batch_lines: usize,
    sender: crossbeam_channel::Sender<Batch<L>>,
    progress: &BulkProgress,
) -> io::Result<()>
where
    I: Iterator<Item = io::Result<L>>,
    L: AsRef<[u8]>,
{
    let mut batch = Batch {
        sequence: 0,
        first_line: 1,
        lines: Vec::with_capacity(batch_lines),
    };
    let mut line_number = 0u64;
    for line in lines {
        let line = line?;
        line_number += 1;
        progress.read.fetch_add(1, Ordering::Relaxed);
        progress
            .bytes
            .fetch_add(line.as_ref().len() as u64 + 1, Ordering::Relaxed);
        batch.lines.push(line);
        if batch.lines.len() >= batch_lines {
            let next_sequence = batch.sequence + 1;
            let full = std::mem::replace(
                &mut batch,
                Batch {
                    sequence: next_sequence,
                    first_line: line_number + 1,
                    lines: Vec::with_capacity(batch_lines),
                },
            );
            if sender.send(full).is_err() {
                return Ok(());
            }
        }
    }
    if !batch.lines.is_empty() {
        let _ = sender.send(batch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use vivier_analyzers::{Analyzers, Lang};
    use vivier_schema::Collection;

    use super::*;

    fn offers_index(dir: &std::path::Path) -> CollectionIndex {
        CollectionIndex::open_or_create(dir, Collection::Offers, Analyzers::build(), Lang::Fr, None)
            .expect("open index")
    }

    #[test]
    fn loads_good_lines_and_reports_bad_ones_by_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = offers_index(dir.path());
        let input = [
            r#"{"id":"o1","title":"Serveur H/F"}"#,
            "not json",
            "",
            r#"{"id":"o2","title":"Cuisinier","contract_type":"permanent"}"#,
            r#"{"id":"o1","title":"Serveuse H/F"}"#,
            r#"{"id":"o3","title":"Plombier"}"#,
        ];
        let lines = input.iter().map(|line| Ok(line.to_string()));
        let progress = BulkProgress::default();
        let mut errors = Vec::new();
        let options = BulkOptions {
            batch_lines: 2,
            ..BulkOptions::default()
        };
        let report =
            bulk_index(&index, lines, options, &progress, |e| errors.push(e)).expect("load");
        assert_eq!(
            report,
            BulkReport {
                indexed: 3,
                failed: 2
            }
        );
        errors.sort_by_key(|e| e.line);
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 4]);
        assert!(
            errors[1].message.contains("contract_type"),
            "{}",
            errors[1].message
        );
        // o1 was upserted twice: one live document.
        assert_eq!(index.num_docs(), 2);
        assert_eq!(progress.read.load(Ordering::Relaxed), 6);
    }

    /// Regression (audit): a line that was not UTF-8 ended the load with an i/o error.
    #[test]
    fn a_line_that_is_not_utf8_is_one_bad_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = offers_index(dir.path());
        let input: Vec<Vec<u8>> = vec![
            br#"{"id":"o1","title":"Serveur"}"#.to_vec(),
            b"{\"id\":\"o2\",\"title\":\"Caf\xe9\"}".to_vec(),
            br#"{"id":"o3","title":"Plombier"}"#.to_vec(),
        ];
        let mut errors = Vec::new();
        let report = bulk_index(
            &index,
            input.into_iter().map(Ok),
            BulkOptions::default(),
            &BulkProgress::default(),
            |e| errors.push(e),
        )
        .expect("load");
        assert_eq!(
            report,
            BulkReport {
                indexed: 2,
                failed: 1
            }
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("UTF-8"), "{}", errors[0].message);
    }

    #[test]
    fn a_load_into_a_filled_index_replaces_existing_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = offers_index(dir.path());
        let load = |input: &[&str]| {
            let lines = input.iter().map(|line| Ok(line.to_string()));
            bulk_index(
                &index,
                lines,
                BulkOptions::default(),
                &BulkProgress::default(),
                |_| {},
            )
            .expect("load")
        };
        load(&[
            r#"{"id":"o1","title":"Serveur"}"#,
            r#"{"id":"o2","title":"Cuisinier"}"#,
        ]);
        load(&[
            r#"{"id":"o2","title":"Plongeur"}"#,
            r#"{"id":"o3","title":"Plombier"}"#,
        ]);
        assert_eq!(index.num_docs(), 3);
    }
}
