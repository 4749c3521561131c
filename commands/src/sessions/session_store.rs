//! The `sessions` table on either store.

use chamdiem_domain::account::Account;
use chamdiem_domain::ids::AccountId;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::store::{Database, StoreError};

/// A session row.
#[derive(Debug, Clone)]
pub struct StoredSession {
    /// The account.
    pub account_id: String,
    /// The account's session epoch it was made under.
    pub session_epoch: i64,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
    /// When the holder signed out, if they did.
    pub ended_at: Option<DateTime<Utc>>,
    /// The account's last event sequence now (0: none), read in the same
    /// statement, so that a kept account state can be trusted without
    /// another round trip when it is that recent.
    pub account_sequence: i64,
}

/// A new session to store.
pub struct NewSession<'a> {
    /// The token's hash.
    pub token_hash: &'a str,
    /// The account.
    pub account_id: AccountId,
    /// The account's session epoch now.
    pub session_epoch: u32,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
    /// The client's address.
    pub client: Option<&'a str>,
    /// The client's user agent.
    pub user_agent: Option<&'a str>,
}

/// Stores a new session.
pub async fn insert(database: &Database, session: NewSession<'_>) -> Result<(), StoreError> {
    const POSTGRES: &str = "INSERT INTO sessions (token_hash, account_id, session_epoch, created_at, expires_at, client, user_agent)
        VALUES ($1, $2, $3, $4, $5, $6, $7)";
    const SQLITE: &str = "INSERT INTO sessions (token_hash, account_id, session_epoch, created_at, expires_at, client, user_agent)
        VALUES (?, ?, ?, ?, ?, ?, ?)";
    let account_id = session.account_id.to_string();
    let version = i64::from(session.session_epoch);
    match database {
        Database::Postgres(pool) => {
            sqlx::query(POSTGRES)
                .bind(session.token_hash)
                .bind(account_id)
                .bind(version)
                .bind(session.created_at)
                .bind(session.expires_at)
                .bind(session.client)
                .bind(session.user_agent)
                .execute(pool)
                .await?;
        }
        Database::Sqlite(pool) => {
            sqlx::query(SQLITE)
                .bind(session.token_hash)
                .bind(account_id)
                .bind(version)
                .bind(session.created_at)
                .bind(session.expires_at)
                .bind(session.client)
                .bind(session.user_agent)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

/// The session with this token hash.
pub async fn find(
    database: &Database,
    token_hash: &str,
) -> Result<Option<StoredSession>, StoreError> {
    const POSTGRES: &str = "SELECT account_id, session_epoch, expires_at, ended_at,
            (SELECT COALESCE(MAX(sequence), 0) FROM events
              WHERE aggregate_type = $2 AND aggregate_id = sessions.account_id) AS account_sequence
        FROM sessions WHERE token_hash = $1";
    const SQLITE: &str = "SELECT account_id, session_epoch, expires_at, ended_at,
            (SELECT COALESCE(MAX(sequence), 0) FROM events
              WHERE aggregate_type = ?2 AND aggregate_id = sessions.account_id) AS account_sequence
        FROM sessions WHERE token_hash = ?1";
    let row = match database {
        Database::Postgres(pool) => sqlx::query(POSTGRES)
            .bind(token_hash)
            .bind(Account::TYPE)
            .fetch_optional(pool)
            .await?
            .map(|row| stored_session(&row))
            .transpose()?,
        Database::Sqlite(pool) => sqlx::query(SQLITE)
            .bind(token_hash)
            .bind(Account::TYPE)
            .fetch_optional(pool)
            .await?
            .map(|row| stored_session(&row))
            .transpose()?,
    };
    Ok(row)
}

/// Maps a row of either store.
fn stored_session<R>(row: &R) -> Result<StoredSession, sqlx::Error>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StoredSession {
        account_id: row.try_get("account_id")?,
        session_epoch: row.try_get("session_epoch")?,
        expires_at: row.try_get("expires_at")?,
        ended_at: row.try_get("ended_at")?,
        account_sequence: row.try_get("account_sequence")?,
    })
}

/// Ends a session (sign-out).
pub async fn end(
    database: &Database,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    const POSTGRES: &str =
        "UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL";
    const SQLITE: &str =
        "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL";
    match database {
        Database::Postgres(pool) => {
            sqlx::query(POSTGRES)
                .bind(token_hash)
                .bind(at)
                .execute(pool)
                .await?;
        }
        Database::Sqlite(pool) => {
            sqlx::query(SQLITE)
                .bind(at)
                .bind(token_hash)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}
