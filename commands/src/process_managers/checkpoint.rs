//! A process manager's place in the global log.

use crate::store::{Database, LogPosition, StoreError};

/// The last position `name` has handled (0 before the first event).
pub async fn load(database: &Database, name: &str) -> Result<LogPosition, StoreError> {
    let position: Option<i64> = match database {
        Database::Postgres(pool) => {
            sqlx::query_scalar("SELECT position FROM process_checkpoints WHERE name = $1")
                .bind(name)
                .fetch_optional(pool)
                .await?
        }
        Database::Sqlite(pool) => {
            sqlx::query_scalar("SELECT position FROM process_checkpoints WHERE name = ?")
                .bind(name)
                .fetch_optional(pool)
                .await?
        }
    };
    Ok(LogPosition::new(position.unwrap_or(0)))
}

/// Records that `name` has handled everything up to `position`.
pub async fn save(
    database: &Database,
    name: &str,
    position: LogPosition,
) -> Result<(), StoreError> {
    const UPSERT_POSTGRES: &str = "INSERT INTO process_checkpoints (name, position) VALUES ($1, $2)
        ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position";
    const UPSERT_SQLITE: &str = "INSERT INTO process_checkpoints (name, position) VALUES (?, ?)
        ON CONFLICT (name) DO UPDATE SET position = excluded.position";
    match database {
        Database::Postgres(pool) => {
            sqlx::query(UPSERT_POSTGRES)
                .bind(name)
                .bind(position.get())
                .execute(pool)
                .await?;
        }
        Database::Sqlite(pool) => {
            sqlx::query(UPSERT_SQLITE)
                .bind(name)
                .bind(position.get())
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}
