//! `POST /{collection}/_search`.

use axum::extract::State;
use axum::Json;
use vivier_schema::Collection;

use crate::error::{ApiError, ApiJson};
use crate::routes::blocking;
use crate::search::{search, SearchRequest, SearchResponse};
use crate::state::AppState;

/// Runs a search on a blocking thread.
#[tracing::instrument(skip_all, fields(collection = %collection))]
pub async fn search_collection(
    State(state): State<AppState>,
    collection: Collection,
    ApiJson(request): ApiJson<SearchRequest>,
) -> Result<Json<SearchResponse>, ApiError> {
    let collection_state = state.collection(collection).clone();
    let analyzers = state.analyzers.clone();
    let default_lang = state.default_lang;
    let response = blocking(move || {
        let deleted = collection_state.writer.pending_deletes();
        search(
            &collection_state.index,
            &analyzers,
            default_lang,
            &request,
            &deleted,
        )
        .map_err(ApiError::from)
    })
    .await?;
    Ok(Json(response))
}
