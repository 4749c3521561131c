//! Scorecards and the progress board.

use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::Assignment;
use chamdiem_domain::self_assessment::MissingBeforeSubmission;
use chamdiem_projections::progress_board::{ProgressBoard, progress_board};
use chamdiem_projections::queries::{
    LeafRow, ScorecardRow, ScorecardStatus, missing_before_submission, period_state, scorecard,
    scorecards, worksheet_marks, worksheet_submitted,
};

use super::caller::{Caller, graphql_error};
use super::decimal::Decimal;
use super::directory_queries::UnitNode;
use super::enums::{ProgressStatusGql, ScorecardStatusGql};
use super::evidence_item::{AppraisalAnswerNode, EvidenceItem};
use super::mutations::id;
use super::result_figures::{FieldIndex, FinalLeaf};
use super::worksheet_progress::WorksheetUnitProgress;
use chamdiem_projections::results_visibility::visible_progress;
use chamdiem_projections::unit_access::authorize_reading_units;

fn read_error(error: chamdiem_projections::ProjectionError) -> async_graphql::Error {
    graphql_error(error.into())
}

/// One leaf of a scorecard.
#[derive(SimpleObject)]
pub struct ScorecardLeaf {
    /// The leaf's code.
    pub leaf_code: String,
    /// The self score.
    pub self_points: Option<Decimal>,
    /// Why it is not applicable, if it is.
    pub not_applicable_reason: Option<String>,
    /// The explanation.
    pub explanation: Option<String>,
    /// Evidence.
    pub evidence: Vec<EvidenceItem>,
    /// Round-1 appraised score.
    pub round1_points: Option<Decimal>,
    /// Round-1 reason.
    pub round1_reason: Option<String>,
    /// Round-2 appraised score.
    pub round2_points: Option<Decimal>,
    /// Round-2 reason.
    pub round2_reason: Option<String>,
    /// The appraiser.
    pub appraiser_id: Option<ID>,
    /// The unit's answers to round 1.
    pub answers: Vec<AppraisalAnswerNode>,
    /// The percentage the self score was entered as (ratio leaves only).
    pub self_percentage: Option<Decimal>,
    /// The percentage the round-1 score was entered as (ratio leaves only).
    pub round1_percentage: Option<Decimal>,
    /// The percentage the round-2 score was entered as (ratio leaves only).
    pub round2_percentage: Option<Decimal>,
    /// The score the appraiser gave again after the leaf was reopened
    /// (it stands over round 2).
    pub corrected_points: Option<Decimal>,
    /// Why.
    pub correction_reason: Option<String>,
}

impl From<LeafRow> for ScorecardLeaf {
    fn from(leaf: LeafRow) -> Self {
        Self {
            leaf_code: leaf.code.to_string(),
            self_points: leaf.self_points.map(Into::into),
            not_applicable_reason: leaf.not_applicable_reason,
            explanation: leaf.explanation,
            evidence: leaf.evidence.iter().map(Into::into).collect(),
            round1_points: leaf.round1_points.map(Into::into),
            round1_reason: leaf.round1_reason,
            round2_points: leaf.round2_points.map(Into::into),
            round2_reason: leaf.round2_reason,
            appraiser_id: leaf.appraiser_id.map(|a| ID(a.to_string())),
            answers: leaf.answers.iter().map(Into::into).collect(),
            self_percentage: leaf.self_percentage.map(|p| p.value().into()),
            round1_percentage: leaf.round1_percentage.map(|p| p.value().into()),
            round2_percentage: leaf.round2_percentage.map(|p| p.value().into()),
            corrected_points: leaf.corrected_points.map(Into::into),
            correction_reason: leaf.correction_reason,
        }
    }
}

/// What a scorecard still lacks before submission (the leader's approval
/// of its content aside).
#[derive(SimpleObject)]
#[graphql(name = "MissingBeforeSubmission")]
pub struct MissingBeforeSubmissionView {
    /// Nothing is missing: once approved, it may be submitted.
    pub complete: bool,
    /// Every main leaf is marked not applicable.
    pub nothing_applicable: bool,
    /// Applicable main leaves without a self score.
    pub unscored_leaf_codes: Vec<String>,
    /// Leaves that need evidence and have neither evidence nor an
    /// explanation.
    pub unproven_leaf_codes: Vec<String>,
}

impl From<MissingBeforeSubmission> for MissingBeforeSubmissionView {
    fn from(missing: MissingBeforeSubmission) -> Self {
        Self {
            complete: missing.is_empty(),
            nothing_applicable: missing.nothing_applicable,
            unscored_leaf_codes: missing.unscored.iter().map(ToString::to_string).collect(),
            unproven_leaf_codes: missing.unproven.iter().map(ToString::to_string).collect(),
        }
    }
}

