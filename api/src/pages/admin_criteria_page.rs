//! `/quan-tri/bo-tieu-chi`: criteria sets for the administrator: the list,
//! a new draft (index, name, the decision that issues it, year, unit
//! kinds), and `/quan-tri/bo-tieu-chi/{set}`: the appendix uploaded as a
//! file, the tree previewed as units will score it, and the set published
//! (frozen) once it reads right.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::criteria_set::IndexKind;
use chamdiem_domain::ids::CriteriaSetId;
use chamdiem_domain::unit::UnitKind;
use serde::Deserialize;
use serde_json::json;

use super::choice::{Choice, enum_choices};
use super::form_errors::FormErrors;
use super::form_refusal;
use super::operations::{
    ADMIN_CRITERIA_SETS, CRITERIA_SET, DRAFT_CRITERIA_SET, PUBLISH_CRITERIA_SET, UPLOAD_CRITERIA,
};
use super::page_api::{ApiError, run, run_form, run_uploading, stale_form};
use super::page_door::{SignedInRequest, not_found, open_page_for};
use super::page_response::{page, see_other_to};
use super::page_upload::PageUpload;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::figure;
use crate::graphql::enums::{ClassificationGql, IndexKindGql, ScoringMethodGql, UnitKindGql};
use crate::state::AppState;

const PATH: &str = "/quan-tri/bo-tieu-chi";

/// What `admin_criteria_sets.graphql` answers.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SetsAnswer {
    criteria_sets: Vec<SetHead>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetHead {
    id: String,
    index_kind: IndexKindGql,
    name: String,
    year: i64,
    version: i64,
    published: bool,
}

/// A set as the list shows it.
struct SetLine {
    link: String,
    index: &'static str,
    name: String,
    year: i64,
    version: i64,
    published: bool,
}

/// The list page.
#[derive(Template)]
#[template(path = "admin_criteria_sets.html")]
struct SetsPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    sets: Vec<SetLine>,
    index_kinds: Vec<Choice>,
    unit_kinds: Vec<Choice>,
    typed: DraftForm,
    form: FormErrors,
}

/// The form of a new draft.
#[derive(Deserialize, Default)]
pub struct DraftForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    index_kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    decision_number: String,
    #[serde(default)]
    decision_date: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    unit_kinds: Vec<String>,
}

impl DraftForm {
    /// Whether the form ticked `kind` (API name).
    fn applies_to(&self, kind: &str) -> bool {
        self.unit_kinds.iter().any(|k| k == kind)
    }
}

/// `GET /quan-tri/bo-tieu-chi`.
pub async fn list(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    render_list(&state, &context, door, DraftForm::default(), Vec::new()).await
}

/// `POST /quan-tri/bo-tieu-chi`: a new draft, then its own page.
pub async fn draft(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<DraftForm>,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let year = match form_refusal::year("year", &form.year) {
        Ok(year) => year,
        Err(error) => return render_list(&state, &context, door, form, vec![error]).await,
    };
    let input = json!({
        "indexKind": form.index_kind, "name": form.name, "decisionNumber": form.decision_number,
        "decisionDate": form.decision_date, "year": year, "unitKinds": form.unit_kinds,
    });
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        DRAFT_CRITERIA_SET,
        json!({ "input": input }),
    )
    .await;
    match answer {
        Ok(data) => match data["draftCriteriaSet"]["criteriaSet"]["id"].as_str() {
            Some(id) => see_other_to(format!("{PATH}/{id}?moi=1")),
            None => see_other_to(PATH.to_owned()),
        },
        Err(errors) => render_list(&state, &context, door, form, errors).await,
    }
}

