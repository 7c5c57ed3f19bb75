//! On-disk layout of a collection and opening its tantivy index.
//!
//! ```text
//! DATA_DIR/cvs/CURRENT      name of the live generation, e.g. "gen-000001"
//! DATA_DIR/cvs/gen-000001/  a tantivy index, and vivier-build.json: what its documents
//!                           were analysed with (see [`crate::stamp`])
//! ```
//! Generations exist so that a rebuild can write a whole new index beside the live one and
//! switch to it by rewriting `CURRENT` atomically (write to a temporary file, fsync, rename).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tantivy::directory::MmapDirectory;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, Searcher};
use vivier_analyzers::concepts::ConceptExtractor;
use vivier_analyzers::{Analyzers, Lang};
use vivier_schema::{Collection, CollectionSchema};

use crate::error::{IndexerError, Result};
use crate::prepare::DocumentPreparer;
use crate::stamp::{self, BuildStamp};

const CURRENT_FILE: &str = "CURRENT";

/// A generation of a collection: one tantivy index and its reader.
#[derive(Clone)]
struct Generation {
    index: Index,
    reader: IndexReader,
    directory: PathBuf,
    /// What the documents were analysed with; `None` when unknown.
    built_with: Option<BuildStamp>,
}

/// One collection's live index, its reader and the means to prepare documents for it.
///
/// Clones share the live generation: when a rebuild swaps in a new one, every clone (the
/// API's, the writer's) sees it at once.
#[derive(Clone)]
pub struct CollectionIndex {
    live: Arc<RwLock<Generation>>,
    preparer: DocumentPreparer,
    root: PathBuf,
}

impl CollectionIndex {
    /// Opens the collection under `data_dir`, creating an empty index on first use.
    /// Generations left by an interrupted rebuild are removed.
    pub fn open_or_create(
        data_dir: &Path,
        collection: Collection,
        analyzers: Analyzers,
        default_lang: Lang,
        concepts: Option<Arc<ConceptExtractor>>,
    ) -> Result<CollectionIndex> {
        let root = data_dir.join(collection.as_str());
        fs::create_dir_all(&root)?;
        let fields = CollectionSchema::new(collection);
        let preparer = DocumentPreparer::new(fields, analyzers, default_lang, concepts);
        let generation = match read_current(&root)? {
            Some(name) => name,
            None => {
                let name = generation_name(1);
                create_index(&root.join(&name), &preparer)?;
                write_current(&root, &name)?;
                name
            }
        };
        remove_other_generations(&root, &generation)?;
        let mut live = open_generation(&root.join(&generation), &preparer)?;
        // An empty index has nothing analysed otherwise: it is as good as a new one.
        let running = preparer.build_stamp();
        if live.built_with.as_ref() != Some(&running) && live.reader.searcher().num_docs() == 0 {
            stamp::write(&live.directory, &running)?;
            live.built_with = Some(running);
        }
        Ok(CollectionIndex {
            live: Arc::new(RwLock::new(live)),
            preparer,
            root,
        })
    }

    /// Opens the collection under `data_dir`, which must hold it already: for commands
    /// that work on an existing index (`vivier rebuild`), which must create nothing.
    pub fn open_existing(
        data_dir: &Path,
        collection: Collection,
        analyzers: Analyzers,
        default_lang: Lang,
        concepts: Option<Arc<ConceptExtractor>>,
    ) -> Result<CollectionIndex> {
        if read_current(&data_dir.join(collection.as_str()))?.is_none() {
            return Err(IndexerError::NoIndex {
                collection,
                data_dir: data_dir.to_path_buf(),
            });
        }
        Self::open_or_create(data_dir, collection, analyzers, default_lang, concepts)
    }