/// A unit's scorecard in a period.
#[derive(SimpleObject)]
#[graphql(name = "Scorecard")]
pub struct ScorecardView {
    /// Where it stands.
    pub status: ScorecardStatusGql,
    /// The approved content hash, while the approval holds.
    pub approved_hash: Option<String>,
    /// The signed report submitted with it (`GET /evidence/{contentHash}`),
    /// while the submission stands.
    pub signed_report: Option<EvidenceItem>,
    /// Points of the fields.
    pub field_points: Decimal,
    /// Bonus, capped.
    pub bonus: Decimal,
    /// Penalty, capped.
    pub penalty: Decimal,
    /// Total (may be negative).
    pub total: Decimal,
    /// Applicable maximum.
    pub applicable_maximum: Decimal,
    /// Index in percent, two places as shown.
    pub index: Decimal,
    /// Component indexes per field.
    pub fields: Vec<FieldIndex>,
    /// Every leaf's final score and where it came from.
    pub final_leaves: Vec<FinalLeaf>,
    /// The leaves touched so far.
    pub leaves: Vec<ScorecardLeaf>,
}

impl ScorecardView {
    /// The API's view of a scorecard row.
    pub fn of(row: ScorecardRow) -> async_graphql::Result<Self> {
        Ok(Self {
            status: row.status.into(),
            approved_hash: row.approved_hash,
            signed_report: row.signed_report.as_ref().map(Into::into),
            field_points: row.field_points.into(),
            bonus: row.bonus.into(),
            penalty: row.penalty.into(),
            total: row.total.into(),
            applicable_maximum: row.applicable_maximum.into(),
            index: row.index.into(),
            fields: FieldIndex::all(&row.fields)?,
            final_leaves: row.final_leaves.iter().map(Into::into).collect(),
            leaves: row.leaves.into_iter().map(Into::into).collect(),
        })
    }
}

/// A unit on the progress board.
#[derive(SimpleObject, Clone, PartialEq)]
#[graphql(name = "UnitProgress", complex)]
pub struct UnitProgressView {
    /// The unit's id.
    pub unit_id: ID,
    /// Where it stands.
    pub status: ProgressStatusGql,
    #[graphql(skip)]
    pub unit_row: UnitNode,
}

#[async_graphql::ComplexObject]
impl UnitProgressView {
    /// The unit.
    async fn unit(&self) -> &UnitNode {
        &self.unit_row
    }
}

/// An appraiser on the progress board.
#[derive(SimpleObject, Clone, PartialEq)]
#[graphql(name = "AppraiserProgress")]
pub struct AppraiserProgressView {
    /// The appraiser.
    pub appraiser_id: ID,
    /// (unit, leaf) pairs assigned.
    pub assigned: u32,
    /// Pairs with a round-1 score.
    pub round1_done: u32,
    /// Pairs with a round-2 score.
    pub round2_done: u32,
    /// Whether they submitted.
    pub submitted: bool,
}

/// A period's progress board.
#[derive(SimpleObject, Clone, PartialEq)]
#[graphql(name = "ProgressBoard")]
pub struct ProgressBoardView {
    /// Every unit in scope.
    pub units: Vec<UnitProgressView>,
    /// Every appraiser.
    pub appraisers: Vec<AppraiserProgressView>,
}

impl From<ProgressBoard> for ProgressBoardView {
    fn from(board: ProgressBoard) -> Self {
        Self {
            units: board
                .units
                .into_iter()
                .map(|u| UnitProgressView {
                    unit_id: ID(u.unit_id.to_string()),
                    status: u.status.into(),
                    unit_row: u.unit.into(),
                })
                .collect(),
            appraisers: board
                .appraisers
                .into_iter()
                .map(|a| AppraiserProgressView {
                    appraiser_id: ID(a.appraiser_id.to_string()),
                    assigned: a.assigned,
                    round1_done: a.round1_done,
                    round2_done: a.round2_done,
                    submitted: a.submitted,
                })
                .collect(),
        }
    }
}

