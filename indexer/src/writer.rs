//! The single writer of a collection: a thread that applies upserts and deletes in groups
//! and acknowledges each one only after the commit that made it durable and visible.
//!
//! Writers from many requests queue on a bounded channel. The thread takes everything
//! waiting (group commit), applies it in arrival order, commits once, reloads the shared
//! reader, then answers every request of the group. An acknowledged write is therefore both
//! on disk (tantivy fsyncs on commit) and searchable. A full queue is reported at once so
//! that the API can answer 503 instead of piling up requests.

use std::collections::HashMap;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Receiver, Sender, TrySendError};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};
use tracing::{error, info};

use crate::error::{IndexerError, Result};
use crate::prepare::PreparedDoc;
use crate::store::CollectionIndex;

/// One change to a collection.
#[derive(Debug)]
pub enum WriteOp {
    /// Insert the document, replacing any with the same id.
    Upsert(PreparedDoc),
    /// Remove the document with this id.
    Delete(String),
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// A new document was added.
    Created,
    /// An existing document was replaced.
    Updated,
    /// A document was removed.
    Deleted,
    /// Nothing had that id.
    NotFound,
}

struct WriteRequest {
    ops: Vec<WriteOp>,
    reply: Sender<Result<Vec<WriteOutcome>>>,
}

/// Sizing of the writer.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    /// Requests that may wait in the queue before writes are refused.
    pub queue_capacity: usize,
    /// Memory budget of tantivy's indexing buffers, in bytes.
    pub heap_bytes: usize,
    /// tantivy indexing threads.
    pub threads: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            queue_capacity: 4_096,
            heap_bytes: 128 << 20,
            threads: 1,
        }
    }
}

/// Handle to a collection's writer thread. Cloning shares the thread.
#[derive(Clone)]
pub struct WriterHandle {
    sender: Sender<WriteRequest>,
}

/// Owns the writer thread; dropping the last handle and calling [`WriterThread::join`]
/// commits what is queued and stops it.
pub struct WriterThread {
    join: JoinHandle<()>,
}

impl WriterThread {
    /// Waits for the thread to finish its last group.
    pub fn join(self) {
        if self.join.join().is_err() {
            error!("index writer thread panicked");
        }
    }
}

/// Starts the writer thread of `index`.
pub fn start_writer(
    index: &CollectionIndex,
    options: WriterOptions,
) -> Result<(WriterHandle, WriterThread)> {
    let writer: IndexWriter<TantivyDocument> = index
        .index()
        .writer_with_num_threads(options.threads.max(1), options.heap_bytes)?;
    let (sender, receiver) = bounded(options.queue_capacity);
    let index = index.clone();
    let name = format!("writer-{}", index.fields().collection);
    let join = std::thread::Builder::new()
        .name(name)
        .spawn(move || run(index, writer, receiver))?;
    Ok((WriterHandle { sender }, WriterThread { join }))
}

impl WriterHandle {
    /// Queues `ops` and blocks until they are committed; returns one outcome per op.
    pub fn write(&self, ops: Vec<WriteOp>) -> Result<Vec<WriteOutcome>> {
        let (reply, answer) = bounded(1);
        match self.sender.try_send(WriteRequest { ops, reply }) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(IndexerError::QueueFull),
            Err(TrySendError::Disconnected(_)) => return Err(IndexerError::WriterGone),
        }
        answer.recv().map_err(|_| IndexerError::WriterGone)?
    }
}

/// Most requests folded into one commit; bounds the latency of the first one.
const MAX_GROUP: usize = 1_024;

fn run(index: CollectionIndex, mut writer: IndexWriter, receiver: Receiver<WriteRequest>) {
    while let Ok(first) = receiver.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match receiver.try_recv() {
                Ok(request) => group.push(request),
                Err(_) => break,
            }
        }
        let searcher = index.searcher();
        let mut existing = ExistingIds::new(&index, searcher);
        let mut answers = Vec::with_capacity(group.len());
        for request in &mut group {
            let ops = std::mem::take(&mut request.ops);
            answers.push(apply(&mut writer, &mut existing, ops));
        }
        let committed = writer.commit().and_then(|_| index.reader().reload());
        if let Err(err) = &committed {
            error!(error = %err, "commit failed");
        }
        for (request, outcome) in group.into_iter().zip(answers) {
            let answer = match &committed {
                Ok(()) => Ok(outcome),
                Err(err) => Err(IndexerError::Corrupt(format!("commit failed: {err}"))),
            };
            // The requester may have gone away (client disconnected); nothing to do then.
            let _ = request.reply.send(answer);
        }
    }
    if let Err(err) = writer.commit() {
        error!(error = %err, "final commit failed");
    }
    info!(collection = %index.fields().collection, "index writer stopped");
}

