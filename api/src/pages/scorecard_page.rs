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
use serde_json::{Value, json};

use super::form_errors::FormErrors;
use super::operations::{ENTER_SCORE, SCORECARD};
use super::page_api::{ApiError, run};
use super::page_door::{SignedInRequest, signed_in};
use super::page_response::page;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::{date, figure};
use crate::routes::request_context::request_context;
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
    editable: bool,
    action: String,
    typed: String,
    error: Option<String>,
}

/// The page.
#[derive(Template)]
#[template(path = "scorecard.html")]
struct ScorecardPage {
    signed_in: Option<SignedIn>,
    period_name: String,
    set_name: String,
    unit_name: String,
    status_label: &'static str,
    deadline: String,
    deadline_passed: bool,
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
    /// The leaf just saved.
    da_luu: Option<String>,
}

/// A leaf's entry that the API refused, kept to show again.
struct Refused {
    leaf: String,
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
    let context = request_context(&state, client, &headers);
    let door = match signed_in(&state, &context, &headers).await {
        Ok(door) => door,
        Err(redirect) => return redirect,
    };
    let notice = query
        .da_luu
        .map(|leaf| format!("Đã lưu điểm tiêu chí {leaf}."));
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
    let context = request_context(&state, client, &headers);
    let door = match signed_in(&state, &context, &headers).await {
        Ok(door) => door,
        Err(redirect) => return redirect,
    };
    let (entry, typed) = match (&form.score, &form.percentage) {
        (_, Some(percentage)) => (json!({ "percentage": percentage }), percentage.clone()),
        (Some(score), None) => (json!({ "score": score }), score.clone()),
        (None, None) => (json!({}), String::new()),
    };
    let errors = if !door.session.accepts(&form.csrf) {
        vec![ApiError {
            code: "BAD_REQUEST".to_owned(),
            field: None,
            message: "Biểu mẫu đã cũ hoặc không phải từ trang này: hãy thử lại.".to_owned(),
        }]
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
                return (
                    axum::http::StatusCode::SEE_OTHER,
                    [(axum::http::header::LOCATION, location)],
                )
                    .into_response();
            }
            Err(errors) => errors,
        }
    };
    let refused = Refused {
        leaf,
        typed,
        errors,
    };
    render(&state, &context, door, &period, &unit, None, Some(refused)).await
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
    let (data, mut form) = match answer.ok() {
        Ok(data) => (data, FormErrors::default()),
        Err(errors) => (Value::Null, FormErrors::from_api(errors, &[])),
    };
    let card = &data["scorecard"];
    let status = card["status"].as_str().unwrap_or("DRAFT");
    let self_deadline = data["period"]["deadlines"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == "SELF_ASSESSMENT")
        .cloned()
        .unwrap_or(Value::Null);
    let deadline_passed = self_deadline["passed"] == true;
    let may_enter = door.signed_in.enters_scores_of(unit)
        && status != "SUBMITTED"
        && !deadline_passed
        && data["period"]["status"] == "OPEN";
    if let Some(refused) = &refused {
        let messages: Vec<&str> = refused.errors.iter().map(|e| e.message.as_str()).collect();
        form = FormErrors::one(&format!(
            "Tiêu chí {}: {}",
            refused.leaf,
            messages.join("; ")
        ));
    }
    let rows = data["period"]["criteriaSet"]["criteria"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|criterion| line(criterion, card, period, unit, may_enter, refused.as_ref()))
        .collect();
    page(&ScorecardPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        period_name: data["period"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        set_name: data["period"]["criteriaSet"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        unit_name: data["unit"]["name"].as_str().unwrap_or_default().to_owned(),
        status_label: status_label(status),
        deadline: date(self_deadline["date"].as_str().unwrap_or_default()),
        deadline_passed,
        total: figure(card["total"].as_str().unwrap_or("0")),
        maximum: figure(card["applicableMaximum"].as_str().unwrap_or("0")),
        index: figure(card["index"].as_str().unwrap_or("0")),
        rows,
        notice,
        form,
    })
}

/// One node of the tree with what the unit entered.
fn line(
    criterion: &Value,
    card: &Value,
    period: &str,
    unit: &str,
    may_enter: bool,
    refused: Option<&Refused>,
) -> CriterionLine {
    let code = criterion["code"].as_str().unwrap_or_default().to_owned();
    let method = criterion["method"].as_str().unwrap_or_default().to_owned();
    let entered = card["leaves"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|leaf| leaf["leafCode"] == code.as_str());
    let self_points = entered
        .and_then(|leaf| leaf["selfPoints"].as_str())
        .map(str::to_owned);
    let refused_here = refused.filter(|r| r.leaf == code);
    let levels = criterion["levels"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|level| {
            let value = level["score"].as_str().unwrap_or_default().to_owned();
            let chosen = match refused_here {
                Some(r) => r.typed == value,
                None => same_number(self_points.as_deref(), &value),
            };
            LevelChoice {
                shown: figure(&value),
                wording: level["wording"].as_str().unwrap_or_default().to_owned(),
                value,
                chosen,
            }
        })
        .collect();
    CriterionLine {
        anchor: anchor(&code),
        title: criterion["title"].as_str().unwrap_or_default().to_owned(),
        is_leaf: !method.is_empty(),
        maximum: figure(criterion["maxScore"].as_str().unwrap_or_default()),
        self_points: self_points.as_deref().map(figure).unwrap_or_default(),
        editable: may_enter && !method.is_empty() && method != "SURVEY",
        action: format!("/ky-danh-gia/{period}/don-vi/{unit}/tieu-chi/{code}"),
        typed: match refused_here {
            Some(r) => r.typed.clone(),
            // As people write it: a decimal comma.
            None => self_points.unwrap_or_default().replace('.', ","),
        },
        error: refused_here.map(|r| {
            r.errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        }),
        method,
        levels,
        code,
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
