//! `/ky-danh-gia/{period}/tien-do`: the progress board for the manager
//! (and the administrator): where each unit's self-assessment stands, how
//! far each appraiser has got; it refreshes itself while open. The
//! manager finalizes the aggregated results and publishes them here, and
//! downloads every report.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::PeriodStatus;
use chamdiem_projections::progress_board::ProgressStatus;
use serde::Deserialize;

use super::period_node::PeriodNode;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::{FINALIZE_RESULTS, PROGRESS};
use super::page_api::{ApiError, run, run_form};
use super::page_door::{SignedInRequest, not_found, open_page_for};
use super::page_response::{page, see_other_to};
use super::problem_page::problem;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::date;
use crate::graphql::enums::{PeriodStatusGql, ProgressStatusGql};
use crate::state::AppState;

/// Who works on this page.
const ROLES: &[&str] = &["MANAGER", "ADMIN"];

/// What `progress.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgressAnswer {
    period: Option<PeriodNode<PeriodData>>,
    progress_board: Board,
    accounts: AccountPage,
}

#[derive(Deserialize)]
struct PeriodData {
    id: String,
    name: String,
    status: PeriodStatusGql,
    corrections: ClosingData,
}

/// What closes the results, as selected.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClosingData {
    results_version: Option<u32>,
    council_agreement: Option<CouncilData>,
    publication_decision: Option<DecisionData>,
}

#[derive(Deserialize)]
struct CouncilData {
    version: u32,
    date: String,
    members: Vec<String>,
    minutes: FileData,
}

