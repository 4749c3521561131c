//! Group commit: the appends of concurrent commands, written together in one
//! transaction.
//!
//! Appends are serialised (the log head's row lock on PostgreSQL, the write
//! lock on SQLite) and each holds that lock through its commit, so one
//! append per transaction caps the write rate at one commit at a time. Here
//! a single writer task takes every append waiting in its queue and writes
//! them in one transaction: the commit's cost is shared, and the log stays
//! gap-free and commit-ordered because there is still one writer at a time.
//!
//! Each append keeps its own outcome. When the group's transaction fails on
//! a taken sequence (another writer's command on the same aggregate won),
//! nothing of it was written, and the appends are written again one
//! transaction each, so that only the one that lost hears `Conflict`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use cqrs_es::persist::{PersistenceError, SerializedEvent};
use sqlx::{Postgres, Row, Sqlite, Transaction};
use tokio::sync::{mpsc, oneshot};

use super::{Database, SealKey, SqliteEventRepository, seal};

/// Appends written in one transaction, at most.
const MAX_GROUP: usize = 256;
/// Appends waiting for the writer, at most; more wait to enter the queue.
const QUEUE: usize = 4096;

/// One command's events, and where its outcome goes.
struct Append {
    aggregate_type: String,
    events: Vec<SerializedEvent>,
    outcome: oneshot::Sender<Result<(), PersistenceError>>,
}

/// The queue of one store's writer. Cheap to clone; the writer task starts
/// with the first append and ends when the last clone is dropped.
#[derive(Clone)]
pub struct GroupCommit {
    database: Database,
    seal_key: SealKey,
    sealing_began: Arc<AtomicBool>,
    queue: Arc<OnceLock<mpsc::Sender<Append>>>,
    largest: Arc<AtomicUsize>,
}

impl GroupCommit {
    /// The group commit of `database`, sealing each transaction with
    /// `seal_key` (ops/decisions/0018).
    pub fn new(database: Database, seal_key: SealKey) -> Self {
        Self {
            database,
            seal_key,
            sealing_began: Arc::default(),
            queue: Arc::default(),
            largest: Arc::default(),
        }
    }

    /// The most appends one transaction has held so far.
    pub fn largest_group(&self) -> usize {
        self.largest.load(Ordering::Relaxed)
    }

    /// Appends `events` of one aggregate of type `aggregate_type` (all or
    /// none), once they are committed.
    pub async fn append(
        &self,
        aggregate_type: &str,
        events: &[SerializedEvent],
    ) -> Result<(), PersistenceError> {
        if events.is_empty() {
            return Ok(());
        }
        let queue = self.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(QUEUE);
            tokio::spawn(write_groups(
                Sealing {
                    key: self.seal_key.clone(),
                    began: Arc::clone(&self.sealing_began),
                },
                self.database.clone(),
                receiver,
                Arc::clone(&self.largest),
            ));
            sender
        });
        let (outcome, answer) = oneshot::channel();
        let append = Append {
            aggregate_type: aggregate_type.to_owned(),
            events: events.to_vec(),
            outcome,
        };
        queue.send(append).await.map_err(|_| writer_gone())?;
        answer.await.map_err(|_| writer_gone())?
    }
}

fn writer_gone() -> PersistenceError {
    PersistenceError::ConnectionError("the event store's writer has stopped".into())
}

/// The writer's key, and whether the store has a committed seal yet.
struct Sealing {
    key: SealKey,
    began: Arc<AtomicBool>,
}

/// The writer: takes what is waiting, writes it, answers each append.
async fn write_groups(
    sealing: Sealing,
    database: Database,
    mut queue: mpsc::Receiver<Append>,
    largest: Arc<AtomicUsize>,
) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut group, MAX_GROUP).await > 0 {
        let appends = std::mem::take(&mut group);
        largest.fetch_max(appends.len(), Ordering::Relaxed);
        metrics::histogram!("event_store_group_size").record(appends.len() as f64);
        match write(&database, &sealing, &appends).await {
            Ok(()) => {
                for append in appends {
                    let _ = append.outcome.send(Ok(()));
                }
            }
            Err(PersistenceError::OptimisticLockError) if appends.len() > 1 => {
                // Nothing was written: again, one transaction each, so that
                // only the appends that lost hear it.
                for append in appends {
                    let written = write(&database, &sealing, std::slice::from_ref(&append)).await;
                    let _ = append.outcome.send(written);
                }
            }
            Err(error) => {
                // Nothing was written, and what failed concerns them all.
                for append in appends {
                    let _ = append.outcome.send(Err(same_kind(&error)));
                }
            }
        }
    }
}

