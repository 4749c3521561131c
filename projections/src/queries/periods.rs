//! Scoring periods.

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{CriteriaSetId, PeriodId};
use chamdiem_domain::period::{Deadlines, PeriodStatus};

use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx};

/// A period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRow {
    /// Its id.
    pub period_id: PeriodId,
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// Its criteria set.
    pub criteria_set_id: CriteriaSetId,
    /// Where its results stand.
    pub status: PeriodStatus,
    /// Its current deadlines.
    pub deadlines: Deadlines,
}

/// A row of `rm_periods`.
#[derive(sqlx::FromRow)]
struct PeriodRecord {
    period_id: String,
    name: String,
    year: i64,
    criteria_set_id: String,
    status: String,
    deadlines: String,
}

impl PeriodRecord {
    fn read(self) -> Result<PeriodRow, ProjectionError> {
        let at = RowAt::new("rm_periods", &self.period_id);
        Ok(PeriodRow {
            period_id: at.parsed("period_id", &self.period_id, str::parse)?,
            year: at.count("year", self.year)?,
            criteria_set_id: at.parsed("criteria_set_id", &self.criteria_set_id, str::parse)?,
            status: at.named("status", &self.status)?,
            deadlines: at.json("deadlines", &self.deadlines)?,
            name: self.name,
        })
    }
}

const PERIOD_COLUMNS: &str =
    "SELECT period_id, name, year, criteria_set_id, status, deadlines FROM rm_periods";

/// The period `id`, if there is one.
pub async fn period(
    database: &Database,
    id: PeriodId,
) -> Result<Option<PeriodRow>, ProjectionError> {
    let records: Vec<PeriodRecord> = ProjectionTx::read_records(
        database,
        &format!("{PERIOD_COLUMNS} WHERE period_id = $1"),
        &[id.to_string().into()],
    )
    .await?;
    records
        .into_iter()
        .next()
        .map(PeriodRecord::read)
        .transpose()
}

/// Every period, newest year first.
pub async fn periods(database: &Database) -> Result<Vec<PeriodRow>, ProjectionError> {
    let records: Vec<PeriodRecord> = ProjectionTx::read_records(
        database,
        &format!("{PERIOD_COLUMNS} ORDER BY rm_periods.year DESC, rm_periods.name"),
        &[],
    )
    .await?;
    records.into_iter().map(PeriodRecord::read).collect()
}
