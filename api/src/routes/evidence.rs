//! `GET /evidence/{hash}`: an evidence file, for whoever may read a unit it
//! is attached to, or a period's council minutes or signed decision
//! (bearer token required).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::evidence_store::served_media_type;
use chamdiem_domain::account::Role;
use chamdiem_projections::queries::{evidence_owners, period_documents};
use chamdiem_projections::unit_access::authorize_reading_units;

use super::attachment::attachment_headers;
use super::bearer;
use super::http_error::HttpError;
use crate::state::AppState;

/// Serves an evidence file.
pub async fn download(
    State(state): State<AppState>,
    Path(hash): Path<String>,
    headers: HeaderMap,
) -> Response {
    let caller = match bearer::caller(&state, &headers).await {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let hash = hash.to_lowercase();
    let owners = match evidence_owners(&state.database, &hash).await {
        Ok(owners) => owners,
        Err(error) => {
            tracing::error!(%error, "evidence lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let mut allowed = None;
    for owner in &owners {
        let readable =
            authorize_reading_units(&state.database, &caller, owner.period_id, &[owner.unit_id])
                .await;
        match readable {
            Ok(()) => {
                allowed = Some(owner.clone());
                break;
            }
            // Another owner of the same file may be the caller's.
            Err(CommandError::Refused { .. }) => {}
            Err(error) => return HttpError::from(error).into_response(),
        }
    }
    let named = match allowed {
        Some(owner) => Some((owner.file_name, owner.media_type)),
        None => match period_documents(&state.database, &hash).await {
            // The council's minutes and the signed decision: the Sở Nội vụ,
            // its leaders and auditors; every account once published.
            Ok(documents) => documents
                .into_iter()
                .find(|d| {
                    d.published
                        || matches!(caller.role, Role::Admin | Role::Manager | Role::Auditor)
                })
                .map(|d| (d.file_name, d.media_type)),
            Err(error) => {
                tracing::error!(%error, "period document lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let Some((file_name, media_type)) = named else {
        // Unknown and forbidden look alike: a hash tells nothing.
        return (StatusCode::NOT_FOUND, "không có tài liệu này").into_response();
    };
    match state.evidence.get(&hash).await {
        Ok(Some(bytes)) => (
            attachment_headers(&file_name, served_media_type(&media_type)),
            bytes,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "không có tài liệu này").into_response(),
        Err(error) => {
            tracing::error!(%error, "evidence read failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
