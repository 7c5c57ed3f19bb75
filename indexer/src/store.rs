//! On-disk layout of a collection and opening its tantivy index.
//!
//! ```text
//! DATA_DIR/cvs/CURRENT      name of the live generation, e.g. "gen-000001"
//! DATA_DIR/cvs/gen-000001/  a tantivy index
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

const CURRENT_FILE: &str = "CURRENT";

/// A generation of a collection: one tantivy index and its reader.
#[derive(Clone)]
struct Generation {
    index: Index,
    reader: IndexReader,
    directory: PathBuf,
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
        let generation = match read_current(&root)? {
            Some(name) => name,
            None => {
                let name = generation_name(1);
                create_index(&root.join(&name), &fields)?;
                write_current(&root, &name)?;
                name
            }
        };
        remove_other_generations(&root, &generation)?;
        let preparer = DocumentPreparer::new(fields, analyzers, default_lang, concepts);
        let live = open_generation(&root.join(&generation), &preparer)?;
        Ok(CollectionIndex {
            live: Arc::new(RwLock::new(live)),
            preparer,
            root,
        })
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
        create_index(&directory, self.fields())?;
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

fn create_index(directory: &Path, fields: &CollectionSchema) -> Result<Index> {
    fs::create_dir_all(directory)?;
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
    let temporary = root.join(format!("{CURRENT_FILE}.tmp"));
    let mut file = fs::File::create(&temporary)?;
    file.write_all(name.as_bytes())?;
    file.sync_all()?;
    fs::rename(&temporary, root.join(CURRENT_FILE))?;
    fs::File::open(root)?.sync_all()?;
    Ok(())
}
