//! A unit's scorecard in a period: its status, its totals and every leaf
//! touched so far with both appraisal rounds and the unit's answers.

use std::collections::HashMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};
use chamdiem_domain::results::{FieldResult, LeafResult};
use chamdiem_domain::scoring::{Percentage, Points};
use chamdiem_domain::self_assessment::{Evidence, FreeText, MissingBeforeSubmission};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::id_list::{CHUNK, in_list};
use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// Where a unit's self-assessment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScorecardStatus {
    /// Being entered.
    #[serde(rename = "draft")]
    Draft,
    /// Approved by the unit's leader, not yet submitted.
    #[serde(rename = "approved")]
    Approved,
    /// Submitted: closed to the unit.
    #[serde(rename = "submitted")]
    Submitted,
}

/// The unit's answer to a round-1 appraisal score (kept in
/// `rm_scorecard_leaves.answers` as a JSON list of these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraisalAnswer {
    /// The round-1 score answered.
    pub round_one: Points,
    /// The answer.
    pub text: FreeText,
    /// Supplementary evidence.
    pub evidence: Vec<Evidence>,
}

/// A leaf of a scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafRow {
    /// The leaf's code.
    pub code: CriterionCode,
    /// The self score.
    pub self_points: Option<Points>,
    /// Why it is not applicable, if it is.
    pub not_applicable_reason: Option<String>,
    /// The explanation.
    pub explanation: Option<String>,
    /// Evidence.
    pub evidence: Vec<Evidence>,
    /// Round-1 score.
    pub round1_points: Option<Points>,
    /// Round-1 reason.
    pub round1_reason: Option<String>,
    /// Round-2 score.
    pub round2_points: Option<Points>,
    /// Round-2 reason.
    pub round2_reason: Option<String>,
    /// The appraiser.
    pub appraiser_id: Option<AccountId>,
    /// The unit's answers to round 1.
    pub answers: Vec<AppraisalAnswer>,
    /// The percentage the self score was entered as (ratio leaves).
    pub self_percentage: Option<Percentage>,
    /// The percentage the round-1 score was entered as (ratio leaves).
    pub round1_percentage: Option<Percentage>,
    /// The percentage the round-2 score was entered as (ratio leaves).
    pub round2_percentage: Option<Percentage>,
    /// The score given again after the leaf was reopened, which stands
    /// over round 2.
    pub corrected_points: Option<Points>,
    /// Why it was given.
    pub correction_reason: Option<String>,
}

/// A unit's scorecard in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardRow {
    /// Where it stands.
    pub status: ScorecardStatus,
    /// The approved content hash, while the approval holds.
    pub approved_hash: Option<String>,
    /// Points of the fields.
    pub field_points: Points,
    /// Bonus, capped.
    pub bonus: Points,
    /// Penalty, capped.
    pub penalty: Points,
    /// Total (may be negative).
    pub total: Decimal,
    /// Applicable maximum.
    pub applicable_maximum: Points,
    /// Index as shown, two places.
    pub index: Decimal,
    /// Component indexes.
    pub fields: Vec<FieldResult>,
    /// Final score per leaf with its source.
    pub final_leaves: Vec<LeafResult>,
    /// The leaves touched so far.
    pub leaves: Vec<LeafRow>,
    /// The signed report submitted, while the submission stands.
    pub signed_report: Option<Evidence>,
}

/// A row of `rm_scorecards`.
#[derive(sqlx::FromRow)]
struct ScorecardRecord {
    unit_id: String,
    status: String,
    approved_hash: Option<String>,
    field_points: String,
    bonus: String,
    penalty: String,
    total: String,
    applicable_maximum: String,
    index_value: String,
    fields: String,
    final_leaves: String,
    signed_report: Option<String>,
}

/// A row of `rm_scorecard_leaves`.
#[derive(sqlx::FromRow)]
struct LeafRecord {
    code: String,
    self_points: Option<String>,
    not_applicable_reason: Option<String>,
    explanation: Option<String>,
    evidence: String,
    round1_points: Option<String>,
    round1_reason: Option<String>,
    round2_points: Option<String>,
    round2_reason: Option<String>,
    appraiser_id: Option<String>,
    answers: String,
    self_percentage: Option<String>,
    round1_percentage: Option<String>,
    round2_percentage: Option<String>,
    corrected_points: Option<String>,
    corrected_reason: Option<String>,
}

impl LeafRecord {
    fn read(self, unit: &str) -> Result<LeafRow, ProjectionError> {
        let key = format!("{unit}/{}", self.code);
        let at = RowAt::new("rm_scorecard_leaves", &key);
        Ok(LeafRow {
            code: at.parsed("code", &self.code, CriterionCode::parse)?,
            self_points: at.optional("self_points", self.self_points.as_deref(), Points::parse)?,
            evidence: at.json("evidence", &self.evidence)?,
            round1_points: at.optional(
                "round1_points",
                self.round1_points.as_deref(),
                Points::parse,
            )?,
            round2_points: at.optional(
                "round2_points",
                self.round2_points.as_deref(),
                Points::parse,
            )?,
            appraiser_id: at.optional("appraiser_id", self.appraiser_id.as_deref(), str::parse)?,
            answers: at.json("answers", &self.answers)?,
            self_percentage: at.optional(
                "self_percentage",
                self.self_percentage.as_deref(),
                Percentage::parse,
            )?,
            round1_percentage: at.optional(
                "round1_percentage",
                self.round1_percentage.as_deref(),
                Percentage::parse,
            )?,
            round2_percentage: at.optional(
                "round2_percentage",
                self.round2_percentage.as_deref(),
                Percentage::parse,
            )?,
            corrected_points: at.optional(
                "corrected_points",
                self.corrected_points.as_deref(),
                Points::parse,
            )?,
            correction_reason: self.corrected_reason,
            not_applicable_reason: self.not_applicable_reason,
            explanation: self.explanation,
            round1_reason: self.round1_reason,
            round2_reason: self.round2_reason,
        })
    }
}

