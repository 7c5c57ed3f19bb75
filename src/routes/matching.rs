//! `POST /match/offer/{id}` (CVs for an offer) and `POST /match/cv/{id}` (offers for a CV);
//! without an id, the body's `document` is the source.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::Value;
use vivier_analyzers::taxonomy::ConceptKind;
use vivier_schema::{AnyDocument, Collection, Rules};

use crate::error::{ApiBytes, ApiError, ApiPath};
use crate::routes::blocking;
use crate::search::matching::{describe, match_request, target_of, MatchOptions};
use crate::search::search;
use crate::state::AppState;

/// `POST /match/offer/{id}`.
pub async fn match_offer(
    state: State<AppState>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, ApiError> {
    run(state, Collection::Offers, Some(id), &headers, body).await
}

/// `POST /match/offer` with the offer inline.
pub async fn match_offer_inline(
    state: State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, ApiError> {
    run(state, Collection::Offers, None, &headers, body).await
}

/// `POST /match/cv/{id}`.
pub async fn match_cv(
    state: State<AppState>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, ApiError> {
    run(state, Collection::Cvs, Some(id), &headers, body).await
}

/// `POST /match/cv` with the CV inline.
pub async fn match_cv_inline(
    state: State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, ApiError> {
    run(state, Collection::Cvs, None, &headers, body).await
}

/// The id an inline source without one is checked under.
const INLINE_ID: &str = "inline";

fn options(headers: &HeaderMap, body: &[u8]) -> Result<MatchOptions, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(MatchOptions::default());
    }
    let json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim() == "application/json");
    if !json {
        return Err(ApiError::UnsupportedMediaType(
            "expected a JSON body with `content-type: application/json`".to_string(),
        ));
    }
    serde_json::from_slice(body)
        .map_err(|err| ApiError::BadRequest(format!("invalid match request: {err}")))
}

async fn run(
    State(state): State<AppState>,
    source: Collection,
    id: Option<String>,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let options = options(headers, &body)?;
    blocking(move || {
        let source_state = state.collection(source);
        let index = &source_state.index;
        let document: AnyDocument = match (&id, &options.document) {
            (_, Some(inline)) => {
                // An inline source is not stored: it needs no id of its own.
                let mut inline = inline.clone();
                if let Some(fields) = inline.as_object_mut() {
                    fields
                        .entry("id")
                        .or_insert_with(|| Value::String(INLINE_ID.to_string()));
                }
                vivier_schema::validate(source, &inline)
                    .map_err(|v| ApiError::InvalidDocument(v.0))?
            }
            (Some(id), None) => {
                // Read as `GET` reads it, so that an acknowledged write or delete not yet
                // committed is already what the match starts from.
                let source_json = source_state
                    .get_document(id)?
                    .ok_or_else(|| ApiError::NotFound(format!("no document `{id}` in {source}")))?;
                // Stored, it is read by the rules it was accepted under, as a rebuild reads it.
                vivier_schema::validate_with(source, &source_json, Rules::Stored)
                    .map_err(|v| ApiError::InvalidDocument(v.0))?
            }
            (None, None) => {
                return Err(ApiError::BadRequest(
                    "give the source `document` in the body".to_string(),
                ));
            }
        };
        let mentions = index.preparer().mentions(&document);
        let taxonomy = state.concepts.taxonomy.clone();
        let is_skill = |id: &str| taxonomy.get(id).map(|c| c.kind == ConceptKind::Skill);
        let request = match_request(&document, &mentions, is_skill, &options);
        let target = state.collection(target_of(source));
        let deleted = target.writer.pending_deletes();
        let mut response = search(
            &target.index,
            &state.analyzers,
            state.default_lang,
            &request,
            &deleted,
        )?;
        // The source itself is not its own match (a CV never lists itself, but keep it clean).
        response
            .hits
            .retain(|hit| Some(&hit.id) != id.as_ref() || source != target_of(source));
        let mut value =
            serde_json::to_value(&response).map_err(|err| ApiError::Internal(err.to_string()))?;
        value["query"] = describe(&request);
        Ok(Json(value))
    })
    .await
}
