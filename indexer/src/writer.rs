//! The single writer of a collection: a thread that logs writes durably, applies them to
//! tantivy, and commits in the background.
//!
//! A write is acknowledged once it is in the write-ahead log and fsynced (group commit:
//! the thread takes every request waiting, logs them with one fsync, then answers them all).
//! It is applied to the tantivy `IndexWriter` at once, and a tantivy commit makes it
//! searchable within `commit_interval` (500 ms by default). Until then the [`Overlay`]
//! answers for it: reads by id see the new version or the deletion, and searches exclude
//! deleted ids, so a deleted document is unreadable and unsearchable from its
//! acknowledgement on. On start, the log records after the last tantivy commit are replayed.
//!
//! A purge (on demand, or automatically some time after a delete) commits, merges every
//! segment holding deleted documents and collects the old files, so the text of deleted
//! documents leaves the index files; committed log files are deleted at each commit.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, RecvTimeoutError, Sender, TrySendError};
use serde_json::Value;
use tantivy::collector::Count;
use tantivy::index::SegmentId;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Searcher, Term};
use tracing::{error, info, warn};
use vivier_schema::Rules;

use crate::error::{IndexerError, Result};
use crate::prepare::PreparedDoc;
use crate::store::{CollectionIndex, NextGeneration};
use crate::wal::{Wal, WalOp, WalRecord};

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

/// What a purge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PurgeReport {
    /// Segments rewritten without their deleted documents.
    pub segments_merged: usize,
    /// Deleted documents (deleted or replaced versions) whose data was in the index files
    /// since the last purge and is now gone from them: those of the rewritten segments, and
    /// those of segments left with no live document, whose files were removed.
    pub deleted_docs_dropped: u64,
}

/// Sizing and timing of the writer.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    /// Requests that may wait in the queue before writes are refused.
    pub queue_capacity: usize,
    /// Memory budget of tantivy's indexing buffers, in bytes.
    pub heap_bytes: usize,
    /// tantivy indexing threads.
    pub threads: usize,
    /// Longest time between an acknowledged write and the commit that makes it searchable.
    pub commit_interval: Duration,
    /// Time after a delete when deleted data is purged from the index files automatically.
    pub purge_delay: Duration,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            queue_capacity: 4_096,
            heap_bytes: 128 << 20,
            threads: 1,
            commit_interval: Duration::from_millis(500),
            purge_delay: Duration::from_secs(3_600),
        }
    }
}

/// Writes acknowledged but not yet committed: id -> (sequence number, new source or `None`
/// for a deletion).
#[derive(Debug, Default)]
pub struct Overlay {
    entries: HashMap<String, (u64, Option<Arc<Value>>)>,
}

impl Overlay {
    /// Returns the pending state of an id: `Some(None)` deleted, `Some(Some(doc))` replaced.
    pub fn get(&self, id: &str) -> Option<Option<Arc<Value>>> {
        self.entries.get(id).map(|(_, doc)| doc.clone())
    }

    /// Returns the ids deleted but not yet committed.
    pub fn deleted_ids(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(_, (_, doc))| doc.is_none())
            .map(|(id, _)| id.clone())
            .collect()
    }

    fn forget_up_to(&mut self, committed: u64) {
        self.entries.retain(|_, (seq, _)| *seq > committed);
    }
}

enum Command {
    Write {
        ops: Vec<WriteOp>,
        reply: Sender<Result<Vec<WriteOutcome>>>,
    },
    Commit(Sender<Result<()>>),
    Purge(Sender<Result<PurgeReport>>),
    BeginRebuild(Sender<Result<u64>>),
    FinishRebuild {
        next: Box<NextGeneration>,
        from: u64,
        reply: Sender<Result<()>>,
    },
    AbortRebuild(Sender<Result<()>>),
}

/// Handle to a collection's writer thread. Cloning shares the thread.
#[derive(Clone)]
pub struct WriterHandle {
    sender: Sender<Command>,
    overlay: Arc<RwLock<Overlay>>,
}

/// Owns the writer thread; drop every handle, then [`WriterThread::join`] to commit what is
/// pending and stop.
pub struct WriterThread {
    join: JoinHandle<()>,
}

impl WriterThread {
    /// Waits for the thread to commit and stop.
    pub fn join(self) {
        if self.join.join().is_err() {
            error!("index writer thread panicked");
        }
    }
}

