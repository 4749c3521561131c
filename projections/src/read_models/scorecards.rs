//! Scorecards per (period, unit): per leaf the self score, not-applicable
//! reason, explanation, evidence, the unit's answers and (from worksheets)
//! both appraisal rounds; per unit the status and the provisional totals,
//! index and component indexes.
//!
//! A batch loads each scorecard it touches once, applies its events in
//! memory and writes the changed rows once, when the batch ends.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chamdiem_domain::appraisal::{AppraisalCorrected, AppraisalScored, Round};
use chamdiem_domain::criteria::{CriteriaTree, CriterionCode, LeafEntry};
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::{AssignmentMoved, ScopedUnit};
use chamdiem_domain::results::{UnitScores, unit_result};
use chamdiem_domain::scoring::Points;
use chamdiem_domain::self_assessment::{Scorecard, ScorecardEvent};
use cqrs_es::Aggregate;

use super::{ProjectionCache, json, load_state, periods, rankings, state_json, tree};
use crate::queries::AppraisalAnswer;
use crate::{ProjectionError, ProjectionTx, SqlValue};

const STATE: &str =
    "SELECT scorecard_state FROM rm_scorecards WHERE period_id = $1 AND unit_id = $2";
const ROW: &str = "SELECT submitted_hash, field_points, bonus, penalty, total, applicable_maximum, index_value, fields, final_leaves, scorecard_state
     FROM rm_scorecards WHERE period_id = $1 AND unit_id = $2";
const LEAVES: &str = "SELECT code, self_points, not_applicable_reason, explanation, evidence, round1_points, round1_reason, round2_points, round2_reason, appraiser_id, answers, self_percentage, round1_percentage, round2_percentage, corrected_points, corrected_reason
     FROM rm_scorecard_leaves WHERE period_id = $1 AND unit_id = $2";
const UPSERT_ROWS: &str = "INSERT INTO rm_scorecards (period_id, unit_id, status, approved_hash, submitted_hash, field_points, bonus, penalty, total, applicable_maximum, index_value, fields, final_leaves, scorecard_state, signed_report)";
const UPSERT_ROWS_TAIL: &str = "ON CONFLICT (period_id, unit_id) DO UPDATE SET status = excluded.status,
     approved_hash = excluded.approved_hash, submitted_hash = excluded.submitted_hash, field_points = excluded.field_points,
     bonus = excluded.bonus, penalty = excluded.penalty, total = excluded.total, applicable_maximum = excluded.applicable_maximum,
     index_value = excluded.index_value, fields = excluded.fields, final_leaves = excluded.final_leaves,
     scorecard_state = excluded.scorecard_state, signed_report = excluded.signed_report";
const UPSERT_LEAVES: &str = "INSERT INTO rm_scorecard_leaves (period_id, unit_id, code, self_points, not_applicable_reason, explanation, evidence, round1_points, round1_reason, round2_points, round2_reason, appraiser_id, answers, self_percentage, round1_percentage, round2_percentage, corrected_points, corrected_reason)";
const UPSERT_LEAVES_TAIL: &str = "ON CONFLICT (period_id, unit_id, code) DO UPDATE SET self_points = excluded.self_points,
     not_applicable_reason = excluded.not_applicable_reason, explanation = excluded.explanation, evidence = excluded.evidence,
     round1_points = excluded.round1_points, round1_reason = excluded.round1_reason, round2_points = excluded.round2_points,
     round2_reason = excluded.round2_reason, appraiser_id = excluded.appraiser_id, answers = excluded.answers,
     self_percentage = excluded.self_percentage, round1_percentage = excluded.round1_percentage,
     round2_percentage = excluded.round2_percentage, corrected_points = excluded.corrected_points,
     corrected_reason = excluded.corrected_reason";

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

/// The provisional totals columns, as text.
#[derive(Debug, Clone)]
struct Totals([String; 8]);

impl Default for Totals {
    fn default() -> Self {
        Self(["0", "0", "0", "0", "0", "0.00", "[]", "[]"].map(str::to_owned))
    }
}

