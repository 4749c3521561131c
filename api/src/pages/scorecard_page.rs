//! `/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem`: a unit's scorecard
//! as the criteria tree with maxima, self scores and, for the unit's clerk
//! while it may still change them, a form per leaf by its scoring method
//! (levels as choices, ranges by step, ratios as a percentage).

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::form_refusal::invalid;
use super::operations::{
    ANSWER_APPRAISAL, ENTER_SCORE, MARK_APPLICABLE, MARK_NOT_APPLICABLE, SCORECARD,
    UPLOAD_EVIDENCE, UPLOAD_PROVINCE_SURVEY_FORMS, UPLOAD_SURVEY_FORMS, WRITE_EXPLANATION,
};
use super::page_api::{ApiError, run, run_uploading, stale_form};
use super::page_door::{SignedInRequest, open_page};
use super::page_response::{page, see_other_to};
use super::page_upload::PageUpload;
use super::scorecard_answer::{
    CardData, CriterionData, EvidenceData, MissingData, ScorecardAnswer,
};
use super::signed_in::SignedIn;
use super::vietnamese_numbers::{date, figure, typed_figure};
use crate::state::AppState;

/// One listed level of a levels leaf.
struct LevelChoice {
    value: String,
    shown: String,
    wording: String,
    chosen: bool,
}

/// One node of the tree.
struct CriterionLine {
    code: String,
    anchor: String,
    title: String,
    is_leaf: bool,
    maximum: String,
    self_points: String,
    method: String,
    levels: Vec<LevelChoice>,
    /// A range leaf's step as people write it (0,25).
    step: String,
    editable: bool,
    action: String,
    typed: String,
    error: Option<String>,
    not_applicable_allowed: bool,
    not_applicable_reason: Option<String>,
    reason_typed: String,
    reason_error: Option<String>,
    explanation: String,
    explanation_error: Option<String>,
    evidence_required: bool,
    evidence: Vec<EvidenceLine>,
    evidence_error: Option<String>,
    round1: String,
    round1_reason: String,
    round2: String,
    /// The score given again after a complaint, with its reason.
    corrected: Option<(String, String)>,
    answers: Vec<String>,
    may_answer: bool,
    answer_typed: String,
    answer_error: Option<String>,
}

/// A file attached to a leaf, as the page lists it.
struct EvidenceLine {
    link: String,
    name: String,
    size: String,
    locator: String,
}

/// What the unit's leader does with the report, as it stands.
struct LeaderSection {
    /// Approved and not changed since, ready to submit.
    approved: bool,
    /// Submitted: nothing left to do.
    submitted: bool,
    /// The content hash of the report as it stands (what approval approves).
    content_hash: String,
    /// The report as it will be approved, to read first.
    report_link: String,
    /// Where approval and submission are posted.
    base: String,
}

/// What is left before submission, each leaf linked to its row.
struct MissingLines {
    complete: bool,
    nothing_applicable: bool,
    unscored: Vec<(String, String)>,
    unproven: Vec<(String, String)>,
}

impl MissingLines {
    fn of(data: &MissingData) -> Self {
        let linked = |codes: &[String]| {
            codes
                .iter()
                .map(|code| (code.clone(), format!("#tc-{}", anchor(code))))
                .collect()
        };
        Self {
            complete: data.complete,
            nothing_applicable: data.nothing_applicable,
            unscored: linked(&data.unscored_leaf_codes),
            unproven: linked(&data.unproven_leaf_codes),
        }
    }
}

