//! `GET /health`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use vivier_schema::Collection;

use crate::state::AppState;

/// Liveness and document counts.
pub async fn health(State(state): State<AppState>) -> Json<Value> {
    let mut collections = serde_json::Map::new();
    for collection in Collection::ALL {
        let docs = state.collection(collection).index.num_docs();
        collections.insert(collection.as_str().to_string(), json!({"docs": docs}));
    }
    Json(json!({"status": "ok", "collections": collections}))
}
