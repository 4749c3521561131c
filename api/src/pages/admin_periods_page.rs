//! `/quan-tri/ky-danh-gia`: evaluation periods for the administrator: the
//! list, and a period opened on a published criteria set for the units
//! chosen, with its four deadlines.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::period::PeriodStatus;
use serde::Deserialize;
use serde_json::json;

use super::choice::Choice;
use super::form_errors::FormErrors;
use super::form_refusal;
use super::operations::{ADMIN_PERIODS, OPEN_PERIOD};
use super::page_api::{ApiError, run, run_form};
use super::page_door::{SignedInRequest, open_page_for};
use super::page_response::{page, see_other_to};
use super::signed_in::SignedIn;
use crate::graphql::enums::PeriodStatusGql;
use crate::state::AppState;

/// What `admin_periods.graphql` answers.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PeriodsAnswer {
    periods: Vec<PeriodData>,
    criteria_sets: Vec<SetData>,
    units: UnitPage,
}

#[derive(Deserialize)]
struct PeriodData {
    id: String,
    name: String,
    year: i64,
    status: PeriodStatusGql,
}

#[derive(Deserialize)]
struct SetData {
    id: String,
    name: String,
    year: i64,
    version: i64,
    published: bool,
}

#[derive(Deserialize, Default)]
struct UnitPage {
    nodes: Vec<UnitData>,
}

#[derive(Deserialize)]
struct UnitData {
    id: String,
    code: String,
    name: String,
    active: bool,
}

/// A period as the list shows it.
struct PeriodLine {
    link: String,
    name: String,
    year: i64,
    status: &'static str,
}

/// The page.
#[derive(Template)]
#[template(path = "admin_periods.html")]
struct PeriodsPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    periods: Vec<PeriodLine>,
    sets: Vec<Choice>,
    units: Vec<Choice>,
    typed: OpenForm,
    form: FormErrors,
}

/// The form that opens a period.
#[derive(Deserialize, Default)]
pub struct OpenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    criteria_set: String,
    #[serde(default)]
    units: Vec<String>,
    #[serde(default)]
    self_assessment_opens: String,
    #[serde(default)]
    self_assessment: String,
    #[serde(default)]
    appraisal_round1: String,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    appraisal_round2: String,
}

impl OpenForm {
    /// The dates' fields (the opening day, which may be left empty, and
    /// the four deadlines): the API's name (for its messages), the form's
    /// name, the label and what was typed.
    fn deadline_fields(&self) -> [(&'static str, &'static str, &'static str, &str); 5] {
        [
            (
                "deadlines.selfAssessmentOpens",
                "self_assessment_opens",
                "Bắt đầu tự đánh giá (để trống: ngay khi mở kỳ)",
                &self.self_assessment_opens,
            ),
            (
                "deadlines.selfAssessment",
                "self_assessment",
                "Tự đánh giá",
                &self.self_assessment,
            ),
            (
                "deadlines.appraisalRound1",
                "appraisal_round1",
                "Thẩm định vòng 1",
                &self.appraisal_round1,
            ),
            (
                "deadlines.explanation",
                "explanation",
                "Đơn vị giải trình",
                &self.explanation,
            ),
            (
                "deadlines.appraisalRound2",
                "appraisal_round2",
                "Thẩm định vòng 2",
                &self.appraisal_round2,
            ),
        ]
    }

    /// Whether the form ticked the unit `id`.
    fn includes(&self, id: &str) -> bool {
        self.units.iter().any(|unit| unit == id)
    }
}

/// `GET /quan-tri/ky-danh-gia`.
pub async fn list(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    render(&state, &context, door, OpenForm::default(), Vec::new()).await
}

/// `POST /quan-tri/ky-danh-gia`: a period opened, then its own page.
pub async fn open(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<OpenForm>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let year = match form_refusal::year("year", &form.year) {
        Ok(year) => year,
        Err(error) => return render(&state, &context, door, form, vec![error]).await,
    };
    let units: Vec<_> = form
        .units
        .iter()
        .map(|unit| json!({ "unitId": unit }))
        .collect();
    let input = json!({
        "name": form.name, "year": year, "criteriaSetId": form.criteria_set, "units": units,
        "deadlines": {
            "selfAssessmentOpens": Some(form.self_assessment_opens.trim()).filter(|d| !d.is_empty()),
            "selfAssessment": form.self_assessment, "appraisalRound1": form.appraisal_round1,
            "explanation": form.explanation, "appraisalRound2": form.appraisal_round2,
        },
    });
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        OPEN_PERIOD,
        json!({ "input": input }),
    )
    .await;
    match answer {
        Ok(data) => match data["openPeriod"]["period"]["id"].as_str() {
            Some(id) => see_other_to(format!("/quan-tri/ky-danh-gia/{id}?moi=1")),
            None => see_other_to("/quan-tri/ky-danh-gia".to_owned()),
        },
        Err(errors) => render(&state, &context, door, form, errors).await,
    }
}

async fn render(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    typed: OpenForm,
    refused: Vec<ApiError>,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        ADMIN_PERIODS,
        json!({}),
    )
    .await;
    let (answer, mut errors) = match answer.read::<PeriodsAnswer>() {
        Ok(answer) => (answer, Vec::new()),
        Err(errors) => (PeriodsAnswer::default(), errors),
    };
    errors.extend(refused);
    page(&PeriodsPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        periods: answer
            .periods
            .into_iter()
            .map(|period| PeriodLine {
                link: format!("/quan-tri/ky-danh-gia/{}", period.id),
                name: period.name,
                year: period.year,
                status: PeriodStatus::from(period.status).label_vi(),
            })
            .collect(),
        sets: answer
            .criteria_sets
            .into_iter()
            .filter(|set| set.published)
            .map(|set| Choice {
                value: set.id,
                label: format!("{} (năm {}, phiên bản {})", set.name, set.year, set.version),
            })
            .collect(),
        units: answer
            .units
            .nodes
            .into_iter()
            .filter(|unit| unit.active)
            .map(|unit| Choice {
                value: unit.id,
                label: format!("{} – {}", unit.code, unit.name),
            })
            .collect(),
        typed,
        form: FormErrors::from_api(
            errors,
            &[
                "name",
                "year",
                "criteriaSetId",
                "units",
                "deadlines.selfAssessmentOpens",
                "deadlines.selfAssessment",
                "deadlines.appraisalRound1",
                "deadlines.explanation",
                "deadlines.appraisalRound2",
            ],
        ),
    })
}
