use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use serde_json::Value;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, Sqlite, Transaction};

use super::{GENESIS, LogPosition, LoggedEvent, entry_hash, parse_hash};

/// SQLite's extended result codes for a broken uniqueness constraint: the
/// `(aggregate_type, aggregate_id, sequence)` key (2067, UNIQUE) or a primary
/// key (1555). Either means another writer took this sequence first.
const SQLITE_CONSTRAINT_UNIQUE: &str = "2067";
const SQLITE_CONSTRAINT_PRIMARYKEY: &str = "1555";

const SELECT_EVENTS: &str = "
SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata
  FROM events
 WHERE aggregate_type = ? AND aggregate_id = ? AND sequence > ?
 ORDER BY sequence";

const SELECT_ALL_EVENTS_OF_TYPE: &str = "
SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata
  FROM events
 WHERE aggregate_type = ?
 ORDER BY position";

const INSERT_EVENT: &str = "
INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING position, recorded_at";

const PREVIOUS_ENTRY: &str = "SELECT hash FROM event_chain WHERE position = ?";
const INSERT_ENTRY: &str = "INSERT INTO event_chain (position, hash) VALUES (?, ?)";

/// The cqrs-es event repository on the embedded SQLite store.
///
/// Written here rather than taken from `sqlite-es` because our table gives the
/// global-log position to SQLite's rowid (`position INTEGER PRIMARY KEY`), so
/// the per-aggregate key becomes a UNIQUE constraint with its own error code,
/// and because appends must take the write lock up front (`BEGIN IMMEDIATE`)
/// to queue behind other writers instead of failing with `SQLITE_BUSY`.
#[derive(Debug, Clone)]
pub struct SqliteEventRepository {
    pool: SqlitePool,
}

impl SqliteEventRepository {
    /// A repository on `pool`.
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    async fn select_after(
        &self,
        aggregate_type: &str,
        aggregate_id: &str,
        after_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let after = i64::try_from(after_sequence).map_err(unknown)?;
        let rows = sqlx::query(SELECT_EVENTS)
            .bind(aggregate_type)
            .bind(aggregate_id)
            .bind(after)
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(deserialize_row).collect()
    }

    /// Inserts the events and, in the same transaction, their entries in the
    /// integrity chain (PostgreSQL does the same in a trigger), and returns
    /// the positions they got. Public for callers that hold their own
    /// transaction; every append goes through it.
    pub async fn insert_all(
        tx: &mut Transaction<'_, Sqlite>,
        aggregate_type: &str,
        events: &[SerializedEvent],
    ) -> Result<Vec<i64>, PersistenceError> {
        let mut positions = Vec::with_capacity(events.len());
        for event in events {
            let sequence = i64::try_from(event.sequence).map_err(unknown)?;
            let payload = event.payload.to_string();
            let metadata = event.metadata.to_string();
            let row = sqlx::query(INSERT_EVENT)
                .bind(aggregate_type)
                .bind(&event.aggregate_id)
                .bind(sequence)
                .bind(&event.event_type)
                .bind(&event.event_version)
                .bind(&payload)
                .bind(&metadata)
                .fetch_one(&mut **tx)
                .await
                .map_err(from_sqlx)?;
            let position: i64 = row.try_get("position").map_err(from_sqlx)?;
            let recorded_at: String = row.try_get("recorded_at").map_err(from_sqlx)?;
            let previous = if position == 1 {
                GENESIS
            } else {
                let hash: Option<String> = sqlx::query_scalar(PREVIOUS_ENTRY)
                    .bind(position - 1)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(from_sqlx)?;
                hash.as_deref().and_then(parse_hash).ok_or_else(|| {
                    unknown(format!(
                        "the event chain has no entry before position {position}"
                    ))
                })?
            };
            let logged = LoggedEvent {
                position: LogPosition::new(position),
                recorded_at: DateTime::parse_from_rfc3339(&recorded_at)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(unknown)?,
                aggregate_type: aggregate_type.to_owned(),
                aggregate_id: event.aggregate_id.clone(),
                sequence,
                event_type: event.event_type.clone(),
                event_version: event.event_version.clone(),
                payload,
                metadata,
                stored_payload_digest: None,
            };
            sqlx::query(INSERT_ENTRY)
                .bind(position)
                .bind(hex::encode(entry_hash(&previous, &logged)))
                .execute(&mut **tx)
                .await
                .map_err(from_sqlx)?;
            positions.push(position);
        }
        Ok(positions)
    }
}

