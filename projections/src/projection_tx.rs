//! One transaction on either store, with portable SQL: read-model SQL uses
//! `$1`-style parameters and types both stores accept, so each statement is
//! written once.

use chamdiem_commands::store::Database;
use sqlx::{Postgres, Row, Sqlite, Transaction};

/// A value bound to a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlValue {
    /// Text (decimals and JSON are stored as text).
    Text(String),
    /// An integer (flags are 0 or 1).
    Int(i64),
    /// NULL, in a text column.
    Null,
}

impl From<String> for SqlValue {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&str> for SqlValue {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<i64> for SqlValue {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<bool> for SqlValue {
    fn from(value: bool) -> Self {
        Self::Int(i64::from(value))
    }
}

impl<T: Into<SqlValue>> From<Option<T>> for SqlValue {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

/// A transaction on the read-model tables.
pub enum ProjectionTx {
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
    /// On SQLite.
    Sqlite(Transaction<'static, Sqlite>),
}

macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match value {
                SqlValue::Text(text) => query.bind(text.clone()),
                SqlValue::Int(int) => query.bind(*int),
                SqlValue::Null => query.bind(None::<String>),
            };
        }
        query
    }};
}

impl ProjectionTx {
    /// Begins a transaction; on SQLite it takes the write lock at once.
    pub async fn begin(database: &Database) -> Result<Self, sqlx::Error> {
        Ok(match database {
            Database::Postgres(pool) => Self::Postgres(pool.begin().await?),
            Database::Sqlite(pool) => Self::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        })
    }

    /// Begins a read-only transaction (SQLite: no write lock).
    pub async fn begin_read(database: &Database) -> Result<Self, sqlx::Error> {
        Ok(match database {
            Database::Postgres(pool) => Self::Postgres(pool.begin().await?),
            Database::Sqlite(pool) => Self::Sqlite(pool.begin().await?),
        })
    }

    /// One read statement in a read transaction of its own: every row,
    /// every cell as text.
    pub async fn read_rows(
        database: &Database,
        sql: &str,
        values: &[SqlValue],
    ) -> Result<Vec<Vec<Option<String>>>, sqlx::Error> {
        let mut tx = Self::begin_read(database).await?;
        let rows = tx.text_rows(sql, values).await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// Takes the projector's exclusive lock for this transaction, if free:
    /// an advisory lock on PostgreSQL; on SQLite the write lock taken by
    /// `BEGIN IMMEDIATE` already excludes every other writer.
    pub async fn try_exclusive(&mut self, key: i32) -> Result<bool, sqlx::Error> {
        match self {
            // Scoped by schema, so that deployments (and tests) sharing one
            // database in separate schemas do not wait for one another.
            Self::Postgres(tx) => {
                sqlx::query_scalar(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema()), $1)",
                )
                .bind(key)
                .fetch_one(&mut **tx)
                .await
            }
            Self::Sqlite(_) => Ok(true),
        }
    }

    /// Runs a statement.
    pub async fn execute(&mut self, sql: &str, values: &[SqlValue]) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Self::Postgres(tx) => bind_all!(sqlx::query(sql), values)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Self::Sqlite(tx) => bind_all!(sqlx::query(sql), values)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// The rows of a query whose columns are all text (or NULL).
    pub async fn text_rows(
        &mut self,
        sql: &str,
        values: &[SqlValue],
    ) -> Result<Vec<Vec<Option<String>>>, sqlx::Error> {
        match self {
            Self::Postgres(tx) => {
                let rows = bind_all!(sqlx::query(sql), values)
                    .fetch_all(&mut **tx)
                    .await?;
                rows.iter()
                    .map(|row| {
                        (0..row.len())
                            .map(|i| row.try_get::<Option<String>, _>(i))
                            .collect()
                    })
                    .collect()
            }
            Self::Sqlite(tx) => {
                let rows = bind_all!(sqlx::query(sql), values)
                    .fetch_all(&mut **tx)
                    .await?;
                rows.iter()
                    .map(|row| {
                        (0..row.len())
                            .map(|i| row.try_get::<Option<String>, _>(i))
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// The first column of the first row of a text query.
    pub async fn text(
        &mut self,
        sql: &str,
        values: &[SqlValue],
    ) -> Result<Option<String>, sqlx::Error> {
        Ok(self
            .text_rows(sql, values)
            .await?
            .into_iter()
            .next()
            .and_then(|row| row.into_iter().next().flatten()))
    }

    /// The first column of the first row of an integer query.
    pub async fn int(
        &mut self,
        sql: &str,
        values: &[SqlValue],
    ) -> Result<Option<i64>, sqlx::Error> {
        Ok(match self {
            Self::Postgres(tx) => bind_all!(sqlx::query_scalar::<_, Option<i64>>(sql), values)
                .fetch_optional(&mut **tx)
                .await?
                .flatten(),
            Self::Sqlite(tx) => bind_all!(sqlx::query_scalar::<_, Option<i64>>(sql), values)
                .fetch_optional(&mut **tx)
                .await?
                .flatten(),
        })
    }

    /// Commits.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Postgres(tx) => tx.commit().await,
            Self::Sqlite(tx) => tx.commit().await,
        }
    }
}