/// The page.
#[derive(Template)]
#[template(path = "scorecard.html")]
struct ScorecardPage {
    leader: Option<LeaderSection>,
    /// What is left before submission, while the unit may still submit.
    missing: Option<MissingLines>,
    /// Where a file of survey forms is posted, when the unit may import one.
    survey_import: Option<String>,
    /// Where Sở Nội vụ posts the forms it collected about the unit.
    province_survey_import: Option<String>,
    signed_in: Option<SignedIn>,
    period_name: String,
    set_name: String,
    unit_name: String,
    status_label: &'static str,
    deadline: String,
    deadline_passed: bool,
    /// How long is left, in words ("còn 3 ngày", "hôm nay là ngày cuối").
    time_left: String,
    total: String,
    maximum: String,
    index: String,
    rows: Vec<CriterionLine>,
    csrf: String,
    notice: Option<String>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct ScorecardQuery {
    /// The leaf whose score was just saved.
    da_luu: Option<String>,
    /// The leaf just marked not applicable.
    da_khong_ap_dung: Option<String>,
    /// The leaf whose mark was just undone.
    da_ap_dung_lai: Option<String>,
    /// The leaf whose explanation was just saved.
    da_giai_trinh: Option<String>,
    /// How many survey forms an import recorded and left alone.
    da_nhap_phieu: Option<u32>,
    giu_nguyen: Option<u32>,
    /// The leaf whose round-1 appraisal was just answered.
    da_tra_loi: Option<String>,
    /// The leaf whose evidence was just uploaded.
    da_tai_len: Option<String>,
    /// Set after the report was approved.
    da_phe_duyet: Option<String>,
    /// Set after the self-assessment was submitted.
    da_gui: Option<String>,
}

/// Which form of a leaf was refused.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LeafForm {
    /// The score.
    Score,
    /// The not-applicable mark and its reason (or undoing it).
    NotApplicable,
    /// The explanation.
    Explanation,
    /// The evidence files.
    Evidence,
    /// An answer to round 1.
    Answer,
    /// A file of survey forms (the scorecard's, not one leaf's).
    SurveyForms,
}

/// A leaf's form that the API refused, kept to show again.
struct Refused {
    leaf: String,
    form: LeafForm,
    typed: String,
    errors: Vec<ApiError>,
}

/// `GET …/phieu-cham-diem`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit)): Path<(String, String)>,
    Query(query): Query<ScorecardQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), None).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    let notice = match query {
        ScorecardQuery {
            da_luu: Some(leaf), ..
        } => Some(format!("Đã lưu điểm tiêu chí {leaf}.")),
        ScorecardQuery {
            da_khong_ap_dung: Some(leaf),
            ..
        } => Some(format!("Đã đánh dấu tiêu chí {leaf} không áp dụng.")),
        ScorecardQuery {
            da_ap_dung_lai: Some(leaf),
            ..
        } => Some(format!("Tiêu chí {leaf} đã áp dụng lại.")),
        ScorecardQuery {
            da_giai_trinh: Some(leaf),
            ..
        } => Some(format!("Đã lưu giải trình của tiêu chí {leaf}.")),
        ScorecardQuery {
            da_nhap_phieu: Some(added),
            giu_nguyen,
            ..
        } => Some(format!(
            "Đã nhập {added} phiếu khảo sát; {} phiếu đã có như trong tệp nên giữ nguyên.",
            giu_nguyen.unwrap_or(0)
        )),
        ScorecardQuery {
            da_tra_loi: Some(leaf),
            ..
        } => Some(format!(
            "Đã gửi trả lời kết quả thẩm định vòng 1 của tiêu chí {leaf}."
        )),
        ScorecardQuery {
            da_tai_len: Some(leaf),
            ..
        } => Some(format!(
            "Đã tải lên tài liệu kiểm chứng của tiêu chí {leaf}."
        )),
        ScorecardQuery {
            da_phe_duyet: Some(_),
            ..
        } => Some("Đã phê duyệt báo cáo. Bạn có thể gửi báo cáo.".to_owned()),
        ScorecardQuery {
            da_gui: Some(_), ..
        } => Some("Đã gửi báo cáo tự đánh giá.".to_owned()),
        _ => None,
    };
    render(&state, &context, door, &period, &unit, notice, None).await
}

/// The entry form of one leaf.
#[derive(Deserialize)]
pub struct EntryForm {
    csrf: String,
    score: Option<String>,
    percentage: Option<String>,
}

/// `POST …/tieu-chi/{leaf}`: enters the self score, then back to the page.
pub async fn enter(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit, leaf)): Path<(String, String, String)>,
    headers: HeaderMap,
    Form(form): Form<EntryForm>,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), Some(&leaf)).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    let (entry, typed) = match (&form.score, &form.percentage) {
        (_, Some(percentage)) => (json!({ "percentage": percentage }), percentage.clone()),
        (Some(score), None) => (json!({ "score": score }), score.clone()),
        (None, None) => (json!({}), String::new()),
    };
    let errors = if !door.session.accepts(&form.csrf) {
        vec![stale_form()]
    } else {
        let answer = run(
            &state,
            &context,
            Some(&door.session),
            ENTER_SCORE,
            json!({ "period": period, "unit": unit, "leaf": leaf, "entry": entry }),
        )
        .await;
        match answer.ok() {
            Ok(_) => {
                let location = format!(
                    "/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem?da_luu={leaf}#tc-{}",
                    anchor(&leaf)
                );
                return see_other_to(location);
            }
            Err(errors) => errors,
        }
    };
    let refused = Refused {
        leaf,
        form: LeafForm::Score,
        typed,
        errors,
    };
    render(&state, &context, door, &period, &unit, None, Some(refused)).await
}