/// Opens the collection's write-ahead log, replays what the index lacks, and starts the
/// writer thread.
pub fn start_writer(
    index: &CollectionIndex,
    options: WriterOptions,
) -> Result<(WriterHandle, WriterThread)> {
    let mut writer = open_writer(index, &options)?;
    let committed = committed_seq(index)?;
    let (mut wal, pending) = Wal::open(&index.wal_directory(), committed)?;
    let mut last = committed;
    if !pending.is_empty() {
        last = pending.last().map_or(committed, |r| r.seq);
        info!(collection = %index.fields().collection, records = pending.len(), "replaying the write-ahead log");
        for record in pending {
            replay(index, &mut writer, record);
        }
        commit(&mut writer, last)?;
        index.reader().reload()?;
    }
    // Log files whose records are all committed go now, replay or not: a rebuild stopped by a
    // crash kept them for its new generation, and they hold deleted documents as written.
    wal.committed(last)?;
    let (sender, receiver) = bounded(options.queue_capacity);
    let overlay = Arc::new(RwLock::new(Overlay::default()));
    let mut state = WriterState {
        index: index.clone(),
        writer: Some(writer),
        wal,
        overlay: overlay.clone(),
        options,
        dirty_since: None,
        last_delete: None,
        deleted_unpurged: deleted_docs_in_segments(index)?,
    };
    let name = format!("writer-{}", index.fields().collection);
    let join = std::thread::Builder::new()
        .name(name)
        .spawn(move || state.run(receiver))?;
    Ok((WriterHandle { sender, overlay }, WriterThread { join }))
}

fn open_writer(index: &CollectionIndex, options: &WriterOptions) -> Result<IndexWriter> {
    Ok(index
        .index()
        .writer_with_num_threads(options.threads.max(1), options.heap_bytes)?)
}

/// Returns the deleted documents the index's segments still hold.
fn deleted_docs_in_segments(index: &CollectionIndex) -> Result<u64> {
    let metas = index.index().searchable_segment_metas()?;
    Ok(metas
        .iter()
        .map(|meta| u64::from(meta.num_deleted_docs()))
        .sum())
}

/// Returns the last log sequence number the index's last commit holds.
pub fn committed_seq(index: &CollectionIndex) -> Result<u64> {
    let metas = index.index().load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|payload| payload.strip_prefix("wal:"))
        .and_then(|seq| seq.parse().ok())
        .unwrap_or(0))
}

fn replay(index: &CollectionIndex, writer: &mut IndexWriter, record: WalRecord) {
    let id_field = index.fields().id;
    match record.op {
        // An acknowledged write is replayed whatever rules came since.
        WalOp::Upsert { doc } => match index.preparer().prepare_value_with(doc, Rules::Stored) {
            Ok(prepared) => {
                writer.delete_term(Term::from_field_text(id_field, &prepared.id));
                if let Err(err) = writer.add_document(prepared.doc) {
                    error!(seq = record.seq, error = %err, "replay failed");
                }
            }
            Err(err) => {
                warn!(seq = record.seq, error = %err, "logged document no longer valid, skipped")
            }
        },
        WalOp::Delete { id } => {
            writer.delete_term(Term::from_field_text(id_field, &id));
        }
    }
}

fn commit(writer: &mut IndexWriter, seq: u64) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&format!("wal:{seq}"));
    prepared.commit()?;
    Ok(())
}

impl WriterHandle {
    /// Logs `ops` durably and applies them; returns one outcome per op once acknowledged.
    pub fn write(&self, ops: Vec<WriteOp>) -> Result<Vec<WriteOutcome>> {
        let (reply, answer) = bounded(1);
        self.send(Command::Write { ops, reply })?;
        answer.recv().map_err(|_| IndexerError::WriterGone)?
    }

    /// Commits now: everything acknowledged becomes searchable.
    pub fn commit(&self) -> Result<()> {
        let (reply, answer) = bounded(1);
        self.send(Command::Commit(reply))?;
        answer.recv().map_err(|_| IndexerError::WriterGone)?
    }

    /// Commits, then rewrites every segment holding deleted documents.
    pub fn purge(&self) -> Result<PurgeReport> {
        let (reply, answer) = bounded(1);
        self.send(Command::Purge(reply))?;
        answer.recv().map_err(|_| IndexerError::WriterGone)?
    }

