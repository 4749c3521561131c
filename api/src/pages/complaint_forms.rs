//! The forms of the complaints page (`complaints_page`): each runs its
//! mutation as the signed-in official, then back to the page saying it
//! was done, or the page again with what the API refused. Who may do what
//! is the API's rule; the page only offers each form to whom it applies.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_domain::ids::PeriodId;
use serde::Deserialize;
use serde_json::{Value, json};

use super::complaints_page::render;
use super::operations::{
    ANSWER_COMPLAINT, CORRECT_APPRAISAL, CORRECT_SELF_SCORE, LODGE_COMPLAINT,
    OPEN_COMPLAINT_WINDOW, REAGGREGATE_RESULTS, REOPEN_LEAF,
};
use super::page_api::{run_form, run_uploading, stale_form};
use super::page_door::{not_found, open_page};
use super::page_response::see_other_to;
use super::page_upload::PageUpload;
use crate::state::AppState;

/// Runs `operation` with `input` for the form posted on `period`'s page.
async fn post(
    state: &AppState,
    client: SocketAddr,
    headers: &HeaderMap,
    (period, csrf): (String, String),
    (operation, input): (&str, Value),
    done: &str,
) -> Response {
    let (context, door) = match open_page(state, client, headers, &period, None, None).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    match run_form(
        state,
        &context,
        &door.session,
        &csrf,
        operation,
        json!({ "input": input }),
    )
    .await
    {
        Ok(_) => see_other_to(format!("/ky-danh-gia/{period}/kien-nghi?{done}=1")),
        Err(errors) => render(state, &context, door, &period, None, errors).await,
    }
}

/// The window's form.
#[derive(Deserialize)]
pub struct WindowForm {
    csrf: String,
    until: String,
}

/// `POST /ky-danh-gia/{period}/kien-nghi/thoi-han`.
pub async fn open_window(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<WindowForm>,
) -> Response {
    let input = json!({ "periodId": period, "until": form.until });
    let operation = (OPEN_COMPLAINT_WINDOW, input);
    post(
        &state,
        client,
        &headers,
        (period, form.csrf),
        operation,
        "da_mo",
    )
    .await
}

/// An answer's form.
#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    no: String,
    #[serde(default)]
    outcome: String,
    answer: String,
}

/// `POST /ky-danh-gia/{period}/kien-nghi/tra-loi`.
pub async fn answer(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Response {
    // A number the page did not give, or no choice, is the API's to refuse.
    let no: Value = form.no.parse::<u32>().map_or(Value::Null, Value::from);
    let input = json!({ "periodId": period, "complaintNo": no,
        "outcome": form.outcome, "answer": form.answer });
    let operation = (ANSWER_COMPLAINT, input);
    post(
        &state,
        client,
        &headers,
        (period, form.csrf),
        operation,
        "da_tra_loi",
    )
    .await
}

/// The reopening's form.
#[derive(Deserialize)]
pub struct ReopenForm {
    csrf: String,
    unit: String,
    leaf: String,
    #[serde(default)]
    complaint: String,
    reason: String,
}

/// `POST /ky-danh-gia/{period}/kien-nghi/mo-lai`.
pub async fn reopen(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReopenForm>,
) -> Response {
    let complaint: Value = form
        .complaint
        .parse::<u32>()
        .map_or(Value::Null, Value::from);
    let input = json!({ "periodId": period, "unitId": form.unit, "leafCode": form.leaf,
        "reason": form.reason, "complaintNo": complaint });
    let operation = (REOPEN_LEAF, input);
    post(
        &state,
        client,
        &headers,
        (period, form.csrf),
        operation,
        "da_mo_lai",
    )
    .await
}

/// The form that scores a reopened leaf again.
#[derive(Deserialize)]
pub struct CorrectForm {
    csrf: String,
    unit: String,
    leaf: String,
    #[serde(default)]
    score: Option<String>,
    #[serde(default)]
    percentage: Option<String>,
    reason: String,
    /// Present when the unit scores again a leaf reopened on its own
    /// scorecard.
    #[serde(default)]
    own: Option<String>,
}

/// `POST /ky-danh-gia/{period}/kien-nghi/cham-lai`: the appraiser scores
/// again a leaf reopened on their worksheet, or the unit one reopened on
/// its scorecard.
pub async fn correct(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CorrectForm>,
) -> Response {
    // Officials type a decimal comma.
    let typed = |text: &Option<String>| text.as_ref().map(|t| t.trim().replace(',', "."));
    let entry = match (typed(&form.score), typed(&form.percentage)) {
        (_, Some(percentage)) => json!({ "percentage": percentage }),
        (score, None) => json!({ "score": score.unwrap_or_default() }),
    };
    let input = json!({ "periodId": period, "unitId": form.unit, "leafCode": form.leaf,
        "entry": entry, "reason": form.reason });
    let operation = match form.own {
        Some(_) => (CORRECT_SELF_SCORE, input),
        None => (CORRECT_APPRAISAL, input),
    };
    post(
        &state,
        client,
        &headers,
        (period, form.csrf),
        operation,
        "da_cham_lai",
    )
    .await
}

/// The form that aggregates the results again.
#[derive(Deserialize)]
pub struct ReaggregateForm {
    csrf: String,
    reason: String,
}

/// `POST /ky-danh-gia/{period}/kien-nghi/tong-hop-lai`.
pub async fn reaggregate(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReaggregateForm>,
) -> Response {
    let input = json!({ "periodId": period, "reason": form.reason });
    let operation = (REAGGREGATE_RESULTS, input);
    post(
        &state,
        client,
        &headers,
        (period, form.csrf),
        operation,
        "da_tong_hop",
    )
    .await
}

/// `POST /ky-danh-gia/{period}/kien-nghi/gui`: a unit leader's complaint,
/// with a file or none.
pub async fn lodge(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    if period.parse::<PeriodId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page(&state, client, &headers, &period, None, None).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let lodged = async {
        let mut upload = PageUpload::read(multipart, state.upload_limit)
            .await
            .map_err(|error| vec![error])?;
        if !door.session.accepts(upload.text("csrf")) {
            return Err(vec![stale_form()]);
        }
        let input = json!({ "periodId": period, "unitId": upload.text("unit"),
            "leafCode": upload.text("leaf"), "reason": upload.text("reason"),
            "locator": Some(upload.text("locator")).filter(|l| !l.trim().is_empty()) });
        let files = upload
            .files
            .pop()
            .map(|file| vec![("file".to_owned(), file.upload())])
            .unwrap_or_default();
        run_uploading(
            &state,
            &context,
            &door.session,
            LODGE_COMPLAINT,
            json!({ "input": input, "file": null }),
            files,
        )
        .await
        .ok()
    };
    match lodged.await {
        Ok(_) => see_other_to(format!("/ky-danh-gia/{period}/kien-nghi?da_gui=1")),
        Err(errors) => render(&state, &context, door, &period, None, errors).await,
    }
}
