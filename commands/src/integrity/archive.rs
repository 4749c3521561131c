use std::path::Path;

use super::checkpoint::stored_checkpoints;
use crate::store::{Database, LogPosition, StoreError, canonical_time, stored_seals};

const INSERT_EVENT: &str = "INSERT INTO events
    (position, aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata, recorded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Payloads the archive holds with a password hash taken out (events
/// written before credentials left the log, ops/decisions/0017): the
/// SHA-256 of the stored text, which the chain hashes in its place.
pub(super) const ARCHIVED_DIGESTS: &str = "archived_payload_digests";
const CREATE_ARCHIVED_DIGESTS: &str = "CREATE TABLE archived_payload_digests
    (position INTEGER PRIMARY KEY, stored_sha256 TEXT NOT NULL) STRICT";
const INSERT_ARCHIVED_DIGEST: &str =
    "INSERT INTO archived_payload_digests (position, stored_sha256) VALUES (?, ?)";

/// Writes every event, the integrity chain, the server's seals and the
/// checkpoints into a new
/// SQLite file at `out`, which `chamdiem audit verify --archive` checks with
/// neither the server nor PostgreSQL. The events keep their positions and
/// their stored text; the chain is copied, not recomputed, so the archive
/// shows exactly what the database held, except that no password hash
/// leaves the store: a payload that held one is written without it, beside
/// the digest of its stored text. Returns how many events it holds.
pub async fn export_archive(database: &Database, out: &Path) -> Result<u64, StoreError> {
    if out.exists() {
        return Err(StoreError::DataDir {
            path: out.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "tệp đã tồn tại"),
        });
    }
    let archive = Database::open_sqlite(out, 1).await?;
    archive.migrate().await?;
    let Database::Sqlite(target) = &archive else {
        return Err(StoreError::Corrupt("an archive is an SQLite file".into()));
    };
    let mut tx = target.begin().await?;
    sqlx::query(CREATE_ARCHIVED_DIGESTS)
        .execute(&mut *tx)
        .await?;
    let mut from = LogPosition::START.next();
    let mut copied = 0_u64;
    loop {
        let batch = database.read_from(from, 1_000).await?;
        let Some(last) = batch.last() else { break };
        from = last.position.next();
        for event in &batch {
            sqlx::query(INSERT_EVENT)
                .bind(event.position.get())
                .bind(&event.aggregate_type)
                .bind(&event.aggregate_id)
                .bind(event.sequence)
                .bind(&event.event_type)
                .bind(&event.event_version)
                .bind(&event.payload)
                .bind(&event.metadata)
                .bind(canonical_time(event.recorded_at))
                .execute(&mut *tx)
                .await?;
            if let Some(digest) = event.stored_payload_digest {
                sqlx::query(INSERT_ARCHIVED_DIGEST)
                    .bind(event.position.get())
                    .bind(hex::encode(digest))
                    .execute(&mut *tx)
                    .await?;
            }
            copied += 1;
        }
    }
    let chain: Vec<(i64, String)> = match database {
        Database::Postgres(pool) => {
            sqlx::query_as("SELECT position, hash FROM event_chain ORDER BY position")
                .fetch_all(pool)
                .await?
        }
        Database::Sqlite(pool) => {
            sqlx::query_as("SELECT position, hash FROM event_chain ORDER BY position")
                .fetch_all(pool)
                .await?
        }
    };
    for (position, hash) in chain {
        sqlx::query("INSERT INTO event_chain (position, hash) VALUES (?, ?)")
            .bind(position)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    for seal in stored_seals(database).await? {
        sqlx::query(
            "INSERT INTO event_seals (first_position, last_position, hash_before, hash_at_last,
                sealed_at, public_key, signature) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(seal.first_position)
        .bind(seal.last_position)
        .bind(&seal.hash_before)
        .bind(&seal.hash_at_last)
        .bind(&seal.sealed_at)
        .bind(&seal.public_key)
        .bind(&seal.signature)
        .execute(&mut *tx)
        .await?;
    }
    for c in stored_checkpoints(database).await? {
        sqlx::query("INSERT INTO audit_checkpoints (position, head, signed_at, public_key, signature) VALUES (?, ?, ?, ?, ?)")
            .bind(c.position)
            .bind(&c.head)
            .bind(&c.signed_at)
            .bind(&c.public_key)
            .bind(&c.signature)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    // An archive is one file to copy and hand over: its write-ahead log is
    // folded in and removed now, not whenever the last connection closes
    // (a copy taken right after the export could miss the tables).
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(target)
        .await?;
    archive.close().await;
    Ok(copied)
}
