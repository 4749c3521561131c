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
    /// For PostgreSQL, the test's schema.
    pub postgres_schema: Option<String>,
    // Keeps the SQLite file's folder alive for the test's duration.
    folder: Option<TempDir>,
}

impl TestDatabase {
    /// Opens a fresh, migrated database on `store`. Panics (failing the test)
    /// when the test database cannot be reached.
    pub async fn open(store: TestStore) -> Self {
        let (database, folder, postgres_schema) = match store {
            TestStore::Postgres => {
                let (database, schema) = fresh_postgres_schema().await;
                (database, None, Some(schema))
            }
            TestStore::Sqlite => {
                let folder =
                    tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
                let database = Database::open_sqlite(
                    &folder
                        .path()
                        .join(chamdiem_commands::store::StoreConfig::SQLITE_FILE),
                    8,
                )
                .await
                .unwrap_or_else(|e| panic!("{e}"));
                (database, Some(folder), None)
            }
        };
        database.migrate().await.unwrap_or_else(|e| panic!("{e}"));
        Self {
            database,
            postgres_schema,
            folder,
        }
    }
}

impl TestDatabase {
    /// For PostgreSQL, a connection URL to the test's schema, for processes
    /// (a `chamdiem serve`, say) that must see the same tables.
    pub fn postgres_url(&self) -> Option<String> {
        let schema = self.postgres_schema.as_ref()?;
        let url = test_database_url();
        let separator = if url.contains('?') { '&' } else { '?' };
        Some(format!("{url}{separator}options=-csearch_path%3D{schema}"))
    }

    /// For SQLite, the folder of its file (named as `chamdiem serve
    /// --data-dir` expects it), for processes that must open the same file.
    pub fn sqlite_folder(&self) -> Option<std::path::PathBuf> {
        self.folder.as_ref().map(|folder| folder.path().to_owned())
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
    let url = test_database_url();
    PgConnectOptions::from_str(&url).unwrap_or_else(|e| panic!("CHAMDIEM_TEST_DATABASE_URL: {e}"))
}

/// Runs one statement on the test PostgreSQL server's test database (to
/// create or drop a schema or a database); panics when it fails.
pub async fn on_the_test_server(statement: &str) {
    let admin = Database::connect_postgres(postgres_options(), 1)
        .await
        .unwrap_or_else(|e| panic!("{e} (is PostgreSQL running? see ops/test.sh)"));
    if let Database::Postgres(pool) = &admin {
        sqlx::query(statement)
            .execute(pool)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    admin.close().await;
}

/// Creates a schema with a unique name and connects with it as the only
/// `search_path` entry, so the test's tables, triggers and migrations
/// history live there and nowhere else. Also returns its name.
async fn fresh_postgres_schema() -> (Database, String) {
    let schema = format!("test_{}", uuid::Uuid::now_v7().simple());
    on_the_test_server(&format!("CREATE SCHEMA {schema}")).await;
    let options = postgres_options().options([("search_path", schema.as_str())]);
    let database = Database::connect_postgres(options, 8)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (database, schema)
}

fn test_database_url() -> String {
    std::env::var("CHAMDIEM_TEST_DATABASE_URL")
        .unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.to_owned())
}