/// The other forms of a leaf.
#[derive(Deserialize)]
pub struct LeafActionForm {
    csrf: String,
    reason: Option<String>,
    text: Option<String>,
}

/// `POST …/tieu-chi/{leaf}/{action}`: `khong-ap-dung` (with a reason),
/// `ap-dung-lai`, `giai-trinh` and `tra-loi` (an answer to round 1, with
/// the text); then back to the page.
pub async fn leaf_action(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit, leaf, action)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    Form(form): Form<LeafActionForm>,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), Some(&leaf)).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    let key = json!({ "period": period, "unit": unit, "leaf": leaf });
    let with = |name: &str, value: &str| {
        let mut variables = key.clone();
        variables[name] = json!(value);
        variables
    };
    let reason = form.reason.unwrap_or_default();
    let text = form.text.unwrap_or_default();
    let (document, variables, which, typed, saved) = match action.as_str() {
        "khong-ap-dung" => (
            MARK_NOT_APPLICABLE,
            with("reason", &reason),
            LeafForm::NotApplicable,
            reason.clone(),
            "da_khong_ap_dung",
        ),
        "ap-dung-lai" => (
            MARK_APPLICABLE,
            key.clone(),
            LeafForm::NotApplicable,
            String::new(),
            "da_ap_dung_lai",
        ),
        "giai-trinh" => (
            WRITE_EXPLANATION,
            with("text", &text),
            LeafForm::Explanation,
            text.clone(),
            "da_giai_trinh",
        ),
        "tra-loi" => (
            ANSWER_APPRAISAL,
            with("text", &text),
            LeafForm::Answer,
            text.clone(),
            "da_tra_loi",
        ),
        _ => {
            return (axum::http::StatusCode::NOT_FOUND, "không có thao tác này").into_response();
        }
    };
    let errors = if !door.session.accepts(&form.csrf) {
        vec![stale_form()]
    } else {
        match run(&state, &context, Some(&door.session), document, variables)
            .await
            .ok()
        {
            Ok(_) => {
                let location = format!(
                    "/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem?{saved}={leaf}#tc-{}",
                    anchor(&leaf)
                );
                return see_other_to(location);
            }
            Err(errors) => errors,
        }
    };
    let refused = Refused {
        leaf,
        form: which,
        typed,
        errors,
    };
    render(&state, &context, door, &period, &unit, None, Some(refused)).await
}

/// `POST …/tieu-chi/{leaf}/tai-lieu`: evidence files (one to four, from
/// the form or dropped on it) uploaded and attached, each with the page or
/// section it proves; then back to the page. Files before a refused one
/// stay attached, and the page says which was refused.
pub async fn upload_evidence(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit, leaf)): Path<(String, String, String)>,
    headers: HeaderMap,
    multipart: axum::extract::Multipart,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), Some(&leaf)).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
    let uploaded = async {
        let upload = PageUpload::read(multipart, state.upload_limit)
            .await
            .map_err(|error| vec![error])?;
        if !door.session.accepts(upload.text("csrf")) {
            return Err(vec![stale_form()]);
        }
        if upload.files.is_empty() {
            return Err(vec![invalid("file", "Hãy chọn tệp tài liệu kiểm chứng")]);
        }
        let locator = upload.text("locator").to_owned();
        for file in upload.files {
            let name = file.filename.clone();
            run_uploading(
                &state,
                &context,
                &door.session,
                UPLOAD_EVIDENCE,
                json!({ "period": period, "unit": unit, "leaf": leaf, "file": null, "locator": locator }),
                vec![("file".to_owned(), file.upload())],
            )
            .await
            .ok()
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|error| ApiError {
                        message: format!("Tệp {name}: {}", error.message),
                        ..error
                    })
                    .collect::<Vec<_>>()
            })?;
        }
        Ok(())
    };
    match uploaded.await {
        Ok(()) => see_other_to(format!(
            "/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem?da_tai_len={leaf}#tc-{}",
            anchor(&leaf)
        )),
        Err(errors) => {
            let refused = Refused {
                leaf,
                form: LeafForm::Evidence,
                typed: String::new(),
                errors,
            };
            render(&state, &context, door, &period, &unit, None, Some(refused)).await
        }
    }
}

