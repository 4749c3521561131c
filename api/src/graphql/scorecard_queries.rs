//! Scorecards and the progress board.

use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_projections::progress_board::progress_board;
use chamdiem_projections::queries::{period_state, scorecard};

use super::caller::{Caller, graphql_error};
use super::mutations::id;
use super::visibility::visible_progress;

fn read_error(error: chamdiem_projections::ProjectionError) -> async_graphql::Error {
    graphql_error(error.into())
}

/// One leaf of a scorecard.
#[derive(SimpleObject)]
pub struct ScorecardLeaf {
    /// The leaf's code.
    pub code: String,
    /// The self score.
    pub self_points: Option<String>,
    /// Why it is not applicable, if it is.
    pub not_applicable_reason: Option<String>,
    /// The explanation.
    pub explanation: Option<String>,
    /// Evidence, as JSON.
    pub evidence: String,
    /// Round-1 appraised score.
    pub round1_points: Option<String>,
    /// Round-1 reason.
    pub round1_reason: Option<String>,
    /// Round-2 appraised score.
    pub round2_points: Option<String>,
    /// Round-2 reason.
    pub round2_reason: Option<String>,
    /// The appraiser.
    pub appraiser_id: Option<ID>,
    /// The unit's answers to round 1, as JSON.
    pub answers: String,
}

/// A unit's scorecard in a period.
#[derive(SimpleObject)]
pub struct ScorecardView {
    /// draft, approved or submitted.
    pub status: String,
    /// The approved content hash, while the approval holds.
    pub approved_hash: Option<String>,
    /// Points of the fields.
    pub field_points: String,
    /// Bonus, capped.
    pub bonus: String,
    /// Penalty, capped.
    pub penalty: String,
    /// Total.
    pub total: String,
    /// Applicable maximum.
    pub applicable_maximum: String,
    /// Index, two places.
    pub index: String,
    /// Component indexes per field, as JSON.
    pub fields: String,
    /// Every leaf's final score and its source, as JSON.
    pub final_leaves: String,
    /// The leaves touched so far.
    pub leaves: Vec<ScorecardLeaf>,
}

/// A unit on the progress board.
#[derive(SimpleObject)]
pub struct UnitProgressView {
    /// The unit.
    pub unit_id: ID,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// draft, approved, submitted or late.
    pub status: String,
}

/// An appraiser on the progress board.
#[derive(SimpleObject)]
pub struct AppraiserProgressView {
    /// The appraiser.
    pub appraiser_id: ID,
    /// (unit, leaf) pairs assigned.
    pub assigned: i64,
    /// Pairs with a round-1 score.
    pub round1_done: i64,
    /// Pairs with a round-2 score.
    pub round2_done: i64,
    /// Whether they submitted.
    pub submitted: bool,
}

/// A period's progress board.
#[derive(SimpleObject)]
pub struct ProgressBoardView {
    /// Every unit in scope.
    pub units: Vec<UnitProgressView>,
    /// Every appraiser.
    pub appraisers: Vec<AppraiserProgressView>,
}

