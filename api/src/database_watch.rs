//! Whether the database is away, known before a request has to find out.
//!
//! Without it, every request during an outage waits for the pool's acquire
//! timeout (five seconds) before it can answer UNAVAILABLE, and a client
//! that retries piles more waiting requests on. A watcher asks the database
//! for a fresh connection twice a second; while it is refused, requests are
//! answered UNAVAILABLE at once, and as soon as it is accepted again,
//! service resumes: no restart.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chamdiem_commands::store::{Database, StoreError, database_unreachable};
use tokio::sync::watch;

/// How often the database is asked.
const INTERVAL: Duration = Duration::from_millis(500);
/// How long a new connection may take before the database counts as away.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The shared verdict: cheap to read on every request.
#[derive(Debug, Clone, Default)]
pub struct DatabaseWatch {
    away: Arc<AtomicBool>,
}

impl DatabaseWatch {
    /// Whether the last probe failed.
    pub fn is_away(&self) -> bool {
        self.away.load(Ordering::Relaxed)
    }

    /// Probes `database` until `stopped` turns true, updating the verdict
    /// and logging each change once.
    pub async fn run(self, database: Database, mut stopped: watch::Receiver<bool>) {
        loop {
            let probe = database.accepts_connections(PROBE_TIMEOUT).await;
            // Only an answer that says the server is gone counts: a server
            // at its connection limit (SQLSTATE 53300) still serves the
            // pool's connections.
            let away = match &probe {
                Ok(()) => false,
                Err(StoreError::Query(error)) => database_unreachable(error),
                Err(_) => true,
            };
            let was_away = self.away.swap(away, Ordering::Relaxed);
            match (&probe, away, was_away) {
                (Err(error), true, false) => {
                    tracing::warn!(%error, "database away: requests are answered UNAVAILABLE");
                }
                (Err(error), false, _) => {
                    tracing::warn!(%error, "database probe refused, but the server is up");
                }
                (Ok(()), _, true) => tracing::info!("database back: serving again"),
                _ => {}
            }
            tokio::select! {
                _ = stopped.changed() => return,
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    }
}
