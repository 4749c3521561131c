//! The event-store contract, run against both stores: append and load,
//! optimistic concurrency, the global log under concurrency, immutability.

use chamdiem_commands::store::SealKey;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chamdiem_commands::framework::framework;
use chamdiem_commands::integrity::{HistorySource, TrustedKeys, verify_history};
use chamdiem_commands::store::{
    AggregateCache, CachedEventStore, Database, GroupCommit, LogPosition, LoggedEvent,
};
use chamdiem_tests::{HeldAppend, Tally, TallyCommand, TestDatabase, TestStore, both_stores};
use cqrs_es::persist::{PersistedEventRepository, PersistenceError, SerializedEvent};
use cqrs_es::{AggregateError, EventStore};
use serde_json::json;

both_stores!(
    events_are_appended_and_loaded_in_order,
    a_second_writer_on_the_same_sequence_gets_a_conflict_and_writes_nothing,
    concurrent_commands_on_one_aggregate_one_wins_one_conflicts,
    a_refused_append_leaves_no_gap_in_the_log,
    the_global_log_returns_every_event_once_in_commit_order,
    a_transaction_held_open_before_appending_commits_last_and_is_not_skipped,
    appends_behind_an_uncommitted_append_wait_and_nothing_is_skipped,
    events_cannot_be_updated_or_deleted,
    a_kept_aggregate_loads_only_newer_events_and_sees_other_writers,
    concurrent_appends_share_transactions_and_the_chain_holds,
);

/// The key that seals these tests' appends.
static SEAL: std::sync::LazyLock<SealKey> = std::sync::LazyLock::new(SealKey::generate);

fn tally_event(aggregate_id: &str, sequence: usize, amount: i64) -> SerializedEvent {
    SerializedEvent::new(
        aggregate_id.to_owned(),
        sequence,
        "tally".to_owned(),
        "Added".to_owned(),
        "1".to_owned(),
        json!({ "Added": { "amount": amount } }),
        json!({ "actor": "test" }),
    )
}

async fn add(database: &Database, aggregate_id: &str, amount: i64) {
    let appends = GroupCommit::new(database.clone(), SEAL.clone());
    framework::<Tally>(database, &Default::default(), &appends, ())
        .execute_with_metadata(aggregate_id, TallyCommand::Add(amount), HashMap::new())
        .await
        .unwrap_or_else(|e| panic!("add to {aggregate_id}: {e}"));
}

/// Reads the whole log, in pages of three to exercise paging.
async fn whole_log(database: &Database) -> Vec<LoggedEvent> {
    let mut events = Vec::new();
    let mut from = LogPosition::START.next();
    loop {
        let page = database
            .read_from(from, 3)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let Some(last) = page.last() else {
            return events;
        };
        from = last.position.next();
        events.extend(page);
    }
}

fn positions(events: &[LoggedEvent]) -> Vec<i64> {
    events.iter().map(|e| e.position.get()).collect()
}

fn one_to(n: i64) -> Vec<i64> {
    (1..=n).collect()
}

async fn events_are_appended_and_loaded_in_order(store: TestStore) {
    let db = TestDatabase::open(store).await;
    for amount in [5, 7, -2] {
        add(&db, "t-1", amount).await;
    }
    let stored = db.event_repository().get_events::<Tally>("t-1").await;
    let stored = stored.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stored.iter().map(|e| e.sequence).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(stored[2].payload, json!({ "Added": { "amount": -2 } }));

    let store =
        cqrs_es::persist::PersistedEventStore::<_, Tally>::new_event_store(db.event_repository());
    let mut loaded = store
        .load_aggregate("t-1")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    use cqrs_es::AggregateContext;
    assert_eq!(loaded.aggregate().total, 10);

    let log = whole_log(&db).await;
    assert_eq!(positions(&log), one_to(3));
    assert!(
        log.iter()
            .all(|e| e.aggregate_id == "t-1" && e.event_type == "Added")
    );
    assert_eq!(
        log.iter().map(|e| e.sequence).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let age = chrono::Utc::now() - log[0].recorded_at;
    assert!(
        age.num_seconds().abs() < 60,
        "recorded_at is UTC now-ish: {}",
        log[0].recorded_at
    );
    assert!(log.windows(2).all(|w| w[0].recorded_at <= w[1].recorded_at));
}

async fn a_second_writer_on_the_same_sequence_gets_a_conflict_and_writes_nothing(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let repo = db.event_repository();
    let first = repo
        .persist::<Tally>(&[tally_event("t-2", 1, 1)], None)
        .await;
    assert!(first.is_ok(), "{first:?}");
    // The second writer read the aggregate at the same version and tries to
    // append sequence 1 again, plus a sequence 2: nothing of it may land.
    let second = repo
        .persist::<Tally>(
            &[tally_event("t-2", 2, 99), tally_event("t-2", 1, 99)],
            None,
        )
        .await;
    assert!(
        matches!(second, Err(PersistenceError::OptimisticLockError)),
        "{second:?}"
    );
    let stored = repo
        .get_events::<Tally>("t-2")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].payload, json!({ "Added": { "amount": 1 } }));
    assert_eq!(positions(&whole_log(&db).await), [1]);
}

