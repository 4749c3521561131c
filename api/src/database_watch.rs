//! Whether the database is away, known before a request has to find out.
//!
//! Without it, every request during an outage waits for the pool's acquire
//! timeout (five seconds) before it can answer UNAVAILABLE, and a client
//! that retries piles more waiting requests on. A watcher asks the database
//! for a fresh connection twice a second; while it is refused, requests are
//! answered UNAVAILABLE at once, and as soon as it is accepted again,
//! service resumes: no restart.
//!
//! A refusal counts at once; a probe that only timed out counts once the
//! next one times out too. On a loaded machine a new connection can take
//! longer than the probe allows while the pool's connections serve every
//! request: shedding requests on one slow probe answered a whole test run
//! UNAVAILABLE with the database present.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chamdiem_commands::store::{Database, ProbeAnswer};
use tokio::sync::watch;

/// How often the database is asked.
const INTERVAL: Duration = Duration::from_millis(500);
/// How long a new connection may take before the probe counts as slow.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How many slow probes in a row count the database away.
const SLOW_PROBES_AWAY: u32 = 2;

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
        let mut slow_in_a_row = 0;
        loop {
            let probe = database.accepts_connections(PROBE_TIMEOUT).await;
            let away = match ProbeAnswer::of(&probe) {
                ProbeAnswer::Accepted | ProbeAnswer::RefusedButUp => {
                    slow_in_a_row = 0;
                    false
                }
                ProbeAnswer::Gone => true,
                ProbeAnswer::Slow => {
                    slow_in_a_row += 1;
                    slow_in_a_row >= SLOW_PROBES_AWAY
                }
            };
            let was_away = self.away.swap(away, Ordering::Relaxed);
            match (&probe, away, was_away) {
                (Err(error), true, false) => {
                    tracing::warn!(%error, "database away: requests are answered UNAVAILABLE");
                }
                (Err(error), false, _) => {
                    tracing::warn!(%error, "database probe failed, but the server still counts as up");
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
