//! The directory of units.

use std::collections::HashMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::UnitId;
use chamdiem_domain::unit::{UnitCode, UnitKind};

use super::id_list::{CHUNK, in_list};
use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// A unit of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// Its id.
    pub unit_id: UnitId,
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: UnitKind,
    /// Its parent.
    pub parent_id: Option<UnitId>,
    /// Whether it is active.
    pub active: bool,
}

/// A row of `rm_units`.
#[derive(sqlx::FromRow)]
struct UnitRecord {
    unit_id: String,
    code: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    active: i64,
}

impl UnitRecord {
    fn read(self) -> Result<UnitRow, ProjectionError> {
        let at = RowAt::new("rm_units", &self.unit_id);
        Ok(UnitRow {
            unit_id: at.parsed("unit_id", &self.unit_id, str::parse)?,
            code: at.parsed("code", &self.code, UnitCode::parse)?,
            kind: at.known("kind", &self.kind, UnitKind::parse)?,
            parent_id: at.optional("parent_id", self.parent_id.as_deref(), str::parse)?,
            active: at.flag("active", self.active)?,
            name: self.name,
        })
    }
}

const UNIT_COLUMNS: &str = "SELECT unit_id, code, name, kind, parent_id, active FROM rm_units";

/// Units in code order, after `after` (a code), up to `first`.
pub async fn units(
    database: &Database,
    after: Option<&str>,
    first: u32,
) -> Result<Vec<UnitRow>, ProjectionError> {
    let records: Vec<UnitRecord> = ProjectionTx::read_records(
        database,
        &format!("{UNIT_COLUMNS} WHERE ($1 IS NULL OR code > $1) ORDER BY rm_units.code LIMIT $2"),
        &[
            SqlValue::from(after.map(str::to_owned)),
            i64::from(first).into(),
        ],
    )
    .await?;
    records.into_iter().map(UnitRecord::read).collect()
}

/// These units, by id (for batching N lookups into one); ids with no unit
/// are left out.
pub async fn units_by_id(
    database: &Database,
    ids: &[UnitId],
) -> Result<HashMap<UnitId, UnitRow>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let mut found = HashMap::new();
    // One statement per chunk: portable (no array parameters on SQLite).
    for chunk in ids.chunks(CHUNK) {
        let (within, values) = in_list(0, chunk);
        let sql = format!("{UNIT_COLUMNS} WHERE unit_id {within}");
        let records: Vec<UnitRecord> = tx.records(&sql, &values).await?;
        for record in records {
            let unit = record.read()?;
            found.insert(unit.unit_id, unit);
        }
    }
    tx.commit().await?;
    Ok(found)
}

/// The names of these units, by id.
pub async fn unit_names(
    database: &Database,
    ids: &[UnitId],
) -> Result<HashMap<UnitId, String>, ProjectionError> {
    Ok(units_by_id(database, ids)
        .await?
        .into_iter()
        .map(|(id, unit)| (id, unit.name))
        .collect())
}
