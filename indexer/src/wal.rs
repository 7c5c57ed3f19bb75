//! The write-ahead log: every write is appended and fsynced here before it is acknowledged,
//! and replayed on start for whatever the last tantivy commit does not hold.
//!
//! Files: `DIR/wal-<first sequence number, 20 digits>.log`. A record is
//! `[payload length: u32 LE][CRC-32 of payload: u32 LE][payload]`, the payload a JSON
//! [`WalRecord`]. A crash can leave a torn last record; replay stops at the first record that
//! is short or fails its checksum and cuts the file there, since nothing after it was
//! acknowledged. Each tantivy commit records the last sequence number it holds (commit
//! payload); files whose records are all committed are deleted, which is also how a deleted
//! document's text leaves the log.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{IndexerError, Result};

/// One logged write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum WalOp {
    /// Insert or replace a document (its validated original JSON).
    Upsert {
        /// The document.
        doc: Value,
    },
    /// Delete a document.
    Delete {
        /// Its id.
        id: String,
    },
}

/// A logged write with its sequence number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalRecord {
    /// Position in the collection's history of writes, from 1.
    pub seq: u64,
    /// The write.
    #[serde(flatten)]
    pub op: WalOp,
}

/// The write-ahead log of one collection.
#[derive(Debug)]
pub struct Wal {
    directory: PathBuf,
    current: File,
    current_first: u64,
    next_seq: u64,
    /// Records after this sequence number are kept even once committed (a rebuild in
    /// progress will replay them into the new generation).
    pin: Option<u64>,
}

const HEADER: usize = 8;

impl Wal {
    /// Opens the log in `directory`, returning it with the records after `committed`, in
    /// order, to be re-applied.
    pub fn open(directory: &Path, committed: u64) -> Result<(Wal, Vec<WalRecord>)> {
        fs::create_dir_all(directory)?;
        let mut pending = Vec::new();
        let mut last_seq = committed;
        for (first, path) in segment_files(directory)? {
            let records = read_segment(&path)?;
            for record in records {
                last_seq = last_seq.max(record.seq);
                if record.seq > committed {
                    pending.push(record);
                }
            }
            let _ = first;
        }
        let next_seq = last_seq + 1;
        let (current, current_first) = new_segment(directory, next_seq)?;
        let wal = Wal {
            directory: directory.to_path_buf(),
            current,
            current_first,
            next_seq,
            pin: None,
        };
        Ok((wal, pending))
    }

    /// Returns the sequence number the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Appends a group of writes and fsyncs them; returns their records.
    pub fn append(&mut self, ops: Vec<WalOp>) -> Result<Vec<WalRecord>> {
        let mut buffer = Vec::new();
        let mut records = Vec::with_capacity(ops.len());
        for op in ops {
            let record = WalRecord {
                seq: self.next_seq,
                op,
            };
            self.next_seq += 1;
            let payload = serde_json::to_vec(&record)?;
            buffer.extend_from_slice(&(payload.len() as u32).to_le_bytes());
            buffer.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
            buffer.extend_from_slice(&payload);
            records.push(record);
        }
        self.current.write_all(&buffer)?;
        self.current.sync_data()?;
        Ok(records)
    }

    /// Keeps every record after `seq` until unpinned.
    pub fn pin(&mut self, seq: u64) {
        self.pin = Some(seq);
    }

    /// Lets committed records go again.
    pub fn unpin(&mut self) {
        self.pin = None;
    }

    /// Returns the records after `seq`, in order (reads the files).
    pub fn records_after(&self, seq: u64) -> Result<Vec<WalRecord>> {
        let mut records = Vec::new();
        for (_, path) in segment_files(&self.directory)? {
            records.extend(read_segment(&path)?.into_iter().filter(|r| r.seq > seq));
        }
        Ok(records)
    }

    /// Called after a tantivy commit holding every record up to `committed`: starts a new
    /// file and deletes the files whose records are all committed (and not pinned).
    pub fn committed(&mut self, committed: u64) -> Result<()> {
        let committed = self.pin.map_or(committed, |pin| pin.min(committed));
        if self.next_seq > self.current_first {
            let (file, first) = new_segment(&self.directory, self.next_seq)?;
            self.current = file;
            self.current_first = first;
        }
        let files = segment_files(&self.directory)?;
        for (index, (_, path)) in files.iter().enumerate() {
            // A file's records end where the next file's begin.
            let next_first = files.get(index + 1).map_or(u64::MAX, |(first, _)| *first);
            if next_first <= committed + 1 && *path != self.current_path() {
                fs::remove_file(path)?;
            }
        }
        File::open(&self.directory)?.sync_all()?;
        Ok(())
    }

