//! Tampering by someone who bypasses the database's triggers, or writes
//! through them behind the server's back, on both stores: every change is
//! detected; a rewritten chain by the server's seals; a cut-off tail whose
//! seals were removed too only against a held checkpoint.

use chamdiem_commands::integrity::{
    HistorySource, SignedCheckpoint, TrustedKeys, export_archive, generate_key, sign_checkpoint,
    store_checkpoint, stored_checkpoints, verify_history,
};
use chamdiem_commands::metadata::CommandMetadata;
use chamdiem_commands::store::SealKey;
use chamdiem_commands::store::{Database, GENESIS, LogPosition, entry_hash, seal_earlier_history};
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitKind, UnitName};
use chamdiem_tests::{TestDatabase, TestStore, both_stores, write_behind_the_server};

both_stores!(
    an_untouched_history_verifies,
    a_changed_payload_byte_is_detected,
    a_deleted_event_is_detected,
    swapped_positions_are_detected,
    a_forged_event_is_detected,
    a_row_written_behind_the_server_is_chained_but_not_sealed,
    a_history_from_before_sealing_is_sealed_once_at_start,
    a_cut_off_tail_is_detected_by_its_seals_or_a_checkpoint,
    a_rewritten_chain_is_detected_by_the_seals_and_a_checkpoint,
    an_archive_is_verified_without_the_database,
    a_checkpoint_signed_by_an_untrusted_key_does_not_count,
);

/// The keys that signed `checkpoints`, trusted.
fn signers(checkpoints: &[SignedCheckpoint]) -> TrustedKeys {
    let keys: Vec<&str> = checkpoints.iter().map(|c| c.public_key.as_str()).collect();
    ok(TrustedKeys::parse(&keys))
}

/// The key that seals these tests' appends, as a server's would.
static SEAL: std::sync::LazyLock<SealKey> = std::sync::LazyLock::new(SealKey::generate);

/// The seal keys a verifier trusts here: the one above.
fn sealers() -> TrustedKeys {
    TrustedKeys::default().with(SEAL.public_key_bytes())
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Ten events: ten units registered.
async fn history(db: &TestDatabase) -> SignedCheckpoint {
    let write = WriteSide::new(
        db.database.clone(),
        std::sync::Arc::new(chamdiem_commands::clock::SystemClock),
        SEAL.clone(),
    );
    for n in 1..=10 {
        ok(write
            .register_unit(
                &CommandMetadata::operator("test"),
                RegisterUnit {
                    code: ok(UnitCode::parse(&format!("S{n:02}"))),
                    name: ok(UnitName::parse(&format!("Đơn vị số {n}"))),
                    kind: UnitKind::Department,
                    parent: None,
                },
            )
            .await);
    }
    let checkpoint = ok(sign_checkpoint(&db.database, &generate_key()).await);
    ok(store_checkpoint(&db.database, &checkpoint).await);
    assert_eq!(checkpoint.position, 10);
    checkpoint
}

/// Runs statements as a database superuser who bypasses every trigger:
/// replication mode on PostgreSQL, dropped triggers on SQLite.
async fn as_superuser(database: &Database, statements: &[String]) {
    match database {
        Database::Postgres(pool) => {
            let mut connection = ok(pool.acquire().await);
            ok(sqlx::query("SET session_replication_role = replica")
                .execute(&mut *connection)
                .await);
            for sql in statements {
                ok(sqlx::query(sql).execute(&mut *connection).await);
            }
            ok(sqlx::query("SET session_replication_role = origin")
                .execute(&mut *connection)
                .await);
        }
        Database::Sqlite(pool) => {
            for trigger in [
                "events_refuse_update",
                "events_refuse_delete",
                "event_chain_refuse_update",
                "event_chain_refuse_delete",
                "event_seals_refuse_update",
                "event_seals_refuse_delete",
            ] {
                ok(sqlx::query(&format!("DROP TRIGGER IF EXISTS {trigger}"))
                    .execute(pool)
                    .await);
            }
            for sql in statements {
                ok(sqlx::query(sql).execute(pool).await);
            }
        }
    }
}

fn payload_text(database: &Database) -> &'static str {
    match database {
        Database::Postgres(_) => "payload::text",
        Database::Sqlite(_) => "payload",
    }
}