/// `POST …/don-vi/{unit}/phieu-khao-sat`: a file of the unit's survey
/// forms (`form`, `respondent_group`, one column per survey leaf answered
/// A–D) recorded all together or not at all.
pub async fn import_survey_forms(
    state: State<AppState>,
    client: ConnectInfo<SocketAddr>,
    path: Path<(String, String)>,
    headers: HeaderMap,
    multipart: axum::extract::Multipart,
) -> Response {
    survey_forms_from(state, client, path, headers, multipart, UPLOAD_SURVEY_FORMS).await
}

/// `POST …/don-vi/{unit}/phieu-khao-sat-so-noi-vu`: a file of the survey
/// forms Sở Nội vụ collected about the unit, in the same layout; they
/// score its survey leaves without touching its approved report.
pub async fn import_province_survey_forms(
    state: State<AppState>,
    client: ConnectInfo<SocketAddr>,
    path: Path<(String, String)>,
    headers: HeaderMap,
    multipart: axum::extract::Multipart,
) -> Response {
    let operation = UPLOAD_PROVINCE_SURVEY_FORMS;
    survey_forms_from(state, client, path, headers, multipart, operation).await
}

/// Records the survey forms of the file posted, by `operation`.
async fn survey_forms_from(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path((period, unit)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: axum::extract::Multipart,
    operation: &str,
) -> Response {
    let (context, door) =
        match open_page(&state, client, &headers, &period, Some(&unit), None).await {
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
        let file = upload.files.pop().ok_or_else(|| {
            vec![invalid(
                "file",
                "Hãy chọn tệp phiếu khảo sát (CSV hoặc XLSX)",
            )]
        })?;
        run_uploading(
            &state,
            &context,
            &door.session,
            operation,
            json!({ "period": period, "unit": unit, "file": null }),
            vec![("file".to_owned(), file.upload())],
        )
        .await
        .read::<SurveyImported>()
    };
    match imported.await {
        Ok(SurveyImported {
            upload_survey_forms: done,
        }) => see_other_to(format!(
            "/ky-danh-gia/{period}/don-vi/{unit}/phieu-cham-diem?da_nhap_phieu={}&giu_nguyen={}",
            done.added, done.unchanged
        )),
        Err(errors) => {
            let refused = Refused {
                leaf: String::new(),
                form: LeafForm::SurveyForms,
                typed: String::new(),
                errors,
            };
            render(&state, &context, door, &period, &unit, None, Some(refused)).await
        }
    }
}

/// What `upload_survey_forms.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SurveyImported {
    upload_survey_forms: ImportSummary,
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
    period: &str,
    unit: &str,
    notice: Option<String>,
    refused: Option<Refused>,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        SCORECARD,
        json!({ "period": period, "unit": unit }),
    )
    .await;
    let (answer, mut form) = match answer.read::<ScorecardAnswer>() {
        Ok(answer) => (answer, FormErrors::default()),
        Err(errors) => (
            ScorecardAnswer::default(),
            FormErrors::from_api(errors, &[]),
        ),
    };
    let card = answer.scorecard.as_ref();
    let status = card.map_or("DRAFT", |c| c.status.as_str());
    let period_data = answer.period();
    let self_deadline =
        period_data.and_then(|p| p.deadlines.iter().find(|d| d.kind == "SELF_ASSESSMENT"));
    let deadline_passed = self_deadline.is_some_and(|d| d.passed);
    // The units' answers to round 1: from the end of round 1 to the end of
    // the explanation window (Điều 10.1).
    let passed = |kind: &str| {
        period_data.is_some_and(|p| p.deadlines.iter().any(|d| d.kind == kind && d.passed))
    };
    let may_answer = door.signed_in.enters_scores_of(unit)
        && status == "SUBMITTED"
        && passed("APPRAISAL_ROUND_1")
        && !passed("EXPLANATION")
        && period_data.is_some_and(|p| p.status == "OPEN");
    let may_enter = door.signed_in.enters_scores_of(unit)
        && status != "SUBMITTED"
        && !deadline_passed
        && period_data.is_some_and(|p| p.status == "OPEN");
    if let Some(refused) = &refused {
        let messages: Vec<&str> = refused.errors.iter().map(|e| e.message.as_str()).collect();
        form = match refused.form {
            LeafForm::SurveyForms => {
                FormErrors::one(&format!("Tệp phiếu khảo sát: {}", messages.join("; ")))
            }
            _ => FormErrors::one(&format!(
                "Tiêu chí {}: {}",
                refused.leaf,
                messages.join("; ")
            )),
        };
    }
    // Survey leaves are scored from the forms a unit collects: a file of
    // them is imported here while the unit may still enter.
    let survey_import = (may_enter
        && period_data.is_some_and(|p| {
            p.criteria_set
                .criteria
                .iter()
                .any(|c| c.method.as_deref() == Some("SURVEY"))
        }))
    .then(|| format!("/ky-danh-gia/{period}/don-vi/{unit}/phieu-khao-sat"));
    // Sở Nội vụ records the forms it collected about any unit until the end
    // of round 2.
    let province_survey_import = (door.signed_in.role == "ADMIN"
        && !passed("APPRAISAL_ROUND_2")
        && period_data.is_some_and(|p| {
            p.status == "OPEN"
                && p.criteria_set
                    .criteria
                    .iter()
                    .any(|c| c.method.as_deref() == Some("SURVEY"))
        }))
    .then(|| format!("/ky-danh-gia/{period}/don-vi/{unit}/phieu-khao-sat-so-noi-vu"));
    let rows = period_data
        .iter()
        .flat_map(|p| p.criteria_set.criteria.iter())
        .map(|criterion| {
            line(
                criterion,
                card,
                (period, unit),
                (may_enter, may_answer),
                refused.as_ref(),
            )
        })
        .collect();
    let leader = door
        .signed_in
        .approves_reports_of(unit)
        .then(|| LeaderSection {
            approved: status == "APPROVED",
            submitted: status == "SUBMITTED",
            content_hash: answer.report_content_hash.clone(),
            report_link: format!(
                "/reports/self-assessment?period={period}&unit={unit}&format=xlsx"
            ),
            base: format!("/ky-danh-gia/{period}/don-vi/{unit}"),
        });
    let zero = || "0".to_owned();
    let missing = (status != "SUBMITTED")
        .then(|| {
            answer
                .missing_before_submission
                .as_ref()
                .map(MissingLines::of)
        })
        .flatten();
    page(&ScorecardPage {
        leader,
        missing,
        survey_import,
        province_survey_import,
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        period_name: period_data.map(|p| p.name.clone()).unwrap_or_default(),
        set_name: period_data
            .map(|p| p.criteria_set.name.clone())
            .unwrap_or_default(),
        unit_name: answer.unit_name(),
        status_label: status_label(status),
        deadline: self_deadline.map(|d| date(&d.date)).unwrap_or_default(),
        deadline_passed,
        time_left: match self_deadline.and_then(|d| d.days_left) {
            Some(0) => "hôm nay là ngày cuối".to_owned(),
            Some(days) => format!("còn {days} ngày"),
            None => String::new(),
        },
        total: figure(&card.map_or_else(zero, |c| c.total.clone())),
        maximum: figure(&card.map_or_else(zero, |c| c.applicable_maximum.clone())),
        index: figure(&card.map_or_else(zero, |c| c.index.clone())),
        rows,
        notice,
        form,
    })
}

