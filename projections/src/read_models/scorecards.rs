//! Scorecards per (period, unit): per leaf the self score, not-applicable
//! reason, explanation, evidence, the unit's answers and (from worksheets)
//! both appraisal rounds; per unit the status and the provisional totals,
//! index and component indexes.

use std::collections::BTreeMap;

use chamdiem_domain::criteria::{CriterionCode, ScoringMethod};
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::results::{UnitScores, unit_result};
use chamdiem_domain::scoring::Points;
use chamdiem_domain::self_assessment::{Scorecard, ScorecardEvent};
use cqrs_es::Aggregate;

use super::{ProjectionCache, json, load_state, periods, rankings, state_json, tree};
use crate::{ProjectionError, ProjectionTx, SqlValue};

const STATE: &str =
    "SELECT scorecard_state FROM rm_scorecards WHERE period_id = $1 AND unit_id = $2";

fn key(period: PeriodId, unit: UnitId) -> [SqlValue; 2] {
    [period.to_string().into(), unit.to_string().into()]
}

/// The scorecard's domain state as the read model holds it.
pub async fn load(
    tx: &mut ProjectionTx,
    period: PeriodId,
    unit: UnitId,
) -> Result<Scorecard, ProjectionError> {
    load_state(tx, STATE, &key(period, unit)).await
}

/// Makes sure the unit's row exists (a worksheet may score before the unit acts).
pub async fn ensure_row(
    tx: &mut ProjectionTx,
    period: PeriodId,
    unit: UnitId,
) -> Result<(), ProjectionError> {
    let empty = state_json(&Scorecard::default())?;
    tx.execute(
        "INSERT INTO rm_scorecards (period_id, unit_id, status, field_points, bonus, penalty, total, applicable_maximum, index_value, fields, final_leaves, scorecard_state)
         VALUES ($1, $2, 'draft', '0', '0', '0', '0', '0', '0.00', '[]', '[]', $3)
         ON CONFLICT (period_id, unit_id) DO NOTHING",
        &[period.to_string().into(), unit.to_string().into(), empty.into()],
    )
    .await?;
    Ok(())
}