fn as_json(database: &Database, expression: &str) -> String {
    match database {
        Database::Postgres(_) => format!("({expression})::json"),
        Database::Sqlite(_) => expression.to_owned(),
    }
}

/// Where the chain breaks, whether each checkpoint holds, how many events
/// verified, and where the seals break (when the chain holds).
async fn verdict(
    db: &TestDatabase,
    checkpoints: &[SignedCheckpoint],
) -> (Option<i64>, Vec<bool>, u64, Option<i64>) {
    let verification = ok(verify_history(
        &db.database,
        HistorySource::Store,
        checkpoints,
        &signers(checkpoints),
        &sealers(),
    )
    .await);
    (
        verification.broken.map(|b| b.position),
        verification
            .checkpoints
            .iter()
            .map(|c| c.consistent)
            .collect(),
        verification.verified,
        verification
            .seals
            .and_then(|seals| seals.broken)
            .map(|b| b.position),
    )
}

async fn an_untouched_history_verifies(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let checkpoint = history(&db).await;
    let verification = ok(verify_history(
        &db.database,
        HistorySource::Store,
        std::slice::from_ref(&checkpoint),
        &signers(std::slice::from_ref(&checkpoint)),
        &sealers(),
    )
    .await);
    assert!(verification.is_intact(), "{:?}", verification.report());
    assert_eq!(
        verification.report()[0],
        "Đã xác minh 10 sự kiện đến vị trí 10."
    );
    assert_eq!(
        verification.head_hash, checkpoint.head,
        "the recomputed head is the stored head"
    );
    let parsed = ok(SignedCheckpoint::parse(&checkpoint.to_text()));
    assert_eq!(parsed, checkpoint);
    assert!(
        signers(std::slice::from_ref(&checkpoint))
            .check(&parsed)
            .is_ok()
    );
    let mut forged = parsed.clone();
    forged.position = 9;
    assert!(
        forged.verify_signature().is_err(),
        "a changed checkpoint no longer verifies"
    );
}

async fn a_changed_payload_byte_is_detected(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let checkpoint = history(&db).await;
    let changed = as_json(
        &db.database,
        &format!("replace({}, 'số 5', 'số 6')", payload_text(&db.database)),
    );
    as_superuser(
        &db.database,
        &[format!(
            "UPDATE events SET payload = {changed} WHERE position = 5"
        )],
    )
    .await;
    assert_eq!(
        verdict(&db, &[checkpoint]).await,
        (Some(5), vec![false], 4, None)
    );
}

async fn a_deleted_event_is_detected(store: TestStore) {
    let db = TestDatabase::open(store).await;
    history(&db).await;
    as_superuser(
        &db.database,
        &["DELETE FROM events WHERE position = 5".to_owned()],
    )
    .await;
    assert_eq!(verdict(&db, &[]).await, (Some(5), vec![], 4, None));
}

async fn swapped_positions_are_detected(store: TestStore) {
    let db = TestDatabase::open(store).await;
    history(&db).await;
    as_superuser(
        &db.database,
        &[
            "UPDATE events SET position = -4 WHERE position = 4".to_owned(),
            "UPDATE events SET position = 4 WHERE position = 6".to_owned(),
            "UPDATE events SET position = 6 WHERE position = -4".to_owned(),
        ],
    )
    .await;
    assert_eq!(verdict(&db, &[]).await, (Some(4), vec![], 3, None));
}

async fn a_forged_event_is_detected(store: TestStore) {
    let db = TestDatabase::open(store).await;
    history(&db).await;
    let payload = as_json(&db.database, "'{\"UnitRegistered\":{}}'");
    let metadata = as_json(&db.database, "'{}'");
    let time = match &db.database {
        Database::Postgres(_) => "now()",
        Database::Sqlite(_) => "'2026-11-27T00:00:00.000Z'",
    };
    as_superuser(
        &db.database,
        &[format!(
            "INSERT INTO events (position, aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata, recorded_at)
             VALUES (11, 'unit', 'forged', 1, 'UnitRegistered', '1', {payload}, {metadata}, {time})"
        )],
    )
    .await;
    assert_eq!(verdict(&db, &[]).await, (Some(11), vec![], 10, None));
}

