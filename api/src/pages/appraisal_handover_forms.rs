//! The period page's forms that keep the appraisal from waiting on one
//! person: an appraiser's units moved to another appraiser of the same
//! department while round 1 is open, and the appraisal of one who never
//! submitted closed in their place after round 2; and the pairs nobody
//! appraises exempted, so that round 1 can open. Each with a reason.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;
use serde_json::json;

use super::admin_period_page::PeriodDoor;
use super::operations::{CLOSE_APPRAISAL, EXEMPT_FROM_APPRAISAL, MOVE_ASSIGNMENT};
use crate::state::AppState;

/// The form that moves work from one appraiser to another.
#[derive(Deserialize)]
pub struct MoveForm {
    csrf: String,
    from: String,
    to: String,
    /// One unit, or empty for every unit of `from`.
    #[serde(default)]
    unit: String,
    reason: String,
}

/// `POST /quan-tri/ky-danh-gia/{period}/chuyen-tham-dinh`.
pub async fn move_assignment(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<MoveForm>,
) -> Response {
    let mut input = json!({ "periodId": period, "fromAppraiserId": form.from,
        "toAppraiserId": form.to, "reason": form.reason });
    if !form.unit.is_empty() {
        input["unitIds"] = json!([form.unit]);
    }
    let door = PeriodDoor::at(&state, client, &headers, period, form.csrf);
    door.run(MOVE_ASSIGNMENT, input, "da_chuyen").await
}

/// The form that exempts pairs nobody appraises.
#[derive(Deserialize)]
pub struct ExemptForm {
    csrf: String,
    /// One unit, or empty for every unit.
    #[serde(default)]
    unit: String,
    /// Criteria codes separated by commas, or empty for every leaf.
    #[serde(default)]
    criteria: String,
    reason: String,
}

/// `POST /quan-tri/ky-danh-gia/{period}/mien-tham-dinh`.
pub async fn exempt(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ExemptForm>,
) -> Response {
    let criteria: Vec<&str> = form
        .criteria
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let mut input = json!({ "periodId": period, "reason": form.reason });
    if !form.unit.is_empty() {
        input["unitIds"] = json!([form.unit]);
    }
    if !criteria.is_empty() {
        input["criteria"] = json!(criteria);
    }
    let door = PeriodDoor::at(&state, client, &headers, period, form.csrf);
    door.run(EXEMPT_FROM_APPRAISAL, input, "da_mien").await
}

/// The form that closes an appraisal never submitted.
#[derive(Deserialize)]
pub struct CloseForm {
    csrf: String,
    appraiser: String,
    reason: String,
}

/// `POST /quan-tri/ky-danh-gia/{period}/ket-thuc-tham-dinh`.
pub async fn close_appraisal(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CloseForm>,
) -> Response {
    let input = json!({ "periodId": period, "appraiserId": form.appraiser, "reason": form.reason });
    let door = PeriodDoor::at(&state, client, &headers, period, form.csrf);
    door.run(CLOSE_APPRAISAL, input, "da_ket_thuc").await
}