impl PersistedEventRepository for SqliteEventRepository {
    async fn get_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        self.select_after(A::TYPE, aggregate_id, 0).await
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        self.select_after(A::TYPE, aggregate_id, last_sequence)
            .await
    }

    async fn get_snapshot<A: Aggregate>(
        &self,
        _aggregate_id: &str,
    ) -> Result<Option<SerializedSnapshot>, PersistenceError> {
        // Plain event-store mode keeps no snapshots.
        Ok(None)
    }

    async fn persist<A: Aggregate>(
        &self,
        events: &[SerializedEvent],
        snapshot_update: Option<(String, Value, usize)>,
    ) -> Result<(), PersistenceError> {
        if snapshot_update.is_some() {
            return Err(unknown(
                "snapshots are not kept: the event store runs in plain event-store mode",
            ));
        }
        // IMMEDIATE takes the write lock now, so a second writer waits (busy
        // timeout) rather than failing when it upgrades a read lock.
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(from_sqlx)?;
        // Not sealed: the server appends through the group commit, which
        // seals (ops/decisions/0018); this path serves the repository's
        // contract tests.
        Self::insert_all(&mut tx, A::TYPE, events).await?;
        tx.commit().await.map_err(from_sqlx)
    }

    async fn stream_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<ReplayStream, PersistenceError> {
        let events = self.get_events::<A>(aggregate_id).await?;
        Ok(replay(events))
    }

    async fn stream_all_events<A: Aggregate>(&self) -> Result<ReplayStream, PersistenceError> {
        let rows = sqlx::query(SELECT_ALL_EVENTS_OF_TYPE)
            .bind(A::TYPE)
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        let events = rows
            .iter()
            .map(deserialize_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(replay(events))
    }
}

/// Feeds already-loaded events into a replay stream from a task, so that a
/// stream longer than the channel does not block the caller.
fn replay(events: Vec<SerializedEvent>) -> ReplayStream {
    let (mut feed, stream) = ReplayStream::new(events.len().clamp(1, 1024));
    tokio::spawn(async move {
        for event in events {
            if feed.push(Ok(event)).await.is_err() {
                // The reader hung up; nothing is left to deliver to.
                return;
            }
        }
    });
    stream
}

fn deserialize_row(row: &SqliteRow) -> Result<SerializedEvent, PersistenceError> {
    let sequence: i64 = row.try_get("sequence").map_err(from_sqlx)?;
    let payload: String = row.try_get("payload").map_err(from_sqlx)?;
    let metadata: String = row.try_get("metadata").map_err(from_sqlx)?;
    Ok(SerializedEvent::new(
        row.try_get("aggregate_id").map_err(from_sqlx)?,
        usize::try_from(sequence).map_err(unknown)?,
        row.try_get("aggregate_type").map_err(from_sqlx)?,
        row.try_get("event_type").map_err(from_sqlx)?,
        row.try_get("event_version").map_err(from_sqlx)?,
        serde_json::from_str(&payload)
            .map_err(|e| PersistenceError::DeserializationError(Box::new(e)))?,
        serde_json::from_str(&metadata)
            .map_err(|e| PersistenceError::DeserializationError(Box::new(e)))?,
    ))
}

impl SqliteEventRepository {
    /// An SQLite error as cqrs-es sees it: a taken sequence is the
    /// optimistic lock, a lost connection a connection error.
    pub fn persistence_error(error: sqlx::Error) -> PersistenceError {
        from_sqlx(error)
    }
}

fn from_sqlx(error: sqlx::Error) -> PersistenceError {
    match &error {
        sqlx::Error::Database(db)
            if matches!(
                db.code().as_deref(),
                Some(SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY)
            ) =>
        {
            PersistenceError::OptimisticLockError
        }
        _ if super::database_unreachable(&error) => {
            PersistenceError::ConnectionError(Box::new(error))
        }
        _ => PersistenceError::UnknownError(Box::new(error)),
    }
}

fn unknown(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> PersistenceError {
    PersistenceError::UnknownError(error.into())
}
