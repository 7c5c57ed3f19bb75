//! HTTP routes, one module per resource.

pub mod admin;
pub mod documents;
pub mod health;
pub mod matching;
pub mod search;
pub mod taxonomy;

use crate::error::ApiError;

/// Runs CPU-bound or blocking work (analysis, tantivy, waiting for a commit) off the async
/// runtime.
pub async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| ApiError::Internal(format!("worker task failed: {err}")))?
}