async fn a_row_written_behind_the_server_is_chained_but_not_sealed(store: TestStore) {
    let db = TestDatabase::open(store).await;
    history(&db).await;
    write_behind_the_server(&db.database, "forged").await;
    // The chain takes it like any other row; the seals do not cover it.
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 11, Some(11)));
    // The server goes on appending and sealing its own appends…
    let write = WriteSide::new(
        db.database.clone(),
        std::sync::Arc::new(chamdiem_commands::clock::SystemClock),
        SEAL.clone(),
    );
    ok(write
        .register_unit(
            &CommandMetadata::operator("test"),
            RegisterUnit {
                code: ok(UnitCode::parse("S11")),
                name: ok(UnitName::parse("Đơn vị số 11")),
                kind: UnitKind::Department,
                parent: None,
            },
        )
        .await);
    // …and a checkpoint signed afterwards by a trusted key matches the
    // chain, yet the row is still named.
    let checkpoint = ok(sign_checkpoint(&db.database, &generate_key()).await);
    assert_eq!(checkpoint.position, 12);
    assert_eq!(
        verdict(&db, std::slice::from_ref(&checkpoint)).await,
        (None, vec![true], 12, Some(11))
    );
    let verification = ok(verify_history(
        &db.database,
        HistorySource::Store,
        &[],
        &TrustedKeys::default(),
        &sealers(),
    )
    .await);
    assert!(!verification.is_intact());
    assert!(
        verification
            .report()
            .iter()
            .any(|line| line.contains("vị trí 11") && line.contains("ngoài máy chủ")),
        "{:?}",
        verification.report()
    );
    // A verifier that does not trust the server's key trusts no seal.
    let untrusting = ok(verify_history(
        &db.database,
        HistorySource::Store,
        &[],
        &TrustedKeys::default(),
        &TrustedKeys::default(),
    )
    .await);
    assert!(!untrusting.is_intact(), "{:?}", untrusting.report());
}

async fn a_history_from_before_sealing_is_sealed_once_at_start(store: TestStore) {
    let db = TestDatabase::open(store).await;
    // Written as versions before seals did: chained, unsealed.
    for n in 1..=3 {
        write_behind_the_server(&db.database, &format!("truoc-{n}")).await;
    }
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 3, Some(1)));
    // The first start seals all of it, once.
    assert_eq!(ok(seal_earlier_history(&db.database, &SEAL).await), Some(3));
    assert_eq!(ok(seal_earlier_history(&db.database, &SEAL).await), None);
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 3, None));
    // From then on, a row behind the server's back is not sealed by a start.
    write_behind_the_server(&db.database, "sau").await;
    assert_eq!(ok(seal_earlier_history(&db.database, &SEAL).await), None);
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 4, Some(4)));
}

async fn a_cut_off_tail_is_detected_by_its_seals_or_a_checkpoint(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let checkpoint = history(&db).await;
    as_superuser(
        &db.database,
        &[
            "DELETE FROM events WHERE position > 7".to_owned(),
            "DELETE FROM event_chain WHERE position > 7".to_owned(),
        ],
    )
    .await;
    // The seals of the removed appends are still there…
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 7, Some(8)));
    as_superuser(
        &db.database,
        &["DELETE FROM event_seals WHERE first_position > 7".to_owned()],
    )
    .await;
    // …without them, a shorter history is a consistent history…
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 7, None));
    // …the held checkpoint says the history reached position 10.
    assert_eq!(
        verdict(&db, &[checkpoint]).await,
        (None, vec![false], 7, None)
    );
}

/// Changes the payload of position 5 and recomputes every chain entry from
/// there on, as a forger with the database's keys would.
async fn rewrite_from_position_five(db: &TestDatabase) {
    let changed = as_json(
        &db.database,
        &format!("replace({}, 'số 5', 'số 6')", payload_text(&db.database)),
    );
    as_superuser(
        &db.database,
        &[format!(
            "UPDATE events SET payload = {changed} WHERE position = 5"
        )],
    )
    .await;
    // The forger recomputes every entry from the change on.
    let events = ok(db.read_from(LogPosition::START.next(), 100).await);
    let mut previous = GENESIS;
    let mut rewrites = Vec::new();
    for event in &events {
        let hash = entry_hash(&previous, event);
        if event.position.get() >= 5 {
            rewrites.push(format!(
                "UPDATE event_chain SET hash = '{}' WHERE position = {}",
                hex::encode(hash),
                event.position
            ));
        }
        previous = hash;
    }
    as_superuser(&db.database, &rewrites).await;
}

