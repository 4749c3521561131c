//! Writing into the store as the database lets anyone with its role do,
//! not through the server: for tests of what verification then says.

use chamdiem_commands::store::{Database, SqliteEventRepository};

fn must<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Appends an event the way the database lets anyone with its role do:
/// through the triggers on PostgreSQL, through the repository's own insert
/// (which chains it) on SQLite; not through the server, so without a seal.
pub async fn write_behind_the_server(database: &Database, aggregate_id: &str) {
    match database {
        Database::Postgres(pool) => {
            must(sqlx::query(
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
                 VALUES ('unit', $1, 1, 'UnitRegistered', '1', '{\"UnitRegistered\":{}}', '{}')",
            )
            .bind(aggregate_id)
            .execute(pool)
            .await);
        }
        Database::Sqlite(pool) => {
            let mut tx = must(pool.begin().await);
            let event = cqrs_es::persist::SerializedEvent::new(
                aggregate_id.to_owned(),
                1,
                "unit".to_owned(),
                "UnitRegistered".to_owned(),
                "1".to_owned(),
                serde_json::json!({ "UnitRegistered": {} }),
                serde_json::json!({}),
            );
            must(SqliteEventRepository::insert_all(&mut tx, "unit", &[event]).await);
            must(tx.commit().await);
        }
    }
}
