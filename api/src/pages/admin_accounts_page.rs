//! `/quan-tri/tai-khoan`: accounts for the administrator: the list with
//! each account's role, unit or department, permissions and lock; an
//! account issued (its temporary password shown once, to hand over); a
//! password reset; an account locked or unlocked with a reason.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_domain::account::{Permission, Role};
use chamdiem_domain::ids::AccountId;
use serde::Deserialize;
use serde_json::json;

use super::choice::{Choice, enum_choices};
use super::form_errors::FormErrors;
use super::form_refusal::invalid;
use super::operations::{
    ADMIN_ACCOUNTS, IMPORT_ACCOUNTS, ISSUE_ACCOUNT, LOCK_ACCOUNT, RESET_PASSWORD, UNLOCK_ACCOUNT,
};
use super::page_api::{ApiError, run, run_form, run_uploading, stale_form};
use super::page_door::{SignedInRequest, open_page_for};
use super::page_info::PageInfo;
use super::page_response::{page, see_other_to, url_text};
use super::page_upload::PageUpload;
use super::signed_in::SignedIn;
use super::temporary_password_sheet::{ImportedAccounts, PasswordSheet};
use super::unit_list::UnitList;
use super::vietnamese_numbers::moment;
use crate::graphql::account_lock::LockKind as LockKindGql;
use crate::graphql::enums::{PermissionGql, RoleGql};
use crate::state::AppState;

const PATH: &str = "/quan-tri/tai-khoan";

/// What `admin_accounts.graphql` answers.
#[derive(Deserialize, Default)]
struct AccountsAnswer {
    accounts: AccountPage,
    units: UnitList,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AccountPage {
    page_info: PageInfo,
    nodes: Vec<AccountData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountData {
    id: String,
    username: String,
    display_name: String,
    role: RoleGql,
    unit_id: Option<String>,
    department: Option<String>,
    permissions: Vec<PermissionGql>,
    locked: bool,
    lock: Option<LockData>,
}

#[derive(Deserialize)]
struct LockData {
    kind: LockKindGql,
    reason: Option<String>,
    until: Option<String>,
}

/// An account as the list shows it.
struct AccountLine {
    id: String,
    username: String,
    display_name: String,
    role: &'static str,
    placed: String,
    permissions: Vec<&'static str>,
    locked: bool,
    lock: String,
}

/// The page.
#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AdminAccountsPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    accounts: Vec<AccountLine>,
    next_page: Option<String>,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    permissions: Vec<Choice>,
    typed: IssueForm,
    issued: Option<Issued>,
    sheet: Option<PasswordSheet>,
    notice: Option<String>,
    form: FormErrors,
}

/// A temporary password to hand over, shown once.
struct Issued {
    username: String,
    temporary_password: String,
}

/// What the page was asked to show or say.
#[derive(Deserialize, Default)]
pub struct AccountsQuery {
    /// The cursor after which the list goes on.
    sau: Option<String>,
    /// The username of an account just locked or unlocked.
    da_khoa: Option<String>,
    da_mo_khoa: Option<String>,
}

/// The form that issues an account.
#[derive(Deserialize, Default)]
pub struct IssueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    permissions: Vec<String>,
}

/// The form of an action on one account.
#[derive(Deserialize)]
pub struct AccountActionForm {
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `GET /quan-tri/tai-khoan`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(query): Query<AccountsQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = match (query.da_khoa, query.da_mo_khoa) {
        (Some(username), _) => Some(format!("Đã khoá tài khoản {username}.")),
        (None, Some(username)) => Some(format!("Đã mở khoá tài khoản {username}.")),
        _ => None,
    };
    let view = View {
        after: query.sau,
        notice,
        ..View::default()
    };
    render(&state, &context, door, view).await
}

/// `POST /quan-tri/tai-khoan`: an account issued; its temporary password
/// is shown on the answer, once, never in an address.
pub async fn issue(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<IssueForm>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let mut input = json!({
        "username": form.username, "displayName": form.display_name, "role": form.role,
    });
    if form.role == "DATA_ENTRY" {
        input["unitId"] = json!(form.unit);
        input["permissions"] = json!(form.permissions);
    }
    if form.role == "APPRAISER" && !form.department.trim().is_empty() {
        input["department"] = json!(form.department);
    }
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        ISSUE_ACCOUNT,
        json!({ "input": input }),
    )
    .await;
    let view = match answer.map(|data| issued(&data["issueAccount"])) {
        Ok(issued) => View {
            issued,
            ..View::default()
        },
        Err(errors) => View {
            typed: form,
            refused: errors,
            ..View::default()
        },
    };
    render(&state, &context, door, view).await
}

