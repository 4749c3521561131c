//! `/kiem-toan/thoi-diem`: the ranking of a period, or one unit's result,
//! as it stood at a chosen moment or log position, computed from the log
//! (auditors, managers, the administrator). A contested ranking is settled
//! by what the record said then, not by what it says now.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_domain::results::LeafSource;
use serde::Deserialize;
use serde_json::{Value, json};

use super::choice::Choice;
use super::form_errors::FormErrors;
use super::form_refusal::invalid;
use super::history_choices::HistoryChoices;
use super::operations::{RANKING_AS_OF, SCORECARD_AS_OF};
use super::page_api::{ApiError, run};
use super::page_door::open_page_for;
use super::page_response::page;
use super::ranking_blocks::{BlockTable, RankingRowData, blocks};
use super::signed_in::SignedIn;
use super::vietnamese_numbers::figure;
use crate::graphql::enums::LeafSourceGql;
use crate::state::AppState;

/// Who reads the past here (the API's `Audit` action decides).
const ROLES: &[&str] = &["AUDITOR", "MANAGER", "ADMIN"];

/// Vietnam's clock, on which officials name a moment.
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// What the form asks, as the address carries it.
#[derive(Deserialize, Default, Clone)]
pub struct AsOfQuery {
    #[serde(default)]
    ky: String,
    /// A moment on Vietnam's clock, as a `datetime-local` input sends it.
    #[serde(default)]
    thoi_diem: String,
    /// A position in the log.
    #[serde(default)]
    vi_tri: String,
    /// One unit, or empty for the whole ranking.
    #[serde(default)]
    don_vi: String,
}

/// The moment asked for, as the API takes it.
enum Moment {
    Time(String),
    Position(u64),
}

impl AsOfQuery {
    /// The moment, when one is asked for, or the refusal beside its field.
    fn moment(&self) -> Option<Result<Moment, ApiError>> {
        let time = self.thoi_diem.trim();
        let position = self.vi_tri.trim();
        match (time.is_empty(), position.is_empty()) {
            (true, true) => None,
            (false, false) => Some(Err(invalid(
                "time",
                "Chọn một trong hai: thời điểm, hoặc vị trí trong nhật ký",
            ))),
            (false, true) => Some(vietnam_moment(time).map(Moment::Time)),
            (true, false) => Some(position.parse().map(Moment::Position).map_err(|_| {
                invalid(
                    "position",
                    "Vị trí trong nhật ký là một số nguyên dương, ví dụ 1250",
                )
            })),
        }
    }

    /// The same question about one unit.
    fn for_unit(&self, unit: &str) -> String {
        let mut address = url::form_urlencoded::Serializer::new(String::new());
        address
            .append_pair("ky", &self.ky)
            .append_pair("thoi_diem", &self.thoi_diem)
            .append_pair("vi_tri", &self.vi_tri)
            .append_pair("don_vi", unit);
        format!("/kiem-toan/thoi-diem?{}", address.finish())
    }

    /// The same question about the whole ranking.
    fn for_ranking(&self) -> String {
        self.for_unit("")
    }
}

/// "2025-03-01T17:30" (or with seconds) on Vietnam's clock, as RFC 3339.
fn vietnam_moment(typed: &str) -> Result<String, ApiError> {
    let refused = || {
        invalid(
            "time",
            "Thời điểm ghi theo dạng ngày và giờ, ví dụ 01/03/2025 17:30",
        )
    };
    let local = chrono::NaiveDateTime::parse_from_str(typed, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(typed, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| refused())?;
    let vietnam = chrono::FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS).ok_or_else(refused)?;
    local
        .and_local_timezone(vietnam)
        .single()
        .map(|at| at.to_rfc3339())
        .ok_or_else(refused)
}

/// What `ranking_as_of.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RankingAnswer {
    ranking_as_of: Vec<RankingRowData>,
}

