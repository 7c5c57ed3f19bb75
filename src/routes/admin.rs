//! `/admin/...`: maintenance of the collections.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use vivier_schema::Collection;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

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
