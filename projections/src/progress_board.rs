//! The progress board of a period: which units have submitted, which are
//! late, which appraisers are done.

use std::collections::HashMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};
use chamdiem_domain::period::DeadlineKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::queries::row_at::RowAt;
use crate::queries::{ScorecardStatus, UnitRow, period_state, units_by_id};
use crate::{ProjectionError, ProjectionTx};

/// Where a unit's self-assessment stands on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgressStatus {
    /// Being entered.
    Draft,
    /// Approved by its leader, not yet submitted.
    Approved,
    /// Submitted.
    Submitted,
    /// Not submitted, and the self-assessment deadline has passed.
    Late,
}

/// Where a unit's self-assessment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitProgress {
    /// The unit's id.
    pub unit_id: UnitId,
    /// The unit as the directory has it.
    pub unit: UnitRow,
    /// Where it stands.
    pub status: ProgressStatus,
}

/// Where an appraiser stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraiserProgress {
    /// The appraiser's account.
    pub appraiser_id: AccountId,
    /// (unit, leaf) pairs assigned.
    pub assigned: u32,
    /// Pairs with a round-1 score.
    pub round1_done: u32,
    /// Pairs with a round-2 score.
    pub round2_done: u32,
    /// Whether they have submitted.
    pub submitted: bool,
}

/// The board.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProgressBoard {
    /// Every unit in scope, by code.
    pub units: Vec<UnitProgress>,
    /// Every appraiser.
    pub appraisers: Vec<AppraiserProgress>,
}

/// A row of `rm_worksheets`, as far as the board needs it.
#[derive(sqlx::FromRow)]
struct WorksheetRecord {
    appraiser_id: String,
    assigned: i64,
    round1_done: i64,
    round2_done: i64,
    submitted: i64,
}

impl WorksheetRecord {
    fn read(self) -> Result<AppraiserProgress, ProjectionError> {
        let at = RowAt::new("rm_worksheets", &self.appraiser_id);
        Ok(AppraiserProgress {
            appraiser_id: at.parsed("appraiser_id", &self.appraiser_id, str::parse)?,
            assigned: at.count("assigned", self.assigned)?,
            round1_done: at.count("round1_done", self.round1_done)?,
            round2_done: at.count("round2_done", self.round2_done)?,
            submitted: at.flag("submitted", self.submitted)?,
        })
    }
}

/// A unit's scorecard status.
#[derive(sqlx::FromRow)]
struct StatusRecord {
    unit_id: String,
    status: String,
}

/// The progress board of `period` at `now` (lateness depends on the time);
/// empty when there is no such period.
pub async fn progress_board(
    database: &Database,
    period: PeriodId,
    now: DateTime<Utc>,
) -> Result<ProgressBoard, ProjectionError> {
    let Some(state) = period_state(database, period).await? else {
        return Ok(ProgressBoard::default());
    };
    // Late by the unit's own deadline: one extended for it alone is not
    // late until that day ends.
    let late = |unit: UnitId| {
        state
            .deadlines_for(unit)
            .is_some_and(|d| d.has_passed(DeadlineKind::SelfAssessment, now))
    };
    let key = [period.to_string().into()];
    let mut tx = ProjectionTx::begin_read(database).await?;
    let statuses: Vec<StatusRecord> = tx
        .records(
            "SELECT unit_id, status FROM rm_scorecards WHERE period_id = $1",
            &key,
        )
        .await?;
    let worksheets: Vec<WorksheetRecord> = tx
        .records(
            "SELECT appraiser_id, assigned, round1_done, round2_done, submitted
             FROM rm_worksheets WHERE period_id = $1 ORDER BY appraiser_id",
            &key,
        )
        .await?;
    tx.commit().await?;
    let mut status_of = HashMap::new();
    for record in statuses {
        let at = RowAt::new("rm_scorecards", &record.unit_id);
        let unit: UnitId = at.parsed("unit_id", &record.unit_id, str::parse)?;
        status_of.insert(unit, at.named::<ScorecardStatus>("status", &record.status)?);
    }
    let ids: Vec<UnitId> = state.units().map(|u| u.unit_id).collect();
    let names = units_by_id(database, &ids).await?;
    let mut units = Vec::new();
    for unit in state.units() {
        let status = match status_of.get(&unit.unit_id) {
            Some(ScorecardStatus::Submitted) => ProgressStatus::Submitted,
            _ if late(unit.unit_id) => ProgressStatus::Late,
            Some(ScorecardStatus::Approved) => ProgressStatus::Approved,
            Some(ScorecardStatus::Draft) | None => ProgressStatus::Draft,
        };
        let row = names.get(&unit.unit_id).cloned().ok_or_else(|| {
            RowAt::new("rm_units", &unit.unit_id.to_string()).unreadable(
                "unit_id",
                "a unit in the period's scope is not in the directory",
            )
        })?;
        units.push(UnitProgress {
            unit_id: unit.unit_id,
            unit: row,
            status,
        });
    }
    units.sort_by(|a, b| a.unit.code.as_str().cmp(b.unit.code.as_str()));
    let appraisers = worksheets
        .into_iter()
        .map(WorksheetRecord::read)
        .collect::<Result<_, _>>()?;
    Ok(ProgressBoard { units, appraisers })
}
