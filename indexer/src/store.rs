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
use std::sync::Arc;

use tantivy::directory::MmapDirectory;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, Searcher};
use vivier_analyzers::concepts::ConceptExtractor;
use vivier_analyzers::{Analyzers, Lang};
use vivier_schema::{Collection, CollectionSchema, TEXT_TOKENIZER};

use crate::error::{IndexerError, Result};
use crate::prepare::DocumentPreparer;

const CURRENT_FILE: &str = "CURRENT";

/// One collection's live index, its reader and the means to prepare documents for it.
#[derive(Clone)]
pub struct CollectionIndex {
    index: Index,
    reader: IndexReader,
    preparer: DocumentPreparer,
    directory: PathBuf,
}

impl CollectionIndex {
    /// Opens the collection under `data_dir`, creating an empty index on first use.
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
        let directory = root.join(&generation);
        let index = Index::open_in_dir(&directory)?;
        if index.schema() != fields.schema {
            return Err(IndexerError::Corrupt(format!(
                "{} was written with another schema; rebuild it",
                directory.display()
            )));
        }
        analyzers.register(index.tokenizers(), default_lang, TEXT_TOKENIZER);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(CollectionIndex {
            index,
            reader,
            preparer: DocumentPreparer::new(fields, analyzers, default_lang, concepts),
            directory,
        })
    }

    /// Returns the tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Returns the shared reader; writers reload it after each commit.
    pub fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// Returns a searcher on the latest reloaded state.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
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
    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// Returns the directory of the collection's write-ahead log.
    pub fn wal_directory(&self) -> PathBuf {
        self.directory
            .parent()
            .map_or_else(|| self.directory.join("wal"), |root| root.join("wal"))
    }

    /// Returns the number of live documents.
    pub fn num_docs(&self) -> u64 {
        self.searcher().num_docs()
    }
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
