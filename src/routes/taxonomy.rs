//! `/taxonomy/...`: resolution, extraction, concept lookup and autocompletion.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use vivier_analyzers::taxonomy::ConceptKind;
use vivier_analyzers::{detect, Lang};

use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::routes::blocking;
use crate::state::AppState;

/// Longest text `resolve` takes: it is for titles and skills as typed.
const MAX_RESOLVE_CHARS: usize = 512;
/// Longest text `extract` takes.
const MAX_EXTRACT_CHARS: usize = 200_000;
/// Most candidates a request may ask for.
pub(crate) const MAX_LIMIT: usize = 100;

/// Body of `POST /taxonomy/resolve`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// A job title or a skill as typed.
    pub text: String,
    /// Only concepts of this kind.
    pub kind: Option<ConceptKind>,
    /// Language of the labels returned (default: detected, else the default language).
    pub lang: Option<String>,
    /// Candidates to return (default 10, at most 100).
    pub limit: Option<usize>,
}

/// Body of `POST /taxonomy/extract`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// A text (CV section, offer description).
    pub text: String,
    /// Language of the text (default: detected).
    pub lang: Option<String>,
}

/// Query of `GET /taxonomy/autocomplete`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutocompleteQuery {
    /// What was typed so far.
    pub q: String,
    /// Only concepts of this kind.
    pub kind: Option<ConceptKind>,
    /// Language of the labels returned.
    pub lang: Option<String>,
    /// Suggestions to return (default 10, at most 100).
    pub limit: Option<usize>,
}

/// Query of `GET /taxonomy/concepts/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptQuery {
    /// Language of labels shown.
    pub lang: Option<String>,
}

fn language(state: &AppState, given: Option<&str>, text: &str) -> Result<Lang, ApiError> {
    match given {
        Some(code) => {
            Lang::from_iso(code).map_err(|err| ApiError::BadRequest(format!("lang: {err}")))
        }
        None => Ok(detect(text, state.default_lang).lang),
    }
}

fn limit(requested: Option<usize>) -> Result<usize, ApiError> {
    let limit = requested.unwrap_or(10);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!(
            "limit: between 1 and {MAX_LIMIT}"
        )));
    }
    Ok(limit)
}

fn check_length(text: &str, max: usize) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest("text: must not be empty".to_string()));
    }
    if text.chars().count() > max {
        return Err(ApiError::BadRequest(format!(
            "text: at most {max} characters"
        )));
    }
    Ok(())
}

/// `POST /taxonomy/resolve`: ranked concepts for a short text.
pub async fn resolve(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ResolveRequest>,
) -> Result<Json<Value>, ApiError> {
    check_length(&request.text, MAX_RESOLVE_CHARS)?;
    let lang = language(&state, request.lang.as_deref(), &request.text)?;
    let limit = limit(request.limit)?;
    let concepts = state.concepts.clone();
    blocking(move || {
        let candidates = concepts
            .resolver()
            .resolve(&request.text, request.kind, limit);
        Ok(Json(json!({
            "text": request.text,
            "candidates": concepts.candidates_json(&candidates, lang.code()),
        })))
    })
    .await
}

/// `POST /taxonomy/extract`: concept mentions in a text.
pub async fn extract(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ExtractRequest>,
) -> Result<Json<Value>, ApiError> {
    check_length(&request.text, MAX_EXTRACT_CHARS)?;
    let lang = language(&state, request.lang.as_deref(), &request.text)?;
    let concepts = state.concepts.clone();
    blocking(move || {
        let mentions = concepts.extractor.extract_text(&request.text, lang.code());
        Ok(Json(json!({
            "text": request.text,
            "lang": lang,
            "mentions": concepts.mentions_json(&request.text, &mentions, lang.code()),
        })))
    })
    .await
}

/// `GET /taxonomy/concepts/{id}`: a concept's labels and relations. Ids may contain
/// slashes (ESCO URIs), so the route takes the rest of the path.
pub async fn concept(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ConceptQuery>,
) -> Result<Json<Value>, ApiError> {
    let lang = language(&state, query.lang.as_deref(), "")?;
    let concept = state
        .concepts
        .taxonomy
        .get(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no concept `{id}`")))?;
    Ok(Json(state.concepts.concept_json(concept, lang.code())))
}

/// `GET /taxonomy/autocomplete?q=&kind=&lang=`: concepts whose labels complete `q`,
/// tolerating typos.
pub async fn autocomplete(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AutocompleteQuery>,
) -> Result<Json<Value>, ApiError> {
    if query.q.chars().count() > MAX_RESOLVE_CHARS {
        return Err(ApiError::BadRequest(format!(
            "q: at most {MAX_RESOLVE_CHARS} characters"
        )));
    }
    let lang = language(&state, query.lang.as_deref(), "")?;
    let limit = limit(query.limit)?;
    // Fast enough (well under 5 ms) to answer on the runtime without a blocking thread.
    let candidates = state
        .concepts
        .resolver()
        .autocomplete(&query.q, query.kind, limit);
    Ok(Json(json!({
        "q": query.q,
        "suggestions": state.concepts.candidates_json(&candidates, lang.code()),
    })))
}