/// One assigned (unit, leaf) of a worksheet with its rounds.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct WorksheetItem {
    /// The unit's id.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The unit's self score.
    pub self_points: Option<Decimal>,
    /// Whether the unit marked it not applicable.
    pub not_applicable: bool,
    /// Round-1 score.
    pub round1_points: Option<Decimal>,
    /// Round-1 reason.
    pub round1_reason: Option<String>,
    /// Round-2 score.
    pub round2_points: Option<Decimal>,
    /// Round-2 reason.
    pub round2_reason: Option<String>,
    /// Whether the unit has submitted its self-assessment (appraisal waits
    /// for it).
    pub unit_submitted: bool,
    /// The unit's explanation of its self score.
    pub explanation: Option<String>,
    /// The unit's evidence, beside the appraisal.
    pub evidence: Vec<EvidenceItem>,
    /// The unit's answers to round 1, read in round 2.
    pub answers: Vec<AppraisalAnswerNode>,
    /// The percentage the self score was entered as (ratio leaves only).
    pub self_percentage: Option<Decimal>,
    /// The percentage the round-1 score was entered as (ratio leaves only).
    pub round1_percentage: Option<Decimal>,
    /// The percentage the round-2 score was entered as (ratio leaves only).
    pub round2_percentage: Option<Decimal>,
    #[graphql(skip)]
    pub unit: UnitId,
}

impl WorksheetItem {
    /// The item of `leaf` of `unit`, from the unit's scorecard if it has
    /// one yet.
    pub fn of(unit: UnitId, leaf: &CriterionCode, card: Option<&ScorecardRow>) -> Self {
        let row = card.and_then(|c| c.leaves.iter().find(|l| &l.code == leaf));
        let unit_submitted = card.is_some_and(|c| c.status == ScorecardStatus::Submitted);
        Self {
            unit_id: ID(unit.to_string()),
            unit,
            leaf_code: leaf.to_string(),
            self_points: row.and_then(|r| r.self_points).map(Into::into),
            not_applicable: row.is_some_and(|r| r.not_applicable_reason.is_some()),
            round1_points: row.and_then(|r| r.round1_points).map(Into::into),
            round1_reason: row.and_then(|r| r.round1_reason.clone()),
            round2_points: row.and_then(|r| r.round2_points).map(Into::into),
            round2_reason: row.and_then(|r| r.round2_reason.clone()),
            unit_submitted,
            explanation: row.and_then(|r| r.explanation.clone()),
            evidence: row
                .map(|r| r.evidence.iter().map(Into::into).collect())
                .unwrap_or_default(),
            answers: row
                .map(|r| r.answers.iter().map(Into::into).collect())
                .unwrap_or_default(),
            self_percentage: row
                .and_then(|r| r.self_percentage)
                .map(|p| p.value().into()),
            round1_percentage: row
                .and_then(|r| r.round1_percentage)
                .map(|p| p.value().into()),
            round2_percentage: row
                .and_then(|r| r.round2_percentage)
                .map(|p| p.value().into()),
        }
    }
}

#[async_graphql::ComplexObject]
impl WorksheetItem {
    /// The unit (batched: one read for the whole worksheet).
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<UnitNode> {
        super::loaders::unit(context, self.unit).await
    }
}

/// The period and the assignment of the appraiser's worksheet (the
/// caller's own when `appraiser_id` is left out), once the caller may read
/// it; `None` when the period or the assignment does not exist.
async fn worksheet_assignment(
    context: &Context<'_>,
    period_id: &ID,
    appraiser_id: Option<&ID>,
) -> async_graphql::Result<Option<(PeriodId, Assignment)>> {
    let period: PeriodId = id("periodId", period_id)?;
    let appraiser = worksheet_owner(context, appraiser_id)?;
    let database = context.data::<Database>()?;
    let state = period_state(database, period).await.map_err(read_error)?;
    Ok(state
        .and_then(|state| state.assignment(appraiser).cloned())
        .map(|assignment| (period, assignment)))
}

/// Whose worksheet is read: the caller's own when `appraiser_id` is left
/// out, once the caller may read it.
fn worksheet_owner(
    context: &Context<'_>,
    appraiser_id: Option<&ID>,
) -> async_graphql::Result<chamdiem_domain::ids::AccountId> {
    let caller = Caller::of(context);
    let appraiser = match appraiser_id {
        Some(appraiser) => id("appraiserId", appraiser)?,
        None => caller.authorized(&Action::SubmitAppraisal)?.account_id,
    };
    caller.authorized(&Action::ReadWorksheet { appraiser })?;
    Ok(appraiser)
}

/// Every assigned (unit, leaf) of the appraiser's worksheet, only
/// `only`'s when given.
async fn worksheet_items(
    context: &Context<'_>,
    period_id: &ID,
    appraiser_id: Option<&ID>,
    only: Option<UnitId>,
) -> async_graphql::Result<Vec<WorksheetItem>> {
    let Some((period, assignment)) = worksheet_assignment(context, period_id, appraiser_id).await?
    else {
        return Ok(Vec::new());
    };
    let units: Vec<UnitId> = assignment
        .units()
        .filter(|unit| only.is_none_or(|only| only == *unit))
        .collect();
    let cards = scorecards(context.data::<Database>()?, period, &units)
        .await
        .map_err(read_error)?;
    let mut items = Vec::new();
    for unit in &units {
        for leaf in assignment.leaves_of(*unit) {
            items.push(WorksheetItem::of(*unit, leaf, cards.get(unit)));
        }
    }
    Ok(items)
}

