//! The projector: the global log, in commit order, into the read models.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chamdiem_commands::store::{Database, LogPosition, LoggedEvent};
use tokio::sync::{Mutex, Notify, watch};

use crate::read_models::{self, BatchWrites, ProjectionCache, TABLES, audit_trail};
use crate::{ProjectionError, ProjectionTx};

/// The checkpoint's name.
const NAME: &str = "read_models";
/// Events per transaction, unless set otherwise: large enough that the
/// statements a batch costs are spread over many events.
const BATCH: u32 = 5000;
/// Keeps one projector at a time on PostgreSQL (with the schema's hash).
const ADVISORY_LOCK_KEY: i32 = 0x726d_706a;

/// What a rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct RebuildReport {
    /// Events replayed.
    pub events: u64,
    /// How long it took.
    pub elapsed: Duration,
}

impl RebuildReport {
    /// Events per second.
    pub fn events_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.events as f64 / seconds
        } else {
            self.events as f64
        }
    }
}

/// Feeds the read models from the global log.
#[derive(Clone)]
pub struct Projector {
    database: Database,
    batch_size: u32,
    cache: Arc<Mutex<ProjectionCache>>,
    applied: Arc<AtomicU64>,
    // Whether this projector held the lock at its last attempt: then its
    // own news channel is the quickest word on the read models.
    leading: Arc<AtomicBool>,
    // The last committed checkpoint, for whoever waits for news (subscriptions).
    advanced: Arc<watch::Sender<LogPosition>>,
    // Rings when new events were committed in this process, so the pass
    // that projects them need not wait for its next tick.
    wake: Arc<Notify>,
    // Whether this projector has made sure the audit trail's indexes exist
    // (a rebuild stopped half-way leaves them dropped).
    indexes_checked: Arc<AtomicBool>,
}

impl Projector {
    /// A projector on `database`.
    pub fn new(database: Database) -> Self {
        Self {
            database,
            batch_size: BATCH,
            cache: Arc::default(),
            applied: Arc::default(),
            leading: Arc::default(),
            advanced: Arc::new(watch::channel(LogPosition::START).0),
            wake: Arc::default(),
            indexes_checked: Arc::default(),
        }
    }

    /// The same projector taking at most `events` per transaction (at least one).
    pub fn with_batch_size(mut self, events: u32) -> Self {
        self.batch_size = events.max(1);
        self
    }

    /// Says that events were just committed: the background pass runs now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Resolves when [`Projector::wake`] was called (since the last time).
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Tells each time the read models move forward (the new checkpoint).
    pub fn subscribe(&self) -> watch::Receiver<LogPosition> {
        self.advanced.subscribe()
    }

    /// How many events this projector has applied since it was made
    /// (committed or not): a progress counter.
    pub fn applied(&self) -> u64 {
        self.applied.load(Ordering::Relaxed)
    }

    /// The last position applied to the read models.
    pub async fn checkpoint(&self) -> Result<LogPosition, ProjectionError> {
        let mut tx = ProjectionTx::begin_read(&self.database).await?;
        let position = tx
            .int(
                "SELECT position FROM projection_checkpoints WHERE name = $1",
                &[NAME.into()],
            )
            .await?;
        tx.commit().await?;
        Ok(LogPosition::new(position.unwrap_or(0)))
    }

    /// Log head minus checkpoint: how far the read models are behind.
    pub async fn lag(&self) -> Result<i64, ProjectionError> {
        let head = self.database.log_head().await?;
        let lag = head.get() - self.checkpoint().await?.get();
        metrics::gauge!("projector_lag_events").set(lag as f64);
        Ok(lag)
    }

    /// Applies the next batch and moves the checkpoint, in one transaction.
    /// Returns how many events it applied (0: caught up, or another instance
    /// holds the lock).
    pub async fn run_batch(&self) -> Result<usize, ProjectionError> {
        self.apply_batch(Vec::new(), self.batch_size).await
    }

