//! Process managers: reactions to the global log, with a checkpoint.
//!
//! - an appraisal submitted → the period records the submission (Điều 10.3:
//!   the worksheet is closed for that period, the account stays open,
//!   decision 0021);
//! - the last appraisal of a period recorded → the results are aggregated
//!   (Điều 11.1).
//!
//! Each reaction is a command that refuses or does nothing when repeated,
//! so replaying the log after a crash changes nothing twice.

mod aggregate_results;
mod checkpoint;
mod reaction;
mod record_appraisal_submission;

use crate::command_error::CommandError;
use crate::store::{Database, LoggedEvent};
use crate::write_side::WriteSide;

pub use reaction::{Observed, Reaction, reaction_to};

/// The checkpoint name of the cycle's process managers.
const NAME: &str = "cycle";
/// How many events are read per batch.
const BATCH: u32 = 500;
/// The advisory-lock key that keeps one instance at a time on PostgreSQL,
/// paired with the schema's hash so that schemas do not wait for one another.
const ADVISORY_LOCK_KEY: i32 = 0x636d_706d;

/// Runs the process managers over the global log.
pub struct ProcessManagers {
    write_side: WriteSide,
    // One pass at a time within this process; PostgreSQL's advisory lock
    // extends that across processes.
    running: tokio::sync::Mutex<()>,
}

impl ProcessManagers {
    /// Process managers acting through `write_side`.
    pub fn new(write_side: WriteSide) -> Self {
        Self {
            write_side,
            running: tokio::sync::Mutex::new(()),
        }
    }

    /// Handles every event after the checkpoint; returns how many were read.
    /// Another instance holding the lock makes this return 0 at once.
    pub async fn catch_up(&self) -> Result<usize, CommandError> {
        let _running = self.running.lock().await;
        let database = self.write_side.database().clone();
        match &database {
            Database::Postgres(pool) => {
                let mut lock = pool
                    .acquire()
                    .await
                    .map_err(crate::store::StoreError::from)?;
                let acquired: bool = sqlx::query_scalar(
                    "SELECT pg_try_advisory_lock(hashtext(current_schema()), $1)",
                )
                .bind(ADVISORY_LOCK_KEY)
                .fetch_one(&mut *lock)
                .await
                .map_err(crate::store::StoreError::from)?;
                if !acquired {
                    return Ok(0);
                }
                let outcome = self.pass(&database).await;
                let released =
                    sqlx::query("SELECT pg_advisory_unlock(hashtext(current_schema()), $1)")
                        .bind(ADVISORY_LOCK_KEY)
                        .execute(&mut *lock)
                        .await;
                if released.is_err() {
                    // Never hand a connection still holding the lock back to the pool.
                    lock.detach();
                }
                outcome
            }
            Database::Sqlite(_) => self.pass(&database).await,
        }
    }

    async fn pass(&self, database: &Database) -> Result<usize, CommandError> {
        let mut handled = 0;
        loop {
            let from = checkpoint::load(database, NAME).await?.next();
            let batch = database.read_from(from, BATCH).await?;
            if batch.is_empty() {
                return Ok(handled);
            }
            // The checkpoint moves after each reaction (so that none is
            // given twice after a crash) and at the end of the batch; the
            // events in between need nothing, and a replay of them does nothing.
            let mut saved = true;
            for event in &batch {
                if self.handle(event).await? {
                    checkpoint::save(database, NAME, event.position).await?;
                    saved = true;
                } else {
                    saved = false;
                }
                handled += 1;
            }
            if let (false, Some(last)) = (saved, batch.last()) {
                checkpoint::save(database, NAME, last.position).await?;
            }
        }
    }

    /// Reacts to one event; answers whether it was one that may call for a
    /// reaction. A refusal is logged and passed over (the log must keep
    /// moving); anything else stops the pass, to be retried.
    async fn handle(&self, event: &LoggedEvent) -> Result<bool, CommandError> {
        let observed = Observed::of(event)?;
        let outcome = match observed.reaction() {
            Reaction::RecordAppraisalSubmission(submitted) => {
                record_appraisal_submission::react(&self.write_side, event.position, submitted)
                    .await
            }
            Reaction::AggregateResults(period) => {
                aggregate_results::react(&self.write_side, event.position, period).await
            }
            Reaction::Nothing => return Ok(false),
        };
        match outcome {
            Err(CommandError::Refused { code, message }) => {
                tracing::warn!(position = %event.position, code = code.as_str(), message, "process manager: command refused; passing over");
                Ok(true)
            }
            other => other.map(|()| true),
        }
    }
}