/// One leaf's row.
#[derive(Debug, Clone, sqlx::FromRow)]
struct LeafRow {
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
    /// The percentages a ratio leaf was entered as (None for other leaves).
    self_percentage: Option<String>,
    round1_percentage: Option<String>,
    round2_percentage: Option<String>,
    /// The score given again after a reopening, and why.
    corrected_points: Option<String>,
    corrected_reason: Option<String>,
}

impl Default for LeafRow {
    fn default() -> Self {
        Self {
            self_points: None,
            not_applicable_reason: None,
            explanation: None,
            evidence: "[]".to_owned(),
            round1_points: None,
            round1_reason: None,
            round2_points: None,
            round2_reason: None,
            appraiser_id: None,
            answers: "[]".to_owned(),
            self_percentage: None,
            round1_percentage: None,
            round2_percentage: None,
            corrected_points: None,
            corrected_reason: None,
        }
    }
}

impl LeafRow {
    fn values(&self, period: &str, unit: &str, code: &str) -> Vec<SqlValue> {
        vec![
            period.into(),
            unit.into(),
            code.into(),
            self.self_points.clone().into(),
            self.not_applicable_reason.clone().into(),
            self.explanation.clone().into(),
            self.evidence.as_str().into(),
            self.round1_points.clone().into(),
            self.round1_reason.clone().into(),
            self.round2_points.clone().into(),
            self.round2_reason.clone().into(),
            self.appraiser_id.clone().into(),
            self.answers.as_str().into(),
            self.self_percentage.clone().into(),
            self.round1_percentage.clone().into(),
            self.round2_percentage.clone().into(),
            self.corrected_points.clone().into(),
            self.corrected_reason.clone().into(),
        ]
    }

    /// The last appraised score: the corrected one, else round two's,
    /// else round one's.
    fn appraised(&self) -> Option<&str> {
        self.corrected_points
            .as_deref()
            .or(self.round2_points.as_deref())
            .or(self.round1_points.as_deref())
    }
}

/// The percentage a ratio leaf was entered as, as stored.
fn entered_percentage(entry: Option<LeafEntry>) -> Option<String> {
    match entry {
        Some(LeafEntry::Ratio(percentage)) => Some(percentage.value().to_string()),
        Some(LeafEntry::Score(_)) | None => None,
    }
}

/// A row of `rm_scorecard_leaves` as stored, with its code.
#[derive(sqlx::FromRow)]
struct StoredLeaf {
    code: String,
    #[sqlx(flatten)]
    row: LeafRow,
}

/// A row of `rm_scorecards` as stored.
#[derive(sqlx::FromRow)]
struct StoredTotals {
    submitted_hash: Option<String>,
    field_points: String,
    bonus: String,
    penalty: String,
    total: String,
    applicable_maximum: String,
    index_value: String,
    fields: String,
    final_leaves: String,
    scorecard_state: String,
}

/// One unit's scorecard and its leaves, as the batch has changed them.
#[derive(Debug, Default)]
pub(super) struct StagedScorecard {
    card: Scorecard,
    submitted_hash: Option<String>,
    totals: Totals,
    leaves: HashMap<String, LeafRow>,
    /// Leaves whose rows must be written.
    changed: BTreeSet<String>,
    /// Leaves whose self columns must be taken again from the card.
    self_changed: BTreeSet<String>,
}

impl StagedScorecard {
    async fn load(
        tx: &mut ProjectionTx,
        period: PeriodId,
        unit: UnitId,
    ) -> Result<Self, ProjectionError> {
        let key = key(period, unit);
        let mut staged = Self::default();
        let stored: Vec<StoredTotals> = tx.records(ROW, &key).await?;
        if let Some(row) = stored.into_iter().next() {
            staged.submitted_hash = row.submitted_hash;
            staged.totals = Totals([
                row.field_points,
                row.bonus,
                row.penalty,
                row.total,
                row.applicable_maximum,
                row.index_value,
                row.fields,
                row.final_leaves,
            ]);
            staged.card = serde_json::from_str(&row.scorecard_state)
                .map_err(|e| ProjectionError::corrupt(Scorecard::TYPE, e))?;
        }
        let leaves: Vec<StoredLeaf> = tx.records(LEAVES, &key).await?;
        staged.leaves = leaves.into_iter().map(|l| (l.code, l.row)).collect();
        Ok(staged)
    }

