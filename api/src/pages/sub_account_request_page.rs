//! `/de-nghi-tai-khoan`: a unit leader asks the administrator for accounts
//! for the unit itself or one of its subordinate units (Điều 8.2): up to
//! five accounts at once, each with its permissions.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::account::Permission;
use serde::Deserialize;
use serde_json::{Value, json};

use super::choice::{Choice, enum_choices};
use super::form_errors::FormErrors;
use super::operations::{REQUEST_SUB_ACCOUNTS, SUBORDINATE_UNITS};
use super::page_api::{ApiError, run, run_form};
use super::page_door::{SignedInRequest, open_page_for};
use super::page_response::{page, see_other_to};
use super::signed_in::SignedIn;
use crate::graphql::enums::PermissionGql;
use crate::state::AppState;

/// How many accounts one request asks for at most (rows of the form).
const ROWS: usize = 5;

/// What `subordinate_units.graphql` answers.
#[derive(Deserialize, Default)]
struct UnitsAnswer {
    units: UnitPage,
}

#[derive(Deserialize, Default)]
struct UnitPage {
    nodes: Vec<UnitData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UnitData {
    id: String,
    code: String,
    name: String,
    parent_id: Option<String>,
    active: bool,
}

/// One account's row as typed.
#[derive(Default, Clone)]
struct AccountRow {
    /// Its place in the form, from 0.
    n: usize,
    username: String,
    display_name: String,
    permissions: Vec<String>,
}

impl AccountRow {
    /// Whether the row ticked `permission` (API name).
    fn has(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }
}

/// The page.
#[derive(Template)]
#[template(path = "sub_account_request.html")]
struct RequestPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    units: Vec<Choice>,
    permissions: Vec<Choice>,
    unit: String,
    rows: Vec<AccountRow>,
    notice: Option<&'static str>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct RequestQuery {
    da_gui: Option<u8>,
}

/// `GET /de-nghi-tai-khoan`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(query): Query<RequestQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["DATA_ENTRY"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = query
        .da_gui
        .map(|_| "Đã gửi đề nghị cấp tài khoản: Sở Nội vụ sẽ xem xét và cấp mật khẩu tạm thời.");
    let rows = (0..ROWS)
        .map(|n| AccountRow {
            n,
            ..AccountRow::default()
        })
        .collect();
    render(
        &state,
        &context,
        door,
        String::new(),
        rows,
        notice,
        Vec::new(),
    )
    .await
}

/// `POST /de-nghi-tai-khoan`: the fields of row N are `username_N`,
/// `display_name_N` and `permissions_N` (repeated); rows left without a
/// username are not asked for.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["DATA_ENTRY"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let rows: Vec<AccountRow> = (0..ROWS)
        .map(|n| AccountRow {
            n,
            username: field(&format!("username_{n}")),
            display_name: field(&format!("display_name_{n}")),
            permissions: form
                .iter()
                .filter(|(key, _)| *key == format!("permissions_{n}"))
                .map(|(_, value)| value.clone())
                .collect(),
        })
        .collect();
    let unit = field("unit");
    let accounts: Vec<Value> = rows
        .iter()
        .filter(|row| !row.username.trim().is_empty())
        .map(|row| {
            json!({ "username": row.username, "displayName": row.display_name,
                "permissions": row.permissions })
        })
        .collect();
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &field("csrf"),
        REQUEST_SUB_ACCOUNTS,
        json!({ "input": { "unitId": unit, "accounts": accounts } }),
    )
    .await;
    match answer {
        Ok(_) => see_other_to("/de-nghi-tai-khoan?da_gui=1".to_owned()),
        Err(errors) => render(&state, &context, door, unit, rows, None, errors).await,
    }
}

async fn render(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    unit: String,
    rows: Vec<AccountRow>,
    notice: Option<&'static str>,
    refused: Vec<ApiError>,
) -> Response {
    let own = door.signed_in.unit_id.clone().unwrap_or_default();
    let answer = run(
        state,
        context,
        Some(&door.session),
        SUBORDINATE_UNITS,
        json!({}),
    )
    .await;
    let (answer, mut errors) = match answer.read::<UnitsAnswer>() {
        Ok(answer) => (answer, Vec::new()),
        Err(errors) => (UnitsAnswer::default(), errors),
    };
    errors.extend(refused);
    page(&RequestPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        // The units under it, then the unit itself.
        units: {
            let mut nodes: Vec<UnitData> = answer
                .units
                .nodes
                .into_iter()
                .filter(|u| {
                    u.active && (u.id == own || u.parent_id.as_deref() == Some(own.as_str()))
                })
                .collect();
            nodes.sort_by_key(|u| u.id == own);
            nodes
                .into_iter()
                .map(|u| Choice {
                    label: if u.id == own {
                        format!("{} – {} (đơn vị của bạn)", u.code, u.name)
                    } else {
                        format!("{} – {}", u.code, u.name)
                    },
                    value: u.id,
                })
                .collect()
        },
        // A sub-unit's accounts cannot ask for accounts themselves.
        permissions: enum_choices(|p: PermissionGql| Permission::from(p).label_vi())
            .into_iter()
            .filter(|choice| choice.value != "REQUESTS_SUB_ACCOUNTS")
            .collect(),
        unit,
        rows,
        notice,
        form: FormErrors::from_api(errors, &["unitId", "accounts"]),
    })
}
