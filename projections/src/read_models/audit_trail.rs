//! The audit trail: one row per event, with who, what and a Vietnamese line.

use chamdiem_commands::store::LoggedEvent;
use chrono::SecondsFormat;

use crate::summary::summary;
use crate::{ProjectionError, ProjectionTx, SqlValue};

const INSERT: &str = "INSERT INTO rm_audit_trail
    (position, recorded_at, actor, role, unit_id, aggregate_type, aggregate_id, event_type, summary, payload)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Adds the event's row.
pub async fn apply(tx: &mut ProjectionTx, event: &LoggedEvent) -> Result<(), ProjectionError> {
    let metadata: serde_json::Value = serde_json::from_str(&event.metadata).unwrap_or_default();
    let field = |name: &str| {
        SqlValue::from(
            metadata
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::to_owned),
        )
    };
    tx.execute(
        INSERT,
        &[
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
            event.payload.as_str().into(),
        ],
    )
    .await?;
    Ok(())
}