/// `POST /quan-tri/tai-khoan/nhap-tep`: the accounts of a sheet issued,
/// all or none; their temporary passwords are shown on the answer, once,
/// as a sheet to print or download.
pub async fn import(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let imported = async {
        let multipart = multipart.map_err(|_| vec![stale_form()])?;
        let mut upload = PageUpload::read(multipart, state.upload_limit)
            .await
            .map_err(|error| vec![error])?;
        if !door.session.accepts(upload.text("csrf")) {
            return Err(vec![stale_form()]);
        }
        let file = upload.files.pop().ok_or_else(|| {
            vec![invalid(
                "file",
                "Hãy chọn tệp danh sách tài khoản (XLSX hoặc CSV)",
            )]
        })?;
        run_uploading(
            &state,
            &context,
            &door.session,
            IMPORT_ACCOUNTS,
            json!({ "file": null }),
            vec![("file".to_owned(), file.upload())],
        )
        .await
        .read::<ImportedAccounts>()
    };
    let view = match imported.await {
        Ok(answer) => View {
            sheet: Some(PasswordSheet::of(answer)),
            ..View::default()
        },
        Err(errors) => View {
            refused: errors,
            ..View::default()
        },
    };
    render(&state, &context, door, view).await
}

/// `POST /quan-tri/tai-khoan/{account}/{action}`: `khoa`, `mo-khoa` or
/// `dat-lai-mat-khau`.
pub async fn act(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((account, action)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<AccountActionForm>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let Ok(account) = account.parse::<AccountId>() else {
        return super::page_door::not_found();
    };
    let account = account.to_string();
    let lock_input = json!({ "input": { "accountId": account, "reason": form.reason } });
    let (document, variables, done) = match action.as_str() {
        "khoa" => (LOCK_ACCOUNT, lock_input, "da_khoa"),
        "mo-khoa" => (UNLOCK_ACCOUNT, lock_input, "da_mo_khoa"),
        "dat-lai-mat-khau" => (
            RESET_PASSWORD,
            json!({ "input": { "accountId": account } }),
            "",
        ),
        _ => return super::page_door::not_found(),
    };
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        document,
        variables,
    )
    .await;
    let view = match answer {
        Ok(data) if done.is_empty() => View {
            issued: issued(&data["resetPassword"]),
            ..View::default()
        },
        Ok(data) => {
            let username = data
                .as_object()
                .and_then(|fields| fields.values().next())
                .and_then(|payload| payload["account"]["username"].as_str())
                .unwrap_or_default();
            return see_other_to(format!("{PATH}?{done}={}", url_text(username)));
        }
        Err(errors) => View {
            refused: errors,
            ..View::default()
        },
    };
    render(&state, &context, door, view).await
}

fn issued(payload: &serde_json::Value) -> Option<Issued> {
    Some(Issued {
        username: payload["account"]["username"].as_str()?.to_owned(),
        temporary_password: payload["temporaryPassword"].as_str()?.to_owned(),
    })
}

/// What one rendering shows beside the list.
#[derive(Default)]
struct View {
    after: Option<String>,
    notice: Option<String>,
    typed: IssueForm,
    issued: Option<Issued>,
    sheet: Option<PasswordSheet>,
    refused: Vec<ApiError>,
}

async fn render(
    state: &AppState,
    context: &chamdiem_commands::metadata::RequestContext,
    door: SignedInRequest,
    view: View,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        ADMIN_ACCOUNTS,
        json!({ "after": view.after }),
    )
    .await;
    let (answer, mut errors) = match answer.read::<AccountsAnswer>() {
        Ok(answer) => (answer, Vec::new()),
        Err(errors) => (AccountsAnswer::default(), errors),
    };
    errors.extend(view.refused);
    let accounts = answer
        .accounts
        .nodes
        .iter()
        .map(|account| AccountLine {
            id: account.id.clone(),
            username: account.username.clone(),
            display_name: account.display_name.clone(),
            role: Role::from(account.role).label_vi(),
            placed: match (&account.unit_id, &account.department) {
                (Some(unit), _) => answer.units.label_of(unit),
                (None, Some(department)) => department.clone(),
                (None, None) => String::new(),
            },
            permissions: account
                .permissions
                .iter()
                .map(|p| Permission::from(*p).label_vi())
                .collect(),
            locked: account.locked,
            lock: account.lock.as_ref().map(lock_text).unwrap_or_default(),
        })
        .collect();
    page(&AdminAccountsPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        accounts,
        next_page: answer.accounts.page_info.next_link(PATH),
        roles: enum_choices(|role: RoleGql| Role::from(role).label_vi()),
        units: answer.units.choices(),
        permissions: enum_choices(|p: PermissionGql| Permission::from(p).label_vi()),
        typed: view.typed,
        issued: view.issued,
        sheet: view.sheet,
        notice: view.notice,
        form: FormErrors::from_api(
            errors,
            &[
                "username",
                "displayName",
                "role",
                "unitId",
                "department",
                "permissions",
                "reason",
                "file",
            ],
        ),
    })
}

/// Why an account is locked, as officials read it.
fn lock_text(lock: &LockData) -> String {
    let why = match (lock.kind, &lock.reason) {
        (LockKindGql::AppraisalSubmitted, _) => "đã gửi kết quả thẩm định".to_owned(),
        (_, Some(reason)) => reason.clone(),
        (_, None) => String::new(),
    };
    match &lock.until {
        Some(until) => format!("{why} (đến {})", moment(until)),
        None => why,
    }
}
