//! The progress board of a period: which units have submitted, which are
//! late, which appraisers are done.

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::{DeadlineKind, Deadlines};
use chrono::{DateTime, Utc};

use crate::{ProjectionError, ProjectionTx};

/// Where a unit's self-assessment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitProgress {
    /// The unit's id.
    pub unit_id: String,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// `draft`, `approved`, `submitted`, or `late` (not submitted after the deadline).
    pub status: String,
}

/// Where an appraiser stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraiserProgress {
    /// The appraiser's account.
    pub appraiser_id: String,
    /// (unit, leaf) pairs assigned.
    pub assigned: i64,
    /// Pairs with a round-1 score.
    pub round1_done: i64,
    /// Pairs with a round-2 score.
    pub round2_done: i64,
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

/// The progress board of `period` at `now` (lateness depends on the time).
pub async fn progress_board(
    database: &Database,
    period: PeriodId,
    now: DateTime<Utc>,
) -> Result<ProgressBoard, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let key = [period.to_string().into()];
    let deadlines: Option<Deadlines> = tx
        .text(
            "SELECT deadlines FROM rm_periods WHERE period_id = $1",
            &key,
        )
        .await?
        .and_then(|json| {
            serde_json::from_str::<Option<Deadlines>>(&json)
                .ok()
                .flatten()
        });
    let late = deadlines.is_some_and(|d| d.has_passed(DeadlineKind::SelfAssessment, now));
    let units_json = tx
        .text(
            "SELECT period_state FROM rm_periods WHERE period_id = $1",
            &key,
        )
        .await?
        .unwrap_or_default();
    let period_state: chamdiem_domain::period::Period =
        serde_json::from_str(&units_json).unwrap_or_default();
    let mut units = Vec::new();
    for unit in period_state.units() {
        let unit_key = [period.to_string().into(), unit.unit_id.to_string().into()];
        let status = tx
            .text(
                "SELECT status FROM rm_scorecards WHERE period_id = $1 AND unit_id = $2",
                &unit_key,
            )
            .await?
            .unwrap_or_else(|| "draft".to_owned());
        let name = tx
            .text(
                "SELECT name FROM rm_units WHERE unit_id = $1",
                &[unit.unit_id.to_string().into()],
            )
            .await?
            .unwrap_or_default();
        let status = if status != "submitted" && late {
            "late".to_owned()
        } else {
            status
        };
        units.push(UnitProgress {
            unit_id: unit.unit_id.to_string(),
            code: unit.code.to_string(),
            name,
            status,
        });
    }
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let rows = tx
        .text_rows(
            "SELECT appraiser_id, CAST(assigned AS TEXT), CAST(round1_done AS TEXT), CAST(round2_done AS TEXT), CAST(submitted AS TEXT)
             FROM rm_worksheets WHERE period_id = $1 ORDER BY appraiser_id",
            &key,
        )
        .await?;
    tx.commit().await?;
    let number = |cell: &Option<String>| {
        cell.as_deref()
            .and_then(|c| c.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let appraisers = rows
        .iter()
        .map(|row| AppraiserProgress {
            appraiser_id: row.first().cloned().flatten().unwrap_or_default(),
            assigned: number(&row[1]),
            round1_done: number(&row[2]),
            round2_done: number(&row[3]),
            submitted: number(&row[4]) == 1,
        })
        .collect();
    Ok(ProgressBoard { units, appraisers })
}
