//! `/quan-tri/don-vi`: the province's units for the administrator (Sở Nội
//! vụ): the list, a file of units imported at once (the layout of
//! `units-thanh-hoa.csv`, or the same columns in XLSX), and one unit
//! registered by hand.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Multipart, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_domain::unit::UnitKind;
use serde::Deserialize;
use serde_json::json;

use super::choice::{Choice, enum_choices};
use super::form_errors::FormErrors;
use super::form_refusal::invalid;
use super::operations::{ADMIN_UNITS, REGISTER_UNIT, UPLOAD_UNITS};
use super::page_api::{ApiError, run, run_form, run_uploading, stale_form};
use super::page_door::{SignedInRequest, open_page_for};
use super::page_info::PageInfo;
use super::page_response::{page, see_other_to, url_text};
use super::page_upload::PageUpload;
use super::signed_in::SignedIn;
use crate::graphql::enums::UnitKindGql;
use crate::state::AppState;

const PATH: &str = "/quan-tri/don-vi";

/// What `admin_units.graphql` answers.
#[derive(Deserialize, Default)]
struct UnitsAnswer {
    units: UnitPage,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UnitPage {
    page_info: PageInfo,
    nodes: Vec<UnitData>,
}

#[derive(Deserialize)]
struct UnitData {
    id: String,
    code: String,
    name: String,
    kind: UnitKindGql,
    active: bool,
}

/// A unit as the list shows it.
struct UnitLine {
    code: String,
    name: String,
    kind: &'static str,
    active: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "admin_units.html")]
struct AdminUnitsPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    units: Vec<UnitLine>,
    next_page: Option<String>,
    kinds: Vec<Choice>,
    parents: Vec<(String, String)>,
    typed: RegisterForm,
    notice: Option<String>,
    form: FormErrors,
}

/// What the page was asked to show or say.
#[derive(Deserialize, Default)]
pub struct UnitsQuery {
    /// The cursor after which the list goes on.
    sau: Option<String>,
    /// The code of a unit just registered.
    da_them: Option<String>,
    /// How many units an import added and left alone.
    da_nhap: Option<u32>,
    giu_nguyen: Option<u32>,
}

/// The form that registers one unit.
#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    code: String,
    name: String,
    kind: String,
    /// The unit it belongs to, if any (its id).
    #[serde(default)]
    parent: String,
}

/// `GET /quan-tri/don-vi`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(query): Query<UnitsQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = match (query.da_them, query.da_nhap, query.giu_nguyen) {
        (Some(code), _, _) => Some(format!("Đã thêm đơn vị {code}.")),
        (None, Some(added), unchanged) => Some(format!(
            "Đã nhập tệp: thêm {added} đơn vị, {} đơn vị đã có như trong tệp nên giữ nguyên.",
            unchanged.unwrap_or(0)
        )),
        _ => None,
    };
    let after = query.sau;
    render(
        &state,
        &context,
        door,
        after,
        notice,
        RegisterForm::default(),
        Vec::new(),
    )
    .await
}

/// `POST /quan-tri/don-vi`: one unit registered.
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<RegisterForm>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let mut input = json!({ "code": form.code, "name": form.name, "kind": form.kind });
    if !form.parent.is_empty() {
        input["parentId"] = json!(form.parent);
    }
    match run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        REGISTER_UNIT,
        json!({ "input": input }),
    )
    .await
    {
        Ok(_) => see_other_to(format!("{PATH}?da_them={}", url_text(form.code.trim()))),
        Err(errors) => render(&state, &context, door, None, None, form, errors).await,
    }
}

/// `POST /quan-tri/don-vi/nhap-tep`: a file of units imported.
pub async fn import(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let imported = async {
        let mut upload = PageUpload::read(multipart, state.upload_limit)
            .await
            .map_err(|error| vec![error])?;
        if !door.session.accepts(upload.text("csrf")) {
            return Err(vec![stale_form()]);
        }
        let file = upload.files.pop().ok_or_else(|| vec![no_file()])?;
        run_uploading(
            &state,
            &context,
            &door.session,
            UPLOAD_UNITS,
            json!({ "file": null }),
            vec![("file".to_owned(), file.upload())],
        )
        .await
        .read::<UploadAnswer>()
    };
    match imported.await {
        Ok(UploadAnswer { upload_units: done }) => see_other_to(format!(
            "{PATH}?da_nhap={}&giu_nguyen={}",
            done.added, done.unchanged
        )),
        Err(errors) => {
            render(
                &state,
                &context,
                door,
                None,
                None,
                RegisterForm::default(),
                errors,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UploadAnswer {
    upload_units: ImportSummary,
}

#[derive(Deserialize)]
struct ImportSummary {
    added: u32,
    unchanged: u32,
}

async fn render(
    state: &AppState,
    context: &chamdiem_commands::metadata::RequestContext,
    door: SignedInRequest,
    after: Option<String>,
    notice: Option<String>,
    typed: RegisterForm,
    refused: Vec<ApiError>,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        ADMIN_UNITS,
        json!({ "after": after }),
    )
    .await;
    let (units, mut errors) = match answer.read::<UnitsAnswer>() {
        Ok(answer) => (answer.units, Vec::new()),
        Err(errors) => (UnitPage::default(), errors),
    };
    errors.extend(refused);
    page(&AdminUnitsPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        next_page: units.page_info.next_link(PATH),
        parents: units
            .nodes
            .iter()
            .filter(|unit| unit.active)
            .map(|unit| (unit.id.clone(), format!("{} – {}", unit.code, unit.name)))
            .collect(),
        units: units
            .nodes
            .into_iter()
            .map(|unit| UnitLine {
                code: unit.code,
                name: unit.name,
                kind: UnitKind::from(unit.kind).label_vi(),
                active: unit.active,
            })
            .collect(),
        kinds: enum_choices(|kind: UnitKindGql| UnitKind::from(kind).label_vi()),
        typed,
        notice,
        form: FormErrors::from_api(errors, &["code", "name", "kind", "parentId", "file"]),
    })
}

fn no_file() -> ApiError {
    invalid("file", "Hãy chọn tệp danh sách đơn vị (CSV hoặc XLSX)")
}
