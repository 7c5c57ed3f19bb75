//! `/admin/...`: maintenance of the collections.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use vivier_schema::Collection;

use crate::error::{ApiError, ApiPath};
use crate::routes::blocking;
use crate::state::AppState;
use crate::tasks::TaskError;

/// `POST /admin/purge`: removes deleted documents' data from every collection's files now.
pub async fn purge(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    blocking(move || {
        let mut reports = serde_json::Map::new();
        for collection in Collection::ALL {
            let report = state.collection(collection).writer.purge()?;
            reports.insert(collection.as_str().to_string(), json!(report));
        }
        Ok(Json(Value::Object(reports)))
    })
    .await
}

/// `POST /admin/collections/{collection}/rebuild`: re-analyses every stored document into a
/// new index while the live one keeps serving; answers 202 with the task.
pub async fn rebuild(
    State(state): State<AppState>,
    ApiPath(collection): ApiPath<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let collection: Collection = collection
        .parse()
        .map_err(|err: vivier_schema::UnknownCollection| ApiError::NotFound(err.to_string()))?;
    let target = state.collection(collection).clone();
    let task = state
        .tasks
        .start_rebuild(collection, target)
        .map_err(|err| match err {
            TaskError::AlreadyRunning(..) | TaskError::Ended(..) => {
                ApiError::Conflict(err.to_string())
            }
            TaskError::Spawn(_) => ApiError::Internal(err.to_string()),
        })?;
    Ok((StatusCode::ACCEPTED, Json(task.to_json())))
}

/// `GET /admin/tasks`: every task since start.
pub async fn tasks(State(state): State<AppState>) -> Json<Value> {
    let tasks: Vec<Value> = state.tasks.all().iter().map(|t| t.to_json()).collect();
    Json(json!({ "tasks": tasks }))
}

/// `GET /admin/tasks/{id}`: state, processed/total, docs/s, ETA.
pub async fn task(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let task = find_task(&state, &id)?;
    Ok(Json(task.to_json()))
}

/// `POST /admin/tasks/{id}/cancel`: asks a task to stop; the live index is left as it was.
/// A task that has already ended answers 409.
pub async fn cancel(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let task = find_task(&state, &id)?;
    task.cancel()
        .map_err(|err| ApiError::Conflict(format!("{err}: nothing to cancel")))?;
    Ok(Json(task.to_json()))
}

fn find_task(state: &AppState, id: &str) -> Result<std::sync::Arc<crate::tasks::Task>, ApiError> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| state.tasks.get(id))
        .ok_or_else(|| ApiError::NotFound(format!("no task `{id}`")))
}
