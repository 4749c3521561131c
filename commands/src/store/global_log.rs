use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use sha2::{Digest, Sha256};

use super::{Database, StoreError, StoredEventKey, take_out_password_hash};

/// A place in the global log. Positions start at 1 and have no gaps; 0 means
/// "before the first event".
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct LogPosition(i64);

impl LogPosition {
    /// Before the first event.
    pub const START: Self = Self(0);

    /// Wraps a stored position.
    pub fn new(position: i64) -> Self {
        Self(position)
    }

    /// The number.
    pub fn get(self) -> i64 {
        self.0
    }

    /// The position right after this one.
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl fmt::Display for LogPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One event as the global log holds it: its position, the time it was
/// recorded, and the exact stored text of its payload and metadata (kept as
/// text so that auditors and the integrity chain see the stored bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    /// Commit-ordered, gap-free position.
    pub position: LogPosition,
    /// When the database recorded it (UTC).
    pub recorded_at: DateTime<Utc>,
    /// The aggregate type (`account`, `unit`…).
    pub aggregate_type: String,
    /// The aggregate instance.
    pub aggregate_id: String,
    /// The event's sequence within its aggregate, from 1.
    pub sequence: i64,
    /// The stored event name.
    pub event_type: String,
    /// The stored event version.
    pub event_version: String,
    /// The payload as stored (JSON text), except that a password hash held
    /// by an event written before credentials left the log is taken out
    /// (see [`LoggedEvent::stored_payload_digest`]).
    pub payload: String,
    /// The metadata as stored (JSON text).
    pub metadata: String,
    /// When `payload` is not the stored text (a password hash was taken
    /// out), the SHA-256 of the stored text, which the chain hashes.
    pub stored_payload_digest: Option<[u8; 32]>,
}

impl LoggedEvent {
    /// The SHA-256 of the payload as stored, as the chain hashes it.
    pub fn payload_digest(&self) -> [u8; 32] {
        self.stored_payload_digest
            .unwrap_or_else(|| Sha256::digest(self.payload.as_bytes()).into())
    }

    /// Takes a password hash out of the payload when it holds one, keeping
    /// the stored text's digest for the chain.
    fn without_password_hash(mut self) -> Result<Self, StoreError> {
        let key = StoredEventKey {
            aggregate_type: &self.aggregate_type,
            aggregate_id: &self.aggregate_id,
            sequence: u64::try_from(self.sequence).map_err(|_| {
                StoreError::Corrupt(format!(
                    "events at position {}: sequence {}",
                    self.position, self.sequence
                ))
            })?,
            event_type: &self.event_type,
            event_version: &self.event_version,
        };
        if !key.may_hold_password_hash() {
            return Ok(self);
        }
        let mut payload: serde_json::Value = serde_json::from_str(&self.payload).map_err(|e| {
            StoreError::Corrupt(format!(
                "events at position {}: payload: {e}",
                self.position
            ))
        })?;
        if take_out_password_hash(key, &mut payload).is_some() {
            self.stored_payload_digest = Some(Sha256::digest(self.payload.as_bytes()).into());
            self.payload = payload.to_string();
        }
        Ok(self)
    }
}

const READ_FROM_POSTGRES: &str = "
SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type, event_version,
       payload::text AS payload, metadata::text AS metadata
  FROM events
 WHERE position >= $1
 ORDER BY position
 LIMIT $2";

const READ_FROM_SQLITE: &str = "
SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type, event_version,
       payload, metadata
  FROM events
 WHERE position >= ?
 ORDER BY position
 LIMIT ?";

impl Database {
    /// Up to `limit` events of the global log, from position `from` on
    /// (inclusive), in commit order, with no password hash in any payload.
    ///
    /// Positions are handed out under a lock that is held until commit, so
    /// every event with a position below one that is visible is visible too:
    /// a reader can never pass an event that commits late.
    pub async fn read_from(
        &self,
        from: LogPosition,
        limit: u32,
    ) -> Result<Vec<LoggedEvent>, StoreError> {
        match self {
            Self::Postgres(pool) => {
                let rows = sqlx::query(READ_FROM_POSTGRES)
                    .bind(from.get())
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await?;
                rows.iter()
                    .map(|row| {
                        logged_event(row, row.try_get("recorded_at")?)?.without_password_hash()
                    })
                    .collect()
            }
            Self::Sqlite(pool) => {
                let rows = sqlx::query(READ_FROM_SQLITE)
                    .bind(from.get())
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await?;
                rows.iter()
                    .map(|row| {
                        let recorded_at = parse_sqlite_time(row.try_get("recorded_at")?)?;
                        logged_event(row, recorded_at)?.without_password_hash()
                    })
                    .collect()
            }
        }
    }

    /// The position of the newest committed event (0 when the log is empty).
    pub async fn log_head(&self) -> Result<LogPosition, StoreError> {
        let head: Option<i64> = match self {
            Self::Postgres(pool) => {
                sqlx::query_scalar("SELECT max(position) FROM events")
                    .fetch_one(pool)
                    .await?
            }
            Self::Sqlite(pool) => {
                sqlx::query_scalar("SELECT max(position) FROM events")
                    .fetch_one(pool)
                    .await?
            }
        };
        Ok(LogPosition::new(head.unwrap_or(0)))
    }
}

/// Maps a row of either store; only the recorded time is stored differently.
fn logged_event<R>(row: &R, recorded_at: DateTime<Utc>) -> Result<LoggedEvent, sqlx::Error>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(LoggedEvent {
        position: LogPosition::new(row.try_get("position")?),
        recorded_at,
        aggregate_type: row.try_get("aggregate_type")?,
        aggregate_id: row.try_get("aggregate_id")?,
        sequence: row.try_get("sequence")?,
        event_type: row.try_get("event_type")?,
        event_version: row.try_get("event_version")?,
        payload: row.try_get("payload")?,
        metadata: row.try_get("metadata")?,
        stored_payload_digest: None,
    })
}

fn parse_sqlite_time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| StoreError::Corrupt(format!("recorded_at {text:?}: {error}")))
}
