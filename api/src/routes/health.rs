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

/// `GET /readyz`: the database answers and the read models hold every event
/// (503 when either is not so), with how many events they are behind the
/// log. An event the read models had to skip (see the projector) makes
/// them untrustworthy until it is mended and they are rebuilt.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let store = state.database.kind().name();
    if state.database_watch.is_away() {
        return unavailable(store);
    }
    let check = async {
        state.database.ping().await.map_err(|e| e.to_string())?;
        let lag = state.projector.lag().await.map_err(|e| e.to_string())?;
        let skipped = state.projector.skipped().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((lag, skipped))
    };
    match tokio::time::timeout(READINESS_TIMEOUT, check).await {
        Ok(Ok((lag, skipped))) if !skipped.is_empty() => {
            let events: Vec<Value> = skipped
                .iter()
                .map(|(position, event_type, reason)| {
                    json!({ "position": position, "eventType": event_type, "reason": reason })
                })
                .collect();
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({
                    "status": "read_models_incomplete",
                    "store": store,
                    "projector_lag": lag,
                    "skipped": events,
                    "message": "Bảng đọc đã bỏ qua sự kiện không áp dụng được: cần khắc phục rồi dựng lại bảng đọc (chamdiem projections rebuild)",
                })),
            )
        }
        Ok(Ok((lag, _))) => (
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
