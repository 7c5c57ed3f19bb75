//! The service's one error type and how each case maps to an HTTP answer.
//!
//! Every error body is `{"code", "message"}` (plus `position` for a bad query and
//! `errors` for an invalid document): `code` is a stable snake_case identifier clients can
//! switch on, `message` says what to fix. Internal failures are logged in full and answered
//! with a generic message.

use axum::body::Bytes;
use axum::extract::path::ErrorKind as PathErrorKind;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use tracing::error;
use vivier_indexer::IndexerError;
use vivier_schema::Violation;

use crate::search::SearchError;

/// An error answered to an API client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The query string does not parse.
    #[error("{message}")]
    BadQuery {
        /// What is wrong.
        message: String,
        /// Byte offset in `q`.
        position: Option<usize>,
    },
    /// A label names several concepts.
    #[error("{message}")]
    Ambiguous {
        /// What is wrong.
        message: String,
        /// The concepts it could be.
        candidates: Vec<serde_json::Value>,
    },
    /// The request is malformed (bad JSON, bad parameter).
    #[error("{0}")]
    BadRequest(String),
    /// The document id in the path breaks the id rules ([`vivier_schema::check_id`]).
    #[error("id: {0}")]
    InvalidId(String),
    /// The document does not match its model.
    #[error("invalid document: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidDocument(Vec<Violation>),
    /// Nothing at this address.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The body is larger than the configured limit.
    #[error("request body is larger than the configured limit (`max_body_bytes`, `max_bulk_bytes` for _bulk)")]
    PayloadTooLarge,
    /// The body is not JSON (or NDJSON for `_bulk`).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The request conflicts with work in progress.
    #[error("{0}")]
    Conflict(String),
    /// The request took longer than `request_timeout_secs`.
    #[error("the request took longer than the configured limit (`request_timeout_secs`)")]
    Timeout,
    /// The write queue is full.
    #[error("the service is busy, retry later")]
    Busy,
    /// No API key, or an unknown one, where keys are required.
    #[error("this route needs an API key: send `Authorization: Bearer KEY` or `X-Api-Key: KEY`")]
    Unauthorized,
    /// The API key lacks a scope the route needs.
    #[error("{0}")]
    Forbidden(String),
    /// Our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// Returns the HTTP status and the stable code of this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadQuery { .. } => (StatusCode::BAD_REQUEST, "bad_query"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::InvalidId(_) => (StatusCode::BAD_REQUEST, "invalid_id"),
            ApiError::Ambiguous { .. } => (StatusCode::BAD_REQUEST, "ambiguous_label"),
            ApiError::InvalidDocument(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_document"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Timeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let mut body = json!({"code": code, "message": self.to_string()});
        match &self {
            ApiError::BadQuery {
                position: Some(position),
                ..
            } => {
                body["position"] = json!(position);
            }
            ApiError::Ambiguous { candidates, .. } => {
                body["candidates"] = json!(candidates);
            }
            ApiError::InvalidDocument(violations) => {
                body["errors"] = json!(violations);
            }
            ApiError::Internal(detail) => {
                error!(detail = %detail, "internal error");
                body["message"] = json!("internal error, see the server log");
            }
            ApiError::Unauthorized => {
                return (
                    status,
                    [(axum::http::header::WWW_AUTHENTICATE, "Bearer")],
                    Json(body),
                )
                    .into_response();
            }
            _ => {}
        }
        (status, Json(body)).into_response()
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::BadQuery { message, position } => ApiError::BadQuery { message, position },
            SearchError::InvalidRequest(message) => ApiError::BadRequest(message),
            SearchError::Ambiguous {
                message,
                candidates,
            } => ApiError::Ambiguous {
                message,
                candidates,
            },
            SearchError::Internal(message) => ApiError::Internal(message),
        }
    }
}

impl From<IndexerError> for ApiError {
    fn from(err: IndexerError) -> Self {
        match err {
            IndexerError::Json(err) => ApiError::BadRequest(format!("invalid JSON: {err}")),
            IndexerError::Invalid(violations) => ApiError::InvalidDocument(violations.0),
            IndexerError::QueueFull => ApiError::Busy,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
                "expected a JSON body with `content-type: application/json`".to_string(),
            ),
            JsonRejection::JsonDataError(err) => ApiError::BadRequest(err.body_text()),
            JsonRejection::JsonSyntaxError(err) => ApiError::BadRequest(err.body_text()),
            JsonRejection::BytesRejection(err) => body_rejection(err.status(), err.body_text()),
            other => ApiError::BadRequest(other.body_text()),
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        body_rejection(rejection.status(), rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        match rejection {
            PathRejection::FailedToDeserializePathParams(err) => match err.kind() {
                PathErrorKind::InvalidUtf8InPathParam { key } => ApiError::BadRequest(format!(
                    "`{key}` in the path is not UTF-8 once percent-decoded; percent-encode its \
                     UTF-8 bytes"
                )),
                _ => ApiError::BadRequest(err.body_text()),
            },
            // Only a route declared without the parameter its handler reads: our bug.
            other => ApiError::Internal(other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

/// Maps a failure to read the body (usually the size limit) to an API error.
pub fn body_rejection(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest(text)
    }
}

/// A JSON body extractor whose rejections are [`ApiError`]s.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A path parameters extractor whose rejections are [`ApiError`]s.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A query string extractor whose rejections are [`ApiError`]s.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// A raw body extractor whose rejections (the size limit) are [`ApiError`]s.
#[derive(Debug, Clone, Default)]
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await?;
        Ok(ApiBytes(bytes))
    }
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}
