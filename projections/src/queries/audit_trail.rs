//! The audit trail: every event with who did it and a Vietnamese line, the
//! payload read from the event itself.

use chamdiem_commands::store::{Database, StoredEventKey, payload_without_password_hash};
use chamdiem_domain::account::Role;
use chamdiem_domain::ids::PeriodId;
use chrono::{DateTime, Utc};

use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Log position (also the cursor).
    pub position: i64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who acted.
    pub actor: Option<String>,
    /// Their role (none for the operator and the process managers).
    pub role: Option<Role>,
    /// Their unit.
    pub unit_id: Option<String>,
    /// The aggregate type.
    pub aggregate_type: String,
    /// The aggregate id.
    pub aggregate_id: String,
    /// The event type.
    pub event_type: String,
    /// The Vietnamese summary.
    pub summary: String,
    /// The stored payload.
    pub payload: String,
}

/// Filters of the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only events by this actor.
    pub actor: Option<String>,
    /// Only events by accounts of this unit.
    pub unit_id: Option<String>,
    /// Only this event type.
    pub event_type: Option<String>,
    /// Only events of this aggregate.
    pub aggregate_id: Option<String>,
    /// Only events recorded at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Only events recorded before this time (RFC 3339).
    pub until: Option<String>,
}

/// Up to `first` rows after position `after`, oldest first, matching `filter`.
pub async fn audit_trail(
    database: &Database,
    after: i64,
    first: u32,
    filter: &AuditFilter,
) -> Result<Vec<AuditRow>, ProjectionError> {
    let optional = |v: &Option<String>| SqlValue::from(v.clone());
    let sql = format!(
        "{AUDIT_COLUMNS}
         WHERE a.position > $1
           AND ($2 IS NULL OR a.actor = $2) AND ($3 IS NULL OR a.unit_id = $3) AND ($4 IS NULL OR a.event_type = $4)
           AND ($5 IS NULL OR a.aggregate_id = $5) AND ($6 IS NULL OR a.recorded_at >= $6) AND ($7 IS NULL OR a.recorded_at < $7)
         ORDER BY a.position LIMIT $8"
    );
    let values = [
        after.into(),
        optional(&filter.actor),
        optional(&filter.unit_id),
        optional(&filter.event_type),
        optional(&filter.aggregate_id),
        optional(&filter.since),
        optional(&filter.until),
        i64::from(first).into(),
    ];
    let records: Vec<AuditRecord> = ProjectionTx::read_records(database, &sql, &values).await?;
    records.into_iter().map(AuditRecord::read).collect()
}

/// Every event about one leaf of one unit in a period (its scorecard's and
/// the appraisers'), oldest first.
pub async fn leaf_history(
    database: &Database,
    period: PeriodId,
    unit: &str,
    leaf: &str,
) -> Result<Vec<AuditRow>, ProjectionError> {
    let mut rows = Vec::new();
    let mut after = 0;
    loop {
        let page = audit_trail_with_prefix(database, after, 1_000, &format!("{period}:")).await?;
        let Some(last) = page.last().map(|r| r.position) else {
            break;
        };
        after = last;
        for row in page {
            if concerns_leaf(&row, unit, leaf)? {
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// Whether an event of a period's aggregates is about `leaf` of `unit`.
fn concerns_leaf(row: &AuditRow, unit: &str, leaf: &str) -> Result<bool, ProjectionError> {
    let position = row.position.to_string();
    let payload: serde_json::Value =
        RowAt::new("events", &position).json("payload", &row.payload)?;
    let Some(inner) = payload.get(&row.event_type) else {
        return Err(RowAt::new("events", &position).unreadable(
            "payload",
            format!("no {:?} inside the payload", row.event_type),
        ));
    };
    let same_unit = inner["unit_id"] == unit || row.aggregate_id.ends_with(unit);
    let same_leaf = inner["leaf"] == leaf
        || inner["response"]["answers"].get(leaf).is_some()
        || inner["final_scores"].as_array().is_some_and(|scores| {
            scores
                .iter()
                .any(|s| s["leaf"] == leaf && s["unit_id"] == unit)
        });
    Ok(same_unit && same_leaf)
}

async fn audit_trail_with_prefix(
    database: &Database,
    after: i64,
    first: u32,
    prefix: &str,
) -> Result<Vec<AuditRow>, ProjectionError> {
    let sql = format!(
        "{AUDIT_COLUMNS} WHERE a.position > $1 AND a.aggregate_id LIKE $2 ORDER BY a.position LIMIT $3"
    );
    let values = [
        after.into(),
        format!("{prefix}%").into(),
        i64::from(first).into(),
    ];
    let records: Vec<AuditRecord> = ProjectionTx::read_records(database, &sql, &values).await?;
    records.into_iter().map(AuditRecord::read).collect()
}

/// The audit trail's columns, the payload read from the event itself.
const AUDIT_COLUMNS: &str = "SELECT a.position, a.recorded_at, a.actor, a.role, a.unit_id,
        a.aggregate_type, a.aggregate_id, a.event_type, a.summary, CAST(e.payload AS TEXT) AS payload,
        e.sequence, e.event_version
     FROM rm_audit_trail a JOIN events e ON e.position = a.position";

/// A row of [`AUDIT_COLUMNS`].
#[derive(sqlx::FromRow)]
struct AuditRecord {
    position: i64,
    recorded_at: String,
    actor: Option<String>,
    role: Option<String>,
    unit_id: Option<String>,
    aggregate_type: String,
    aggregate_id: String,
    event_type: String,
    summary: String,
    payload: String,
    sequence: i64,
    event_version: String,
}

impl AuditRecord {
    /// The row, with any password hash an older history holds taken out of
    /// the payload (ops/decisions/0017).
    fn read(self) -> Result<AuditRow, ProjectionError> {
        let position = self.position.to_string();
        let at = RowAt::new("rm_audit_trail", &position);
        let key = StoredEventKey {
            aggregate_type: &self.aggregate_type,
            aggregate_id: &self.aggregate_id,
            sequence: RowAt::new("events", &position).count("sequence", self.sequence)?,
            event_type: &self.event_type,
            event_version: &self.event_version,
        };
        let payload = payload_without_password_hash(key, &self.payload)
            .map_err(|e| RowAt::new("events", &position).unreadable("payload", e))?;
        Ok(AuditRow {
            position: self.position,
            recorded_at: at
                .parsed(
                    "recorded_at",
                    &self.recorded_at,
                    DateTime::parse_from_rfc3339,
                )?
                .with_timezone(&Utc),
            role: match &self.role {
                Some(role) => Some(at.known("role", role, Role::parse)?),
                None => None,
            },
            actor: self.actor,
            unit_id: self.unit_id,
            aggregate_type: self.aggregate_type,
            aggregate_id: self.aggregate_id,
            event_type: self.event_type,
            summary: self.summary,
            payload,
        })
    }
}