async fn a_rewritten_chain_is_detected_by_the_seals_and_a_checkpoint(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let checkpoint = history(&db).await;
    rewrite_from_position_five(&db).await;
    // The chain is consistent with itself, but not with the server's
    // seals, which the forger cannot make…
    assert_eq!(verdict(&db, &[]).await, (None, vec![], 10, Some(5)));
    // …nor with the held checkpoint.
    let verification = ok(verify_history(
        &db.database,
        HistorySource::Store,
        std::slice::from_ref(&checkpoint),
        &signers(std::slice::from_ref(&checkpoint)),
        &sealers(),
    )
    .await);
    assert!(!verification.is_intact());
    assert!(
        verification
            .report()
            .iter()
            .any(|line| line.contains("KHÔNG khớp")),
        "{:?}",
        verification.report()
    );
}

async fn an_archive_is_verified_without_the_database(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let checkpoint = history(&db).await;
    let folder = ok(tempfile::tempdir());
    let exported = folder.path().join("archive.sqlite3");
    assert_eq!(ok(export_archive(&db.database, &exported).await), 10);
    assert!(
        export_archive(&db.database, &exported).await.is_err(),
        "an existing file is not overwritten"
    );
    db.database.close().await;
    // Copied elsewhere and checked with nothing but the file.
    let copy = folder.path().join("copy.sqlite3");
    ok(std::fs::copy(&exported, &copy));
    let archive = ok(Database::open_sqlite(&copy, 1).await);
    let verification = ok(verify_history(
        &archive,
        HistorySource::Archive,
        std::slice::from_ref(&checkpoint),
        &signers(std::slice::from_ref(&checkpoint)),
        &sealers(),
    )
    .await);
    assert!(verification.is_intact(), "{:?}", verification.report());
    assert_eq!(verification.verified, 10);
    let kept = ok(chamdiem_commands::integrity::stored_checkpoints(&archive).await);
    assert_eq!(kept, vec![checkpoint]);
}

async fn a_checkpoint_signed_by_an_untrusted_key_does_not_count(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let honest = history(&db).await;
    let trusted = signers(std::slice::from_ref(&honest));
    rewrite_from_position_five(&db).await;
    // The forger signs the rewritten head with a key of their own and keeps
    // the checkpoint beside the history, where verifiers look for them.
    let forged = ok(sign_checkpoint(&db.database, &generate_key()).await);
    ok(store_checkpoint(&db.database, &forged).await);
    let alone = ok(verify_history(
        &db.database,
        HistorySource::Store,
        std::slice::from_ref(&forged),
        &trusted,
        &sealers(),
    )
    .await);
    assert!(!alone.is_intact(), "{:?}", alone.report());
    assert!(
        alone.report().iter().any(|line| line.contains("khoá khác")),
        "{:?}",
        alone.report()
    );
    let kept = ok(stored_checkpoints(&db.database).await);
    assert_eq!(kept.len(), 2);
    assert!(
        !ok(verify_history(
            &db.database,
            HistorySource::Store,
            &kept,
            &trusted,
            &sealers()
        )
        .await)
        .is_intact()
    );
    // Without a trusted key, no checkpoint counts.
    let untrusting = ok(verify_history(
        &db.database,
        HistorySource::Store,
        std::slice::from_ref(&forged),
        &TrustedKeys::default(),
        &sealers(),
    )
    .await);
    assert!(!untrusting.is_intact(), "{:?}", untrusting.report());
    // An archive carries both; the forged one still does not count.
    let folder = ok(tempfile::tempdir());
    let exported = folder.path().join("archive.sqlite3");
    ok(export_archive(&db.database, &exported).await);
    let archive = ok(Database::open_sqlite(&exported, 1).await);
    let kept = ok(stored_checkpoints(&archive).await);
    let verification = ok(verify_history(
        &archive,
        HistorySource::Archive,
        &kept,
        &trusted,
        &sealers(),
    )
    .await);
    assert!(!verification.is_intact(), "{:?}", verification.report());
}
