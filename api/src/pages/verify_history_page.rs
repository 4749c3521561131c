//! `/kiem-tra-lich-su`: an auditor (or a manager or the administrator)
//! verifies the whole history: the integrity chain recomputed over every
//! event, the server's seals and the signed checkpoints checked. The check
//! reads the whole log, so it runs when asked (a button), not on every
//! visit.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::VERIFY_HISTORY;
use super::page_api::{read_data, run_form};
use super::page_door::open_page_for;
use super::page_response::page;
use super::signed_in::SignedIn;
use crate::state::AppState;

/// Who may verify (the API decides; the page only does not offer it to
/// others).
const ROLES: &[&str] = &["AUDITOR", "MANAGER", "ADMIN"];

/// What `verify_history.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyAnswer {
    verify_history: Verification,
}

/// The verification, as the page shows it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verification {
    intact: bool,
    verified: i64,
    head: i64,
    head_hash: String,
    broken_at: Option<i64>,
    broken_reason: Option<String>,
    unsealed_at: Option<i64>,
    unsealed_reason: Option<String>,
    report: Vec<String>,
}

/// The page.
#[derive(Template)]
#[template(path = "verify_history.html")]
struct VerifyPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    result: Option<Verification>,
    form: FormErrors,
}

/// `GET /kiem-tra-lich-su`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let (_, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    page(&VerifyPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        result: None,
        form: FormErrors::default(),
    })
}

/// The button's form.
#[derive(Deserialize)]
pub struct VerifyForm {
    csrf: String,
}

/// `POST /kiem-tra-lich-su`: the verification run now.
pub async fn verify(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<VerifyForm>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        VERIFY_HISTORY,
        json!({}),
    )
    .await
    .and_then(read_data::<VerifyAnswer>);
    let (result, form) = match answer {
        Ok(answer) => (Some(answer.verify_history), FormErrors::default()),
        Err(errors) => (None, FormErrors::from_api(errors, &[])),
    };
    page(&VerifyPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        result,
        form,
    })
}