    /// Takes the self columns of the leaves the unit changed from the card.
    fn refresh_self_columns(
        &mut self,
        all_self_points: &BTreeMap<CriterionCode, Points>,
    ) -> Result<(), ProjectionError> {
        for code in std::mem::take(&mut self.self_changed) {
            let Ok(leaf_code) = CriterionCode::parse(&code) else {
                continue;
            };
            let card = &self.card;
            let self_points = all_self_points
                .get(&leaf_code)
                .copied()
                .or_else(|| card.self_points(&leaf_code));
            let row = self.leaves.entry(code).or_default();
            row.self_points = self_points.map(|p| p.to_string());
            row.self_percentage = entered_percentage(card.self_entry(&leaf_code));
            row.not_applicable_reason = card
                .not_applicable_reason(&leaf_code)
                .map(|r| r.as_str().to_owned());
            row.explanation = card.explanation(&leaf_code).map(|r| r.as_str().to_owned());
            row.evidence = json(&card.evidence(&leaf_code))?;
        }
        Ok(())
    }

    /// Recomputes the provisional totals, index and component indexes
    /// with the domain's rules, from the self scores and the last appraised
    /// score of each leaf (survey leaves keep their computed score).
    fn refresh_totals(
        &mut self,
        tree: &CriteriaTree,
        unit: ScopedUnit,
        self_points: BTreeMap<CriterionCode, Points>,
    ) -> Result<(), ProjectionError> {
        let mut appraised_points = BTreeMap::new();
        for (code, leaf) in &self.leaves {
            let Some(points) = leaf.appraised() else {
                continue;
            };
            let code =
                CriterionCode::parse(code).map_err(|e| ProjectionError::corrupt("leaf code", e))?;
            let points =
                Points::parse(points).map_err(|e| ProjectionError::corrupt("points", e))?;
            if tree
                .leaf(&code)
                .and_then(|l| l.method.as_ref())
                .is_none_or(|m| !m.is_survey())
            {
                appraised_points.insert(code, points);
            }
        }
        let result = unit_result(
            tree,
            None,
            &UnitScores {
                unit,
                not_applicable: self.card.not_applicable_leaves(),
                self_points,
                appraised_points,
            },
        );
        self.totals = Totals([
            result.field_points.to_string(),
            result.bonus.to_string(),
            result.penalty.to_string(),
            result.total.normalize().to_string(),
            result.applicable_maximum.to_string(),
            rankings::shown_index(&result)?,
            json(&result.fields)?,
            json(&result.leaves)?,
        ]);
        Ok(())
    }

    /// The unit's `rm_scorecards` row.
    fn row(&self, period: String, unit: String) -> Result<Vec<SqlValue>, ProjectionError> {
        let card = &self.card;
        let status = if card.is_submitted() {
            "submitted"
        } else if card.approved_hash().is_some() {
            "approved"
        } else {
            "draft"
        };
        let mut row: Vec<SqlValue> = vec![
            period.into(),
            unit.into(),
            status.into(),
            card.approved_hash().map(str::to_owned).into(),
            self.submitted_hash.clone().into(),
        ];
        row.extend(self.totals.0.iter().map(|c| SqlValue::from(c.as_str())));
        row.push(state_json(card)?.into());
        row.push(card.signed_report().map(json).transpose()?.into());
        Ok(row)
    }

    fn leaf(&mut self, code: &CriterionCode) -> &mut LeafRow {
        self.changed.insert(code.as_str().to_owned());
        self.leaves.entry(code.as_str().to_owned()).or_default()
    }
}

/// The scorecards a batch has touched, written when it ends.
#[derive(Debug, Default)]
pub struct StagedScorecards {
    cards: HashMap<(PeriodId, UnitId), StagedScorecard>,
}

