//! `PUT`, `GET`, `DELETE /{collection}/{id}` and `POST /{collection}/_bulk`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use vivier_indexer::{IndexerError, WriteOp, WriteOutcome};
use vivier_schema::{Collection, Violation};

use crate::error::{ApiBytes, ApiError, ApiJson, ApiPath, ApiQuery};
use crate::routes::blocking;
use crate::state::AppState;

/// Query parameters of writes.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteParams {
    /// Answer only once the write is searchable (a commit), instead of once it is durable.
    #[serde(default)]
    pub refresh: bool,
}

/// `PUT /{collection}/{id}`: inserts or replaces a document.
pub async fn put_document(
    State(state): State<AppState>,
    collection: Collection,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<WriteParams>,
    ApiJson(mut body): ApiJson<Value>,
) -> Result<impl IntoResponse, ApiError> {
    vivier_schema::check_id(&id).map_err(ApiError::InvalidId)?;
    let Some(object) = body.as_object_mut() else {
        return Err(ApiError::BadRequest(
            "expected a JSON object (the document)".to_string(),
        ));
    };
    match object.get("id") {
        None | Some(Value::Null) => {
            object.insert("id".to_string(), Value::String(id.clone()));
        }
        Some(Value::String(body_id)) if *body_id == id => {}
        Some(Value::String(_)) => {
            return Err(ApiError::InvalidDocument(vec![Violation {
                path: "id".to_string(),
                message: format!("does not match the id in the path (`{id}`); leave it out"),
            }]))
        }
        Some(other) => {
            return Err(ApiError::InvalidDocument(vec![Violation {
                path: "id".to_string(),
                message: format!(
                    "expected a string, got {} (or leave it out: the path gives it)",
                    vivier_schema::validate::json_kind(other)
                ),
            }]))
        }
    }
    let collection_state = state.collection(collection).clone();
    let outcome = blocking(move || {
        let prepared = collection_state.index.preparer().prepare_value(body)?;
        let outcomes = collection_state
            .writer
            .write(vec![WriteOp::Upsert(prepared)])?;
        if params.refresh {
            collection_state.writer.commit()?;
        }
        Ok::<_, ApiError>(outcomes.into_iter().next())
    })
    .await?;
    let (status, result) = match outcome {
        Some(WriteOutcome::Updated) => (StatusCode::OK, "updated"),
        _ => (StatusCode::CREATED, "created"),
    };
    Ok((status, Json(json!({"id": id, "result": result}))))
}

/// `GET /{collection}/{id}`: the stored document.
pub async fn get_one(
    State(state): State<AppState>,
    collection: Collection,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let collection_state = state.collection(collection).clone();
    let lookup_id = id.clone();
    let found = blocking(move || collection_state.get_document(&lookup_id)).await?;
    found
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no document `{id}` in {collection}")))
}

/// `DELETE /{collection}/{id}`: removes a document; it is unsearchable once answered.
pub async fn delete_document(
    State(state): State<AppState>,
    collection: Collection,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<WriteParams>,
) -> Result<Json<Value>, ApiError> {
    let writer = state.collection(collection).writer.clone();
    let delete_id = id.clone();
    let outcome = blocking(move || {
        let outcomes = writer.write(vec![WriteOp::Delete(delete_id)])?;
        if params.refresh {
            writer.commit()?;
        }
        Ok::<_, ApiError>(outcomes.into_iter().next())
    })
    .await?;
    match outcome {
        Some(WriteOutcome::Deleted) => Ok(Json(json!({"id": id, "result": "deleted"}))),
        _ => Err(ApiError::NotFound(format!(
            "no document `{id}` in {collection}"
        ))),
    }
}

/// One line's result in a `_bulk` answer.
#[derive(Debug, Serialize)]
pub struct BulkItem {
    /// Id of the document, when the line had one.
    pub id: Option<String>,
    /// HTTP-like status: 201 created, 200 replaced, 400 bad JSON, 422 invalid.
    pub status: u16,
    /// What went wrong, for a failed line.
    pub error: Option<String>,
}

/// `POST /{collection}/_bulk`: NDJSON, one document a line, each upserted.
pub async fn bulk(
    State(state): State<AppState>,
    collection: Collection,
    ApiQuery(params): ApiQuery<WriteParams>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, ApiError> {
    check_ndjson(&headers)?;
    let collection_state = state.collection(collection).clone();
    let items = blocking(move || {
        let text = std::str::from_utf8(&body)
            .map_err(|_| ApiError::BadRequest("body is not UTF-8".into()))?;
        // A byte order mark (saved by some editors) is no part of the first document.
        let ndjson = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut items = Vec::new();
        let mut ops = Vec::new();
        let mut op_items = Vec::new();
        for line in ndjson.lines().filter(|line| !line.trim().is_empty()) {
            let id = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string));
            match collection_state.index.preparer().prepare_json(line) {
                Ok(prepared) => {
                    op_items.push(items.len());
                    ops.push(WriteOp::Upsert(prepared));
                    items.push(BulkItem {
                        id,
                        status: 0,
                        error: None,
                    });
                }
                Err(err) => {
                    let status = match err {
                        IndexerError::Json(_) => 400,
                        _ => 422,
                    };
                    items.push(BulkItem {
                        id,
                        status,
                        error: Some(err.to_string()),
                    });
                }
            }
        }
        let outcomes = if ops.is_empty() {
            Vec::new()
        } else {
            collection_state.writer.write(ops)?
        };
        if params.refresh {
            collection_state.writer.commit()?;
        }
        for (position, outcome) in op_items.into_iter().zip(outcomes) {
            items[position].status = if outcome == WriteOutcome::Updated {
                200
            } else {
                201
            };
        }
        Ok::<_, ApiError>(items)
    })
    .await?;
    let errors = items.iter().any(|item| item.error.is_some());
    Ok(Json(json!({"items": items, "errors": errors})))
}

fn check_ndjson(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    match essence {
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/json" => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType(
            "expected NDJSON with `content-type: application/x-ndjson`".to_string(),
        )),
    }
}
