//! The read models on both stores: incremental equals rebuild row for row,
//! a crash in the middle of a batch loses and doubles nothing, and the
//! past can be asked for.

use chamdiem_commands::store::SealKey;
use std::time::Duration;

use chamdiem_commands::store::LogPosition;
use chamdiem_domain::scoring::Points;
use chamdiem_projections::as_of::{AsOf, ranking_as_of, scorecard_as_of};
use chamdiem_projections::dump_read_models;
use chamdiem_projections::progress_board::ProgressStatus;
use chamdiem_projections::{ProjectionTx, Projector};
use chamdiem_tests::{TestDatabase, TestStore, both_stores, generated_cycle};

both_stores!(
    a_mutation_can_wait_until_the_read_models_have_its_events,
    the_incremental_read_models_equal_a_rebuild_row_for_row,
    a_projector_killed_in_the_middle_of_a_batch_skips_and_doubles_nothing,
    the_ranking_before_and_after_a_round_two_change_differs_as_the_events_say,
);

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

async fn the_incremental_read_models_equal_a_rebuild_row_for_row(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let projector = Projector::new(db.database.clone());
    let cycle = generated_cycle(&db, Some(&projector)).await;
    ok(projector.catch_up().await);
    assert_eq!(ok(projector.lag().await), 0);
    let incremental = ok(dump_read_models(&db).await);

    // The read models say what the events say.
    let audit = &incremental["rm_audit_trail"];
    assert_eq!(
        audit.len() as i64,
        ok(db.log_head().await).get(),
        "one audit row per event"
    );
    let rankings = &incremental["rm_rankings"];
    assert_eq!(rankings.len(), 7, "every unit ranked");
    let rank_of = |code: &str| {
        rankings
            .iter()
            .find(|r| r[3].as_deref() == Some(code))
            .and_then(|r| r[4].clone())
    };
    assert_eq!(rank_of("H1"), rank_of("H3"), "H1 and H3 tie");
    assert_eq!(rank_of("D1").as_deref(), Some("1"));
    let scorecard = incremental["rm_scorecards"]
        .iter()
        .find(|r| r[1].as_deref() == Some(cycle.units["D2"].to_string().as_str()))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (scorecard[2].as_deref(), scorecard[9].as_deref()),
        (Some("submitted"), Some("99")),
        "D2: 1.3.2 not applicable"
    );
    assert!(
        incremental["rm_accounts"]
            .iter()
            .all(|row| row.iter().flatten().all(|cell| !cell.contains("$argon2"))),
        "no password hash in the directory"
    );

    // The progress board: every unit submitted, every appraiser done.
    let board = ok(chamdiem_projections::progress_board::progress_board(
        &db,
        cycle.period,
        chrono::Utc::now(),
    )
    .await);
    assert_eq!(board.units.len(), 7);
    assert!(
        board
            .units
            .iter()
            .all(|u| u.status == ProgressStatus::Submitted),
        "{board:?}"
    );
    assert!(!board.appraisers.is_empty());
    assert!(
        board
            .appraisers
            .iter()
            .all(|a| a.submitted && a.round2_done > 0 && a.round2_done <= a.assigned),
        "{board:?}"
    );

    let indexes = audit_trail_indexes(&db, store).await;
    assert_eq!(indexes.len(), 4, "{indexes:?}");
    let report = ok(projector.rebuild(|_, _| {}).await);
    assert_eq!(report.events as i64, ok(db.log_head().await).get());
    assert_same_tables(&incremental, &ok(dump_read_models(&db).await), "a rebuild");
    assert_eq!(
        audit_trail_indexes(&db, store).await,
        indexes,
        "a rebuild drops the trail's indexes and builds them again at the end"
    );

    // A rebuild stopped between the two leaves them dropped: the next
    // projector to start builds them.
    let mut tx = ok(ProjectionTx::begin(&db.database).await);
    ok(tx.execute("DROP INDEX rm_audit_trail_by_actor", &[]).await);
    ok(tx.commit().await);
    ok(Projector::new(db.database.clone()).catch_up().await);
    assert_eq!(audit_trail_indexes(&db, store).await, indexes);

    // Batches keep changes in memory until they end: where they end changes nothing.
    for events in [1, 7] {
        let small_batches = Projector::new(db.database.clone()).with_batch_size(events);
        ok(small_batches.rebuild(|_, _| {}).await);
        let rebuilt = ok(dump_read_models(&db).await);
        assert_same_tables(
            &incremental,
            &rebuilt,
            &format!("a rebuild in batches of {events}"),
        );
    }
}

/// The names of the audit trail's secondary indexes, sorted.
async fn audit_trail_indexes(db: &TestDatabase, store: TestStore) -> Vec<String> {
    let sql = match store {
        TestStore::Postgres => {
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
               AND tablename = 'rm_audit_trail' AND indexname LIKE 'rm_audit_trail_by_%'"
        }
        TestStore::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index'
               AND tbl_name = 'rm_audit_trail' AND name LIKE 'rm_audit_trail_by_%'"
        }
    };
    let mut tx = ok(ProjectionTx::begin_read(&db.database).await);
    let rows = ok(tx.text_rows(sql, &[]).await);
    ok(tx.commit().await);
    let mut names: Vec<String> = rows.into_iter().flatten().flatten().collect();
    names.sort();
    names
}

type Tables = std::collections::BTreeMap<&'static str, Vec<Vec<Option<String>>>>;

/// Every table of `expected` has the same rows in `actual`.
fn assert_same_tables(expected: &Tables, actual: &Tables, after: &str) {
    for (table, rows) in expected {
        assert_eq!(
            Some(rows),
            actual.get(table),
            "{table} differs after {after}"
        );
    }
}

