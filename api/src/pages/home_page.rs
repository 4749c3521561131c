//! `/`: the signed-in account and the periods it works in.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::HOME;
use super::page_api::run;
use super::page_door::{self, SignedInRequest};
use super::page_response::page;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::date;
use crate::graphql::enums::PeriodStatusGql;
use crate::routes::request_context::request_context;
use crate::state::AppState;
use chamdiem_domain::period::PeriodStatus;

/// A period as the home page lists it.
struct PeriodLine {
    ranking_link: String,
    scorecard_link: Option<String>,
    worksheet_link: Option<String>,
    progress_link: Option<String>,
    name: String,
    year: i64,
    status: &'static str,
    self_assessment_deadline: String,
    self_assessment_opens: Option<String>,
}

/// The page.
#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    signed_in: Option<SignedIn>,
    display_name: String,
    username: String,
    role_label: String,
    unit_name: Option<String>,
    department: Option<String>,
    periods: Vec<PeriodLine>,
    form: FormErrors,
}

/// `GET /`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let context = request_context(&state, client, &headers);
    let SignedInRequest { session, signed_in } =
        match page_door::signed_in(&state, &context, &headers).await {
            Ok(door) => door,
            Err(redirect) => return redirect,
        };
    // A unit's own deadlines (one extended for it alone) where it has one.
    let variables = json!({
        "unit": signed_in.unit_id.clone().unwrap_or_default(),
        "ofUnit": signed_in.unit_id.is_some(),
    });
    let answer = run(&state, &context, Some(&session), HOME, variables).await;
    let (periods, form) = match answer.read() {
        Ok(data) => (periods_of(data, &signed_in), FormErrors::default()),
        Err(errors) => (Vec::new(), FormErrors::from_api(errors, &[])),
    };
    page(&HomePage {
        display_name: signed_in.display_name.clone(),
        username: signed_in.username.clone(),
        role_label: signed_in.role_label.clone(),
        unit_name: signed_in.unit_name.clone(),
        department: signed_in.department.clone(),
        signed_in: Some(signed_in),
        periods,
        form,
    })
}

/// What `home.graphql` answers.
#[derive(Deserialize)]
struct HomeAnswer {
    periods: Vec<PeriodData>,
}

/// A period, as the operation selects it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PeriodData {
    id: String,
    name: String,
    year: i64,
    status: PeriodStatusGql,
    self_assessment_opens: Option<String>,
    deadlines: Vec<DeadlineData>,
    /// The signed-in unit's own deadlines.
    #[serde(default)]
    own: Option<Vec<DeadlineData>>,
}

/// One of its deadlines.
#[derive(Deserialize)]
struct DeadlineData {
    kind: String,
    date: String,
}

fn periods_of(answer: HomeAnswer, signed_in: &SignedIn) -> Vec<PeriodLine> {
    let unit = signed_in.unit_id.as_deref();
    let appraiser = signed_in.role == "APPRAISER";
    let follows_progress = matches!(signed_in.role.as_str(), "MANAGER" | "ADMIN");
    answer
        .periods
        .into_iter()
        .map(|period| PeriodLine {
            ranking_link: format!("/ky-danh-gia/{}/xep-hang", period.id),
            worksheet_link: appraiser.then(|| format!("/ky-danh-gia/{}/tham-dinh", period.id)),
            progress_link: follows_progress.then(|| format!("/ky-danh-gia/{}/tien-do", period.id)),
            scorecard_link: unit
                .map(|unit| format!("/ky-danh-gia/{}/don-vi/{unit}/phieu-cham-diem", period.id)),
            status: PeriodStatus::from(period.status).label_vi(),
            self_assessment_deadline: period
                .own
                .as_ref()
                .unwrap_or(&period.deadlines)
                .iter()
                .find(|d| d.kind == "SELF_ASSESSMENT")
                .map(|d| date(&d.date))
                .unwrap_or_default(),
            // A self-assessment that opens later than the period says when.
            self_assessment_opens: period.self_assessment_opens.as_deref().map(date),
            name: period.name,
            year: period.year,
        })
        .collect()
}
