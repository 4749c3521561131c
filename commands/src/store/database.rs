use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{EventRepository, StoreConfig, StoreError};

static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../schema/postgres");
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../schema/sqlite");

/// How long start-up waits for PostgreSQL before saying it is unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Which kind of store is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// PostgreSQL, through postgres-es.
    Postgres,
    /// The embedded SQLite file.
    Sqlite,
}

impl StoreKind {
    /// A short name for logs and metrics.
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
        }
    }
}

/// An open connection pool to one of the two stores. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Database {
    /// A PostgreSQL pool.
    Postgres(PgPool),
    /// An SQLite pool on one file.
    Sqlite(SqlitePool),
}

impl Database {
    /// Opens the configured store. Does not migrate.
    pub async fn connect(config: &StoreConfig, max_connections: u32) -> Result<Self, StoreError> {
        match config {
            StoreConfig::Postgres { url } => {
                if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    let scheme = url.split("://").next().unwrap_or_default();
                    return Err(StoreError::InvalidUrl(format!(
                        "lược đồ \"{scheme}\" không được hỗ trợ"
                    )));
                }
                let options = PgConnectOptions::from_str(url)
                    .map_err(|error| StoreError::InvalidUrl(error.to_string()))?;
                Self::connect_postgres(options, max_connections).await
            }
            StoreConfig::Sqlite { path } => Self::open_sqlite(path, max_connections).await,
        }
    }

    /// Opens a PostgreSQL pool with explicit options (tests set a per-test
    /// `search_path` this way) and checks that the server answers.
    pub async fn connect_postgres(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> Result<Self, StoreError> {
        let target = format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("postgres")
        );
        // One direct connection first: a pool would retry until its timeout and
        // then report only "timed out", hiding why (refused, bad password…).
        let probe = tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options))
            .await
            .unwrap_or(Err(sqlx::Error::PoolTimedOut))
            .map_err(|source| StoreError::PostgresUnreachable { target, source })?;
        probe.close().await.ok();
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_lazy_with(options);
        Ok(Self::Postgres(pool))
    }

    /// Opens (creating if needed) the SQLite file at `path` and its folder.
    pub async fn open_sqlite(path: &Path, max_connections: u32) -> Result<Self, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::DataDir {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            // WAL lets readers (the projector, auditors) run beside the writer;
            // FULL makes an acknowledged commit survive a power cut.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::SqliteOpen {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Self::Sqlite(pool))
    }

    /// Which store this is.
    pub fn kind(&self) -> StoreKind {
        match self {
            Self::Postgres(_) => StoreKind::Postgres,
            Self::Sqlite(_) => StoreKind::Sqlite,
        }
    }

    /// Applies the migrations in `schema/` that have not run yet, then
    /// carries password hashes out of older histories (see [`super::credentials::carry_over`]).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Self::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
            Self::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
        }
        // Data, not schema: the hashes an older history holds move to the
        // credentials table (ops/decisions/0017).
        super::credentials::carry_over(self).await?;
        Ok(())
    }

    /// Checks that the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Self::Postgres(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
            }
            Self::Sqlite(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Whether the database server accepts a new connection within
    /// `timeout`, asked on a connection of its own rather than the pool's,
    /// so that a pool busy under load never reads as a database that is
    /// away. The embedded SQLite store is always there.
    pub async fn accepts_connections(&self, timeout: Duration) -> Result<(), StoreError> {
        let Self::Postgres(pool) = self else {
            return Ok(());
        };
        let options = pool.connect_options();
        let mut connection = tokio::time::timeout(timeout, PgConnection::connect_with(&options))
            .await
            .unwrap_or(Err(sqlx::Error::PoolTimedOut))?;
        sqlx::query("SELECT 1").execute(&mut connection).await?;
        connection.close().await.ok();
        Ok(())
    }

    /// The event repository for cqrs-es on this store.
    pub fn event_repository(&self) -> EventRepository {
        EventRepository::new(self)
    }

    /// Closes every connection of the pool, waiting for those in use.
    pub async fn close(&self) {
        match self {
            Self::Postgres(pool) => pool.close().await,
            Self::Sqlite(pool) => pool.close().await,
        }
    }
}