/// One node of the tree with what the unit entered.
fn line(
    criterion: &CriterionData,
    card: Option<&CardData>,
    (period, unit): (&str, &str),
    (may_enter, may_answer): (bool, bool),
    refused: Option<&Refused>,
) -> CriterionLine {
    let code = criterion.code.clone();
    let method = criterion.method.clone().unwrap_or_default();
    let entered = card.and_then(|card| card.leaves.iter().find(|leaf| leaf.leaf_code == code));
    let self_points = entered.and_then(|leaf| leaf.self_points.clone());
    let refused_here = refused.filter(|r| r.leaf == code);
    let refused_form = |form: LeafForm| refused_here.filter(|r| r.form == form);
    let messages = |r: &Refused| {
        r.errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let not_applicable_reason = entered.and_then(|leaf| leaf.not_applicable_reason.clone());
    let explanation = entered
        .and_then(|leaf| leaf.explanation.clone())
        .unwrap_or_default();
    let levels = criterion
        .levels
        .iter()
        .map(|level| {
            let chosen = match refused_form(LeafForm::Score) {
                Some(r) => r.typed == level.score,
                None => same_number(self_points.as_deref(), &level.score),
            };
            LevelChoice {
                shown: figure(&level.score),
                wording: level.wording.clone(),
                value: level.score.clone(),
                chosen,
            }
        })
        .collect();
    CriterionLine {
        anchor: anchor(&code),
        title: criterion.title.clone(),
        is_leaf: !method.is_empty(),
        step: typed_figure(criterion.step.as_deref()),
        maximum: figure(&criterion.max_score),
        self_points: self_points.as_deref().map(figure).unwrap_or_default(),
        editable: may_enter && !method.is_empty() && method != "SURVEY",
        action: format!("/ky-danh-gia/{period}/don-vi/{unit}/tieu-chi/{code}"),
        typed: match refused_form(LeafForm::Score) {
            Some(r) => r.typed.clone(),
            // What was entered, as people write it (a decimal comma): a
            // ratio leaf's percentage, never its points.
            None if method == "RATIO" => {
                typed_figure(entered.and_then(|l| l.self_percentage.as_deref()))
            }
            None => typed_figure(self_points.as_deref()),
        },
        error: refused_form(LeafForm::Score).map(messages),
        not_applicable_allowed: criterion.not_applicable_allowed,
        reason_typed: refused_form(LeafForm::NotApplicable)
            .map(|r| r.typed.clone())
            .unwrap_or_default(),
        reason_error: refused_form(LeafForm::NotApplicable).map(messages),
        explanation: refused_form(LeafForm::Explanation).map_or(explanation, |r| r.typed.clone()),
        explanation_error: refused_form(LeafForm::Explanation).map(messages),
        evidence_required: criterion.evidence_required,
        evidence: entered
            .map(|leaf| leaf.evidence.iter().map(evidence_line).collect())
            .unwrap_or_default(),
        evidence_error: refused_form(LeafForm::Evidence).map(messages),
        round1: entered
            .and_then(|leaf| leaf.round1_points.as_deref())
            .map(figure)
            .unwrap_or_default(),
        round1_reason: entered
            .and_then(|leaf| leaf.round1_reason.clone())
            .unwrap_or_default(),
        round2: entered
            .and_then(|leaf| leaf.round2_points.as_deref())
            .map(figure)
            .unwrap_or_default(),
        corrected: entered.and_then(|leaf| {
            let points = leaf.corrected_points.as_deref()?;
            Some((
                figure(points),
                leaf.correction_reason.clone().unwrap_or_default(),
            ))
        }),
        answers: entered
            .map(|leaf| leaf.answers.iter().map(|a| a.text.clone()).collect())
            .unwrap_or_default(),
        may_answer: may_answer && entered.is_some_and(|leaf| leaf.round1_points.is_some()),
        answer_typed: refused_form(LeafForm::Answer)
            .map(|r| r.typed.clone())
            .unwrap_or_default(),
        answer_error: refused_form(LeafForm::Answer).map(messages),
        not_applicable_reason,
        method,
        levels,
        code,
    }
}

/// A file as the list shows it: a link that opens it (the browser shows a
/// PDF or an image itself), its size in kB.
fn evidence_line(evidence: &EvidenceData) -> EvidenceLine {
    EvidenceLine {
        link: format!("/evidence/{}", evidence.content_hash),
        name: evidence.file_name.clone(),
        size: format!("{} kB", evidence.size.div_ceil(1024)),
        locator: evidence.locator.clone(),
    }
}

/// Whether two decimal texts are the same number ("1" and "1.00").
fn same_number(a: Option<&str>, b: &str) -> bool {
    let parse = |t: &str| t.parse::<rust_decimal::Decimal>().ok();
    a.and_then(parse).is_some_and(|a| Some(a) == parse(b))
}

/// An element id for a criterion code ("1.1.1" → "1-1-1").
fn anchor(code: &str) -> String {
    code.replace('.', "-")
}

/// A scorecard's status in UI.md's words.
fn status_label(status: &str) -> &'static str {
    match status {
        "APPROVED" => "Đã phê duyệt, chưa gửi",
        "SUBMITTED" => "Đã gửi báo cáo",
        _ => "Đang nhập liệu",
    }
}
