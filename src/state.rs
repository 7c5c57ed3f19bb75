//! State shared by every request handler.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use vivier_analyzers::{Analyzers, Lang};
use vivier_indexer::{CollectionIndex, WriterHandle};
use vivier_schema::Collection;

use crate::auth::ApiKeys;
use crate::concepts::Concepts;
use crate::config::Config;
use crate::error::ApiError;
use crate::tasks::Tasks;

/// One collection's index and writer.
#[derive(Clone)]
pub struct CollectionState {
    /// The live index (reader side).
    pub index: CollectionIndex,
    /// The group-commit writer.
    pub writer: WriterHandle,
}

impl CollectionState {
    /// Returns the document stored under `id` as every read by id sees it: acknowledged
    /// writes not yet committed (a new version, or a deletion) answer before the index.
    pub fn get_document(&self, id: &str) -> Result<Option<Value>, ApiError> {
        if let Some(pending) = self.writer.pending(id) {
            return Ok(pending.map(|doc| doc.as_ref().clone()));
        }
        Ok(crate::search::get_document(&self.index, id)?)
    }
}

/// Everything handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The configuration the service started with.
    pub config: Arc<Config>,
    /// Text analyzers.
    pub analyzers: Analyzers,
    /// Language assumed when detection is unsure.
    pub default_lang: Lang,
    /// Both collections.
    pub collections: Arc<HashMap<Collection, CollectionState>>,
    /// The taxonomy, its extractor and resolver.
    pub concepts: Arc<Concepts>,
    /// Admin tasks (rebuilds).
    pub tasks: Arc<Tasks>,
    /// The API keys callers must present; none: the service is open.
    pub api_keys: Option<Arc<ApiKeys>>,
}

impl AppState {
    /// Returns a collection's state.
    pub fn collection(&self, collection: Collection) -> &CollectionState {
        // Both collections are opened at start-up (see `lib.rs::open_state`).
        &self.collections[&collection]
    }
}
