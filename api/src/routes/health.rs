//! Liveness and readiness probes.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::state::AppState;

/// How long readiness waits for the database before saying it is not ready.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// `GET /healthz`: the process is up and serving.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database answers (503 when it does not), with how many
/// events the read models are behind the log.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let store = state.database.kind().name();
    if state.database_watch.is_away() {
        return unavailable(store);
    }
    let check = async {
        state.database.ping().await.map_err(|e| e.to_string())?;
        state.projector.lag().await.map_err(|e| e.to_string())
    };
    match tokio::time::timeout(READINESS_TIMEOUT, check).await {
        Ok(Ok(lag)) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "store": store, "projector_lag": lag })),
        ),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: database unavailable");
            unavailable(store)
        }
        Err(_) => {
            tracing::warn!("readiness: database did not answer in time");
            unavailable(store)
        }
    }
}

fn unavailable(store: &str) -> (StatusCode, Json<Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({
            "status": "unavailable",
            "store": store,
            "message": "Cơ sở dữ liệu không phản hồi",
        })),
    )
}