#[derive(Deserialize)]
struct DecisionData {
    number: String,
    date: String,
    signed: FileData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileData {
    file_name: String,
    content_hash: String,
}

#[derive(Deserialize)]
struct Board {
    units: Vec<UnitRow>,
    appraisers: Vec<AppraiserRow>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UnitRow {
    unit_id: String,
    status: ProgressStatusGql,
    unit: UnitHead,
}

#[derive(Deserialize)]
struct UnitHead {
    code: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppraiserRow {
    appraiser_id: String,
    assigned: u32,
    round1_done: u32,
    round2_done: u32,
    submitted: bool,
}

#[derive(Deserialize)]
struct AccountPage {
    nodes: Vec<AccountData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountData {
    id: String,
    display_name: String,
    department: Option<String>,
}

/// A unit's line of the board.
struct UnitLine {
    unit: String,
    status: &'static str,
    tag: &'static str,
    report: String,
}

/// An appraiser's line of the board.
struct AppraiserLine {
    name: String,
    department: String,
    assigned: u32,
    round1_done: u32,
    round2_done: u32,
    submitted: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    action: String,
    name: String,
    status: &'static str,
    may_finalize: bool,
    may_publish: bool,
    may_record_council: bool,
    /// The council's agreement on the current version, in a sentence.
    council: String,
    minutes: Option<(String, String)>,
    /// The decision published with, in a sentence.
    decision: String,
    submitted: usize,
    units: Vec<UnitLine>,
    appraisers: Vec<AppraiserLine>,
    downloads: Vec<(String, &'static str)>,
    notice: Option<&'static str>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct ProgressQuery {
    da_chot: Option<u8>,
    da_cong_bo: Option<u8>,
    hoi_dong: Option<u8>,
}

/// `GET /ky-danh-gia/{period}/tien-do`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    Query(query): Query<ProgressQuery>,
    headers: HeaderMap,
) -> Response {
    if period.parse::<PeriodId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = match (query.da_chot, query.da_cong_bo, query.hoi_dong) {
        (Some(_), _, _) => Some("Đã chốt kết quả chính thức."),
        (_, Some(_), _) => Some("Đã công bố kết quả."),
        (_, _, Some(_)) => Some("Đã ghi nhận ý kiến thống nhất của Hội đồng thẩm định."),
        _ => None,
    };
    render(&state, &context, door, &period, notice, Vec::new()).await
}

/// The form of the finalize and publish buttons.
#[derive(Deserialize)]
pub struct ResultsForm {
    csrf: String,
}

/// `POST /ky-danh-gia/{period}/tien-do/{action}`: `chot` (finalize) or
/// `cong-bo` (publish).
pub async fn act(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, action)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<ResultsForm>,
) -> Response {
    if period.parse::<PeriodId>().is_err() {
        return not_found();
    }
    let (document, done) = match action.as_str() {
        "chot" => (FINALIZE_RESULTS, "da_chot"),
        _ => return not_found(),
    };
    let (context, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    match run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        document,
        json!({ "input": { "periodId": period } }),
    )
    .await
    {
        Ok(_) => see_other_to(format!("/ky-danh-gia/{period}/tien-do?{done}=1")),
        Err(errors) => render(&state, &context, door, &period, None, errors).await,
    }
}

pub(super) async fn render(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    period: &str,
    notice: Option<&'static str>,
    refused: Vec<ApiError>,
) -> Response {
    let answer = match run(
        state,
        context,
        Some(&door.session),
        PROGRESS,
        json!({ "period": period }),
    )
    .await
    .read::<ProgressAnswer>()
    {
        Ok(answer) => answer,
        Err(errors) => return problem(door.signed_in, errors),
    };
    let Some(PeriodNode::Period(data)) = answer.period else {
        return not_found();
    };
    let status = PeriodStatus::from(data.status);
    let manager = door.signed_in.role == "MANAGER";
    let admin = door.signed_in.role == "ADMIN";
    let closing = &data.corrections;
    let current_council = closing
        .council_agreement
        .as_ref()
        .filter(|c| Some(c.version) == closing.results_version);
    let council = current_council.map_or_else(String::new, |c| {
        format!(
            "Hội đồng thẩm định đã thống nhất kết quả phiên bản {} ngày {}; thành viên dự họp: {}.",
            c.version,
            date(&c.date),
            c.members.join(", ")
        )
    });
    let minutes = current_council.map(|c| {
        (
            format!("/evidence/{}", c.minutes.content_hash),
            c.minutes.file_name.clone(),
        )
    });
    let decision = closing
        .publication_decision
        .as_ref()
        .map_or_else(String::new, |d| {
            format!(
                "Đã công bố theo Quyết định số {} ngày {} của UBND tỉnh ({}).",
                d.number,
                date(&d.date),
                d.signed.file_name
            )
        });
    let account = |id: &str| answer.accounts.nodes.iter().find(|a| a.id == id);
    let units: Vec<UnitLine> = answer
        .progress_board
        .units
        .iter()
        .map(|row| {
            let status = ProgressStatus::from(row.status);
            UnitLine {
                unit: format!("{} – {}", row.unit.code, row.unit.name),
                status: progress_label(status),
                tag: match status {
                    ProgressStatus::Submitted => "tag--done",
                    ProgressStatus::Late => "tag--late",
                    _ => "",
                },
                report: format!(
                    "/reports/self-assessment?period={}&unit={}&format=xlsx",
                    data.id, row.unit_id
                ),
            }
        })
        .collect();
    page(&ProgressPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        action: format!("/ky-danh-gia/{}/tien-do", data.id),
        name: data.name.clone(),
        status: status.label_vi(),
        may_finalize: manager && status == PeriodStatus::Aggregated,
        may_publish: manager && status == PeriodStatus::Finalized,
        may_record_council: admin
            && status == PeriodStatus::Aggregated
            && current_council.is_none(),
        council,
        minutes,
        decision,
        submitted: answer
            .progress_board
            .units
            .iter()
            .filter(|row| row.status == ProgressStatusGql::Submitted)
            .count(),
        units,
        appraisers: answer
            .progress_board
            .appraisers
            .iter()
            .map(|row| AppraiserLine {
                name: account(&row.appraiser_id)
                    .map(|a| a.display_name.clone())
                    .unwrap_or_default(),
                department: account(&row.appraiser_id)
                    .and_then(|a| a.department.clone())
                    .unwrap_or_default(),
                assigned: row.assigned,
                round1_done: row.round1_done,
                round2_done: row.round2_done,
                submitted: row.submitted,
            })
            .collect(),
        downloads: vec![
            (
                format!("/reports/ranking?period={}&format=xlsx", data.id),
                "Bảng xếp hạng (XLSX)",
            ),
            (
                format!("/reports/appraisal?period={}&format=xlsx", data.id),
                "Kết quả thẩm định (XLSX)",
            ),
            (
                format!("/reports/audit-trail?period={}&format=xlsx", data.id),
                "Nhật ký thay đổi (XLSX)",
            ),
        ],
        notice,
        form: FormErrors::from_api(refused, &[]),
    })
}

/// Where a unit stands, in UI.md's words.
fn progress_label(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::Draft => "Đang nhập liệu",
        ProgressStatus::Approved => "Đã phê duyệt, chưa gửi",
        ProgressStatus::Submitted => "Đã gửi báo cáo",
        ProgressStatus::Late => "Quá hạn, chưa gửi",
    }
}
