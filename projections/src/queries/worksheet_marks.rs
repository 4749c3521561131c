//! What an appraiser's worksheet needs to know of its units' scorecards to
//! say how far it stands: whether each unit submitted, and per leaf whether
//! it is marked not applicable and which rounds scored it. Read as flags in
//! two statements, without the evidence, answers and totals a full
//! scorecard carries (a province's worksheet covers every unit).

use std::collections::{BTreeSet, HashMap};

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};

use super::ScorecardStatus;
use super::id_list::{CHUNK, in_list};
use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// One unit's marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitMarks {
    /// Whether the unit has submitted its self-assessment.
    pub submitted: bool,
    /// Leaves marked not applicable.
    pub not_applicable: BTreeSet<String>,
    /// Leaves with a round-1 score.
    pub round1: BTreeSet<String>,
    /// Leaves with a round-2 score.
    pub round2: BTreeSet<String>,
}

#[derive(sqlx::FromRow)]
struct StatusRecord {
    unit_id: String,
    status: String,
}

#[derive(sqlx::FromRow)]
struct MarkRecord {
    unit_id: String,
    code: String,
    not_applicable: i64,
    round1: i64,
    round2: i64,
}

/// The marks of `units` in `period`, by unit (units nothing happened to
/// are absent).
pub async fn worksheet_marks(
    database: &Database,
    period: PeriodId,
    units: &[UnitId],
) -> Result<HashMap<UnitId, UnitMarks>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let mut found: HashMap<UnitId, UnitMarks> = HashMap::new();
    for chunk in units.chunks(CHUNK) {
        let (units_in, unit_values) = in_list(1, chunk);
        let within = format!("period_id = $1 AND unit_id {units_in}");
        let mut values = vec![SqlValue::from(period.to_string())];
        values.extend(unit_values);
        let statuses: Vec<StatusRecord> = tx
            .records(
                &format!("SELECT unit_id, status FROM rm_scorecards WHERE {within}"),
                &values,
            )
            .await?;
        for record in statuses {
            let at = RowAt::new("rm_scorecards", &record.unit_id);
            let unit: UnitId = at.parsed("unit_id", &record.unit_id, str::parse)?;
            let status: ScorecardStatus = at.named("status", &record.status)?;
            found.entry(unit).or_default().submitted = status == ScorecardStatus::Submitted;
        }
        let marks: Vec<MarkRecord> = tx
            .records(
                &format!(
                    "SELECT unit_id, code,
                            CAST(CASE WHEN not_applicable_reason IS NULL THEN 0 ELSE 1 END AS BIGINT) AS not_applicable,
                            CAST(CASE WHEN round1_points IS NULL THEN 0 ELSE 1 END AS BIGINT) AS round1,
                            CAST(CASE WHEN round2_points IS NULL THEN 0 ELSE 1 END AS BIGINT) AS round2
                     FROM rm_scorecard_leaves WHERE {within}"
                ),
                &values,
            )
            .await?;
        for record in marks {
            let key = format!("{}/{}", record.unit_id, record.code);
            let at = RowAt::new("rm_scorecard_leaves", &key);
            let unit: UnitId = at.parsed("unit_id", &record.unit_id, str::parse)?;
            let unit = found.entry(unit).or_default();
            for (column, value, set) in [
                (
                    "not_applicable",
                    record.not_applicable,
                    &mut unit.not_applicable,
                ),
                ("round1", record.round1, &mut unit.round1),
                ("round2", record.round2, &mut unit.round2),
            ] {
                if at.flag(column, value)? {
                    set.insert(record.code.clone());
                }
            }
        }
    }
    tx.commit().await?;
    Ok(found)
}
