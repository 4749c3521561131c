//! The audit trail: one row per event, with who, what and a Vietnamese line
//! (the payload stays in the log, joined by position when read).

use chamdiem_commands::store::LoggedEvent;
use chrono::SecondsFormat;

use crate::summary::summary;
use crate::{ProjectionError, ProjectionTx, SqlValue};

const INSERT: &str = "INSERT INTO rm_audit_trail
    (position, recorded_at, actor, role, unit_id, aggregate_type, aggregate_id, event_type, summary)";

/// The audit rows of a batch's events, written together when the batch ends.
#[derive(Debug, Default)]
pub struct AuditRows {
    rows: Vec<Vec<SqlValue>>,
}

impl AuditRows {
    /// Adds the event's row.
    pub fn add(&mut self, event: &LoggedEvent) {
        let metadata: serde_json::Value = serde_json::from_str(&event.metadata).unwrap_or_default();
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
    }

    /// Writes the rows added so far.
    pub async fn flush(&mut self, tx: &mut ProjectionTx) -> Result<(), ProjectionError> {
        tx.insert_rows(INSERT, "", &self.rows).await?;
        self.rows.clear();
        Ok(())
    }
}
