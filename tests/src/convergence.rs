//! After a load: the read models catch up with the log, and then equal
//! what a full rebuild of the log gives, table by table.

use std::time::Duration;

use chamdiem_commands::store::Database;
use chamdiem_projections::{Projector, dump_read_models};

/// Waits until the projectors (of whichever servers run) have applied
/// every event; `Err` after `timeout`.
pub async fn wait_until_projected(database: &Database, timeout: Duration) -> Result<(), String> {
    let projector = Projector::new(database.clone());
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        match projector.lag().await {
            Ok(0) => return Ok(()),
            Ok(lag) if tokio::time::Instant::now() >= deadline => {
                return Err(format!("the read models are still {lag} events behind"));
            }
            Err(error) if tokio::time::Instant::now() >= deadline => {
                return Err(error.to_string());
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Dumps the read models, rebuilds them from the log, and compares: the
/// names of the tables that differ (none when they converged). Run it with
/// no server writing.
pub async fn tables_differing_from_a_rebuild(database: &Database) -> Result<Vec<String>, String> {
    let incremental = dump_read_models(database)
        .await
        .map_err(|e| e.to_string())?;
    Projector::new(database.clone())
        .rebuild(|_, _| {})
        .await
        .map_err(|e| e.to_string())?;
    let rebuilt = dump_read_models(database)
        .await
        .map_err(|e| e.to_string())?;
    Ok(rebuilt
        .iter()
        .filter(|(table, rows)| incremental.get(*table) != Some(rows))
        .map(|(table, _)| table.to_string())
        .collect())
}