async fn render_list(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    typed: DraftForm,
    refused: Vec<ApiError>,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        ADMIN_CRITERIA_SETS,
        json!({}),
    )
    .await;
    let (answer, mut errors) = match answer.read::<SetsAnswer>() {
        Ok(answer) => (answer, Vec::new()),
        Err(errors) => (SetsAnswer::default(), errors),
    };
    errors.extend(refused);
    page(&SetsPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        sets: answer
            .criteria_sets
            .into_iter()
            .map(|set| SetLine {
                link: format!("{PATH}/{}", set.id),
                index: IndexKind::from(set.index_kind).label_vi(),
                name: set.name,
                year: set.year,
                version: set.version,
                published: set.published,
            })
            .collect(),
        index_kinds: enum_choices(|kind: IndexKindGql| IndexKind::from(kind).label_vi()),
        unit_kinds: enum_choices(|kind: UnitKindGql| UnitKind::from(kind).label_vi()),
        typed,
        form: FormErrors::from_api(
            errors,
            &[
                "indexKind",
                "name",
                "decisionNumber",
                "decisionDate",
                "year",
                "unitKinds",
            ],
        ),
    })
}

/// What `criteria_set.graphql` answers.
#[derive(Deserialize)]
struct SetAnswer {
    set: Option<SetNode>,
}

#[derive(Deserialize)]
#[serde(tag = "__typename")]
enum SetNode {
    CriteriaSet(Box<SetData>),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetData {
    id: String,
    index_kind: IndexKindGql,
    name: String,
    year: i64,
    version: i64,
    published: bool,
    digest: Option<String>,
    classification_bands: Option<Vec<BandData>>,
    criteria: Vec<CriterionData>,
}

#[derive(Deserialize)]
struct BandData {
    classification: ClassificationGql,
    minimum: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CriterionData {
    code: String,
    title: String,
    max_score: String,
    method: Option<ScoringMethodGql>,
    levels: Vec<LevelData>,
    evidence_required: bool,
    not_applicable_allowed: bool,
    appraised_by: String,
}

#[derive(Deserialize)]
struct LevelData {
    score: String,
    wording: String,
}

/// A node of the tree as the preview shows it.
struct CriterionLine {
    code: String,
    title: String,
    depth: usize,
    maximum: String,
    method: &'static str,
    levels: Vec<String>,
    evidence_required: bool,
    not_applicable_allowed: bool,
    appraised_by: String,
}

/// One set's page.
#[derive(Template)]
#[template(path = "admin_criteria_set.html")]
struct SetPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    action: String,
    name: String,
    index: &'static str,
    year: i64,
    version: i64,
    published: bool,
    digest: String,
    leaves: usize,
    total: String,
    /// "Hoàn thành xuất sắc: từ 90 điểm", highest first (task completion).
    bands: Vec<String>,
    criteria: Vec<CriterionLine>,
    notice: Option<&'static str>,
    form: FormErrors,
}

/// What the set's page was asked to say.
#[derive(Deserialize, Default)]
pub struct SetQuery {
    moi: Option<u8>,
    da_nhap: Option<u8>,
    da_cong_bo: Option<u8>,
}

/// `GET /quan-tri/bo-tieu-chi/{set}`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(set): Path<String>,
    axum::extract::Query(query): axum::extract::Query<SetQuery>,
    headers: HeaderMap,
) -> Response {
    if set.parse::<CriteriaSetId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = match (query.moi, query.da_nhap, query.da_cong_bo) {
        (Some(_), _, _) => Some("Đã tạo bộ tiêu chí nháp: hãy tải lên tệp phụ lục tiêu chí."),
        (_, Some(_), _) => Some("Đã nhập cây tiêu chí: hãy xem lại trước khi công bố."),
        (_, _, Some(_)) => Some("Đã công bố bộ tiêu chí: từ nay không sửa được nữa."),
        _ => None,
    };
    render_set(&state, &context, door, &set, notice, Vec::new()).await
}