    fn current_path(&self) -> PathBuf {
        segment_path(&self.directory, self.current_first)
    }
}

fn segment_path(directory: &Path, first: u64) -> PathBuf {
    directory.join(format!("wal-{first:020}.log"))
}

fn new_segment(directory: &Path, first: u64) -> Result<(File, u64)> {
    let path = segment_path(directory, first);
    let file = OpenOptions::new().create(true).append(true).open(&path)?;
    File::open(directory)?.sync_all()?;
    Ok((file, first))
}

/// Returns the log files in order, with the first sequence number each holds.
fn segment_files(directory: &Path) -> Result<Vec<(u64, PathBuf)>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(directory)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let first = name
            .strip_prefix("wal-")
            .and_then(|rest| rest.strip_suffix(".log"))
            .and_then(|digits| digits.parse::<u64>().ok());
        if let Some(first) = first {
            files.push((first, path));
        }
    }
    files.sort();
    Ok(files)
}

/// Reads a log file; a torn tail is cut off.
fn read_segment(path: &Path) -> Result<Vec<WalRecord>> {
    let mut bytes = Vec::new();
    BufReader::new(File::open(path)?).read_to_end(&mut bytes)?;
    let mut records = Vec::new();
    let mut offset = 0;
    while offset + HEADER <= bytes.len() {
        let length =
            u32::from_le_bytes(bytes[offset..offset + 4].try_into().unwrap_or_default()) as usize;
        let checksum =
            u32::from_le_bytes(bytes[offset + 4..offset + 8].try_into().unwrap_or_default());
        let start = offset + HEADER;
        let Some(payload) = bytes.get(start..start + length) else {
            break;
        };
        if crc32fast::hash(payload) != checksum {
            break;
        }
        let record: WalRecord = serde_json::from_slice(payload).map_err(|err| {
            IndexerError::Corrupt(format!(
                "{}: record at byte {offset}: {err}",
                path.display()
            ))
        })?;
        records.push(record);
        offset = start + length;
    }
    if offset < bytes.len() {
        // Torn write from a crash: nothing after it was acknowledged.
        let file = OpenOptions::new().write(true).open(path)?;
        file.set_len(offset as u64)?;
        file.sync_all()?;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn upsert(id: &str) -> WalOp {
        WalOp::Upsert {
            doc: json!({ "id": id }),
        }
    }

    #[test]
    fn replays_what_was_not_committed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut wal, pending) = Wal::open(dir.path(), 0).expect("open");
        assert!(pending.is_empty());
        let first = wal.append(vec![upsert("a"), upsert("b")]).expect("append");
        assert_eq!(first.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![1, 2]);
        wal.committed(2).expect("committed");
        wal.append(vec![WalOp::Delete { id: "a".into() }])
            .expect("append");
        drop(wal);
        let (wal, pending) = Wal::open(dir.path(), 2).expect("reopen");
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].seq, 3);
        assert_eq!(pending[0].op, WalOp::Delete { id: "a".into() });
        assert_eq!(wal.next_seq(), 4);
    }

    #[test]
    fn committed_files_are_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut wal, _) = Wal::open(dir.path(), 0).expect("open");
        wal.append(vec![upsert("secret-token")]).expect("append");
        wal.committed(1).expect("committed");
        for entry in fs::read_dir(dir.path()).expect("list") {
            let content = fs::read(entry.expect("entry").path()).expect("read");
            assert!(!String::from_utf8_lossy(&content).contains("secret-token"));
        }
    }

    #[test]
    fn a_torn_tail_is_cut_and_the_rest_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut wal, _) = Wal::open(dir.path(), 0).expect("open");
        wal.append(vec![upsert("a")]).expect("append");
        wal.append(vec![upsert("b")]).expect("append");
        let path = wal.current_path();
        drop(wal);
        let length = fs::metadata(&path).expect("meta").len();
        OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open")
            .set_len(length - 3)
            .expect("truncate");
        let (mut wal, pending) = Wal::open(dir.path(), 0).expect("reopen");
        assert_eq!(pending.len(), 1);
        assert_eq!(wal.next_seq(), 2);
        // The log goes on after the cut.
        wal.append(vec![upsert("c")]).expect("append");
        drop(wal);
        let (_, pending) = Wal::open(dir.path(), 0).expect("reopen");
        let ids: Vec<u64> = pending.iter().map(|r| r.seq).collect();
        assert_eq!(ids, vec![1, 2]);
    }
}