    /// [`Projector::run_batch`], given the events that may follow the
    /// checkpoint (read ahead while the previous batch was applied): used
    /// when they do follow it, read again when they do not.
    async fn apply_batch(
        &self,
        read_ahead: Vec<LoggedEvent>,
        limit: u32,
    ) -> Result<usize, ProjectionError> {
        let mut cache = self.cache.lock().await;
        let mut tx = ProjectionTx::begin(&self.database).await?;
        let leading = tx.try_exclusive(ADVISORY_LOCK_KEY).await?;
        self.leading.store(leading, Ordering::Relaxed);
        if !leading {
            return Ok(0);
        }
        let checkpoint = read_checkpoint(&mut tx).await?;
        cache.begin_batch(checkpoint);
        let from = LogPosition::new(checkpoint).next();
        let batch = if read_ahead.first().map(|e| e.position) == Some(from) {
            read_ahead
        } else {
            self.database.read_from(from, limit).await?
        };
        let Some(last) = batch.last().map(|e| e.position) else {
            return Ok(0);
        };
        let mut writes = BatchWrites::default();
        for event in &batch {
            read_models::apply(&mut tx, event, &mut cache, &mut writes).await?;
            self.applied.fetch_add(1, Ordering::Relaxed);
        }
        writes.flush(&mut tx, &mut cache).await?;
        write_checkpoint(&mut tx, last).await?;
        tx.commit().await?;
        cache.committed(last.get());
        self.advanced.send_replace(last);
        Ok(batch.len())
    }

    /// Applies batches until the read models have caught up with the log.
    pub async fn catch_up(&self) -> Result<usize, ProjectionError> {
        if !self.indexes_checked.load(Ordering::Relaxed) {
            self.ensure_indexes().await?;
        }
        let mut total = 0;
        loop {
            let applied = match self.run_batch().await {
                Ok(applied) => applied,
                Err(error) if error.is_transient() => return Err(error),
                Err(error) => self.step_past_poison(&error).await?,
            };
            if applied == 0 {
                return Ok(total);
            }
            total += applied;
        }
    }

    /// After a batch failed for a reason of its own: applies its events one
    /// at a time up to the one that fails by itself, which is recorded in
    /// `projection_skipped` and stepped over, so that no event can stop the
    /// read models for good. Returns how many events it got past.
    async fn step_past_poison(
        &self,
        batch_error: &ProjectionError,
    ) -> Result<usize, ProjectionError> {
        tracing::warn!(error = %batch_error, "projector: a batch failed; applying its events one by one");
        let mut passed = 0;
        for _ in 0..self.batch_size {
            match self.apply_batch(Vec::new(), 1).await {
                Ok(0) => break,
                Ok(applied) => passed += applied,
                Err(error) if error.is_transient() => return Err(error),
                Err(error) => {
                    // Only an event that fails by itself, again, on a database
                    // that answers, is stepped over: an error misread as the
                    // event's own during an outage must never skip one.
                    self.database.ping().await?;
                    match self.apply_batch(Vec::new(), 1).await {
                        Ok(applied) => passed += applied,
                        Err(again) if again.is_transient() => return Err(again),
                        Err(again) => {
                            tracing::warn!(first = %error, "projector: the event failed twice");
                            return Ok(passed + self.skip_next(&again).await?);
                        }
                    }
                }
            }
        }
        Ok(passed)
    }

    /// Records the event after the checkpoint as skipped, with `error`, and
    /// moves the checkpoint past it.
    async fn skip_next(&self, error: &ProjectionError) -> Result<usize, ProjectionError> {
        let mut cache = self.cache.lock().await;
        let mut tx = ProjectionTx::begin(&self.database).await?;
        if !tx.try_exclusive(ADVISORY_LOCK_KEY).await? {
            return Ok(0);
        }
        let checkpoint = read_checkpoint(&mut tx).await?;
        let next = self
            .database
            .read_from(LogPosition::new(checkpoint).next(), 1)
            .await?;
        let Some(event) = next.first() else {
            return Ok(0);
        };
        // The reason is kept as text; a database's message may quote the
        // very character that could not be stored.
        let reason: String = error
            .to_string()
            .replace('\0', "\u{fffd}")
            .chars()
            .take(2_000)
            .collect();
        tracing::error!(
            position = event.position.get(),
            event_type = %event.event_type,
            %reason,
            "projector: an event could not be applied to the read models and was skipped"
        );
        metrics::counter!("projection_skipped_total").increment(1);
        tx.execute(
            "INSERT INTO projection_skipped (position, event_type, reason) VALUES ($1, $2, $3)
             ON CONFLICT (position) DO NOTHING",
            &[
                event.position.get().into(),
                event.event_type.clone().into(),
                reason.into(),
            ],
        )
        .await?;
        write_checkpoint(&mut tx, event.position).await?;
        tx.commit().await?;
        // What the failed attempts left in memory is not trusted.
        *cache = ProjectionCache::default();
        self.advanced.send_replace(event.position);
        Ok(1)
    }

