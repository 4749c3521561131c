use chamdiem_commands::store::{Database, SqliteEventRepository};
use cqrs_es::persist::SerializedEvent;
use sqlx::{Postgres, Sqlite, Transaction};

/// An append made by hand in a transaction the test keeps open, to show what
/// readers and other writers see meanwhile.
pub enum HeldAppend {
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
    /// On SQLite.
    Sqlite(Transaction<'static, Sqlite>),
}

const INSERT_POSTGRES: &str = "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
VALUES ('tally', $1, 1, 'Added', '1', '{\"Added\":{\"amount\":1}}', '{}')";

impl HeldAppend {
    /// Begins a transaction. On PostgreSQL it takes a transaction id and a
    /// snapshot at once, as a slow command handler would; SQLite's deferred
    /// transaction takes nothing until its first statement.
    pub async fn begin(database: &Database) -> Self {
        match database {
            Database::Postgres(pool) => {
                let mut tx = pool.begin().await.unwrap_or_else(|e| panic!("{e}"));
                sqlx::query("SELECT pg_current_xact_id()")
                    .execute(&mut *tx)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                Self::Postgres(tx)
            }
            Database::Sqlite(pool) => {
                Self::Sqlite(pool.begin().await.unwrap_or_else(|e| panic!("{e}")))
            }
        }
    }

    /// Inserts the first event of tally `aggregate_id`, without committing.
    pub async fn append(&mut self, aggregate_id: &str) {
        match self {
            Self::Postgres(tx) => sqlx::query(INSERT_POSTGRES)
                .bind(aggregate_id)
                .execute(&mut **tx)
                .await
                .map(drop),
            Self::Sqlite(tx) => {
                // Through the repository, which also writes the chain entry.
                let event = SerializedEvent::new(
                    aggregate_id.to_owned(),
                    1,
                    "tally".to_owned(),
                    "Added".to_owned(),
                    "1".to_owned(),
                    serde_json::json!({ "Added": { "amount": 1 } }),
                    serde_json::json!({}),
                );
                SqliteEventRepository::insert_all(tx, "tally", &[event])
                    .await
                    .map(|_| ())
                    .map_err(|e| sqlx::Error::Protocol(e.to_string()))
            }
        }
        .unwrap_or_else(|e| panic!("held append: {e}"));
    }

    /// Commits.
    pub async fn commit(self) {
        match self {
            Self::Postgres(tx) => tx.commit().await,
            Self::Sqlite(tx) => tx.commit().await,
        }
        .unwrap_or_else(|e| panic!("commit: {e}"));
    }
}
