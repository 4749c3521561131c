//! `/kiem-toan/lich-su-tieu-chi`: one leaf's whole history for one unit in
//! a period, for the auditor (and the manager and administrator): every
//! score, mark, explanation, evidence, appraisal and answer, oldest first.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::actor_label::actor_label;
use super::choice::Choice;
use super::form_errors::FormErrors;
use super::history_choices::HistoryChoices;
use super::operations::LEAF_HISTORY;
use super::page_api::{ApiError, run};
use super::page_door::open_page_for;
use super::page_response::page;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::moment;
use crate::graphql::enums::RoleGql;
use crate::state::AppState;

/// Who reads histories here.
const ROLES: &[&str] = &["AUDITOR", "MANAGER", "ADMIN"];

/// What `leaf_history.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HistoryAnswer {
    leaf_history: Vec<EntryData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryData {
    position: i64,
    recorded_at: String,
    role: Option<RoleGql>,
    actor_name: Option<String>,
    summary: String,
}

/// A line of the history.
struct EntryLine {
    position: i64,
    at: String,
    actor: String,
    summary: String,
}

/// What the form asks, as the address carries it.
#[derive(Deserialize, Default)]
pub struct HistoryQuery {
    #[serde(default)]
    ky: String,
    #[serde(default)]
    don_vi: String,
    #[serde(default)]
    tieu_chi: String,
}

/// The page.
#[derive(Template)]
#[template(path = "leaf_history.html")]
struct HistoryPage {
    signed_in: Option<SignedIn>,
    asked: HistoryQuery,
    periods: Vec<Choice>,
    units: Vec<Choice>,
    entries: Option<Vec<EntryLine>>,
    form: FormErrors,
}

/// `GET /kiem-toan/lich-su-tieu-chi`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(asked): Query<HistoryQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let mut errors: Vec<ApiError> = Vec::new();
    let choices = HistoryChoices::read(&state, &context, &door.session, &mut errors).await;
    let asked_all = !asked.ky.is_empty() && !asked.don_vi.is_empty() && !asked.tieu_chi.is_empty();
    let entries = if asked_all {
        let answer = run(
            &state,
            &context,
            Some(&door.session),
            LEAF_HISTORY,
            json!({ "period": asked.ky, "unit": asked.don_vi, "leaf": asked.tieu_chi.trim() }),
        )
        .await;
        match answer.read::<HistoryAnswer>() {
            Ok(answer) => Some(
                answer
                    .leaf_history
                    .into_iter()
                    .map(|entry| EntryLine {
                        position: entry.position,
                        at: moment(&entry.recorded_at),
                        actor: actor_label(entry.actor_name.as_deref(), entry.role),
                        summary: entry.summary,
                    })
                    .collect(),
            ),
            Err(refused) => {
                errors.extend(refused);
                None
            }
        }
    } else {
        None
    };
    page(&HistoryPage {
        signed_in: Some(door.signed_in),
        periods: choices.periods(),
        units: choices.units(),
        asked,
        entries,
        form: FormErrors::from_api(errors, &["leafCode"]),
    })
}