    /// The events the read models skipped (position, event name, reason),
    /// oldest first: while there is one, they are not to be trusted.
    pub async fn skipped(&self) -> Result<Vec<(i64, String, String)>, ProjectionError> {
        let mut tx = ProjectionTx::begin(&self.database).await?;
        let rows: Vec<SkippedRecord> = tx
            .records(
                "SELECT position, event_type, reason FROM projection_skipped ORDER BY position LIMIT 10",
                &[],
            )
            .await?;
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .map(|row| (row.position, row.event_type, row.reason))
            .collect())
    }

    /// Empties every read model and replays the whole log. `progress` is
    /// called after each batch with (events done, events in the log).
    pub async fn rebuild(
        &self,
        progress: impl Fn(u64, u64),
    ) -> Result<RebuildReport, ProjectionError> {
        let started = Instant::now();
        {
            let mut cache = self.cache.lock().await;
            let mut tx = ProjectionTx::begin(&self.database).await?;
            tx.empty_tables(&TABLES).await?;
            audit_trail::drop_indexes(&mut tx).await?;
            tx.commit().await?;
            *cache = ProjectionCache::default();
        }
        let head = self.database.log_head().await?;
        let total = u64::try_from(head.get()).unwrap_or(0);
        // One task reads the log ahead, batch after batch, while this one
        // applies: reading and applying overlap.
        let (batches, mut read) = tokio::sync::mpsc::channel::<Vec<LoggedEvent>>(2);
        let reader = {
            let (database, size) = (self.database.clone(), self.batch_size);
            tokio::spawn(async move {
                let mut from = LogPosition::START.next();
                while from <= head {
                    let Ok(batch) = database.read_from(from, size).await else {
                        return;
                    };
                    let Some(last) = batch.last().map(|e| e.position) else {
                        return;
                    };
                    from = last.next();
                    if batches.send(batch).await.is_err() {
                        return;
                    }
                }
            })
        };
        let mut done = 0_u64;
        let outcome = loop {
            let read_ahead = read.recv().await.unwrap_or_default();
            let applied = match self.apply_batch(read_ahead, self.batch_size).await {
                Err(error) if !error.is_transient() => self.step_past_poison(&error).await,
                other => other,
            };
            match applied {
                Ok(0) => break Ok(()),
                Ok(applied) => {
                    done += applied as u64;
                    progress(done, total);
                }
                Err(error) => break Err(error),
            }
        };
        reader.abort();
        // Built even when the replay failed: the trail stays searchable.
        let indexed = self.ensure_indexes().await;
        outcome?;
        indexed?;
        Ok(RebuildReport {
            events: done,
            elapsed: started.elapsed(),
        })
    }

    /// Creates the audit trail's indexes where missing.
    async fn ensure_indexes(&self) -> Result<(), ProjectionError> {
        let mut tx = ProjectionTx::begin(&self.database).await?;
        audit_trail::ensure_indexes(&mut tx).await?;
        tx.commit().await?;
        self.indexes_checked.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// Waits until the read models have applied `position`, up to `timeout`;
    /// whether they did (read-your-writes for a mutation's answer).
    pub async fn wait_for(
        &self,
        position: LogPosition,
        timeout: Duration,
    ) -> Result<bool, ProjectionError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut advanced = self.advanced.subscribe();
        // This process's own projector says so without a query; the stored
        // checkpoint covers a projector running elsewhere: asked at once
        // when ours is not the one running, else at each tick without news.
        let mut ask_store = !self.leading.load(Ordering::Relaxed);
        loop {
            if *advanced.borrow_and_update() >= position
                || (ask_store && self.checkpoint().await? >= position)
            {
                return Ok(true);
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::select! {
                _ = advanced.changed() => ask_store = false,
                () = tokio::time::sleep(Duration::from_millis(50)) => ask_store = true,
            }
        }
    }
}

/// The read models' checkpoint, in the projector's transaction (0: none).
async fn read_checkpoint(tx: &mut ProjectionTx) -> Result<i64, ProjectionError> {
    Ok(tx
        .int(
            "SELECT position FROM projection_checkpoints WHERE name = $1",
            &[NAME.into()],
        )
        .await?
        .unwrap_or(0))
}

/// Moves the read models' checkpoint to `position`, in the transaction that
/// applied (or skipped) the events up to it.
async fn write_checkpoint(
    tx: &mut ProjectionTx,
    position: LogPosition,
) -> Result<(), ProjectionError> {
    tx.execute(
        "INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position",
        &[NAME.into(), position.get().into()],
    )
    .await?;
    Ok(())
}

/// A row of `projection_skipped`.
#[derive(sqlx::FromRow)]
struct SkippedRecord {
    position: i64,
    event_type: String,
    reason: String,
}