impl From<chamdiem_projections::progress_board::ProgressBoard> for ProgressBoardView {
    fn from(board: chamdiem_projections::progress_board::ProgressBoard) -> Self {
        Self {
            units: board
                .units
                .into_iter()
                .map(|u| UnitProgressView {
                    unit_id: ID(u.unit_id),
                    code: u.code,
                    name: u.name,
                    status: u.status,
                })
                .collect(),
            appraisers: board
                .appraisers
                .into_iter()
                .map(|a| AppraiserProgressView {
                    appraiser_id: ID(a.appraiser_id),
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
pub struct WorksheetItem {
    /// The unit.
    pub unit_id: ID,
    /// The leaf.
    pub leaf: String,
    /// The unit's self score.
    pub self_points: Option<String>,
    /// Whether the unit marked it not applicable.
    pub not_applicable: bool,
    /// Round-1 score.
    pub round1_points: Option<String>,
    /// Round-2 score.
    pub round2_points: Option<String>,
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
        let caller = Caller::of(context);
        let appraises_it = match &caller.principal {
            Some(principal) => period_state(database, period)
                .await
                .map_err(read_error)?
                .and_then(|p| {
                    p.assignment(principal.account_id)
                        .map(|a| a.units.contains(&unit))
                })
                .unwrap_or(false),
            None => false,
        };
        caller.authorized(&Action::ReadUnit { unit, appraises_it })?;
        let Some(row) = scorecard(database, period, &unit.to_string())
            .await
            .map_err(read_error)?
        else {
            return Ok(None);
        };
        Ok(Some(ScorecardView {
            status: row.status,
            approved_hash: row.approved_hash,
            field_points: row.field_points,
            bonus: row.bonus,
            penalty: row.penalty,
            total: row.total,
            applicable_maximum: row.applicable_maximum,
            index: row.index,
            fields: row.fields,
            final_leaves: row.final_leaves,
            leaves: row
                .leaves
                .into_iter()
                .map(|l| ScorecardLeaf {
                    code: l.code,
                    self_points: l.self_points,
                    not_applicable_reason: l.not_applicable_reason,
                    explanation: l.explanation,
                    evidence: l.evidence,
                    round1_points: l.round1_points,
                    round1_reason: l.round1_reason,
                    round2_points: l.round2_points,
                    round2_reason: l.round2_reason,
                    appraiser_id: l.appraiser_id.map(ID),
                    answers: l.answers,
                })
                .collect(),
        }))
    }

    /// An appraiser's worksheet: every assigned (unit, leaf) with its rounds.
    /// Appraisers see their own (leave `appraiserId` out); administrators,
    /// managers and auditors anyone's.
    async fn worksheet(
        &self,
        context: &Context<'_>,
        period_id: ID,
        appraiser_id: Option<ID>,
    ) -> async_graphql::Result<Vec<WorksheetItem>> {
        let period: PeriodId = id("periodId", &period_id)?;
        let caller = Caller::of(context);
        let appraiser: chamdiem_domain::ids::AccountId = match &appraiser_id {
            Some(appraiser) => id("appraiserId", appraiser)?,
            None => caller.authorized(&Action::SubmitAppraisal)?.account_id,
        };
        caller.authorized(&Action::ReadWorksheet { appraiser })?;
        let database = context.data::<Database>()?;
        let Some(state) = period_state(database, period).await.map_err(read_error)? else {
            return Ok(Vec::new());
        };
        let Some(assignment) = state.assignment(appraiser).cloned() else {
            return Ok(Vec::new());
        };
        let mut items = Vec::new();
        for unit in &assignment.units {
            let card = scorecard(database, period, &unit.to_string())
                .await
                .map_err(read_error)?;
            for leaf in &assignment.leaves {
                let row = card
                    .as_ref()
                    .and_then(|c| c.leaves.iter().find(|l| l.code == leaf.as_str()));
                items.push(WorksheetItem {
                    unit_id: ID(unit.to_string()),
                    leaf: leaf.to_string(),
                    self_points: row.and_then(|r| r.self_points.clone()),
                    not_applicable: row.is_some_and(|r| r.not_applicable_reason.is_some()),
                    round1_points: row.and_then(|r| r.round1_points.clone()),
                    round2_points: row.and_then(|r| r.round2_points.clone()),
                });
            }
        }
        Ok(items)
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
        let board = visible_progress(caller, board);
        Ok(ProgressBoardView {
            units: board
                .units
                .into_iter()
                .map(|u| UnitProgressView {
                    unit_id: ID(u.unit_id),
                    code: u.code,
                    name: u.name,
                    status: u.status,
                })
                .collect(),
            appraisers: board
                .appraisers
                .into_iter()
                .map(|a| AppraiserProgressView {
                    appraiser_id: ID(a.appraiser_id),
                    assigned: a.assigned,
                    round1_done: a.round1_done,
                    round2_done: a.round2_done,
                    submitted: a.submitted,
                })
                .collect(),
        })
    }
}
