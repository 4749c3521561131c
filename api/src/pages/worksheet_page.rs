//! `/ky-danh-gia/{period}/tham-dinh`: an appraiser's worksheet, every
//! assigned (unit, leaf) with the unit's self score and both rounds, and a
//! form per item for the round open now; a reason is asked for, and the API
//! requires it, when the score differs from the self score.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::period_node::PeriodNode;
use serde_json::json;

use super::form_errors::FormErrors;
use super::form_refusal::invalid;
use super::operations::{APPRAISE, SUBMIT_APPRAISAL, WORKSHEET, WORKSHEET_UNITS};
use super::page_api::{ApiError, run, run_form, stale_form};
use super::page_door::{SignedInRequest, open_page};
use super::page_response::{page, see_other_to, url_text};
use super::signed_in::SignedIn;
use super::vietnamese_numbers::{figure, typed_figure};
use crate::state::AppState;

/// What `worksheet.graphql` answers.
#[derive(Deserialize, Default)]
struct WorksheetAnswer {
    period: Option<PeriodNode<PeriodData>>,
    worksheet: Vec<ItemData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PeriodData {
    name: String,
    status: String,
    deadlines: Vec<DeadlineData>,
    criteria_set: SetData,
}

#[derive(Deserialize)]
struct DeadlineData {
    kind: String,
    passed: bool,
}

#[derive(Deserialize)]
struct SetData {
    criteria: Vec<CriterionData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CriterionData {
    code: String,
    title: String,
    max_score: String,
    method: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemData {
    unit_id: String,
    leaf_code: String,
    self_points: Option<String>,
    self_percentage: Option<String>,
    round1_percentage: Option<String>,
    round2_percentage: Option<String>,
    not_applicable: bool,
    round1_points: Option<String>,
    round1_reason: Option<String>,
    round2_points: Option<String>,
    round2_reason: Option<String>,
    unit_submitted: bool,
    explanation: Option<String>,
    evidence: Vec<EvidenceData>,
    answers: Vec<AnswerData>,
    unit: UnitHead,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EvidenceData {
    content_hash: String,
    file_name: String,
    locator: String,
}

#[derive(Deserialize)]
struct AnswerData {
    text: String,
}

/// A file of the unit's, linked beside the item.
struct EvidenceLink {
    link: String,
    name: String,
    locator: String,
}

#[derive(Deserialize)]
struct UnitHead {
    code: String,
    name: String,
}

/// One item as the page shows it.
struct ItemLine {
    anchor: String,
    unit_id: String,
    unit_code: String,
    unit_name: String,
    leaf_code: String,
    title: String,
    maximum: String,
    self_points: String,
    /// A ratio leaf's self score as the unit entered it, in percent.
    self_percentage: Option<String>,
    not_applicable: bool,
    round1: String,
    round1_reason: String,
    round2: String,
    round2_reason: String,
    unit_submitted: bool,
    explanation: String,
    evidence: Vec<EvidenceLink>,
    answers: Vec<String>,
    ratio: bool,
    typed_score: String,
    typed_reason: String,
    error: Option<String>,
}

/// The page.
#[derive(Template)]
#[template(path = "worksheet.html")]
struct WorksheetPage {
    signed_in: Option<SignedIn>,
    period_name: String,
    round: Option<&'static str>,
    round_label: &'static str,
    items: Vec<ItemLine>,
    /// Whether anything is assigned at all.
    assigned: bool,
    /// The assigned units and how far each stands.
    units: Vec<UnitLine>,
    /// The unit shown alone (empty: every unit).
    chosen_unit: String,
    /// Small enough to show every unit's items at once.
    whole: bool,
    action: String,
    may_submit: bool,
    /// The appraiser has sent this period's appraisal: nothing more may
    /// change in it (Điều 10.3).
    closed: bool,
    csrf: String,
    notice: Option<String>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct WorksheetQuery {
    /// The (unit code, leaf) just saved.
    da_luu: Option<String>,
    /// Only this unit's items.
    don_vi: Option<String>,
    /// The appraisal was just sent.
    da_gui: Option<String>,
}

/// The most items shown at once without choosing a unit: a province's
/// appraiser may hold a thousand, which no one reads in one table and no
/// page should send at once; past this, the page lists the units and
/// shows one unit's items at a time.
const WHOLE_WORKSHEET_ITEMS: usize = 150;

/// What `worksheet_units.graphql` answers.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UnitsAnswer {
    worksheet_submitted: bool,
    worksheet_progress: Vec<UnitProgressData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UnitProgressData {
    unit_id: String,
    unit_submitted: bool,
    items: usize,
    round1_scored: usize,
    round2_scored: usize,
    unit: UnitHead,
}

/// One assigned unit and how far its appraisal stands.
struct UnitLine {
    link: String,
    code: String,
    name: String,
    chosen: bool,
    submitted: bool,
    items: usize,
    round1: usize,
    round2: usize,
}

impl UnitLine {
    fn of(data: &UnitProgressData, period: &str, chosen: Option<&str>) -> Self {
        Self {
            link: format!("/ky-danh-gia/{period}/tham-dinh?don_vi={}", data.unit_id),
            code: data.unit.code.clone(),
            name: data.unit.name.clone(),
            chosen: chosen == Some(data.unit_id.as_str()),
            submitted: data.unit_submitted,
            items: data.items,
            round1: data.round1_scored,
            round2: data.round2_scored,
        }
    }
}

/// An item's form that the API refused.
struct Refused {
    unit: String,
    leaf: String,
    score: String,
    reason: String,
    errors: Vec<ApiError>,
}

/// `GET /ky-danh-gia/{period}/tham-dinh`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    Query(query): Query<WorksheetQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page(&state, client, &headers, &period, None, None).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = match (query.da_luu, query.da_gui) {
        (_, Some(_)) => Some("Đã gửi kết quả thẩm định của kỳ này.".to_owned()),
        (Some(item), None) => Some(format!("Đã lưu điểm thẩm định {item}.")),
        (None, None) => None,
    };
    let shown = Shown {
        unit: query.don_vi.filter(|unit| !unit.is_empty()),
        notice,
    };
    render(&state, &context, door, &period, shown, None, Vec::new()).await
}

/// The form of one item.
#[derive(Deserialize)]
pub struct AppraiseForm {
    csrf: String,
    unit: String,
    leaf: String,
    round: String,
    score: Option<String>,
    percentage: Option<String>,
    reason: Option<String>,
    /// The unit the page was showing alone, if one was chosen.
    #[serde(default)]
    don_vi: Option<String>,
}

/// `POST /ky-danh-gia/{period}/tham-dinh`.
pub async fn appraise(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AppraiseForm>,
) -> Response {
    let (context, door) = match open_page(
        &state,
        client,
        &headers,
        &period,
        Some(&form.unit),
        Some(&form.leaf),
    )
    .await
    {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let (entry, typed) = match (&form.score, &form.percentage) {
        (_, Some(percentage)) => (json!({ "percentage": percentage }), percentage.clone()),
        (Some(score), None) => (json!({ "score": score }), score.clone()),
        (None, None) => (json!({}), String::new()),
    };
    let reason = form.reason.clone().unwrap_or_default();
    let errors = if !door.session.accepts(&form.csrf) {
        vec![stale_form()]
    } else {
        let mut input = json!({
            "periodId": period, "round": form.round, "unitId": form.unit,
            "leafCode": form.leaf, "entry": entry,
        });
        if !reason.trim().is_empty() {
            input["reason"] = json!(reason);
        }
        match run(
            &state,
            &context,
            Some(&door.session),
            APPRAISE,
            json!({ "input": input }),
        )
        .await
        .ok()
        {
            Ok(_) => {
                let only = form
                    .don_vi
                    .as_deref()
                    .filter(|unit| !unit.is_empty())
                    .map(|unit| format!("&don_vi={}", url_text(unit)))
                    .unwrap_or_default();
                return see_other_to(format!(
                    "/ky-danh-gia/{period}/tham-dinh?da_luu={}{only}#{}",
                    url_text(&form.leaf),
                    anchor(&form.unit, &form.leaf)
                ));
            }
            Err(errors) => errors,
        }
    };
    let shown = Shown {
        unit: form.don_vi.clone().filter(|unit| !unit.is_empty()),
        notice: None,
    };
    let refused = Refused {
        unit: form.unit,
        leaf: form.leaf,
        score: typed,
        reason,
        errors,
    };
    render(
        &state,
        &context,
        door,
        &period,
        shown,
        Some(refused),
        Vec::new(),
    )
    .await
}

/// What the page shows besides the worksheet itself.
#[derive(Default)]
struct Shown {
    /// Only this unit's items.
    unit: Option<String>,
    /// What was just done.
    notice: Option<String>,
}

/// The submission's form: the official confirms they read the warning.
#[derive(Deserialize)]
pub struct SubmitForm {
    csrf: String,
    #[serde(default)]
    confirmed: Option<String>,
}

/// `POST /ky-danh-gia/{period}/tham-dinh/gui`: one's own worksheet
/// submitted and closed for the period (Điều 10.3); the page then says so.
/// The account stays open for other periods (decision 0021).
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<SubmitForm>,
) -> Response {
    let (context, door) = match open_page(&state, client, &headers, &period, None, None).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    if form.confirmed.is_none() {
        let error = invalid(
            "confirmed",
            "Hãy xác nhận đã đọc: sau khi gửi, phiếu thẩm định của kỳ này bị khoá và không sửa được kết quả thẩm định",
        );
        return render(
            &state,
            &context,
            door,
            &period,
            Shown::default(),
            None,
            vec![error],
        )
        .await;
    }
    match run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        SUBMIT_APPRAISAL,
        json!({ "input": { "periodId": period } }),
    )
    .await
    {
        Ok(_) => see_other_to(format!("/ky-danh-gia/{period}/tham-dinh?da_gui=1")),
        Err(errors) => {
            render(
                &state,
                &context,
                door,
                &period,
                Shown::default(),
                None,
                errors,
            )
            .await
        }
    }
}

async fn render(
    state: &AppState,
    context: &chamdiem_commands::metadata::RequestContext,
    door: SignedInRequest,
    period: &str,
    Shown { unit, notice }: Shown,
    refused: Option<Refused>,
    submission_refused: Vec<ApiError>,
) -> Response {
    let mut read_errors = Vec::new();
    let all_units = run(
        state,
        context,
        Some(&door.session),
        WORKSHEET_UNITS,
        json!({ "period": period }),
    )
    .await
    .read::<UnitsAnswer>()
    .unwrap_or_else(|errors| {
        read_errors.extend(errors);
        UnitsAnswer::default()
    });
    // The whole worksheet when it is small; one unit's items when one is
    // chosen, or, in a large one, the first unit whose items are not all
    // scored yet.
    let progress = &all_units.worksheet_progress;
    let whole = progress.iter().map(|unit| unit.items).sum::<usize>() <= WHOLE_WORKSHEET_ITEMS;
    let first_unfinished = || {
        progress
            .iter()
            .find(|unit| unit.round1_scored < unit.items)
            .or(progress.first())
            .map(|unit| unit.unit_id.clone())
    };
    let only = unit.or_else(|| if whole { None } else { first_unfinished() });
    let variables = match &only {
        Some(unit) => json!({ "period": period, "unit": unit }),
        None => json!({ "period": period }),
    };
    let answer = run(state, context, Some(&door.session), WORKSHEET, variables)
        .await
        .read::<WorksheetAnswer>()
        .unwrap_or_else(|errors| {
            read_errors.extend(errors);
            WorksheetAnswer::default()
        });
    let mut form = FormErrors::from_api(read_errors, &[]);
    let units = progress
        .iter()
        .map(|unit| UnitLine::of(unit, period, only.as_deref()))
        .collect();
    let period_data = match &answer.period {
        Some(PeriodNode::Period(period)) => Some(period.as_ref()),
        _ => None,
    };
    let closed = all_units.worksheet_submitted;
    let round = period_data.and_then(open_round).filter(|_| !closed);
    if !submission_refused.is_empty() {
        form = FormErrors::from_api(submission_refused, &["confirmed"]);
    }
    if let Some(refused) = &refused {
        let messages: Vec<&str> = refused.errors.iter().map(|e| e.message.as_str()).collect();
        form = FormErrors::one(&format!(
            "Tiêu chí {}: {}",
            refused.leaf,
            messages.join("; ")
        ));
    }
    let criteria = period_data
        .map(|p| p.criteria_set.criteria.as_slice())
        .unwrap_or_default();
    let items = answer
        .worksheet
        .into_iter()
        .map(|item| {
            let criterion = criteria.iter().find(|c| c.code == item.leaf_code);
            let refused_here = refused
                .as_ref()
                .filter(|r| r.unit == item.unit_id && r.leaf == item.leaf_code);
            let ratio = criterion.and_then(|c| c.method.as_deref()) == Some("RATIO");
            // What the appraiser entered last, as entered: a ratio leaf's
            // percentage, never its points.
            let latest = match (round, ratio) {
                (Some("TWO"), true) => item.round2_percentage.clone(),
                (Some("TWO"), false) => item.round2_points.clone(),
                (_, true) => item.round1_percentage.clone(),
                (_, false) => item.round1_points.clone(),
            };
            ItemLine {
                anchor: anchor(&item.unit_id, &item.leaf_code),
                title: criterion.map(|c| c.title.clone()).unwrap_or_default(),
                maximum: criterion.map(|c| figure(&c.max_score)).unwrap_or_default(),
                ratio,
                self_points: item.self_points.as_deref().map(figure).unwrap_or_default(),
                self_percentage: item.self_percentage.as_deref().map(figure),
                not_applicable: item.not_applicable,
                round1: item
                    .round1_points
                    .as_deref()
                    .map(figure)
                    .unwrap_or_default(),
                round2: item
                    .round2_points
                    .as_deref()
                    .map(figure)
                    .unwrap_or_default(),
                round1_reason: item.round1_reason.unwrap_or_default(),
                round2_reason: item.round2_reason.unwrap_or_default(),
                unit_submitted: item.unit_submitted,
                explanation: item.explanation.unwrap_or_default(),
                evidence: item
                    .evidence
                    .into_iter()
                    .map(|e| EvidenceLink {
                        link: format!("/evidence/{}", e.content_hash),
                        name: e.file_name,
                        locator: e.locator,
                    })
                    .collect(),
                answers: item.answers.into_iter().map(|a| a.text).collect(),
                typed_score: match refused_here {
                    Some(r) => r.score.clone(),
                    None => typed_figure(latest.as_deref()),
                },
                typed_reason: refused_here.map(|r| r.reason.clone()).unwrap_or_default(),
                error: refused_here.map(|r| {
                    r.errors
                        .iter()
                        .map(|e| e.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
                unit_id: item.unit_id,
                unit_code: item.unit.code,
                unit_name: item.unit.name,
                leaf_code: item.leaf_code,
            }
        })
        .collect();
    page(&WorksheetPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        period_name: period_data.map(|p| p.name.clone()).unwrap_or_default(),
        round_label: match round {
            Some("ONE") => "Vòng 1",
            Some(_) => "Vòng 2",
            None => "Không có vòng nào đang mở",
        },
        round,
        items,
        assigned: !progress.is_empty(),
        units,
        chosen_unit: only.unwrap_or_default(),
        whole,
        action: format!("/ky-danh-gia/{period}/tham-dinh"),
        may_submit: !closed && period_data.is_some_and(|p| p.status == "OPEN"),
        closed,
        notice,
        form,
    })
}

/// The round open now, by the period's deadlines: round 1 until its
/// deadline, round 2 from the end of the units' explanation until its own.
fn open_round(period: &PeriodData) -> Option<&'static str> {
    if period.status != "OPEN" {
        return None;
    }
    let passed = |kind: &str| period.deadlines.iter().any(|d| d.kind == kind && d.passed);
    if !passed("APPRAISAL_ROUND_1") {
        Some("ONE")
    } else if passed("EXPLANATION") && !passed("APPRAISAL_ROUND_2") {
        Some("TWO")
    } else {
        None
    }
}

/// An element id for an item.
fn anchor(unit: &str, leaf: &str) -> String {
    format!("td-{unit}-{}", leaf.replace('.', "-"))
}