fn ids(event: &ScorecardEvent) -> (PeriodId, UnitId) {
    match event {
        ScorecardEvent::ScoreEntered(e) => (e.period_id, e.unit_id),
        ScorecardEvent::LeafMarkedNotApplicable(e) => (e.period_id, e.unit_id),
        ScorecardEvent::LeafMarkedApplicable(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ExplanationWritten(e) => (e.period_id, e.unit_id),
        ScorecardEvent::EvidenceAttached(e) => (e.period_id, e.unit_id),
        ScorecardEvent::EvidenceRemoved(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SurveyResponseRecorded(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ReportApproved(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ReportApprovalVoided(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfAssessmentSubmitted(e) => (e.period_id, e.unit_id),
        ScorecardEvent::AppraisalAnswered(e) => (e.period_id, e.unit_id),
    }
}

fn touched(event: &ScorecardEvent) -> Vec<CriterionCode> {
    match event {
        ScorecardEvent::ScoreEntered(e) => vec![e.leaf.clone()],
        ScorecardEvent::LeafMarkedNotApplicable(e) => vec![e.leaf.clone()],
        ScorecardEvent::LeafMarkedApplicable(e) => vec![e.leaf.clone()],
        ScorecardEvent::ExplanationWritten(e) => vec![e.leaf.clone()],
        ScorecardEvent::EvidenceAttached(e) => vec![e.leaf.clone()],
        ScorecardEvent::EvidenceRemoved(e) => vec![e.leaf.clone()],
        ScorecardEvent::SurveyResponseRecorded(e) => e.response.answers.keys().cloned().collect(),
        ScorecardEvent::AppraisalAnswered(e) => vec![e.leaf.clone()],
        ScorecardEvent::ReportApproved(_)
        | ScorecardEvent::ReportApprovalVoided(_)
        | ScorecardEvent::SelfAssessmentSubmitted(_) => Vec::new(),
    }
}

/// Applies a scorecard event.
pub async fn apply(
    tx: &mut ProjectionTx,
    event: ScorecardEvent,
    cache: &mut ProjectionCache,
) -> Result<(), ProjectionError> {
    let (period, unit) = ids(&event);
    ensure_row(tx, period, unit).await?;
    let mut card = load(tx, period, unit).await?;
    card.apply(event.clone());
    let status = if card.is_submitted() {
        "submitted"
    } else if card.approved_hash().is_some() {
        "approved"
    } else {
        "draft"
    };
    let submitted_hash = match &event {
        ScorecardEvent::SelfAssessmentSubmitted(e) => Some(e.content_hash.clone()),
        _ => None,
    };
    tx.execute(
        "UPDATE rm_scorecards SET status = $3, approved_hash = $4, submitted_hash = COALESCE($5, submitted_hash), scorecard_state = $6
         WHERE period_id = $1 AND unit_id = $2",
        &[
            period.to_string().into(),
            unit.to_string().into(),
            status.into(),
            card.approved_hash().map(str::to_owned).into(),
            submitted_hash.into(),
            state_json(&card)?.into(),
        ],
    )
    .await?;
    let survey_points = match periods::load(tx, period, cache).await?.criteria_set_id() {
        Some(set) => match tree(tx, set, cache).await? {
            Some(tree) => card.all_self_points(&tree),
            None => BTreeMap::new(),
        },
        None => BTreeMap::new(),
    };
    for leaf in touched(&event) {
        let answer = match &event {
            ScorecardEvent::AppraisalAnswered(e) => Some(json(&serde_json::json!({
                "round_one": e.round_one,
                "text": e.text,
                "evidence": e.evidence,
            }))?),
            _ => None,
        };
        write_self_columns(
            tx,
            period,
            unit,
            &leaf,
            &card,
            survey_points.get(&leaf).copied(),
            answer,
        )
        .await?;
    }
    refresh_totals(tx, period, unit, cache).await
}

async fn write_self_columns(
    tx: &mut ProjectionTx,
    period: PeriodId,
    unit: UnitId,
    leaf: &CriterionCode,
    card: &Scorecard,
    survey: Option<Points>,
    answer: Option<String>,
) -> Result<(), ProjectionError> {
    let key = [
        period.to_string().into(),
        unit.to_string().into(),
        leaf.as_str().into(),
    ];
    let mut answers: Vec<serde_json::Value> = tx
        .text("SELECT answers FROM rm_scorecard_leaves WHERE period_id = $1 AND unit_id = $2 AND code = $3", &key)
        .await?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    if let Some(answer) = answer {
        answers.push(
            serde_json::from_str(&answer).map_err(|e| ProjectionError::corrupt("answer", e))?,
        );
    }
    let self_points = survey.or_else(|| card.self_points(leaf));
    tx.execute(
        "INSERT INTO rm_scorecard_leaves (period_id, unit_id, code, self_points, not_applicable_reason, explanation, evidence, answers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (period_id, unit_id, code) DO UPDATE SET self_points = excluded.self_points,
             not_applicable_reason = excluded.not_applicable_reason, explanation = excluded.explanation,
             evidence = excluded.evidence, answers = excluded.answers",
        &[
            period.to_string().into(),
            unit.to_string().into(),
            leaf.as_str().into(),
            self_points.map(|p| p.to_string()).into(),
            card.not_applicable_reason(leaf).map(|r| r.as_str().to_owned()).into(),
            card.explanation(leaf).map(|r| r.as_str().to_owned()).into(),
            json(&card.evidence(leaf))?.into(),
            json(&answers)?.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Recomputes a unit's provisional totals, index and component indexes
/// from its scorecard and the appraisal rounds recorded so far.
pub async fn refresh_totals(
    tx: &mut ProjectionTx,
    period_id: PeriodId,
    unit_id: UnitId,
    cache: &mut ProjectionCache,
) -> Result<(), ProjectionError> {
    let period = periods::load(tx, period_id, cache).await?;
    let (Some(set_id), Some(scoped)) = (period.criteria_set_id(), period.unit(unit_id).cloned())
    else {
        return Ok(());
    };
    let Some(tree) = tree(tx, set_id, cache).await? else {
        return Ok(());
    };
    let card = load(tx, period_id, unit_id).await?;
    let rows = tx
        .text_rows(
            "SELECT code, round1_points, round2_points FROM rm_scorecard_leaves WHERE period_id = $1 AND unit_id = $2",
            &key(period_id, unit_id),
        )
        .await?;
    let mut appraised_points = BTreeMap::new();
    for row in rows {
        let code = row.first().cloned().flatten().unwrap_or_default();
        let last = row
            .get(2)
            .cloned()
            .flatten()
            .or_else(|| row.get(1).cloned().flatten());
        if let Some(points) = last {
            let code = CriterionCode::parse(&code)
                .map_err(|e| ProjectionError::corrupt("leaf code", e))?;
            let points =
                Points::parse(&points).map_err(|e| ProjectionError::corrupt("points", e))?;
            if tree.leaf(&code).and_then(|l| l.method.as_ref()) != Some(&ScoringMethod::Survey) {
                appraised_points.insert(code, points);
            }
        }
    }
    let result = unit_result(
        &tree,
        None,
        &UnitScores {
            unit: scoped,
            not_applicable: card.not_applicable_leaves(),
            self_points: card.all_self_points(&tree),
            appraised_points,
        },
    );
    tx.execute(
        "UPDATE rm_scorecards SET field_points = $3, bonus = $4, penalty = $5, total = $6, applicable_maximum = $7,
             index_value = $8, fields = $9, final_leaves = $10 WHERE period_id = $1 AND unit_id = $2",
        &[
            period_id.to_string().into(),
            unit_id.to_string().into(),
            result.field_points.to_string().into(),
            result.bonus.to_string().into(),
            result.penalty.to_string().into(),
            result.total.normalize().to_string().into(),
            result.applicable_maximum.to_string().into(),
            rankings::shown_index(&result).into(),
            json(&result.fields)?.into(),
            json(&result.leaves)?.into(),
        ],
    )
    .await?;
    Ok(())
}
