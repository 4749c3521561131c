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

use chamdiem_commands::store::Database;
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
            let was_away = self.away.swap(probe.is_err(), Ordering::Relaxed);
            match (&probe, was_away) {
                (Err(error), false) => {
                    tracing::warn!(%error, "database away: requests are answered UNAVAILABLE");
                }
                (Ok(()), true) => tracing::info!("database back: serving again"),
                _ => {}
            }
            tokio::select! {
                _ = stopped.changed() => return,
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    }
}
