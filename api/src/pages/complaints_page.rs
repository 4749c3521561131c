//! `/ky-danh-gia/{period}/kien-nghi`: corrections after provisional
//! results, one page for everyone who takes part, each seeing and doing
//! what the API lets them. A unit leader complains about a leaf of the
//! unit's results (with a file) while the window is open; the leaf's
//! appraiser, or the council (an administrator or a manager), answers;
//! the administrator opens the window, reopens a leaf for its appraiser
//! and aggregates the results again; the appraiser scores a reopened leaf
//! again. The forms post to `complaint_forms`.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::period::{ComplaintOutcome, PeriodStatus};
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::COMPLAINTS;
use super::page_api::{ApiError, run};
use super::page_door::{SignedInRequest, open_page};
use super::page_response::page;
use super::period_node::PeriodNode;
use super::problem_page::problem;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::date;
use crate::graphql::enums::{ComplaintOutcomeGql, PeriodStatusGql, ScoringMethodGql};
use crate::state::AppState;

/// What `complaints.graphql` answers.
#[derive(Deserialize)]
struct ComplaintsAnswer {
    me: Me,
    node: Option<PeriodNode<PeriodData>>,
    ranking: Vec<RankingUnit>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    account_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PeriodData {
    id: String,
    name: String,
    status: PeriodStatusGql,
    criteria_set: CriteriaData,
    corrections: CorrectionsData,
}

#[derive(Deserialize)]
struct CriteriaData {
    criteria: Vec<CriterionData>,
}

#[derive(Deserialize)]
struct CriterionData {
    code: String,
    title: String,
    method: Option<ScoringMethodGql>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionsData {
    results_version: Option<u32>,
    complaints_until: Option<String>,
    complaints: Vec<ComplaintData>,
    reopenings: Vec<ReopeningData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ComplaintData {
    no: u32,
    unit_code: String,
    leaf_code: String,
    reason: String,
    version: u32,
    outcome: Option<ComplaintOutcomeGql>,
    answer: Option<String>,
    evidence: Vec<FileData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileData {
    file_name: String,
    content_hash: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReopeningData {
    no: u32,
    unit_id: String,
    unit_code: String,
    leaf_code: String,
    /// None: nobody appraises the leaf; the unit scores it again.
    appraiser_id: Option<String>,
    reason: String,
    complaint_no: Option<u32>,
    settled_in: Option<u32>,
}

#[derive(Deserialize)]
struct RankingUnit {
    unit: UnitData,
}

#[derive(Deserialize)]
struct UnitData {
    id: String,
    code: String,
    name: String,
}

/// A complaint as listed.
struct ComplaintLine {
    no: u32,
    unit: String,
    leaf: String,
    reason: String,
    version: u32,
    files: Vec<(String, String)>,
    outcome: &'static str,
    answer: String,
    /// Whether the reader may answer it now.
    answerable: bool,
}

/// A reopened leaf as listed.
struct ReopeningLine {
    no: u32,
    unit_id: String,
    unit: String,
    leaf: String,
    leaf_code: String,
    reason: String,
    complaint: String,
    state: String,
    /// Whether the reader scores it again now, and how (a percentage for
    /// a ratio leaf).
    correctable: bool,
    percentage: bool,
    /// Reopened on the unit's scorecard (nobody appraises the leaf): the
    /// unit scores it again.
    by_the_unit: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "complaints.html")]
struct ComplaintsPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    action: String,
    ranking: String,
    name: String,
    status: &'static str,
    version: Option<u32>,
    window: Option<String>,
    complaints: Vec<ComplaintLine>,
    reopenings: Vec<ReopeningLine>,
    /// The unit a leader complains for, when they may.
    lodging_unit: Option<String>,
    leaves: Vec<(String, String)>,
    /// Administrator's forms.
    administers: bool,
    units: Vec<(String, String)>,
    upheld: Vec<(u32, String)>,
    unsettled: usize,
    notice: Option<&'static str>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct ComplaintsQuery {
    da_mo: Option<u8>,
    da_gui: Option<u8>,
    da_tra_loi: Option<u8>,
    da_mo_lai: Option<u8>,
    da_cham_lai: Option<u8>,
    da_tong_hop: Option<u8>,
}

impl ComplaintsQuery {
    fn notice(&self) -> Option<&'static str> {
        [
            (self.da_mo, "Đã thông báo thời hạn nhận kiến nghị."),
            (self.da_gui, "Đã gửi kiến nghị."),
            (self.da_tra_loi, "Đã trả lời kiến nghị."),
            (
                self.da_mo_lai,
                "Đã mở lại tiêu chí cho người thẩm định chấm lại.",
            ),
            (self.da_cham_lai, "Đã chấm lại tiêu chí."),
            (
                self.da_tong_hop,
                "Đã tổng hợp lại kết quả thành phiên bản mới.",
            ),
        ]
        .into_iter()
        .find_map(|(asked, said)| asked.map(|_| said))
    }
}

/// `GET /ky-danh-gia/{period}/kien-nghi`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    Query(query): Query<ComplaintsQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page(&state, client, &headers, &period, None, None).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    render(&state, &context, door, &period, query.notice(), Vec::new()).await
}

/// The page with `notice`, or with the errors of a refused form.
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
        COMPLAINTS,
        json!({ "period": period }),
    )
    .await
    .read::<ComplaintsAnswer>()
    {
        Ok(answer) => answer,
        Err(errors) => return problem(door.signed_in, errors),
    };
    let Some(PeriodNode::Period(data)) = answer.node else {
        return super::page_door::not_found();
    };
    let status = PeriodStatus::from(data.status);
    let provisional = status == PeriodStatus::Aggregated;
    let role = door.signed_in.role.as_str();
    let council = matches!(role, "ADMIN" | "MANAGER");
    let appraiser = role == "APPRAISER";
    let title_of = |code: &str| {
        data.criteria_set
            .criteria
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| format!("{code}. {}", c.title))
    };
    let corrections = &data.corrections;
    let complaints = corrections
        .complaints
        .iter()
        .map(|c| ComplaintLine {
            no: c.no,
            unit: c.unit_code.clone(),
            leaf: title_of(&c.leaf_code),
            reason: c.reason.clone(),
            version: c.version,
            files: c
                .evidence
                .iter()
                .map(|f| (format!("/evidence/{}", f.content_hash), f.file_name.clone()))
                .collect(),
            outcome: c.outcome.map_or("Chờ trả lời", |o| {
                ComplaintOutcome::from(o).label_vi()
            }),
            answer: c.answer.clone().unwrap_or_default(),
            answerable: provisional && c.outcome.is_none() && (council || appraiser),
        })
        .collect();
    let reopenings = corrections
        .reopenings
        .iter()
        .map(|r| ReopeningLine {
            no: r.no,
            unit_id: r.unit_id.clone(),
            unit: r.unit_code.clone(),
            leaf: title_of(&r.leaf_code),
            leaf_code: r.leaf_code.clone(),
            reason: r.reason.clone(),
            complaint: r
                .complaint_no
                .map(|no| format!("Kiến nghị số {no}"))
                .unwrap_or_default(),
            state: r.settled_in.map_or_else(
                || "Chờ tổng hợp lại".to_owned(),
                |v| format!("Đã tổng hợp vào phiên bản {v}"),
            ),
            correctable: provisional
                && r.settled_in.is_none()
                && match &r.appraiser_id {
                    Some(id) => appraiser && *id == answer.me.account_id,
                    None => door.signed_in.enters_scores_of(&r.unit_id),
                },
            by_the_unit: r.appraiser_id.is_none(),
            percentage: data
                .criteria_set
                .criteria
                .iter()
                .any(|c| c.code == r.leaf_code && c.method == Some(ScoringMethodGql::Ratio)),
        })
        .collect();
    // The leader of a unit complains for it while results are provisional
    // and the window is announced (the API checks the dates).
    let lodging_unit = door.signed_in.unit_id.clone().filter(|_| {
        provisional
            && corrections.complaints_until.is_some()
            && door
                .signed_in
                .permissions
                .iter()
                .any(|p| p == "APPROVES_REPORTS")
    });
    let leaves = data
        .criteria_set
        .criteria
        .iter()
        .filter(|c| c.method.is_some())
        .map(|c| (c.code.clone(), format!("{}. {}", c.code, c.title)))
        .collect();
    let reopened_for: Vec<u32> = corrections
        .reopenings
        .iter()
        .filter_map(|r| r.complaint_no)
        .collect();
    let upheld = corrections
        .complaints
        .iter()
        .filter(|c| c.outcome == Some(ComplaintOutcomeGql::Upheld) && !reopened_for.contains(&c.no))
        .map(|c| {
            (
                c.no,
                format!("Số {} – {} – tiêu chí {}", c.no, c.unit_code, c.leaf_code),
            )
        })
        .collect();
    page(&ComplaintsPage {
        csrf: door.session.form_token(),
        action: format!("/ky-danh-gia/{}/kien-nghi", data.id),
        ranking: format!("/ky-danh-gia/{}/xep-hang", data.id),
        name: data.name.clone(),
        status: status.label_vi(),
        version: corrections.results_version,
        window: corrections.complaints_until.as_deref().map(date),
        administers: role == "ADMIN" && provisional,
        units: answer
            .ranking
            .iter()
            .map(|row| {
                (
                    row.unit.id.clone(),
                    format!("{} – {}", row.unit.code, row.unit.name),
                )
            })
            .collect(),
        upheld,
        unsettled: corrections
            .reopenings
            .iter()
            .filter(|r| r.settled_in.is_none())
            .count(),
        complaints,
        reopenings,
        lodging_unit,
        leaves,
        signed_in: Some(door.signed_in),
        notice,
        form: FormErrors::from_api(refused, &[]),
    })
}