    /// Starts a rebuild: commits, keeps the log from here on, and returns the sequence
    /// number the committed index holds (a snapshot taken now holds at least that).
    pub fn begin_rebuild(&self) -> Result<u64> {
        self.ask(Command::BeginRebuild)
    }

    /// Ends a rebuild: replays into `next` the writes logged after `from`, makes it live and
    /// lets the log go.
    pub fn finish_rebuild(&self, next: NextGeneration, from: u64) -> Result<()> {
        let (reply, answer) = bounded(1);
        // Blocking send: the swap must not be refused because writes are queued.
        self.sender
            .send(Command::FinishRebuild {
                next: Box::new(next),
                from,
                reply,
            })
            .map_err(|_| IndexerError::WriterGone)?;
        answer.recv().map_err(|_| IndexerError::WriterGone)?
    }

    /// Gives up a rebuild: lets the log go.
    pub fn abort_rebuild(&self) -> Result<()> {
        self.ask(Command::AbortRebuild)
    }

    fn ask<T>(&self, command: impl FnOnce(Sender<Result<T>>) -> Command) -> Result<T> {
        let (reply, answer) = bounded(1);
        self.sender
            .send(command(reply))
            .map_err(|_| IndexerError::WriterGone)?;
        answer.recv().map_err(|_| IndexerError::WriterGone)?
    }

    /// Returns the acknowledged, not yet committed state of an id.
    pub fn pending(&self, id: &str) -> Option<Option<Arc<Value>>> {
        self.overlay.read().ok().and_then(|overlay| overlay.get(id))
    }

    /// Returns the ids deleted but not yet committed (to exclude from searches).
    pub fn pending_deletes(&self) -> Vec<String> {
        self.overlay
            .read()
            .map(|overlay| overlay.deleted_ids())
            .unwrap_or_default()
    }

    fn send(&self, command: Command) -> Result<()> {
        match self.sender.try_send(command) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => Err(IndexerError::QueueFull),
            Err(TrySendError::Disconnected(_)) => Err(IndexerError::WriterGone),
        }
    }
}

/// Most write requests folded into one log fsync.
const MAX_GROUP: usize = 1_024;

struct WriterState {
    index: CollectionIndex,
    /// `None` only if a purge could not reopen it; the thread then stops.
    writer: Option<IndexWriter>,
    wal: Wal,
    overlay: Arc<RwLock<Overlay>>,
    options: WriterOptions,
    /// When the oldest uncommitted write was applied.
    dirty_since: Option<Instant>,
    /// When the last unpurged delete was committed.
    last_delete: Option<Instant>,
    /// Document versions deleted or replaced since the last purge (or in the index files at
    /// start): their data stays in the index files until a purge. tantivy drops a segment
    /// left with no live document from the index at once, so the purge cannot count those
    /// from the segments it finds.
    deleted_unpurged: u64,
}