    fn live(&self) -> Generation {
        // A poisoned lock only means a panic elsewhere while swapping; the value is intact.
        match self.live.read() {
            Ok(live) => live.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Returns the live tantivy index.
    pub fn index(&self) -> Index {
        self.live().index
    }

    /// Returns the live reader; writers reload it after each commit.
    pub fn reader(&self) -> IndexReader {
        self.live().reader
    }

    /// Returns a searcher on the latest reloaded state.
    pub fn searcher(&self) -> Searcher {
        self.live().reader.searcher()
    }

    /// Returns the collection's fields.
    pub fn fields(&self) -> &CollectionSchema {
        self.preparer.fields()
    }

    /// Returns the document preparer of this collection.
    pub fn preparer(&self) -> &DocumentPreparer {
        &self.preparer
    }

    /// Returns the directory of the live generation.
    pub fn directory(&self) -> PathBuf {
        self.live().directory
    }

    /// Returns the directory of the collection's write-ahead log.
    pub fn wal_directory(&self) -> PathBuf {
        self.root.join("wal")
    }

    /// What the live generation's documents were analysed with; `None` when unknown (an
    /// index written before Vivier recorded it).
    pub fn built_with(&self) -> Option<BuildStamp> {
        self.live().built_with
    }

    /// Why the live generation's documents are not what this server would make of them,
    /// one reason a line; empty when they are. A rebuild makes them so.
    pub fn stale_reasons(&self) -> Vec<String> {
        let running = self.preparer.build_stamp();
        match self.built_with() {
            Some(built_with) => built_with.differences(&running),
            None => vec!["written by a Vivier that did not record its analysis".to_string()],
        }
    }

    /// Returns the number of live documents.
    pub fn num_docs(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// Creates the next generation's empty index beside the live one (for a rebuild).
    pub fn create_next_generation(&self) -> Result<NextGeneration> {
        let live_name = self
            .directory()
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("gen-"))
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(1);
        let name = generation_name(live_name + 1);
        let directory = self.root.join(&name);
        if directory.exists() {
            fs::remove_dir_all(&directory)?;
        }
        create_index(&directory, &self.preparer)?;
        let generation = open_generation(&directory, &self.preparer)?;
        let index = CollectionIndex {
            live: Arc::new(RwLock::new(generation)),
            preparer: self.preparer.clone(),
            root: self.root.clone(),
        };
        Ok(NextGeneration { name, index })
    }

    /// Makes `next` the live generation: `CURRENT` is rewritten atomically, every clone of
    /// this handle switches to it, and the old generation's files are removed.
    pub fn swap_in(&self, next: NextGeneration) -> Result<()> {
        let incoming = next.index.live();
        write_current(&self.root, &next.name)?;
        let old = {
            let mut live = match self.live.write() {
                Ok(live) => live,
                Err(poisoned) => poisoned.into_inner(),
            };
            std::mem::replace(&mut *live, incoming)
        };
        // Open searchers keep their files mapped; unlinking them is safe on Unix.
        fs::remove_dir_all(&old.directory)?;
        Ok(())
    }
}

/// A generation being built by a rebuild, not yet live.
pub struct NextGeneration {
    name: String,
    /// The new index, with its own reader; same fields and preparer as the live one.
    pub index: CollectionIndex,
}

impl NextGeneration {
    /// Deletes the unfinished generation (a cancelled or failed rebuild).
    pub fn discard(self) -> Result<()> {
        let directory = self.index.directory();
        drop(self.index);
        fs::remove_dir_all(directory)?;
        Ok(())
    }
}

/// Decompressed doc-store blocks kept per segment (16 KiB each, so 16 MiB): the hits of
/// popular searches are read again and again, and each miss costs a zstd decompression.
const DOC_STORE_CACHE_BLOCKS: usize = 1024;

fn open_generation(directory: &Path, preparer: &DocumentPreparer) -> Result<Generation> {
    let mut index = Index::open_in_dir(directory)?;
    // Segments of one search are collected in parallel: a single search uses every core,
    // and concurrent searches share them.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads > 1 {
        index.set_multithread_executor(threads)?;
    }
    if index.schema() != preparer.fields().schema {
        return Err(IndexerError::Corrupt(format!(
            "{} was written with another schema; rebuild it",
            directory.display()
        )));
    }
    preparer.register_tokenizers(index.tokenizers());
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
        .try_into()?;
    Ok(Generation {
        index,
        reader,
        directory: directory.to_path_buf(),
        built_with: stamp::read(directory),
    })
}

/// Removes generation directories other than the live one: leftovers of a rebuild that
/// crashed before its swap.
fn remove_other_generations(root: &Path, live: &str) -> Result<()> {
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("gen-") && name != live && entry.path().is_dir() {
            tracing::warn!(generation = %name, "removing an unfinished generation");
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// Creates an empty index in `directory`, stamped with what `preparer` will write into it.
fn create_index(directory: &Path, preparer: &DocumentPreparer) -> Result<Index> {
    let fields = preparer.fields();
    fs::create_dir_all(directory)?;
    stamp::write(directory, &preparer.build_stamp())?;
    let settings = IndexSettings {
        // CVs are text: zstd keeps the stored originals at about a third of lz4's size.
        docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(fields.schema.clone())
        .settings(settings)
        .open_or_create(MmapDirectory::open(directory).map_err(tantivy::TantivyError::from)?)?;
    Ok(index)
}

fn generation_name(number: u32) -> String {
    format!("gen-{number:06}")
}

fn read_current(root: &Path) -> Result<Option<String>> {
    let path = root.join(CURRENT_FILE);
    match fs::read_to_string(&path) {
        Ok(content) => {
            let name = content.trim().to_string();
            let valid = name.starts_with("gen-") && root.join(&name).is_dir();
            if !valid {
                return Err(IndexerError::Corrupt(format!(
                    "{} names `{name}`, which is not an index directory",
                    path.display()
                )));
            }
            Ok(Some(name))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// Points `CURRENT` at `name` atomically: a crash leaves either the old or the new name.
fn write_current(root: &Path, name: &str) -> Result<()> {
    replace_file(root, CURRENT_FILE, name.as_bytes())
}

/// Writes `directory/file_name` atomically (a temporary file, fsync, rename, fsync of the
/// directory): after a crash the file holds the old content or the new one, never a part.
pub(crate) fn replace_file(directory: &Path, file_name: &str, content: &[u8]) -> Result<()> {
    let temporary = directory.join(format!("{file_name}.tmp"));
    let mut file = fs::File::create(&temporary)?;
    file.write_all(content)?;
    file.sync_all()?;
    fs::rename(&temporary, directory.join(file_name))?;
    fs::File::open(directory)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writer::{start_writer, WriteOp, WriterOptions};

    fn open(dir: &Path, default_lang: Lang) -> CollectionIndex {
        CollectionIndex::open_or_create(
            dir,
            Collection::Cvs,
            Analyzers::build(),
            default_lang,
            None,
        )
        .expect("open")
    }

    /// Opens the collection and writes one CV into it.
    fn filled(dir: &Path, default_lang: Lang) -> CollectionIndex {
        let index = open(dir, default_lang);
        let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
        let doc = index
            .preparer()
            .prepare_json(r#"{"id":"cv-1","headline":"Serveuse"}"#)
            .expect("valid");
        writer.write(vec![WriteOp::Upsert(doc)]).expect("write");
        writer.commit().expect("commit");
        drop(writer);
        thread.join();
        index
    }

    #[test]
    fn a_new_index_records_what_it_is_analysed_with() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = open(dir.path(), Lang::Fr);
        assert_eq!(index.built_with(), Some(index.preparer().build_stamp()));
        assert!(index.stale_reasons().is_empty());
    }

    #[test]
    fn documents_analysed_otherwise_are_stale_until_a_new_generation_replaces_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        drop(filled(dir.path(), Lang::Fr));
        let index = open(dir.path(), Lang::En);
        assert_eq!(index.num_docs(), 1);
        assert_eq!(
            index.stale_reasons(),
            vec!["default language `fr`, now `en`".to_string()]
        );
        // What a rebuild does: a new generation, filled by this server, swapped in.
        let next = index.create_next_generation().expect("next");
        index.swap_in(next).expect("swap");
        assert!(index.stale_reasons().is_empty());
        assert!(open(dir.path(), Lang::En).stale_reasons().is_empty());
    }

    #[test]
    fn an_empty_index_takes_the_running_stamp() {
        let dir = tempfile::tempdir().expect("tempdir");
        drop(open(dir.path(), Lang::Fr));
        let index = open(dir.path(), Lang::En);
        assert!(index.stale_reasons().is_empty());
        assert_eq!(index.built_with(), Some(index.preparer().build_stamp()));
    }

    #[test]
    fn an_index_without_a_stamp_is_stale() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = filled(dir.path(), Lang::Fr);
        fs::remove_file(index.directory().join("vivier-build.json")).expect("unstamp");
        drop(index);
        let index = open(dir.path(), Lang::Fr);
        assert_eq!(index.built_with(), None);
        assert_eq!(index.stale_reasons().len(), 1);
    }
}
