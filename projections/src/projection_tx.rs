//! One transaction on either store, with portable SQL: read-model SQL uses
//! `$1`-style parameters and types both stores accept, so each statement is
//! written once.

use chamdiem_commands::store::Database;
use sqlx::{Postgres, Row, Sqlite, Transaction};

/// Bound values per SQLite statement, under its limit of 32,766.
const MAX_PARAMETERS: usize = 30_000;

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

/// A row read by column name on either store: derive `sqlx::FromRow` on a
/// struct of the columns' own types (`String`, `Option<String>`, `i64`).
pub trait Record:
    for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
    + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
    + Send
    + Unpin
{
}

impl<R> Record for R where
    R: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + Send
        + Unpin
{
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

    /// One read statement on its own, each row read into a record by its
    /// column names (`sqlx::FromRow`), the same record on both stores.
    pub async fn read_records<R>(
        database: &Database,
        sql: &str,
        values: &[SqlValue],
    ) -> Result<Vec<R>, sqlx::Error>
    where
        R: Record,
    {
        match database {
            Database::Postgres(pool) => {
                bind_all!(sqlx::query_as::<_, R>(sql), values)
                    .fetch_all(pool)
                    .await
            }
            Database::Sqlite(pool) => {
                bind_all!(sqlx::query_as::<_, R>(sql), values)
                    .fetch_all(pool)
                    .await
            }
        }
    }

    /// The rows of a query in this transaction, read into records.
    pub async fn records<R>(
        &mut self,
        sql: &str,
        values: &[SqlValue],
    ) -> Result<Vec<R>, sqlx::Error>
    where
        R: Record,
    {
        match self {
            Self::Postgres(tx) => {
                bind_all!(sqlx::query_as::<_, R>(sql), values)
                    .fetch_all(&mut **tx)
                    .await
            }
            Self::Sqlite(tx) => {
                bind_all!(sqlx::query_as::<_, R>(sql), values)
                    .fetch_all(&mut **tx)
                    .await
            }
        }
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

    /// Empties tables: `TRUNCATE` on PostgreSQL, which leaves no dead rows
    /// behind for the rebuild that follows to wade through; `DELETE` on
    /// SQLite, which has no other way.
    pub async fn empty_tables(&mut self, tables: &[&str]) -> Result<(), sqlx::Error> {
        match self {
            Self::Postgres(_) => {
                self.execute(&format!("TRUNCATE {}", tables.join(", ")), &[])
                    .await?;
            }
            Self::Sqlite(_) => {
                for table in tables {
                    self.execute(&format!("DELETE FROM {table}"), &[]).await?;
                }
            }
        }
        Ok(())
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

    /// Writes many rows in as few statements as each store allows: `head`
    /// is `INSERT INTO table (columns)`, `tail` what follows the rows (an
    /// `ON CONFLICT` clause, or nothing). Every row has one value per
    /// column, and no two rows share a key.
    ///
    /// PostgreSQL gets one statement with one array per column (`UNNEST`),
    /// whatever the number of rows, so it is parsed and planned once and
    /// kept; SQLite gets multi-row `VALUES` lists under its parameter limit.
    pub async fn insert_rows(
        &mut self,
        head: &str,
        tail: &str,
        rows: &[Vec<SqlValue>],
    ) -> Result<u64, sqlx::Error> {
        let Some(width) = rows.first().map(Vec::len).filter(|w| *w > 0) else {
            return Ok(0);
        };
        match self {
            Self::Postgres(tx) => {
                let integer = |column: usize| {
                    rows.iter()
                        .any(|row| matches!(row.get(column), Some(SqlValue::Int(_))))
                };
                let types: Vec<bool> = (0..width).map(integer).collect();
                let arrays = types
                    .iter()
                    .enumerate()
                    .map(|(i, int)| format!("${}::{}[]", i + 1, if *int { "int8" } else { "text" }))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!("{head} SELECT * FROM UNNEST({arrays}) {tail}");
                let mut query = sqlx::query(&sql);
                for (column, int) in types.into_iter().enumerate() {
                    let cells = rows.iter().map(|row| row.get(column));
                    query = if int {
                        query.bind(
                            cells
                                .map(|cell| match cell {
                                    Some(SqlValue::Int(value)) => Some(*value),
                                    _ => None,
                                })
                                .collect::<Vec<_>>(),
                        )
                    } else {
                        query.bind(
                            cells
                                .map(|cell| match cell {
                                    Some(SqlValue::Text(text)) => Some(text.clone()),
                                    Some(SqlValue::Int(value)) => Some(value.to_string()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>(),
                        )
                    };
                }
                Ok(query.execute(&mut **tx).await?.rows_affected())
            }
            Self::Sqlite(tx) => {
                let mut written = 0;
                for chunk in rows.chunks((MAX_PARAMETERS / width).max(1)) {
                    let placeholders = |row: usize| {
                        let first = row * width + 1;
                        let cells: Vec<_> =
                            (first..first + width).map(|p| format!("${p}")).collect();
                        format!("({})", cells.join(", "))
                    };
                    let values: Vec<_> = (0..chunk.len()).map(placeholders).collect();
                    let sql = format!("{head} VALUES {} {tail}", values.join(", "));
                    // Chunk lengths vary: such statements are not worth keeping.
                    let query = sqlx::query(&sql).persistent(false);
                    written += bind_all!(query, chunk.iter().flatten())
                        .execute(&mut **tx)
                        .await?
                        .rows_affected();
                }
                Ok(written)
            }
        }
    }

    /// The rows of a query whose columns are all text (or NULL), by
    /// position: for the dump that compares whole tables, which reads every
    /// column as text on purpose. Reads of the read models take records.
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
                rows.iter().map(text_cells).collect()
            }
            Self::Sqlite(tx) => {
                let rows = bind_all!(sqlx::query(sql), values)
                    .fetch_all(&mut **tx)
                    .await?;
                rows.iter().map(text_cells).collect()
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

/// A row's cells, each as text or NULL.
fn text_cells<R: Row>(row: &R) -> Result<Vec<Option<String>>, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    (0..row.len())
        .map(|i| row.try_get::<Option<String>, _>(i))
        .collect()
}