impl StagedScorecards {
    /// The scorecard as this batch has it: from the batch, else as the
    /// last batch left it, else from the table.
    async fn get(
        &mut self,
        tx: &mut ProjectionTx,
        period: PeriodId,
        unit: UnitId,
        cache: &mut ProjectionCache,
    ) -> Result<&mut StagedScorecard, ProjectionError> {
        Ok(match self.cards.entry((period, unit)) {
            Entry::Occupied(staged) => staged.into_mut(),
            Entry::Vacant(vacant) => match cache.scorecards.pop(&(period, unit)) {
                Some(kept) => vacant.insert(kept),
                None => vacant.insert(StagedScorecard::load(tx, period, unit).await?),
            },
        })
    }

    /// Applies a scorecard event.
    pub async fn apply(
        &mut self,
        tx: &mut ProjectionTx,
        event: ScorecardEvent,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let (period, unit) = ids(&event);
        let staged = self.get(tx, period, unit, cache).await?;
        match &event {
            ScorecardEvent::SelfAssessmentSubmitted(e) => {
                staged.submitted_hash = Some(e.content_hash.clone());
            }
            ScorecardEvent::SelfAssessmentReopened(_) => staged.submitted_hash = None,
            ScorecardEvent::AppraisalAnswered(e) => {
                let leaf = staged.leaf(&e.leaf);
                let mut answers: Vec<AppraisalAnswer> = serde_json::from_str(&leaf.answers)
                    .map_err(|error| {
                        ProjectionError::corrupt(
                            format!("rm_scorecard_leaves.answers of {unit}/{}", e.leaf),
                            error,
                        )
                    })?;
                answers.push(AppraisalAnswer {
                    round_one: e.round_one,
                    text: e.text.clone(),
                    evidence: e.evidence.clone(),
                });
                leaf.answers = json(&answers)?;
            }
            // A leaf nobody appraises, scored again by the unit: shown as
            // a reopened leaf scored again by its appraiser is.
            ScorecardEvent::SelfScoreCorrected(e) => {
                let leaf = staged.leaf(&e.leaf);
                leaf.corrected_points = Some(e.points.to_string());
                leaf.corrected_reason = Some(e.reason.as_str().to_owned());
            }
            // The card's own state carries these; the columns follow from it.
            ScorecardEvent::ScoreEntered(_)
            | ScorecardEvent::LeafMarkedNotApplicable(_)
            | ScorecardEvent::LeafMarkedApplicable(_)
            | ScorecardEvent::ExplanationWritten(_)
            | ScorecardEvent::EvidenceAttached(_)
            | ScorecardEvent::EvidenceRemoved(_)
            | ScorecardEvent::SurveyResponseRecorded(_)
            | ScorecardEvent::ProvinceSurveyRecorded(_)
            | ScorecardEvent::ReportApproved(_)
            | ScorecardEvent::ReportApprovalVoided(_) => {}
        }
        for leaf in touched(&event) {
            staged.changed.insert(leaf.as_str().to_owned());
            staged.self_changed.insert(leaf.as_str().to_owned());
        }
        staged.card.apply(event);
        Ok(())
    }

    /// Work moved to another appraiser: the first appraiser's scores of the
    /// moved units no longer count (the aggregation leaves them out too),
    /// so their rounds are cleared until the new appraiser scores.
    pub async fn apply_moved(
        &mut self,
        tx: &mut ProjectionTx,
        moved: &AssignmentMoved,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let from = moved.from.to_string();
        for unit in &moved.units {
            let staged = self.get(tx, moved.period_id, *unit, cache).await?;
            let codes: Vec<String> = staged
                .leaves
                .iter()
                .filter(|(_, row)| row.appraiser_id.as_deref() == Some(from.as_str()))
                .map(|(code, _)| code.clone())
                .collect();
            for code in codes {
                staged.changed.insert(code.clone());
                if let Some(row) = staged.leaves.get_mut(&code) {
                    (row.round1_points, row.round1_reason, row.round1_percentage) =
                        (None, None, None);
                    (row.round2_points, row.round2_reason, row.round2_percentage) =
                        (None, None, None);
                    (row.corrected_points, row.corrected_reason) = (None, None);
                    row.appraiser_id = None;
                }
            }
        }
        Ok(())
    }

