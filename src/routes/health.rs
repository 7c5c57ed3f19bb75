//! `GET /health`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use vivier_schema::Collection;

use crate::state::AppState;

/// Liveness, document counts, and whether each collection needs a rebuild: what its
/// documents were analysed with (`built_with`, `null` when unknown) against what this
/// server analyses new ones with (`analysis`).
pub async fn health(State(state): State<AppState>) -> Json<Value> {
    let mut collections = serde_json::Map::new();
    // Both collections are analysed alike: the CVs' preparer speaks for the server.
    let analysis = state
        .collection(Collection::Cvs)
        .index
        .preparer()
        .build_stamp();
    for collection in Collection::ALL {
        let index = &state.collection(collection).index;
        let reasons = index.stale_reasons();
        collections.insert(
            collection.as_str().to_string(),
            json!({
                "docs": index.num_docs(),
                "built_with": index.built_with(),
                "stale": !reasons.is_empty(),
                "stale_reasons": reasons,
            }),
        );
    }
    // Whether callers need API keys (see `src/auth.rs`): "open" tells an operator that
    // anyone reaching the port reads everything.
    let auth = if state.api_keys.is_some() {
        "api_keys"
    } else {
        "open"
    };
    Json(json!({"status": "ok", "auth": auth, "analysis": analysis, "collections": collections}))
}
