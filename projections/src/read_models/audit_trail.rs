//! The audit trail: one row per event, with who, what and a Vietnamese line
//! (the payload stays in the log, joined by position when read).

use chamdiem_commands::store::LoggedEvent;
use chrono::SecondsFormat;

use crate::summary::summary;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// The trail's secondary indexes, as its migration creates them. A rebuild
/// drops them and builds each once at the end, from sorted data, instead of
/// updating four b-trees for every one of a million rows (a national
/// rebuild: 106 s before, 84 s after, the builds included).
const SECONDARY_INDEXES: [(&str, &str); 4] = [
    (
        "rm_audit_trail_by_aggregate",
        "(aggregate_type, aggregate_id, position)",
    ),
    ("rm_audit_trail_by_actor", "(actor, position)"),
    ("rm_audit_trail_by_unit", "(unit_id, position)"),
    ("rm_audit_trail_by_type", "(event_type, position)"),
];

/// Drops the secondary indexes (before a rebuild fills the trail).
pub async fn drop_indexes(tx: &mut ProjectionTx) -> Result<(), ProjectionError> {
    for (name, _) in SECONDARY_INDEXES {
        tx.execute(&format!("DROP INDEX IF EXISTS {name}"), &[])
            .await?;
    }
    Ok(())
}

/// Creates whichever secondary index is missing: after a rebuild, and as a
/// projector starts, in case a rebuild was stopped before it ended.
pub async fn ensure_indexes(tx: &mut ProjectionTx) -> Result<(), ProjectionError> {
    for (name, columns) in SECONDARY_INDEXES {
        tx.execute(
            &format!("CREATE INDEX IF NOT EXISTS {name} ON rm_audit_trail {columns}"),
            &[],
        )
        .await?;
    }
    Ok(())
}

const INSERT: &str = "INSERT INTO rm_audit_trail
    (position, recorded_at, actor, role, unit_id, aggregate_type, aggregate_id, event_type, summary)";

/// The audit rows of a batch's events, written together when the batch ends.
#[derive(Debug, Default)]
pub struct AuditRows {
    rows: Vec<Vec<SqlValue>>,
}

impl AuditRows {
    /// Adds the event's row; metadata that does not read is the event's
    /// fault (the projector steps over it and reports it), never a row
    /// without its actor.
    pub fn add(&mut self, event: &LoggedEvent) -> Result<(), ProjectionError> {
        let metadata: serde_json::Value = serde_json::from_str(&event.metadata).map_err(|e| {
            ProjectionError::corrupt(format!("events.metadata at {}", event.position), e)
        })?;
        let field = |name: &str| {
            SqlValue::from(
                metadata
                    .get(name)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
            )
        };
        self.rows.push(vec![
            event.position.get().into(),
            event
                .recorded_at
                .to_rfc3339_opts(SecondsFormat::Micros, true)
                .into(),
            field("actor"),
            field("role"),
            field("unit"),
            event.aggregate_type.as_str().into(),
            event.aggregate_id.as_str().into(),
            event.event_type.as_str().into(),
            summary(event).into(),
        ]);
        Ok(())
    }

    /// Writes the rows added so far.
    pub async fn flush(&mut self, tx: &mut ProjectionTx) -> Result<(), ProjectionError> {
        tx.insert_rows(INSERT, "", &self.rows).await?;
        self.rows.clear();
        Ok(())
    }
}
