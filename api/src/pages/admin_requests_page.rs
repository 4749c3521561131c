//! `/quan-tri/de-nghi-tai-khoan`: the sub-account requests waiting for the
//! administrator: each approved (the accounts issued, their temporary
//! passwords shown once to hand over) or rejected with a reason.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::account::Permission;
use chamdiem_domain::ids::SubAccountRequestId;
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::{
    APPROVE_SUB_ACCOUNT_REQUEST, REJECT_SUB_ACCOUNT_REQUEST, SUB_ACCOUNT_REQUESTS,
};
use super::page_api::{ApiError, run, run_form};
use super::page_door::{SignedInRequest, not_found, open_page_for};
use super::page_response::{page, see_other_to};
use super::signed_in::SignedIn;
use super::unit_list::UnitList;
use crate::graphql::enums::PermissionGql;
use crate::state::AppState;

const PATH: &str = "/quan-tri/de-nghi-tai-khoan";

/// What `sub_account_requests.graphql` answers.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RequestsAnswer {
    sub_account_requests: RequestPage,
    units: UnitList,
}

#[derive(Deserialize, Default)]
struct RequestPage {
    nodes: Vec<RequestData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestData {
    id: String,
    unit_id: String,
    accounts: Vec<AccountData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountData {
    username: String,
    display_name: String,
    permissions: Vec<PermissionGql>,
}

/// A request as the page lists it.
struct RequestLine {
    id: String,
    unit: String,
    accounts: Vec<String>,
}

/// An account issued now, with its temporary password to hand over.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Issued {
    temporary_password: String,
    account: IssuedAccount,
}

#[derive(Deserialize)]
struct IssuedAccount {
    username: String,
}

/// What `approve_sub_account_request.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApproveAnswer {
    approve_sub_account_request: Approved,
}

#[derive(Deserialize)]
struct Approved {
    issued: Vec<Issued>,
}

/// The page.
#[derive(Template)]
#[template(path = "admin_requests.html")]
struct RequestsView {
    signed_in: Option<SignedIn>,
    csrf: String,
    requests: Vec<RequestLine>,
    issued: Vec<Issued>,
    notice: Option<&'static str>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct RequestsQuery {
    da_tu_choi: Option<u8>,
}

/// `GET /quan-tri/de-nghi-tai-khoan`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(query): Query<RequestsQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = query.da_tu_choi.map(|_| "Đã từ chối đề nghị.");
    render(&state, &context, door, Vec::new(), notice, Vec::new()).await
}

/// The form of a decision.
#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `POST /quan-tri/de-nghi-tai-khoan/{request}/{action}`: `duyet`
/// (approve: the temporary passwords shown on the answer, once) or
/// `tu-choi` (reject, with a reason).
pub async fn decide(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((request, action)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    if request.parse::<SubAccountRequestId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    match action.as_str() {
        "duyet" => {
            let answer = run_form(
                &state,
                &context,
                &door.session,
                &form.csrf,
                APPROVE_SUB_ACCOUNT_REQUEST,
                json!({ "input": { "requestId": request } }),
            )
            .await
            .and_then(super::page_api::read_data::<ApproveAnswer>);
            match answer {
                Ok(answer) => {
                    let issued = answer.approve_sub_account_request.issued;
                    render(&state, &context, door, issued, None, Vec::new()).await
                }
                Err(errors) => render(&state, &context, door, Vec::new(), None, errors).await,
            }
        }
        "tu-choi" => {
            let answer = run_form(
                &state,
                &context,
                &door.session,
                &form.csrf,
                REJECT_SUB_ACCOUNT_REQUEST,
                json!({ "input": { "requestId": request, "reason": form.reason } }),
            )
            .await;
            match answer {
                Ok(_) => see_other_to(format!("{PATH}?da_tu_choi=1")),
                Err(errors) => render(&state, &context, door, Vec::new(), None, errors).await,
            }
        }
        _ => not_found(),
    }
}

async fn render(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    issued: Vec<Issued>,
    notice: Option<&'static str>,
    refused: Vec<ApiError>,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        SUB_ACCOUNT_REQUESTS,
        json!({}),
    )
    .await;
    let (answer, mut errors) = match answer.read::<RequestsAnswer>() {
        Ok(answer) => (answer, Vec::new()),
        Err(errors) => (RequestsAnswer::default(), errors),
    };
    errors.extend(refused);
    let requests = answer
        .sub_account_requests
        .nodes
        .iter()
        .map(|request| RequestLine {
            id: request.id.clone(),
            unit: answer.units.label_of(&request.unit_id),
            accounts: request
                .accounts
                .iter()
                .map(|a| {
                    let permissions: Vec<&str> = a
                        .permissions
                        .iter()
                        .map(|p| Permission::from(*p).label_vi())
                        .collect();
                    format!(
                        "{} ({}): {}",
                        a.display_name,
                        a.username,
                        permissions.join("; ")
                    )
                })
                .collect(),
        })
        .collect();
    page(&RequestsView {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        requests,
        issued,
        notice,
        form: FormErrors::from_api(errors, &["reason"]),
    })
}