    /// Puts an appraiser's score on the unit's leaf (a worksheet may score
    /// before the unit has acted at all).
    pub async fn apply_appraisal(
        &mut self,
        tx: &mut ProjectionTx,
        scored: &AppraisalScored,
        appraiser: String,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let staged = self
            .get(tx, scored.period_id, scored.unit_id, cache)
            .await?;
        let leaf = staged.leaf(&scored.leaf);
        let points = Some(scored.points.to_string());
        let reason = scored.reason.as_ref().map(|r| r.as_str().to_owned());
        let percentage = entered_percentage(Some(scored.entry));
        match scored.round {
            Round::One => {
                (
                    leaf.round1_points,
                    leaf.round1_reason,
                    leaf.round1_percentage,
                ) = (points, reason, percentage);
            }
            Round::Two => {
                (
                    leaf.round2_points,
                    leaf.round2_reason,
                    leaf.round2_percentage,
                ) = (points, reason, percentage);
            }
        }
        leaf.appraiser_id = Some(appraiser);
        Ok(())
    }

    /// Puts the score a reopened leaf was given again on the unit's leaf.
    pub async fn apply_correction(
        &mut self,
        tx: &mut ProjectionTx,
        corrected: &AppraisalCorrected,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let staged = self
            .get(tx, corrected.period_id, corrected.unit_id, cache)
            .await?;
        let leaf = staged.leaf(&corrected.leaf);
        leaf.corrected_points = Some(corrected.points.to_string());
        leaf.corrected_reason = Some(corrected.reason.as_str().to_owned());
        Ok(())
    }

    /// Writes every touched scorecard: its changed leaves, its status and
    /// its provisional totals, index and component indexes, recomputed
    /// from the card and the appraisal rounds recorded so far; then keeps
    /// it in `cache` for the next batch.
    pub async fn flush(
        &mut self,
        tx: &mut ProjectionTx,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let mut card_rows = Vec::with_capacity(self.cards.len());
        let mut leaf_rows = Vec::new();
        for ((period_id, unit_id), mut staged) in std::mem::take(&mut self.cards) {
            let period = periods::load(tx, period_id, cache).await?;
            let tree = match period.criteria_set_id() {
                Some(set) => tree(tx, set, cache).await?,
                None => None,
            };
            let all_self_points = tree
                .as_ref()
                .map(|tree| staged.card.all_self_points(tree))
                .unwrap_or_default();
            staged.refresh_self_columns(&all_self_points)?;
            if let (Some(tree), Some(scoped)) = (&tree, period.unit(unit_id).cloned()) {
                staged.refresh_totals(tree, scoped, all_self_points)?;
            }
            let (period_text, unit_text) = (period_id.to_string(), unit_id.to_string());
            for code in &staged.changed {
                if let Some(leaf) = staged.leaves.get(code) {
                    leaf_rows.push(leaf.values(&period_text, &unit_text, code));
                }
            }
            card_rows.push(staged.row(period_text, unit_text)?);
            staged.changed.clear();
            cache.scorecards.put((period_id, unit_id), staged);
        }
        tx.insert_rows(UPSERT_ROWS, UPSERT_ROWS_TAIL, &card_rows)
            .await?;
        tx.insert_rows(UPSERT_LEAVES, UPSERT_LEAVES_TAIL, &leaf_rows)
            .await?;
        Ok(())
    }
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
        ScorecardEvent::ProvinceSurveyRecorded(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ReportApproved(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ReportApprovalVoided(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfAssessmentSubmitted(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfAssessmentReopened(e) => (e.period_id, e.unit_id),
        ScorecardEvent::AppraisalAnswered(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfScoreCorrected(e) => (e.period_id, e.unit_id),
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
        ScorecardEvent::ProvinceSurveyRecorded(e) => e.response.answers.keys().cloned().collect(),
        ScorecardEvent::AppraisalAnswered(e) => vec![e.leaf.clone()],
        ScorecardEvent::SelfScoreCorrected(e) => vec![e.leaf.clone()],
        ScorecardEvent::ReportApproved(_)
        | ScorecardEvent::ReportApprovalVoided(_)
        | ScorecardEvent::SelfAssessmentSubmitted(_)
        | ScorecardEvent::SelfAssessmentReopened(_) => Vec::new(),
    }
}
