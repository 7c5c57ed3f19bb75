//! State shared by every request handler.

use std::collections::HashMap;
use std::sync::Arc;

use vivier_analyzers::{Analyzers, Lang};
use vivier_indexer::{CollectionIndex, WriterHandle};
use vivier_schema::Collection;

use crate::auth::ApiKeys;
use crate::concepts::Concepts;
use crate::config::Config;
use crate::tasks::Tasks;

/// One collection's index and writer.
#[derive(Clone)]
pub struct CollectionState {
    /// The live index (reader side).
    pub index: CollectionIndex,
    /// The group-commit writer.
    pub writer: WriterHandle,
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