/// What `scorecard_as_of.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScorecardAnswer {
    scorecard_as_of: Option<PastScorecardData>,
    node: Option<PeriodCriteria>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PastScorecardData {
    total: String,
    applicable_maximum: String,
    index: String,
    fields: Vec<FieldData>,
    leaves: Vec<LeafData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldData {
    code: String,
    points: String,
    applicable_maximum: String,
    index: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeafData {
    leaf_code: String,
    points: String,
    source: LeafSourceGql,
}

/// The period the address names, with its criteria (another kind of node
/// names none).
#[derive(Deserialize)]
#[serde(tag = "__typename")]
enum PeriodCriteria {
    #[serde(rename_all = "camelCase")]
    Period { criteria_set: CriteriaOfSet },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct CriteriaOfSet {
    criteria: Vec<CriterionData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CriterionData {
    code: String,
    title: String,
    max_score: String,
}

/// One line of the unit's result: a field or a leaf.
struct ResultLine {
    code: String,
    title: String,
    maximum: String,
    points: String,
    /// A field's component index, or a leaf's source.
    note: String,
    is_field: bool,
}

/// One unit's result as it stood.
struct UnitResultView {
    unit_name: String,
    total: String,
    maximum: String,
    index: String,
    lines: Vec<ResultLine>,
}

/// What the page shows below the form.
enum Shown {
    Nothing,
    Ranking(Vec<BlockTable>),
    Unit(Option<UnitResultView>),
}

/// The page.
#[derive(Template)]
#[template(path = "as_of.html")]
struct AsOfPage {
    signed_in: Option<SignedIn>,
    asked: AsOfQuery,
    periods: Vec<Choice>,
    units: Vec<Choice>,
    shown: Shown,
    back_to_ranking: String,
    form: FormErrors,
}

/// `GET /kiem-toan/thoi-diem`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(asked): Query<AsOfQuery>,
    headers: HeaderMap,
) -> Response {
    let (context, door) = match open_page_for(&state, client, &headers, ROLES).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let mut errors: Vec<ApiError> = Vec::new();
    let choices = HistoryChoices::read(&state, &context, &door.session, &mut errors).await;
    let units = choices.units();
    let moment = match (asked.ky.is_empty(), asked.moment()) {
        (false, Some(Ok(moment))) => Some(moment),
        (_, Some(Err(refused))) => {
            errors.push(refused);
            None
        }
        _ => None,
    };
    let shown = match moment {
        None => Shown::Nothing,
        Some(moment) => {
            let mut variables = json!({ "period": asked.ky });
            match moment {
                Moment::Time(time) => variables["time"] = Value::from(time),
                Moment::Position(position) => variables["position"] = Value::from(position),
            }
            if asked.don_vi.is_empty() {
                let answer = run(
                    &state,
                    &context,
                    Some(&door.session),
                    RANKING_AS_OF,
                    variables,
                )
                .await
                .read::<RankingAnswer>();
                match answer {
                    Ok(answer) => Shown::Ranking(blocks(answer.ranking_as_of, |unit| {
                        Some(asked.for_unit(&unit.id))
                    })),
                    Err(refused) => {
                        errors.extend(refused);
                        Shown::Nothing
                    }
                }
            } else {
                variables["unit"] = Value::from(asked.don_vi.clone());
                let answer = run(
                    &state,
                    &context,
                    Some(&door.session),
                    SCORECARD_AS_OF,
                    variables,
                )
                .await
                .read::<ScorecardAnswer>();
                let unit_name = units
                    .iter()
                    .find(|u| u.value == asked.don_vi)
                    .map(|u| u.label.clone())
                    .unwrap_or_default();
                match answer {
                    Ok(answer) => Shown::Unit(unit_result(answer, unit_name)),
                    Err(refused) => {
                        errors.extend(refused);
                        Shown::Nothing
                    }
                }
            }
        }
    };
    page(&AsOfPage {
        signed_in: Some(door.signed_in),
        periods: choices.periods(),
        units,
        back_to_ranking: asked.for_ranking(),
        asked,
        shown,
        form: FormErrors::from_api(errors, &["time", "position"]),
    })
}

/// The unit's result beside its criteria: each field with its component
/// index, then its leaves with their final score and where it came from.
fn unit_result(answer: ScorecardAnswer, unit_name: String) -> Option<UnitResultView> {
    let card = answer.scorecard_as_of?;
    let criteria = match answer.node {
        Some(PeriodCriteria::Period { criteria_set }) => criteria_set.criteria,
        _ => Vec::new(),
    };
    let criterion = |code: &str| criteria.iter().find(|c| c.code == code);
    let mut lines = Vec::new();
    for field in &card.fields {
        lines.push(ResultLine {
            title: criterion(&field.code).map_or_else(String::new, |c| c.title.clone()),
            maximum: figure(&field.applicable_maximum),
            points: figure(&field.points),
            note: format!("Chỉ số thành phần {} %", figure(&field.index)),
            is_field: true,
            code: field.code.clone(),
        });
        let prefix = format!("{}.", field.code);
        for leaf in card
            .leaves
            .iter()
            .filter(|l| l.leaf_code.starts_with(&prefix))
        {
            let known = criterion(&leaf.leaf_code);
            lines.push(ResultLine {
                title: known.map_or_else(String::new, |c| c.title.clone()),
                maximum: known.map_or_else(String::new, |c| figure(&c.max_score)),
                points: figure(&leaf.points),
                note: LeafSource::from(leaf.source).label_vi().to_owned(),
                is_field: false,
                code: leaf.leaf_code.clone(),
            });
        }
    }
    Some(UnitResultView {
        unit_name,
        total: figure(&card.total),
        maximum: figure(&card.applicable_maximum),
        index: figure(&card.index),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::vietnam_moment;

    #[test]
    fn a_moment_is_read_on_vietnams_clock() {
        assert_eq!(
            vietnam_moment("2025-03-01T17:30").ok().as_deref(),
            Some("2025-03-01T17:30:00+07:00")
        );
        assert_eq!(
            vietnam_moment("2025-03-01T17:30:05").ok().as_deref(),
            Some("2025-03-01T17:30:05+07:00")
        );
        for typed in ["01/03/2025 17:30", "2025-02-30T10:00", "hôm qua"] {
            assert!(vietnam_moment(typed).is_err(), "{typed}");
        }
    }
}