async fn a_projector_killed_in_the_middle_of_a_batch_skips_and_doubles_nothing(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let _cycle = generated_cycle(&db, None).await;
    let projector = Projector::new(db.database.clone());
    let running = {
        let projector = projector.clone();
        tokio::spawn(async move { projector.run_batch().await })
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while projector.applied() < 40 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the projector never started"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    running.abort();
    assert!(running.await.is_err(), "killed before it could commit");
    assert_eq!(
        ok(projector.checkpoint().await),
        LogPosition::START,
        "the half-applied batch left nothing behind"
    );

    // The killed batch's connection gives its advisory lock back when its
    // rollback reaches the server: until then the new instance stands aside.
    let restarted = Projector::new(db.database.clone());
    let head = ok(db.log_head().await);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while ok(restarted.checkpoint().await) < head {
        assert!(tokio::time::Instant::now() < deadline, "the lock came back");
        ok(restarted.catch_up().await);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let recovered = ok(dump_read_models(&db).await);
    assert_eq!(
        recovered["rm_audit_trail"].len() as i64,
        ok(db.log_head().await).get(),
        "every event exactly once"
    );
    ok(restarted.rebuild(|_, _| {}).await);
    assert_eq!(recovered, ok(dump_read_models(&db).await));
}

async fn the_ranking_before_and_after_a_round_two_change_differs_as_the_events_say(
    store: TestStore,
) {
    let db = TestDatabase::open(store).await;
    let cycle = generated_cycle(&db, None).await;
    let (unit, leaf) = cycle.round_two_change.clone();
    // The round-2 event that raised D1's 1.1.1 from 0 to 0.5.
    let events = ok(db.read_from(LogPosition::START.next(), 100_000).await);
    let change = events
        .iter()
        .find(|e| {
            let payload: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
            let scored = &payload["AppraisalScored"];
            e.event_type == "AppraisalScored"
                && scored["round"] == "2"
                && scored["unit_id"] == unit.to_string().as_str()
                && scored["leaf"] == leaf.as_str()
        })
        .map(|e| e.position)
        .unwrap_or_else(|| panic!("no round-2 change in the log"));
    let before = ok(ranking_as_of(
        &db,
        cycle.period,
        AsOf::Position(LogPosition::new(change.get() - 1)),
    )
    .await);
    let after = ok(ranking_as_of(&db, cycle.period, AsOf::Position(change)).await);
    let total = |results: &Option<chamdiem_domain::results::PeriodResults>| {
        results
            .as_ref()
            .and_then(|r| {
                r.iter()
                    .find(|x| x.result.unit.unit_id == unit)
                    .map(|x| x.result.total)
            })
            .unwrap_or_default()
    };
    assert_eq!(
        total(&after) - total(&before),
        Points::parse("0.5").map(Points::value).unwrap_or_default()
    );
    // Nothing else moved.
    let others = |results: &Option<chamdiem_domain::results::PeriodResults>| {
        results
            .as_ref()
            .map(|r| {
                r.iter()
                    .filter(|x| x.result.unit.unit_id != unit)
                    .map(|x| (x.result.unit.code.to_string(), x.result.total))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(others(&before), others(&after));
    // The unit's own scorecard at that moment shows the round-1 score as its final.
    let (result, _) = ok(scorecard_as_of(
        &db,
        cycle.period,
        unit,
        AsOf::Position(LogPosition::new(change.get() - 1)),
    )
    .await)
    .unwrap_or_else(|| panic!("the unit existed"));
    let final_of_leaf = result
        .leaves
        .iter()
        .find(|l| l.code == leaf)
        .map(|l| l.points.to_string());
    assert_eq!(final_of_leaf.as_deref(), Some("0"));
    // By time: before the period existed there is nothing; at the end, the aggregated results.
    let epoch = "2000-01-01T00:00:00Z".parse().unwrap_or_default();
    assert!(ok(ranking_as_of(&db, cycle.period, AsOf::Time(epoch)).await).is_none());
    let now = chrono::Utc::now() + chrono::Duration::minutes(1);
    let at_end = ok(ranking_as_of(&db, cycle.period, AsOf::Time(now)).await);
    assert_eq!(total(&at_end), total(&after));
}

async fn a_mutation_can_wait_until_the_read_models_have_its_events(store: TestStore) {
    use chamdiem_commands::bootstrap_admin::{BootstrapAdmin, bootstrap_admin};
    use chamdiem_domain::account::{DisplayName, Password, Username};
    let db = TestDatabase::open(store).await;
    let projector = Projector::new(db.database.clone());
    let username = ok(Username::parse("quantri"));
    ok(bootstrap_admin(
        &db,
        &SealKey::generate(),
        BootstrapAdmin {
            password: ok(Password::parse("mật khẩu rất dài 2026".into(), &username)),
            username,
            display_name: ok(DisplayName::parse("Quản trị")),
        },
    )
    .await);
    let head = ok(db.log_head().await);
    assert!(
        !ok(projector.wait_for(head, Duration::from_millis(50)).await),
        "nobody projects yet: the wait gives up"
    );
    let background = projector.clone();
    let runner = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        background.catch_up().await
    });
    assert!(
        ok(projector.wait_for(head, Duration::from_secs(5)).await),
        "the write became readable"
    );
    assert!(ok(runner.await.unwrap_or_else(|e| panic!("{e}"))) >= 1);
    assert_eq!(ok(projector.lag().await), 0);
}