/// `POST /quan-tri/bo-tieu-chi/{set}/nhap-tep`: the appendix uploaded.
pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(set): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    if set.parse::<CriteriaSetId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let uploaded = async {
        let mut upload = PageUpload::read(multipart, state.upload_limit)
            .await
            .map_err(|error| vec![error])?;
        if !door.session.accepts(upload.text("csrf")) {
            return Err(vec![stale_form()]);
        }
        let file = upload.files.pop().ok_or_else(|| {
            vec![form_refusal::invalid(
                "file",
                "Hãy chọn tệp phụ lục tiêu chí (CSV hoặc XLSX)",
            )]
        })?;
        run_uploading(
            &state,
            &context,
            &door.session,
            UPLOAD_CRITERIA,
            json!({ "set": set, "file": null }),
            vec![("file".to_owned(), file.upload())],
        )
        .await
        .ok()
    };
    match uploaded.await {
        Ok(_) => see_other_to(format!("{PATH}/{set}?da_nhap=1")),
        Err(errors) => render_set(&state, &context, door, &set, None, errors).await,
    }
}

/// The form of the publish button.
#[derive(Deserialize)]
pub struct PublishForm {
    csrf: String,
}

/// `POST /quan-tri/bo-tieu-chi/{set}/cong-bo`: the set published.
pub async fn publish(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(set): Path<String>,
    headers: HeaderMap,
    Form(form): Form<PublishForm>,
) -> Response {
    if set.parse::<CriteriaSetId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let answer = run_form(
        &state,
        &context,
        &door.session,
        &form.csrf,
        PUBLISH_CRITERIA_SET,
        json!({ "input": { "criteriaSetId": set } }),
    )
    .await;
    match answer {
        Ok(_) => see_other_to(format!("{PATH}/{set}?da_cong_bo=1")),
        Err(errors) => render_set(&state, &context, door, &set, None, errors).await,
    }
}

async fn render_set(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    set: &str,
    notice: Option<&'static str>,
    refused: Vec<ApiError>,
) -> Response {
    let answer = run(
        state,
        context,
        Some(&door.session),
        CRITERIA_SET,
        json!({ "set": set }),
    )
    .await;
    let data = match answer.read::<SetAnswer>() {
        Ok(SetAnswer {
            set: Some(SetNode::CriteriaSet(data)),
        }) => data,
        Ok(_) => return not_found(),
        Err(errors) => {
            return render_list(state, context, door, DraftForm::default(), errors).await;
        }
    };
    let is_parent = |code: &str| {
        data.criteria.iter().any(|c| {
            c.code
                .strip_prefix(code)
                .is_some_and(|rest| rest.starts_with('.'))
        })
    };
    let leaves: Vec<&CriterionData> = data
        .criteria
        .iter()
        .filter(|c| !is_parent(&c.code))
        .collect();
    // The appendix states the total as the sum of its top-level criteria.
    let total = data
        .criteria
        .iter()
        .filter(|c| !c.code.contains('.'))
        .filter_map(|c| c.max_score.parse::<rust_decimal::Decimal>().ok())
        .sum::<rust_decimal::Decimal>();
    page(&SetPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        action: format!("{PATH}/{}", data.id),
        index: IndexKind::from(data.index_kind).label_vi(),
        year: data.year,
        version: data.version,
        published: data.published,
        digest: data.digest.clone().unwrap_or_default(),
        leaves: leaves.len(),
        total: figure(&total.to_string()),
        bands: data
            .classification_bands
            .iter()
            .flatten()
            .map(|band| {
                format!(
                    "{}: từ {} điểm",
                    chamdiem_domain::scoring::Classification::from(band.classification).label_vi(),
                    figure(&band.minimum)
                )
            })
            .collect(),
        criteria: data
            .criteria
            .iter()
            .map(|c| CriterionLine {
                depth: c.code.matches('.').count(),
                code: c.code.clone(),
                title: c.title.clone(),
                maximum: figure(&c.max_score),
                method: c.method.map(ScoringMethodGql::label_vi).unwrap_or_default(),
                levels: c
                    .levels
                    .iter()
                    .map(|l| format!("{}: {}", figure(&l.score), l.wording))
                    .collect(),
                evidence_required: c.evidence_required,
                not_applicable_allowed: c.not_applicable_allowed,
                appraised_by: c.appraised_by.clone(),
            })
            .collect(),
        name: data.name.clone(),
        notice,
        form: FormErrors::from_api(refused, &["file"]),
    })
}
