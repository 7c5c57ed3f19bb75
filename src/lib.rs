//! The Vivier service: HTTP API over the CV and offer indexes, and the command line.
//!
//! `app(state)` builds the router; `open_state(config)` opens both collections and starts
//! their writers; `serve(listener, state, shutdown)` runs the server until `shutdown`
//! resolves. Tests use the same three functions with an ephemeral port.

pub mod auth;
pub mod cli;
pub mod concepts;
pub mod config;
pub mod error;
pub mod eval;
pub mod gen;
pub mod relevance;
pub mod routes;
pub mod search;
pub mod state;
pub mod tasks;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::serve::Listener;
use axum::{BoxError, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;
use tracing::{debug, info, warn};
use vivier_analyzers::Analyzers;
use vivier_indexer::{start_writer, CollectionIndex, WriterOptions, WriterThread};
use vivier_schema::Collection;

use crate::auth::ApiKeys;
use crate::concepts::Concepts;
use crate::config::Config;
use crate::error::{ApiError, ApiJson};
use crate::routes::{admin, documents, health, matching, search as search_routes, taxonomy};
use crate::search::SearchRequest;
use crate::state::{AppState, CollectionState};

/// Builds the router with every route, limit and layer.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let mut router = Router::new()
        .route("/health", get(health::health))
        .route("/taxonomy/resolve", post(taxonomy::resolve))
        .route("/taxonomy/extract", post(taxonomy::extract))
        .route("/taxonomy/autocomplete", get(taxonomy::autocomplete))
        .route("/taxonomy/concepts/{*id}", get(taxonomy::concept))
        .route("/match/offer", post(matching::match_offer_inline))
        .route("/match/offer/{id}", post(matching::match_offer))
        .route("/match/cv", post(matching::match_cv_inline))
        .route("/match/cv/{id}", post(matching::match_cv))
        .route("/admin/purge", post(admin::purge))
        .route(
            "/admin/collections/{collection}/rebuild",
            post(admin::rebuild),
        )
        .route("/admin/tasks", get(admin::tasks))
        .route("/admin/tasks/{id}", get(admin::task))
        .route("/admin/tasks/{id}/cancel", post(admin::cancel));
    for collection in Collection::ALL {
        let prefix = format!("/{}", collection.as_str());
        router = router.nest(
            &prefix,
            collection_routes(collection, config.max_bulk_bytes),
        );
    }
    router
        .fallback(|| async {
            ApiError::NotFound("no such route; see the README for the API".to_string())
        })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(
            state.api_keys.clone(),
            auth::authorize,
        ))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(timeout_error))
                .timeout(Duration::from_secs(config.request_timeout_secs)),
        )
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Answers a request cut by the timeout layer, in the API's error shape.
async fn timeout_error(err: BoxError) -> ApiError {
    if err.is::<tower::timeout::error::Elapsed>() {
        ApiError::Timeout
    } else {
        ApiError::Internal(format!("request failed: {err}"))
    }
}

fn collection_routes(collection: Collection, max_bulk_bytes: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/_search",
            post(
                move |state: State<AppState>, body: ApiJson<SearchRequest>| {
                    search_routes::search_collection(state, collection, body)
                },
            ),
        )
        .route(
            "/_bulk",
            post(move |state, query, headers, body| {
                documents::bulk(state, collection, query, headers, body)
            })
            .layer(DefaultBodyLimit::max(max_bulk_bytes)),
        )
        .route(
            "/{id}",
            get(move |state, id| documents::get_one(state, collection, id))
                .put(move |state, id, query, body| {
                    documents::put_document(state, collection, id, query, body)
                })
                .delete(move |state, id, query| {
                    documents::delete_document(state, collection, id, query)
                }),
        )
}

/// The running writers; stop them with [`Writers::shutdown`] after the server is done.
pub struct Writers {
    threads: Vec<WriterThread>,
}

impl Writers {
    /// Waits for every writer to commit what it has queued.
    pub fn shutdown(self) {
        for thread in self.threads {
            thread.join();
        }
    }
}

/// Opens both collections under the configured data directory and starts their writers.
pub fn open_state(config: Config) -> anyhow::Result<(AppState, Writers)> {
    let default_lang = config.default_lang()?;
    let api_keys = match &config.api_keys {
        Some(path) => Some(Arc::new(ApiKeys::load(path).map_err(anyhow::Error::msg)?)),
        None => {
            warn!(
                "no API keys (`api_keys`): every caller may read and write everything, \
                 candidates' personal data included"
            );
            None
        }
    };
    let analyzers = Analyzers::build();
    let concepts = Arc::new(Concepts::load(&config.taxonomy)?);
    let mut collections = HashMap::new();
    let mut threads = Vec::new();
    for collection in Collection::ALL {
        let index = CollectionIndex::open_or_create(
            &config.data_dir,
            collection,
            analyzers.clone(),
            default_lang,
            Some(concepts.extractor.clone()),
        )?;
        warn_if_stale(&index, collection);
        let options = WriterOptions {
            heap_bytes: config.writer_heap_mb << 20,
            commit_interval: Duration::from_millis(config.commit_interval_ms),
            purge_delay: Duration::from_secs(config.purge_delay_secs),
            ..WriterOptions::default()
        };
        let (writer, thread) = start_writer(&index, options)?;
        threads.push(thread);
        collections.insert(collection, CollectionState { index, writer });
    }
    let state = AppState {
        config: Arc::new(config),
        analyzers,
        default_lang,
        collections: Arc::new(collections),
        concepts,
        tasks: Arc::default(),
        api_keys,
    };
    if state.config.rebuild_stale {
        rebuild_stale(&state)?;
    }
    Ok((state, Writers { threads }))
}

/// Tells the admin when a collection's documents were analysed otherwise than this process
/// analyses new ones (another Vivier, default language or taxonomy): searches mix both until
/// a rebuild.
pub fn warn_if_stale(index: &CollectionIndex, collection: Collection) {
    let reasons = index.stale_reasons();
    if !reasons.is_empty() {
        warn!(
            collection = collection.as_str(),
            reasons = reasons.join("; "),
            "the index needs a rebuild (POST /admin/collections/{0}/rebuild, or `vivier rebuild \
             --collection {0}` on a stopped server)",
            collection.as_str()
        );
    }
}

/// Starts a rebuild task (`GET /admin/tasks`) for every collection whose documents were
/// analysed otherwise than the server analyses new ones; searches and writes go on meanwhile.
fn rebuild_stale(state: &AppState) -> anyhow::Result<()> {
    for collection in Collection::ALL {
        let target = state.collection(collection);
        if target.index.stale_reasons().is_empty() {
            continue;
        }
        let task = state.tasks.start_rebuild(collection, target.clone())?;
        info!(
            collection = collection.as_str(),
            task = task.id,
            "rebuilding the collection analysed otherwise (rebuild_stale)"
        );
    }
    Ok(())
}

/// Serves `state` on `listener` until `shutdown` resolves, then drains in-flight requests.
///
/// This is `axum::serve` plus a header read timeout (`header_read_timeout_secs`): without one,
/// a client that never finishes its headers holds its connection, and its task, forever.
pub async fn serve(
    mut listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    info!(address = %listener.local_addr()?, "vivier listening");
    let header_read_timeout = Duration::from_secs(state.config.header_read_timeout_secs);
    let router = app(state);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // axum's `Listener` retries failed accepts (e.g. out of file descriptors) after a pause.
        let (stream, peer) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                debug!(peer = %peer, error = %err, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