async fn concurrent_commands_on_one_aggregate_one_wins_one_conflicts(store: TestStore) {
    let db = TestDatabase::open(store).await;
    add(&db, "t-3", 1).await;
    // Both writers load version 1, then race to append sequence 2.
    let repo_a = db.event_repository();
    let repo_b = db.event_repository();
    let (event_a, event_b) = ([tally_event("t-3", 2, 10)], [tally_event("t-3", 2, 20)]);
    let (a, b) = tokio::join!(
        repo_a.persist::<Tally>(&event_a, None),
        repo_b.persist::<Tally>(&event_b, None),
    );
    let conflicts = [&a, &b]
        .iter()
        .filter(|r| matches!(r, Err(PersistenceError::OptimisticLockError)))
        .count();
    assert_eq!(
        (a.is_ok() as usize + b.is_ok() as usize, conflicts),
        (1, 1),
        "{a:?} {b:?}"
    );

    // Through the framework the loser sees AggregateConflict, never a panic.
    let results = futures_join_many(&db, "t-3", 8).await;
    assert!(results.iter().any(Result::is_ok));
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(()) | Err(AggregateError::AggregateConflict)))
    );
    let stored = db.event_repository().get_events::<Tally>("t-3").await;
    let stored = stored.unwrap_or_else(|e| panic!("{e}"));
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(stored.len(), 2 + won);
    assert_eq!(positions(&whole_log(&db).await), one_to(2 + won as i64));
}

async fn futures_join_many(
    db: &Database,
    aggregate_id: &str,
    writers: usize,
) -> Vec<Result<(), AggregateError<chamdiem_tests::Never>>> {
    // One writer queue for all, as in a server: the appends that meet in a
    // group find out there which one won.
    let appends = GroupCommit::new(db.clone(), SEAL.clone());
    let tasks = (0..writers).map(|i| {
        let db = db.clone();
        let id = aggregate_id.to_owned();
        let appends = appends.clone();
        tokio::spawn(async move {
            framework::<Tally>(&db, &Default::default(), &appends, ())
                .execute_with_metadata(&id, TallyCommand::Add(i as i64), HashMap::new())
                .await
        })
    });
    let mut results = Vec::new();
    for task in tasks.collect::<Vec<_>>() {
        results.push(task.await.unwrap_or_else(|e| panic!("{e}")));
    }
    results
}

async fn a_refused_append_leaves_no_gap_in_the_log(store: TestStore) {
    let db = TestDatabase::open(store).await;
    add(&db, "t-4", 1).await;
    let refused = db
        .event_repository()
        .persist::<Tally>(&[tally_event("t-4", 1, 5)], None)
        .await;
    assert!(refused.is_err());
    add(&db, "t-5", 1).await;
    assert_eq!(positions(&whole_log(&db).await), [1, 2]);
}