fn apply(
    writer: &mut IndexWriter,
    existing: &mut ExistingIds,
    ops: Vec<WriteOp>,
) -> Vec<WriteOutcome> {
    let id_field = existing.index.fields().id;
    let mut outcomes = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            WriteOp::Upsert(prepared) => {
                let existed = existing.contains(&prepared.id);
                writer.delete_term(Term::from_field_text(id_field, &prepared.id));
                // add_document only fails when the indexing threads are gone, which the
                // commit right after reports to every requester of the group.
                let _ = writer.add_document(prepared.doc);
                existing.set(prepared.id, true);
                outcomes.push(if existed {
                    WriteOutcome::Updated
                } else {
                    WriteOutcome::Created
                });
            }
            WriteOp::Delete(id) => {
                let existed = existing.contains(&id);
                writer.delete_term(Term::from_field_text(id_field, &id));
                existing.set(id, false);
                outcomes.push(if existed {
                    WriteOutcome::Deleted
                } else {
                    WriteOutcome::NotFound
                });
            }
        }
    }
    outcomes
}

/// Whether ids exist, as of the last commit plus the ops of the group being applied.
struct ExistingIds<'a> {
    index: &'a CollectionIndex,
    searcher: Searcher,
    in_group: HashMap<String, bool>,
}

impl<'a> ExistingIds<'a> {
    fn new(index: &'a CollectionIndex, searcher: Searcher) -> Self {
        ExistingIds {
            index,
            searcher,
            in_group: HashMap::new(),
        }
    }

    fn contains(&self, id: &str) -> bool {
        if let Some(exists) = self.in_group.get(id) {
            return *exists;
        }
        id_exists(self.index, &self.searcher, id)
    }

    fn set(&mut self, id: String, exists: bool) {
        self.in_group.insert(id, exists);
    }
}

/// Returns whether a live (not deleted) document has this id.
pub fn id_exists(index: &CollectionIndex, searcher: &Searcher, id: &str) -> bool {
    let term = Term::from_field_text(index.fields().id, id);
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    searcher
        .search(&query, &Count)
        .map(|n| n > 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use vivier_analyzers::{Analyzers, Lang};
    use vivier_schema::Collection;

    use super::*;

    fn open(dir: &std::path::Path) -> CollectionIndex {
        CollectionIndex::open_or_create(dir, Collection::Cvs, Analyzers::build(), Lang::Fr, None)
            .expect("open index")
    }

    fn upsert(index: &CollectionIndex, json: &str) -> WriteOp {
        WriteOp::Upsert(index.preparer().prepare_json(json).expect("valid document"))
    }

    #[test]
    fn upsert_replaces_and_delete_removes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = open(dir.path());
        let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
        let first = writer
            .write(vec![
                upsert(&index, r#"{"id":"a","headline":"Serveur"}"#),
                upsert(&index, r#"{"id":"a","headline":"Cuisinier"}"#),
                upsert(&index, r#"{"id":"b","headline":"Boulanger"}"#),
            ])
            .expect("write");
        assert_eq!(
            first,
            vec![
                WriteOutcome::Created,
                WriteOutcome::Updated,
                WriteOutcome::Created
            ]
        );
        assert_eq!(index.num_docs(), 2);
        let second = writer
            .write(vec![
                upsert(&index, r#"{"id":"b","headline":"Pâtissier"}"#),
                WriteOp::Delete("a".into()),
                WriteOp::Delete("zzz".into()),
            ])
            .expect("write");
        assert_eq!(
            second,
            vec![
                WriteOutcome::Updated,
                WriteOutcome::Deleted,
                WriteOutcome::NotFound
            ]
        );
        assert_eq!(index.num_docs(), 1);
        assert!(!id_exists(&index, &index.searcher(), "a"));
        drop(writer);
        thread.join();
        // Reopening finds what was acknowledged.
        assert_eq!(open(dir.path()).num_docs(), 1);
    }
}
