//! `/kiem-toan/nhat-ky`: the audit trail for the auditor (and the manager
//! and administrator): every event, oldest first, a hundred a page, filtered
//! by unit, kind of event and dates; each line says what happened in
//! Vietnamese, when, by which role, for which unit.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_domain::event_kind::EventKind;
use serde::Deserialize;
use serde_json::{Value, json};

use super::actor_label::actor_label;
use super::choice::Choice;
use super::form_errors::FormErrors;
use super::operations::AUDIT_TRAIL;
use super::page_api::run;
use super::page_door::open_page_for;
use super::page_info::PageInfo;
use super::page_response::{page, url_text};
use super::signed_in::SignedIn;
use super::unit_list::UnitList;
use super::vietnamese_numbers::moment;
use crate::graphql::enums::RoleGql;
use crate::state::AppState;

/// Who reads the trail here (the API decides; the page does not offer
/// itself to others).
const ROLES: &[&str] = &["AUDITOR", "MANAGER", "ADMIN"];

/// What `audit_trail.graphql` answers.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct TrailAnswer {
    audit_trail: TrailPage,
    units: UnitList,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct TrailPage {
    page_info: PageInfo,
    nodes: Vec<EntryData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryData {
    position: i64,
    recorded_at: String,
    role: Option<RoleGql>,
    actor_name: Option<String>,
    unit_id: Option<String>,
    summary: String,
}

/// A line of the trail.
struct EntryLine {
    position: i64,
    at: String,
    actor: String,
    unit: String,
    summary: String,
}

/// The page.
#[derive(Template)]
#[template(path = "audit_trail.html")]
struct TrailPageView {
    signed_in: Option<SignedIn>,
    filter: TrailQuery,
    units: Vec<Choice>,
    kinds: Vec<Choice>,
    entries: Vec<EntryLine>,
    next_page: Option<String>,
    form: FormErrors,
}

/// The filters, as the address carries them.
#[derive(Deserialize, Default)]
pub struct TrailQuery {
    #[serde(default)]
    don_vi: String,
    #[serde(default)]
    loai: String,
    #[serde(default)]
    tu_ngay: String,
    #[serde(default)]
    den_ngay: String,
    #[serde(default)]
    sau: Option<String>,
}

impl TrailQuery {
    /// The API's filter: dates are whole days in Vietnam (UTC+7).
    fn filter(&self) -> Value {
        let mut filter = json!({});
        if !self.don_vi.is_empty() {
            filter["unitId"] = json!(self.don_vi);
        }
        if !self.loai.is_empty() {
            filter["eventType"] = json!(self.loai);
        }
        if !self.tu_ngay.is_empty() {
            filter["since"] = json!(format!("{}T00:00:00+07:00", self.tu_ngay));
        }
        if !self.den_ngay.is_empty() {
            filter["until"] = json!(format!("{}T23:59:59+07:00", self.den_ngay));
        }
        filter
    }

    /// The address of the next page under the same filters.
    fn next(&self, cursor: &str) -> String {
        format!(
            "/kiem-toan/nhat-ky?don_vi={}&loai={}&tu_ngay={}&den_ngay={}&sau={}",
            url_text(&self.don_vi),
            url_text(&self.loai),
            url_text(&self.tu_ngay),
            url_text(&self.den_ngay),
            url_text(cursor)
        )
    }
}

/// `GET /kiem-toan/nhat-ky`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(query): Query<TrailQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let answer = run(
        &state,
        &context,
        Some(&door.session),
        AUDIT_TRAIL,
        json!({ "after": query.sau, "filter": query.filter() }),
    )
    .await;
    let (answer, form) = match answer.read::<TrailAnswer>() {
        Ok(answer) => (answer, FormErrors::default()),
        Err(errors) => (
            TrailAnswer::default(),
            FormErrors::from_api(errors, &["since", "until"]),
        ),
    };
    let entries = answer
        .audit_trail
        .nodes
        .iter()
        .map(|entry| EntryLine {
            position: entry.position,
            at: moment(&entry.recorded_at),
            actor: actor_label(entry.actor_name.as_deref(), entry.role),
            unit: entry
                .unit_id
                .as_deref()
                .map(|id| answer.units.label_of(id))
                .unwrap_or_default(),
            summary: entry.summary.clone(),
        })
        .collect();
    page(&TrailPageView {
        signed_in: Some(door.signed_in),
        next_page: answer
            .audit_trail
            .page_info
            .has_next_page
            .then_some(answer.audit_trail.page_info.end_cursor.as_deref())
            .flatten()
            .map(|cursor| query.next(cursor)),
        units: answer.units.choices(),
        kinds: EventKind::all()
            .into_iter()
            .map(|kind| Choice {
                value: kind.name().to_owned(),
                label: format!("{} · {}", aggregate_label(kind), kind.label_vi()),
            })
            .collect(),
        entries,
        filter: query,
        form,
    })
}

/// What an event belongs to, as officials say it.
fn aggregate_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Account(_) => "Tài khoản",
        EventKind::Unit(_) => "Đơn vị",
        EventKind::CriteriaSet(_) => "Bộ tiêu chí",
        EventKind::Period(_) => "Kỳ đánh giá",
        EventKind::Scorecard(_) => "Phiếu chấm điểm",
        EventKind::Worksheet(_) => "Phiếu thẩm định",
        EventKind::SubAccountRequest(_) => "Đề nghị cấp tài khoản",
    }
}