async fn the_global_log_returns_every_event_once_in_commit_order(store: TestStore) {
    let db = TestDatabase::open(store).await;
    // Sixteen writers on eight aggregates, while a reader follows the log
    // the way the projector will: from its checkpoint, in small batches.
    // The writers share one aggregate cache, as a server's requests do.
    let cache = Arc::new(AggregateCache::default());
    let appends = GroupCommit::new(db.clone(), SEAL.clone());
    let writers: Vec<_> = (0..16)
        .map(|w| {
            let db = db.clone();
            let cache = Arc::clone(&cache);
            let appends = appends.clone();
            tokio::spawn(async move {
                for i in 0..10 {
                    let id = format!("t-{}", w % 8);
                    // Conflicts are expected here; retry as the API will.
                    loop {
                        let outcome = framework::<Tally>(&db, &cache, &appends, ())
                            .execute_with_metadata(
                                &id,
                                TallyCommand::Add(w * 100 + i),
                                HashMap::new(),
                            )
                            .await;
                        match outcome {
                            Ok(()) => break,
                            Err(AggregateError::AggregateConflict) => continue,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
            })
        })
        .collect();
    let reader = {
        let db = db.clone();
        tokio::spawn(async move { follow_log_until(&db, 160).await })
    };
    for writer in writers {
        writer.await.unwrap_or_else(|e| panic!("{e}"));
    }
    let followed = reader.await.unwrap_or_else(|e| panic!("{e}"));
    let log = whole_log(&db).await;
    assert_eq!(positions(&log), one_to(160));
    assert_eq!(followed, log, "the follower saw exactly the final log");
    // Per aggregate, log order is sequence order.
    let mut last_sequence: HashMap<&str, i64> = HashMap::new();
    for event in &log {
        let previous = last_sequence
            .insert(&event.aggregate_id, event.sequence)
            .unwrap_or(0);
        assert_eq!(event.sequence, previous + 1, "{event:?}");
    }
}

/// Follows the log from the start, batch by batch, until `count` events have
/// been seen; every batch must continue exactly where the last one ended.
async fn follow_log_until(db: &Database, count: usize) -> Vec<LoggedEvent> {
    let mut seen: Vec<LoggedEvent> = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while seen.len() < count {
        assert!(
            tokio::time::Instant::now() < deadline,
            "follower stuck at {}",
            seen.len()
        );
        let from = LogPosition::new(seen.len() as i64).next();
        let batch = db
            .read_from(from, 7)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for (offset, event) in batch.iter().enumerate() {
            assert_eq!(
                event.position,
                LogPosition::new(from.get() + offset as i64),
                "a gap or a skip"
            );
        }
        if batch.is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        seen.extend(batch);
    }
    seen
}

async fn a_transaction_held_open_before_appending_commits_last_and_is_not_skipped(
    store: TestStore,
) {
    let db = TestDatabase::open(store).await;
    add(&db, "t-early", 1).await;
    // The slow transaction starts first (PostgreSQL: it already has its
    // transaction id and snapshot)…
    let mut slow = HeldAppend::begin(&db).await;
    // …while later ones commit and a reader moves past them.
    for i in 0..5 {
        add(&db, &format!("t-later-{i}"), 1).await;
    }
    let mut followed = follow_log_until(&db, 6).await;
    // Then the slow one appends and commits last.
    slow.append("t-slow").await;
    slow.commit().await;
    followed.extend(
        db.read_from(LogPosition::new(7), 100)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(positions(&followed), one_to(7));
    assert_eq!(
        followed[6].aggregate_id, "t-slow",
        "the last to commit is last in the log"
    );
    assert_eq!(followed, whole_log(&db).await);
}

async fn appends_behind_an_uncommitted_append_wait_and_nothing_is_skipped(store: TestStore) {
    let db = TestDatabase::open(store).await;
    add(&db, "t-first", 1).await;
    let mut held = HeldAppend::begin(&db).await;
    held.append("t-held").await;
    // Later writers start while the held append is uncommitted.
    let later: Vec<_> = (0..3)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move { add(&db, &format!("t-behind-{i}"), 1).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Meanwhile a reader sees only what is committed, and nothing past a hole.
    let visible = whole_log(&db).await;
    assert_eq!(
        positions(&visible),
        [1],
        "nothing after the uncommitted append is visible"
    );
    assert!(
        later.iter().all(|task| !task.is_finished()),
        "later appends wait their turn"
    );
    held.commit().await;
    for task in later {
        task.await.unwrap_or_else(|e| panic!("{e}"));
    }
    let log = whole_log(&db).await;
    assert_eq!(positions(&log), one_to(5));
    assert_eq!(
        log[1].aggregate_id, "t-held",
        "the held append committed first, so it is second"
    );
    assert!(
        log[2..]
            .iter()
            .all(|e| e.aggregate_id.starts_with("t-behind-"))
    );
}

async fn events_cannot_be_updated_or_deleted(store: TestStore) {
    let db = TestDatabase::open(store).await;
    add(&db, "t-6", 1).await;
    let before = whole_log(&db).await;
    let attempts = [
        "UPDATE events SET payload = '{\"Added\":{\"amount\":1000}}'",
        "UPDATE events SET position = 99",
        "DELETE FROM events",
        "DELETE FROM events WHERE aggregate_id = 't-6'",
    ];
    for sql in attempts {
        let refused = match &*db {
            Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(drop),
            Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(drop),
        };
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("events are immutable"),
            "{sql}: {message:?}"
        );
    }
    if let Database::Postgres(pool) = &*db {
        let truncate = sqlx::query("TRUNCATE events").execute(pool).await;
        assert!(truncate.is_err(), "TRUNCATE must be refused");
    }
    assert_eq!(whole_log(&db).await, before);
}

async fn a_kept_aggregate_loads_only_newer_events_and_sees_other_writers(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let ours = Arc::new(AggregateCache::default());
    let theirs = Arc::new(AggregateCache::default());
    let appends = GroupCommit::new(db.clone(), SEAL.clone());
    let run = async |cache: &Arc<AggregateCache>, amount: i64| {
        framework::<Tally>(&db, cache, &appends, ())
            .execute_with_metadata("t-9", TallyCommand::Add(amount), HashMap::new())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    };
    for i in 0..200 {
        run(&ours, i).await;
    }
    // However long the history, a command on a kept aggregate reads nothing
    // more than what others wrote since.
    let before = ours.events_loaded();
    run(&ours, 1).await;
    assert_eq!(ours.events_loaded() - before, 0, "nothing new to read");
    for _ in 0..3 {
        run(&theirs, 10).await;
    }
    let before = ours.events_loaded();
    run(&ours, 1).await;
    assert_eq!(
        ours.events_loaded() - before,
        3,
        "exactly the other writer's events"
    );
    // The kept state is the replayed state.
    let replayed =
        CachedEventStore::<Tally>::new(&db, Arc::new(AggregateCache::default()), appends.clone())
            .load_aggregate("t-9")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    let kept = CachedEventStore::<Tally>::new(&db, Arc::clone(&ours), appends.clone())
        .load_aggregate("t-9")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let expected: i64 = (0..200).sum::<i64>() + 1 + 30 + 1;
    assert_eq!(replayed.aggregate.total, expected);
    assert_eq!(kept.aggregate.total, expected);
    assert_eq!(kept.current_sequence, 205);
}

async fn concurrent_appends_share_transactions_and_the_chain_holds(store: TestStore) {
    let db = TestDatabase::open(store).await;
    // Thirty-two writers through one queue: twenty-four on aggregates of
    // their own, eight on one shared aggregate, so that groups also meet
    // conflicts and must sort out who lost.
    let appends = GroupCommit::new(db.database.clone(), SEAL.clone());
    let cache = Arc::new(AggregateCache::default());
    let start = Arc::new(tokio::sync::Barrier::new(32));
    let writers: Vec<_> = (0..32_i64)
        .map(|w| {
            let (db, appends, cache, start) = (
                db.database.clone(),
                appends.clone(),
                Arc::clone(&cache),
                Arc::clone(&start),
            );
            tokio::spawn(async move {
                let id = if w < 24 {
                    format!("own-{w}")
                } else {
                    "shared".to_owned()
                };
                start.wait().await;
                let mut conflicts = 0;
                for i in 0..10 {
                    loop {
                        match framework::<Tally>(&db, &cache, &appends, ())
                            .execute_with_metadata(
                                &id,
                                TallyCommand::Add(w * 100 + i),
                                HashMap::new(),
                            )
                            .await
                        {
                            Ok(()) => break,
                            Err(AggregateError::AggregateConflict) => conflicts += 1,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
                conflicts
            })
        })
        .collect();
    let mut conflicts = 0;
    for writer in writers {
        conflicts += writer.await.unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(
        appends.largest_group() > 1,
        "the appends never met in one transaction"
    );
    assert!(conflicts > 0, "the shared aggregate never saw a race");
    let log = whole_log(&db).await;
    assert_eq!(
        positions(&log),
        one_to(320),
        "every acknowledged append once"
    );
    let shared: i64 = (24..32)
        .map(|w| (0..10).map(|i| w * 100 + i).sum::<i64>())
        .sum();
    let loaded = CachedEventStore::<Tally>::new(&db, Arc::default(), appends.clone())
        .load_aggregate("shared")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.aggregate.total, shared);
    assert_eq!(loaded.current_sequence, 80);
    let verification = verify_history(
        &db,
        HistorySource::Store,
        &[],
        &Default::default(),
        &TrustedKeys::default().with(SEAL.public_key_bytes()),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(verification.is_intact(), "{:?}", verification.report());
}
