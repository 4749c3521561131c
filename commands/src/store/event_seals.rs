//! Seals over the integrity chain (ops/decisions/0018): in the transaction
//! of each append, the server signs the positions it wrote and the chain's
//! hashes at both ends with its own key. The database role can chain a row
//! (the trigger does it for anyone) but cannot seal one.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Utc;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use super::{Database, GENESIS, SealKey, StoreError, canonical_time, parse_hash};

/// One seal, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventSeal {
    /// The first position it covers.
    pub first_position: i64,
    /// The last position it covers.
    pub last_position: i64,
    /// The chain's hash before `first_position` (hex).
    pub hash_before: String,
    /// The chain's hash at `last_position` (hex).
    pub hash_at_last: String,
    /// When it was made (UTC, RFC 3339).
    pub sealed_at: String,
    /// The server's public key (hex).
    pub public_key: String,
    /// The signature (hex).
    pub signature: String,
}

const HEADER: &str = "chamdiem seal v1";

impl EventSeal {
    fn message(&self) -> String {
        format!(
            "{HEADER}\n{}\n{}\n{}\n{}\n{}\n",
            self.first_position,
            self.last_position,
            self.hash_before,
            self.hash_at_last,
            self.sealed_at
        )
    }

    fn signed(key: &SealKey, first: i64, last: i64, before: String, at_last: String) -> Self {
        let mut seal = Self {
            first_position: first,
            last_position: last,
            hash_before: before,
            hash_at_last: at_last,
            sealed_at: canonical_time(Utc::now()),
            public_key: key.public_key(),
            signature: String::new(),
        };
        seal.signature = hex::encode(key.sign(seal.message().as_bytes()).to_bytes());
        seal
    }

    /// Whether the signature verifies against the embedded public key.
    pub fn signature_verifies(&self) -> bool {
        let key = hex::decode(&self.public_key)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok());
        let signature = hex::decode(&self.signature)
            .ok()
            .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
            .map(|bytes| Signature::from_bytes(&bytes));
        match (key, signature) {
            (Some(key), Some(signature)) => {
                key.verify(self.message().as_bytes(), &signature).is_ok()
            }
            _ => false,
        }
    }
}

const INSERT: &str = "INSERT INTO event_seals
    (first_position, last_position, hash_before, hash_at_last, sealed_at, public_key, signature)
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Where a seal over an append of `first..=last` starts: at `first`, except
/// for the first seal a store ever gets, which also covers everything
/// written before sealing began (ops/decisions/0018).
fn start(first: i64, sealed_before: bool) -> i64 {
    if sealed_before { first } else { 1 }
}

fn hash_text(position: i64, stored: Option<String>) -> Result<String, sqlx::Error> {
    match (position, stored) {
        (0, _) => Ok(hex::encode(GENESIS)),
        (_, Some(hash)) if parse_hash(&hash).is_some() => Ok(hash),
        _ => Err(sqlx::Error::Protocol(format!(
            "the event chain has no readable entry at position {position}"
        ))),
    }
}

/// Seals positions `first..=last`, just written on `connection` inside the
/// append's transaction, on either store. `sealing_began` remembers that
/// the store has a committed seal (seals are never removed), so that the
/// question is asked of the database until the answer is yes, not at every
/// append.
pub async fn seal<DB>(
    connection: &mut DB::Connection,
    key: &SealKey,
    sealing_began: &AtomicBool,
    first: i64,
    last: i64,
) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> i64: sqlx::Decode<'r, DB>,
    for<'r> String: sqlx::Decode<'r, DB> + sqlx::Type<DB>,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    const HASH: &str = "SELECT hash FROM event_chain WHERE position = $1";
    if !sealing_began.load(Ordering::Relaxed) {
        let sealed_before: Option<i64> =
            sqlx::query_scalar("SELECT first_position FROM event_seals LIMIT 1")
                .fetch_optional(&mut *connection)
                .await?;
        // Only a seal already committed counts: this transaction's own may
        // still roll back.
        sealing_began.store(sealed_before.is_some(), Ordering::Relaxed);
    }
    let first = start(first, sealing_began.load(Ordering::Relaxed));
    let before: Option<String> = sqlx::query_scalar(HASH)
        .bind(first - 1)
        .fetch_optional(&mut *connection)
        .await?;
    let at_last: Option<String> = sqlx::query_scalar(HASH)
        .bind(last)
        .fetch_optional(&mut *connection)
        .await?;
    let seal = EventSeal::signed(
        key,
        first,
        last,
        hash_text(first - 1, before)?,
        hash_text(last, at_last)?,
    );
    sqlx::query(INSERT)
        .bind(seal.first_position)
        .bind(seal.last_position)
        .bind(seal.hash_before.as_str())
        .bind(seal.hash_at_last.as_str())
        .bind(seal.sealed_at.as_str())
        .bind(seal.public_key.as_str())
        .bind(seal.signature.as_str())
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Seals everything written before this store was first sealed, once: a
/// store whose seals table is still empty gets one seal over `1..=head`,
/// taken under the append lock. Returns the position sealed up to, if it
/// sealed. Run at every start, so that a history written by versions before
/// sealing verifies from then on (ops/decisions/0018).
pub async fn seal_earlier_history(
    database: &Database,
    key: &SealKey,
) -> Result<Option<i64>, StoreError> {
    const SEALED: &str = "SELECT first_position FROM event_seals LIMIT 1";
    match database {
        Database::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head FOR UPDATE")
                .fetch_one(&mut *tx)
                .await?;
            let sealed: Option<i64> = sqlx::query_scalar(SEALED).fetch_optional(&mut *tx).await?;
            if head == 0 || sealed.is_some() {
                return Ok(None);
            }
            seal::<sqlx::Postgres>(&mut tx, key, &AtomicBool::new(false), head, head).await?;
            tx.commit().await?;
            Ok(Some(head))
        }
        Database::Sqlite(pool) => {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            let head: Option<i64> = sqlx::query_scalar("SELECT max(position) FROM events")
                .fetch_one(&mut *tx)
                .await?;
            let sealed: Option<i64> = sqlx::query_scalar(SEALED).fetch_optional(&mut *tx).await?;
            let Some(head) = head.filter(|_| sealed.is_none()) else {
                return Ok(None);
            };
            seal::<sqlx::Sqlite>(&mut tx, key, &AtomicBool::new(false), head, head).await?;
            tx.commit().await?;
            Ok(Some(head))
        }
    }
}

/// Every seal, in position order.
pub async fn stored_seals(database: &Database) -> Result<Vec<EventSeal>, StoreError> {
    const SQL: &str = "SELECT first_position, last_position, hash_before, hash_at_last, sealed_at,
        public_key, signature FROM event_seals ORDER BY first_position";
    Ok(match database {
        Database::Postgres(pool) => sqlx::query_as(SQL).fetch_all(pool).await?,
        Database::Sqlite(pool) => sqlx::query_as(SQL).fetch_all(pool).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_verifies_and_any_changed_field_does_not() {
        let key = SealKey::generate();
        let seal = EventSeal::signed(&key, 3, 9, "aa".repeat(32), "bb".repeat(32));
        assert!(seal.signature_verifies());
        for changed in [
            EventSeal {
                first_position: 4,
                ..seal.clone()
            },
            EventSeal {
                last_position: 10,
                ..seal.clone()
            },
            EventSeal {
                hash_at_last: "cc".repeat(32),
                ..seal.clone()
            },
            EventSeal {
                public_key: SealKey::generate().public_key(),
                ..seal.clone()
            },
        ] {
            assert!(!changed.signature_verifies());
        }
    }
}