/// The error again, for another waiting append: the same kind, the same words.
fn same_kind(error: &PersistenceError) -> PersistenceError {
    match error {
        PersistenceError::OptimisticLockError => PersistenceError::OptimisticLockError,
        PersistenceError::ConnectionError(_) => {
            PersistenceError::ConnectionError(error.to_string().into())
        }
        _ => PersistenceError::UnknownError(error.to_string().into()),
    }
}

/// Writes the appends in one transaction, all of them or none, sealed with
/// `seal_key` in that transaction.
async fn write(
    database: &Database,
    sealing: &Sealing,
    appends: &[Append],
) -> Result<(), PersistenceError> {
    match database {
        Database::Postgres(pool) => {
            let mut tx = pool.begin().await.map_err(from_postgres)?;
            let positions = insert_postgres(&mut tx, appends).await?;
            if let (Some(first), Some(last)) = (positions.first(), positions.last()) {
                seal::<Postgres>(&mut tx, &sealing.key, &sealing.began, *first, *last)
                    .await
                    .map_err(from_postgres)?;
            }
            tx.commit().await.map_err(from_postgres)
        }
        Database::Sqlite(pool) => {
            // IMMEDIATE takes the write lock now, so another process's writer
            // waits (busy timeout) rather than failing on a lock upgrade.
            let mut tx = pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(SqliteEventRepository::persistence_error)?;
            let mut positions = Vec::new();
            for append in appends {
                positions.extend(
                    SqliteEventRepository::insert_all(
                        &mut tx,
                        &append.aggregate_type,
                        &append.events,
                    )
                    .await?,
                );
            }
            if let (Some(first), Some(last)) = (positions.first(), positions.last()) {
                seal::<Sqlite>(&mut tx, &sealing.key, &sealing.began, *first, *last)
                    .await
                    .map_err(SqliteEventRepository::persistence_error)?;
            }
            tx.commit()
                .await
                .map_err(SqliteEventRepository::persistence_error)
        }
    }
}

/// One statement for every event of the group, in order: the table's
/// triggers number each row and chain it, row after row. Returns the
/// positions they got, in order.
async fn insert_postgres(
    tx: &mut Transaction<'static, Postgres>,
    appends: &[Append],
) -> Result<Vec<i64>, PersistenceError> {
    let events: Vec<(&str, &SerializedEvent)> = appends
        .iter()
        .flat_map(|a| a.events.iter().map(move |e| (a.aggregate_type.as_str(), e)))
        .collect();
    let sequences = events
        .iter()
        .map(|(_, e)| i64::try_from(e.sequence))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PersistenceError::UnknownError(e.into()))?;
    let text = |field: fn(&str, &SerializedEvent) -> String| {
        events.iter().map(|(t, e)| field(t, e)).collect::<Vec<_>>()
    };
    let rows = sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         SELECT t, i, s, e, v, p::json, m::json
           FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[])
                WITH ORDINALITY AS appended (t, i, s, e, v, p, m, n)
          ORDER BY n
         RETURNING position",
    )
    .bind(text(|t, _| t.to_owned()))
    .bind(text(|_, e| e.aggregate_id.clone()))
    .bind(sequences)
    .bind(text(|_, e| e.event_type.clone()))
    .bind(text(|_, e| e.event_version.clone()))
    // The same text postgres-es writes: the chain hashes what is stored.
    .bind(text(|_, e| e.payload.to_string()))
    .bind(text(|_, e| e.metadata.to_string()))
    .fetch_all(&mut **tx)
    .await
    .map_err(from_postgres)?;
    let mut positions = rows
        .iter()
        .map(|row| row.try_get::<i64, _>("position"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(from_postgres)?;
    positions.sort_unstable();
    Ok(positions)
}

/// PostgreSQL's errors as postgres-es reports them: a taken sequence
/// (unique violation) is the optimistic lock.
fn from_postgres(error: sqlx::Error) -> PersistenceError {
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("23505") => {
            PersistenceError::OptimisticLockError
        }
        _ if super::database_unreachable(&error) => {
            PersistenceError::ConnectionError(Box::new(error))
        }
        _ => PersistenceError::UnknownError(Box::new(error)),
    }
}
