use std::str::FromStr;

use chamdiem_commands::store::Database;
use sqlx::postgres::PgConnectOptions;
use tempfile::TempDir;

/// The PostgreSQL server tests use, overridable with
/// `CHAMDIEM_TEST_DATABASE_URL` (the test script sets it).
const DEFAULT_TEST_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Which store a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestStore {
    /// A fresh schema on the test PostgreSQL server.
    Postgres,
    /// A fresh SQLite file in a temporary folder.
    Sqlite,
}

/// A migrated, empty database of its own for one test.
pub struct TestDatabase {
    /// The open store.
    pub database: Database,
    // Keeps the SQLite file's folder alive for the test's duration.
    _folder: Option<TempDir>,
}

impl TestDatabase {
    /// Opens a fresh, migrated database on `store`. Panics (failing the test)
    /// when the test database cannot be reached.
    pub async fn open(store: TestStore) -> Self {
        let (database, folder) = match store {
            TestStore::Postgres => (fresh_postgres_schema().await, None),
            TestStore::Sqlite => {
                let folder =
                    tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
                let database = Database::open_sqlite(&folder.path().join("test.sqlite3"), 8)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                (database, Some(folder))
            }
        };
        database.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        Self {
            database,
            _folder: folder,
        }
    }
}

impl std::ops::Deref for TestDatabase {
    type Target = Database;

    fn deref(&self) -> &Database {
        &self.database
    }
}

/// The connection options of the test server, for tests that need their own
/// connection (to play a database superuser, say).
pub fn postgres_options() -> PgConnectOptions {
    let url = std::env::var("CHAMDIEM_TEST_DATABASE_URL")
        .unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.to_owned());
    PgConnectOptions::from_str(&url).unwrap_or_else(|e| panic!("CHAMDIEM_TEST_DATABASE_URL: {e}"))
}

/// Creates a schema with a unique name and connects with it as the only
/// `search_path` entry, so the test's tables, triggers and migrations
/// history live there and nowhere else.
async fn fresh_postgres_schema() -> Database {
    let schema = format!("test_{}", uuid::Uuid::now_v7().simple());
    let admin = Database::connect_postgres(postgres_options(), 1)
        .await
        .unwrap_or_else(|e| panic!("{e} (is PostgreSQL running? see ops/test.sh)"));
    if let Database::Postgres(pool) = &admin {
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(pool)
            .await
            .unwrap_or_else(|e| panic!("create schema: {e}"));
    }
    admin.close().await;
    let options = postgres_options().options([("search_path", schema.as_str())]);
    Database::connect_postgres(options, 8)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}