impl ScorecardRecord {
    fn read(self, leaves: Vec<LeafRow>) -> Result<ScorecardRow, ProjectionError> {
        let at = RowAt::new("rm_scorecards", &self.unit_id);
        let points = |column: &str, text: &str| at.parsed(column, text, Points::parse);
        Ok(ScorecardRow {
            status: at.named("status", &self.status)?,
            field_points: points("field_points", &self.field_points)?,
            bonus: points("bonus", &self.bonus)?,
            penalty: points("penalty", &self.penalty)?,
            total: at.parsed("total", &self.total, str::parse::<Decimal>)?,
            applicable_maximum: points("applicable_maximum", &self.applicable_maximum)?,
            index: at.parsed("index_value", &self.index_value, str::parse::<Decimal>)?,
            fields: at.json("fields", &self.fields)?,
            final_leaves: at.json("final_leaves", &self.final_leaves)?,
            approved_hash: self.approved_hash,
            signed_report: self
                .signed_report
                .as_deref()
                .map(|json| at.json("signed_report", json))
                .transpose()?,
            leaves,
        })
    }
}

/// The scorecard of `unit` in `period`, if anything happened to it.
pub async fn scorecard(
    database: &Database,
    period: PeriodId,
    unit: UnitId,
) -> Result<Option<ScorecardRow>, ProjectionError> {
    Ok(scorecards(database, period, &[unit]).await?.remove(&unit))
}

/// A row of `rm_scorecard_leaves` with the unit it belongs to.
#[derive(sqlx::FromRow)]
struct UnitLeafRecord {
    unit_id: String,
    #[sqlx(flatten)]
    leaf: LeafRecord,
}

/// The scorecards of `units` in `period` that anything happened to, by
/// unit: two statements per chunk of units, however many units (a
/// worksheet covers a province's every unit).
pub async fn scorecards(
    database: &Database,
    period: PeriodId,
    units: &[UnitId],
) -> Result<HashMap<UnitId, ScorecardRow>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let mut found = HashMap::new();
    for chunk in units.chunks(CHUNK) {
        let (units_in, unit_values) = in_list(1, chunk);
        let within = format!("period_id = $1 AND unit_id {units_in}");
        let mut values = vec![SqlValue::from(period.to_string())];
        values.extend(unit_values);
        let heads: Vec<ScorecardRecord> = tx
            .records(
                &format!(
                    "SELECT unit_id, status, approved_hash, field_points, bonus, penalty, total, applicable_maximum, index_value, fields, final_leaves, signed_report
                     FROM rm_scorecards WHERE {within}"
                ),
                &values,
            )
            .await?;
        let leaves: Vec<UnitLeafRecord> = tx
            .records(
                &format!(
                    "SELECT unit_id, code, self_points, not_applicable_reason, explanation, evidence, round1_points, round1_reason,
                            round2_points, round2_reason, appraiser_id, answers, self_percentage, round1_percentage,
                            round2_percentage, corrected_points, corrected_reason
                     FROM rm_scorecard_leaves WHERE {within} ORDER BY rm_scorecard_leaves.unit_id, rm_scorecard_leaves.code"
                ),
                &values,
            )
            .await?;
        let mut leaves_of: HashMap<String, Vec<LeafRow>> = HashMap::new();
        for record in leaves {
            let leaf = record.leaf.read(&record.unit_id)?;
            leaves_of.entry(record.unit_id).or_default().push(leaf);
        }
        for head in heads {
            let unit_text = head.unit_id.clone();
            let unit: UnitId = RowAt::new("rm_scorecards", &unit_text).parsed(
                "unit_id",
                &unit_text,
                str::parse,
            )?;
            let leaves = leaves_of.remove(&unit_text).unwrap_or_default();
            found.insert(unit, head.read(leaves)?);
        }
    }
    tx.commit().await?;
    Ok(found)
}

/// What the scorecard of `unit` in `period` still lacks before it may be
/// submitted, by the rule the submission applies (`None` for a period or
/// criteria set that does not exist yet).
pub async fn missing_before_submission(
    database: &Database,
    period: PeriodId,
    unit: UnitId,
) -> Result<Option<MissingBeforeSubmission>, ProjectionError> {
    let Some(set) = period_state(database, period)
        .await?
        .and_then(|state| state.criteria_set_id())
    else {
        return Ok(None);
    };
    let mut tx = ProjectionTx::begin_read(database).await?;
    let set = crate::read_models::criteria_sets::load(&mut tx, set).await?;
    let card = crate::read_models::scorecards::load(&mut tx, period, unit).await?;
    tx.commit().await?;
    Ok(set.tree().map(|tree| card.missing_before_submission(tree)))
}

/// The period's domain state, for authorization lookups (assignments).
pub async fn period_state(
    database: &Database,
    period: PeriodId,
) -> Result<Option<chamdiem_domain::period::Period>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let json = tx
        .text(
            "SELECT period_state FROM rm_periods WHERE period_id = $1",
            &[period.to_string().into()],
        )
        .await?;
    tx.commit().await?;
    let key = period.to_string();
    json.map(|json| RowAt::new("rm_periods", &key).json("period_state", &json))
        .transpose()
}