/// Scorecard queries.
#[derive(Default)]
pub struct ScorecardQuery;

#[Object]
impl ScorecardQuery {
    /// A unit's scorecard: its own accounts, the appraisers assigned to it,
    /// administrators, managers and auditors.
    async fn scorecard(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
    ) -> async_graphql::Result<Option<ScorecardView>> {
        let period: PeriodId = id("periodId", &period_id)?;
        let unit: UnitId = id("unitId", &unit_id)?;
        let database = context.data::<Database>()?;
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        authorize_reading_units(database, caller, period, &[unit])
            .await
            .map_err(graphql_error)?;
        let Some(row) = scorecard(database, period, unit)
            .await
            .map_err(read_error)?
        else {
            return Ok(None);
        };
        ScorecardView::of(row).map(Some)
    }

    /// What the unit's scorecard still lacks before it may be submitted, by
    /// the rule the submission applies (null while the period or its
    /// criteria are unknown); readable by whoever may read the scorecard.
    async fn missing_before_submission(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
    ) -> async_graphql::Result<Option<MissingBeforeSubmissionView>> {
        let period: PeriodId = id("periodId", &period_id)?;
        let unit: UnitId = id("unitId", &unit_id)?;
        let database = context.data::<Database>()?;
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        authorize_reading_units(database, caller, period, &[unit])
            .await
            .map_err(graphql_error)?;
        Ok(missing_before_submission(database, period, unit)
            .await
            .map_err(read_error)?
            .map(Into::into))
    }

    /// An appraiser's worksheet: every assigned (unit, leaf) with its rounds.
    /// Appraisers see their own (leave `appraiserId` out); administrators,
    /// managers and auditors anyone's.
    async fn worksheet(
        &self,
        context: &Context<'_>,
        period_id: ID,
        appraiser_id: Option<ID>,
        #[graphql(desc = "Only this unit's items (an appraiser works unit by unit).")]
        unit_id: Option<ID>,
    ) -> async_graphql::Result<Vec<WorksheetItem>> {
        let only: Option<UnitId> = unit_id.as_ref().map(|u| id("unitId", u)).transpose()?;
        worksheet_items(context, &period_id, appraiser_id.as_ref(), only).await
    }

    /// Whether the appraiser (the caller when `appraiserId` is left out)
    /// has sent their appraisal of the period: their worksheet of that
    /// period is then closed (Điều 10.3), other periods stay open to them.
    async fn worksheet_submitted(
        &self,
        context: &Context<'_>,
        period_id: ID,
        appraiser_id: Option<ID>,
    ) -> async_graphql::Result<bool> {
        let period: PeriodId = id("periodId", &period_id)?;
        let appraiser = worksheet_owner(context, appraiser_id.as_ref())?;
        worksheet_submitted(context.data::<Database>()?, period, appraiser)
            .await
            .map_err(read_error)
    }

    /// How far an appraiser's worksheet stands, unit by unit: one line per
    /// assigned unit (what a worksheet of a thousand items sums up to).
    async fn worksheet_progress(
        &self,
        context: &Context<'_>,
        period_id: ID,
        appraiser_id: Option<ID>,
    ) -> async_graphql::Result<Vec<WorksheetUnitProgress>> {
        let Some((period, assignment)) =
            worksheet_assignment(context, &period_id, appraiser_id.as_ref()).await?
        else {
            return Ok(Vec::new());
        };
        let units: Vec<UnitId> = assignment.units().collect();
        let marks = worksheet_marks(context.data::<Database>()?, period, &units)
            .await
            .map_err(read_error)?;
        Ok(WorksheetUnitProgress::of(&assignment, &marks))
    }

    /// Who has submitted, who is late, which appraisers are done.
    async fn progress_board(
        &self,
        context: &Context<'_>,
        period_id: ID,
    ) -> async_graphql::Result<ProgressBoardView> {
        let period: PeriodId = id("periodId", &period_id)?;
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        let board = progress_board(
            context.data::<Database>()?,
            period,
            context.data::<chamdiem_commands::gate::Gate>()?.now(),
        )
        .await
        .map_err(read_error)?;
        Ok(visible_progress(caller, board).into())
    }
}