impl WriterState {
    fn run(&mut self, receiver: Receiver<Command>) {
        loop {
            let command = match self.next_deadline() {
                Some(deadline) => match receiver
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    Ok(command) => Some(command),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => break,
                },
                None => match receiver.recv() {
                    Ok(command) => Some(command),
                    Err(_) => break,
                },
            };
            match command {
                Some(Command::Write { ops, reply }) => self.write_group(&receiver, ops, reply),
                Some(Command::Commit(reply)) => {
                    let _ = reply.send(self.commit());
                }
                Some(Command::Purge(reply)) => {
                    let _ = reply.send(self.purge());
                }
                Some(other) => self.control(other),
                None => {}
            }
            self.housekeeping();
            if self.writer.is_none() {
                // Acknowledged writes are in the log: the next start replays them.
                error!(collection = %self.index.fields().collection, "index writer lost, the writer thread stops");
                return;
            }
        }
        if let Err(err) = self.commit() {
            error!(error = %err, "final commit failed");
        }
        info!(collection = %self.index.fields().collection, "index writer stopped");
    }

    fn next_deadline(&self) -> Option<Instant> {
        let commit = self
            .dirty_since
            .map(|since| since + self.options.commit_interval);
        let purge = self.last_delete.map(|at| at + self.options.purge_delay);
        match (commit, purge) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn housekeeping(&mut self) {
        let now = Instant::now();
        if self
            .dirty_since
            .is_some_and(|since| now >= since + self.options.commit_interval)
        {
            if let Err(err) = self.commit() {
                error!(error = %err, "commit failed");
            }
        }
        if self
            .last_delete
            .is_some_and(|at| now >= at + self.options.purge_delay)
        {
            if let Err(err) = self.purge() {
                error!(error = %err, "automatic purge failed");
            }
        }
    }

    /// Logs and applies a group of write requests, then answers them.
    fn write_group(
        &mut self,
        receiver: &Receiver<Command>,
        first: Vec<WriteOp>,
        reply: Sender<Result<Vec<WriteOutcome>>>,
    ) {
        let mut requests = vec![(first, reply)];
        let mut deferred = Vec::new();
        while requests.len() < MAX_GROUP {
            match receiver.try_recv() {
                Ok(Command::Write { ops, reply }) => requests.push((ops, reply)),
                Ok(other) => {
                    deferred.push(other);
                    break;
                }
                Err(_) => break,
            }
        }
        let searcher = self.index.searcher();
        let mut log_ops = Vec::new();
        let mut to_apply = Vec::new();
        let mut outcomes: Vec<Vec<WriteOutcome>> = Vec::with_capacity(requests.len());
        let mut replies = Vec::with_capacity(requests.len());
        let mut in_group: HashMap<String, bool> = HashMap::new();
        for (ops, reply) in requests {
            let mut request_outcomes = Vec::with_capacity(ops.len());
            for op in ops {
                let id = match &op {
                    WriteOp::Upsert(prepared) => prepared.id.clone(),
                    WriteOp::Delete(id) => id.clone(),
                };
                let existed = match in_group.get(&id) {
                    Some(exists) => *exists,
                    None => self.exists(&searcher, &id),
                };
                let outcome = match (&op, existed) {
                    (WriteOp::Upsert(_), true) => WriteOutcome::Updated,
                    (WriteOp::Upsert(_), false) => WriteOutcome::Created,
                    (WriteOp::Delete(_), true) => WriteOutcome::Deleted,
                    (WriteOp::Delete(_), false) => WriteOutcome::NotFound,
                };
                request_outcomes.push(outcome);
                match &op {
                    WriteOp::Upsert(prepared) => {
                        in_group.insert(id, true);
                        log_ops.push(WalOp::Upsert {
                            doc: prepared.source.clone(),
                        });
                        to_apply.push(op);
                    }
                    // Deleting nothing changes nothing: not logged, not applied.
                    WriteOp::Delete(_) if existed => {
                        in_group.insert(id.clone(), false);
                        log_ops.push(WalOp::Delete { id });
                        to_apply.push(op);
                    }
                    WriteOp::Delete(_) => {}
                }
            }
            outcomes.push(request_outcomes);
            replies.push(reply);
        }
        let logged = if log_ops.is_empty() {
            Ok(Vec::new())
        } else {
            self.wal.append(log_ops)
        };
        match logged {
            Ok(records) => {
                self.apply(to_apply, &records);
                // Each replaced or deleted version stays in the index files until a purge.
                self.deleted_unpurged += outcomes
                    .iter()
                    .flatten()
                    .filter(|outcome| {
                        matches!(outcome, WriteOutcome::Updated | WriteOutcome::Deleted)
                    })
                    .count() as u64;
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(err) => {
                error!(error = %err, "write-ahead log append failed");
                for reply in replies {
                    let _ = reply.send(Err(IndexerError::Corrupt(format!(
                        "write-ahead log: {err}"
                    ))));
                }
            }
        }
        for command in deferred {
            match command {
                Command::Write { ops, reply } => self.write_group(receiver, ops, reply),
                other => self.control(other),
            }
        }
    }

    /// Applies logged ops, paired with their log records, to tantivy and the overlay.
    fn apply(&mut self, ops: Vec<WriteOp>, records: &[WalRecord]) {
        let id_field = self.index.fields().id;
        // The thread stops as soon as the writer is lost (see `run`); the log keeps the ops.
        let Some(writer) = self.writer.as_ref() else {
            return;
        };
        let Ok(mut overlay) = self.overlay.write() else {
            return;
        };
        for (op, record) in ops.into_iter().zip(records) {
            match op {
                WriteOp::Upsert(prepared) => {
                    writer.delete_term(Term::from_field_text(id_field, &prepared.id));
                    // Fails only when indexing threads died; the next commit reports it.
                    let _ = writer.add_document(prepared.doc);
                    overlay
                        .entries
                        .insert(prepared.id, (record.seq, Some(Arc::new(prepared.source))));
                }
                WriteOp::Delete(id) => {
                    writer.delete_term(Term::from_field_text(id_field, &id));
                    overlay.entries.insert(id, (record.seq, None));
                    self.last_delete.get_or_insert_with(Instant::now);
                }
            }
        }
        self.dirty_since.get_or_insert_with(Instant::now);
    }

    /// Runs a command other than a write.
    fn control(&mut self, command: Command) {
        match command {
            Command::Commit(reply) => {
                let _ = reply.send(self.commit());
            }
            Command::Purge(reply) => {
                let _ = reply.send(self.purge());
            }
            Command::BeginRebuild(reply) => {
                let result = self.commit().map(|()| {
                    let seq = self.wal.next_seq() - 1;
                    self.wal.pin(seq);
                    seq
                });
                let _ = reply.send(result);
            }
            Command::FinishRebuild { next, from, reply } => {
                let result = self.swap(*next, from);
                if result.is_err() {
                    self.wal.unpin();
                }
                let _ = reply.send(result);
            }
            Command::AbortRebuild(reply) => {
                self.wal.unpin();
                let _ = reply.send(Ok(()));
            }
            Command::Write { ops, reply } => {
                let _ = reply.send(Err(IndexerError::Corrupt(format!(
                    "internal: {} writes routed as a control command",
                    ops.len()
                ))));
            }
        }
    }

    /// Catches the new generation up with the writes logged since the rebuild began, then
    /// makes it live. Runs on the writer thread, so no write interleaves.
    fn swap(&mut self, next: NextGeneration, from: u64) -> Result<()> {
        self.commit()?;
        let last = self.wal.next_seq() - 1;
        let mut writer = open_writer(&next.index, &self.options)?;
        let records = self.wal.records_after(from)?;
        let replayed = records.len();
        for record in records {
            replay(&next.index, &mut writer, record);
        }
        commit(&mut writer, last)?;
        next.index.reader().reload()?;
        // The old writer must let go of the old generation before its files are removed.
        let old = self.writer.replace(writer);
        drop(old);
        self.index.swap_in(next)?;
        self.index.reader().reload()?;
        self.wal.unpin();
        self.wal.committed(last)?;
        info!(collection = %self.index.fields().collection, replayed, "rebuilt generation is live");
        Ok(())
    }

    fn exists(&self, searcher: &Searcher, id: &str) -> bool {
        if let Some(pending) = self.overlay.read().ok().and_then(|o| o.get(id)) {
            return pending.is_some();
        }
        id_exists(&self.index, searcher, id)
    }

    fn commit(&mut self) -> Result<()> {
        if self.dirty_since.is_none() {
            return Ok(());
        }
        let seq = self.wal.next_seq() - 1;
        commit(self.index_writer()?, seq)?;
        self.index.reader().reload()?;
        if let Ok(mut overlay) = self.overlay.write() {
            overlay.forget_up_to(seq);
        }
        self.wal.committed(seq)?;
        self.dirty_since = None;
        Ok(())
    }

    fn index_writer(&mut self) -> Result<&mut IndexWriter> {
        self.writer.as_mut().ok_or(IndexerError::WriterGone)
    }

    /// Commits, rewrites every segment holding deleted documents without them, and removes
    /// the files of every segment no longer in the index.
    fn purge(&mut self) -> Result<PurgeReport> {
        self.commit()?;
        // No log file whose records are committed may outlive a purge (a running rebuild's
        // pin still keeps what it will replay).
        let seq = self.wal.next_seq() - 1;
        self.wal.committed(seq)?;
        self.wait_for_merges()?;
        let (with_deletes, deleted_in_segments) = self.segments_with_deletes()?;
        if !with_deletes.is_empty() {
            self.index_writer()?.merge(&with_deletes).wait()?;
        }
        // Searchers of before the merge let go of the old segments.
        self.index.reader().reload()?;
        self.index_writer()?.garbage_collect_files().wait()?;
        let report = PurgeReport {
            segments_merged: with_deletes.len(),
            deleted_docs_dropped: self.deleted_unpurged.max(deleted_in_segments),
        };
        self.deleted_unpurged = 0;
        self.last_delete = None;
        info!(collection = %self.index.fields().collection, segments = report.segments_merged, docs = report.deleted_docs_dropped, "purged deleted documents");
        Ok(report)
    }

    /// Waits for tantivy's background merges to end: a merge still running keeps the files
    /// of the segments it reads, and merging one of them again would fail. Only ending the
    /// `IndexWriter` waits for them, so it is ended and a new one opened; the caller has
    /// committed, so nothing is lost.
    fn wait_for_merges(&mut self) -> Result<()> {
        let waited = match self.writer.take() {
            Some(ended) => ended.wait_merging_threads(),
            None => Ok(()),
        };
        self.writer = Some(open_writer(&self.index, &self.options)?);
        Ok(waited?)
    }

    /// Returns the segments holding deleted documents, and how many they hold. tantivy's
    /// garbage collection keeps the files of every segment whose `SegmentMeta` is alive, so
    /// the metas read here are dropped before the purge collects.
    fn segments_with_deletes(&self) -> Result<(Vec<SegmentId>, u64)> {
        let metas = self.index.index().searchable_segment_metas()?;
        let with_deletes: Vec<_> = metas.iter().filter(|meta| meta.has_deletes()).collect();
        let ids = with_deletes.iter().map(|meta| meta.id()).collect();
        let deleted = with_deletes
            .iter()
            .map(|meta| u64::from(meta.num_deleted_docs()))
            .sum();
        Ok((ids, deleted))
    }
}

/// Returns whether a live (not deleted) committed document has this id.
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
        // Acknowledged: readable by id at once.
        let pending = writer.pending("a").expect("pending").expect("not deleted");
        assert_eq!(pending["headline"], "Cuisinier");
        writer.commit().expect("commit");
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
        assert_eq!(writer.pending("a"), Some(None));
        assert_eq!(writer.pending_deletes(), vec!["a".to_string()]);
        writer.commit().expect("commit");
        assert_eq!(index.num_docs(), 1);
        assert!(writer.pending("a").is_none());
        drop(writer);
        thread.join();
        assert_eq!(open(dir.path()).num_docs(), 1);
    }

    #[test]
    fn acknowledged_writes_are_replayed_after_a_crash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = open(dir.path());
        let options = WriterOptions {
            commit_interval: Duration::from_secs(3_600),
            ..WriterOptions::default()
        };
        let (writer, thread) = start_writer(&index, options).expect("writer");
        writer
            .write(vec![upsert(&index, r#"{"id":"a","headline":"Serveur"}"#)])
            .expect("write");
        writer.commit().expect("commit");
        writer
            .write(vec![upsert(&index, r#"{"id":"b","headline":"Boulanger"}"#)])
            .expect("write");
        writer
            .write(vec![WriteOp::Delete("a".into())])
            .expect("write");
        // Simulate a crash: the thread dies without its final commit.
        std::mem::forget(thread);
        std::mem::forget(writer);
        drop(index);
        let reopened = open(dir.path());
        // Another writer cannot start while the old one holds the lock in this process, so
        // check what replay would apply instead.
        let committed = committed_seq(&reopened).expect("metas");
        let (_, pending) = Wal::open(&reopened.wal_directory(), committed).expect("wal");
        let ops: Vec<&WalOp> = pending.iter().map(|r| &r.op).collect();
        assert_eq!(ops.len(), 2);
        assert!(matches!(ops[1], WalOp::Delete { id } if id == "a"));
    }

    #[test]
    fn purge_removes_deleted_data_from_index_and_log_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = open(dir.path());
        let options = WriterOptions {
            commit_interval: Duration::from_secs(3_600),
            ..WriterOptions::default()
        };
        let (writer, thread) = start_writer(&index, options).expect("writer");
        let docs: Vec<WriteOp> = (0..20)
            .map(|i| {
                upsert(
                    &index,
                    &format!(r#"{{"id":"cv{i}-qx{i}token","summary":"candidat {i}"}}"#),
                )
            })
            .collect();
        writer.write(docs).expect("write");
        writer.commit().expect("commit");
        writer
            .write(vec![upsert(
                &index,
                r#"{"id":"cv7-qx7token","summary":"version deux"}"#,
            )])
            .expect("write");
        // Before: the id is in the log (plain JSON) and in an index segment's terms.
        assert!(contains_bytes(dir.path(), b"cv7-qx7token"));
        writer.commit().expect("commit");
        assert!(id_in_any_segment(&index, "cv7-qx7token"));
        writer
            .write(vec![WriteOp::Delete("cv7-qx7token".into())])
            .expect("delete");
        let report = writer.purge().expect("purge");
        // The first version sits deleted in the first segment; the second segment held only
        // the second version, and tantivy drops wholly deleted segments at commit.
        assert!(report.deleted_docs_dropped >= 1, "{report:?}");
        // After: in no segment, even as a deleted document, and in no file.
        assert!(!id_in_any_segment(&index, "cv7-qx7token"));
        assert!(!contains_bytes(dir.path(), b"cv7-qx7token"));
        assert!(id_in_any_segment(&index, "cv8-qx8token"));
        assert_eq!(index.num_docs(), 19);
        drop(writer);
        thread.join();
    }

    /// Regression (audit): a rebuild stopped by a crash kept its log files, written while it
    /// ran, through the restart and through a purge, with a deleted document as written.
    #[test]
    fn log_files_kept_by_a_rebuild_that_never_ended_go_at_restart_and_purge() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = open(dir.path());
        let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
        writer.begin_rebuild().expect("begin");
        writer
            .write(vec![upsert(
                &index,
                r#"{"id":"gone","summary":"zq9token"}"#,
            )])
            .expect("write");
        writer
            .write(vec![WriteOp::Delete("gone".into())])
            .expect("delete");
        writer.commit().expect("commit");
        // The rebuild's pin keeps the log for the generation it would make live.
        assert!(contains_bytes(&index.wal_directory(), b"zq9token"));
        // Then the process ends without the rebuild ending.
        drop(writer);
        thread.join();
        drop(index);
        let index = open(dir.path());
        let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
        assert!(!contains_bytes(&index.wal_directory(), b"zq9token"));
        // A purge, too, leaves no log file of committed records behind.
        writer.begin_rebuild().expect("begin");
        writer
            .write(vec![upsert(&index, r#"{"id":"x","summary":"zq8token"}"#)])
            .expect("write");
        writer.abort_rebuild().expect("abort");
        writer.commit().expect("commit");
        writer
            .write(vec![WriteOp::Delete("x".into())])
            .expect("delete");
        writer.purge().expect("purge");
        assert!(!contains_bytes(dir.path(), b"zq8token"));
        drop(writer);
        thread.join();
    }

    /// Regression (audit): a document alone in its segment, deleted and committed, left its
    /// segment's files (its stored original among them) on disk after one purge, which
    /// reported nothing dropped.
    #[test]
    fn one_purge_removes_a_wholly_deleted_segment_and_counts_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = open(dir.path());
        let options = WriterOptions {
            commit_interval: Duration::from_secs(3_600),
            ..WriterOptions::default()
        };
        let (writer, thread) = start_writer(&index, options).expect("writer");
        writer
            .write(vec![upsert(&index, r#"{"id":"kept","summary":"gardé"}"#)])
            .expect("write");
        writer.commit().expect("commit");
        writer
            .write(vec![upsert(
                &index,
                r#"{"id":"gone","summary":"zqv9secret"}"#,
            )])
            .expect("write");
        writer.commit().expect("commit");
        writer
            .write(vec![WriteOp::Delete("gone".into())])
            .expect("delete");
        writer.commit().expect("commit");
        let report = writer.purge().expect("purge");
        assert!(
            !contains_bytes(dir.path(), b"zqv9secret"),
            "deleted text left in {:?}",
            walk(dir.path())
        );
        assert_eq!(report.deleted_docs_dropped, 1, "{report:?}");
        assert_eq!(index.num_docs(), 1);
        drop(writer);
        thread.join();
    }

    /// Looks the id up in every segment's term dictionary, deleted documents included.
    fn id_in_any_segment(index: &CollectionIndex, id: &str) -> bool {
        let searcher = index.searcher();
        searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(index.fields().id)
                .ok()
                .and_then(|inverted| inverted.terms().get(id.as_bytes()).ok().flatten())
                .is_some()
        })
    }

    fn contains_bytes(dir: &std::path::Path, needle: &[u8]) -> bool {
        walk(dir).iter().any(|path| {
            std::fs::read(path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        })
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
        files
    }
}
