//! A backup taken with the scripts in `ops/backup/` while 32 clients enter
//! scores restores, on both stores, into a history that verifies (the
//! integrity chain, through the restore script's `audit verify`), that is a
//! prefix of the live one holding every entry acknowledged before the backup
//! began, and whose rebuilt ranking equals the live ranking as of the same
//! log position.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chamdiem_commands::store::{Database, LogPosition};
use chamdiem_projections::queries::current_ranking;
use chamdiem_tests::{
    ADMIN_PASSWORD, TestApp, TestStore, both_stores, chamdiem_binary, load_scene,
    on_the_test_server, postgres_options, run_load, sign_in,
};
use serde_json::{Value, json};

both_stores!(a_backup_taken_under_load_restores_an_intact_history_and_the_same_ranking);

/// The evidence file uploaded before the backup.
const EVIDENCE: &[u8] = b"%PDF-1.7 ke hoach cai cach hanh chinh";

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs a script of `ops/backup/` and panics with its output when it fails.
async fn script(name: &str, args: Vec<String>, env: Vec<(&'static str, String)>) -> String {
    let path = repository().join("ops/backup").join(name);
    let output = tokio::task::spawn_blocking(move || {
        Command::new("bash")
            .arg(&path)
            .args(&args)
            .envs(env)
            .env("CHAMDIEM_BIN", chamdiem_binary())
            .env_remove("DATABASE_URL")
            .output()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"))
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{name} failed:\n{text}");
    text
}

async fn events(database: &Database) -> Vec<chamdiem_commands::store::LoggedEvent> {
    database
        .read_from(LogPosition::START.next(), 1_000_000)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn a_backup_taken_under_load_restores_an_intact_history_and_the_same_ranking(
    store: TestStore,
) {
    let app = TestApp::spawn(store).await;
    let mut plan = load_scene(&app, 3, 8).await;
    // An evidence file: the history holds its hash, the backup must hold it.
    let uploaded = app
        .graphql_upload(
            &plan.hot[0].token,
            "mutation($p: ID!, $u: ID!, $l: String!, $f: Upload!) { uploadEvidence(periodId: $p, unitId: $u, leafCode: $l, file: $f, locator: \"trang 1\") { contentHash } }",
            serde_json::json!({ "p": plan.period, "u": plan.hot[0].unit, "l": plan.leaves[0].code, "f": null }),
            ("ke-hoach.pdf", EVIDENCE.to_vec(), "application/pdf"),
        )
        .await;
    let evidence_hash = uploaded["data"]["uploadEvidence"]["contentHash"]
        .as_str()
        .unwrap_or_else(|| panic!("{uploaded}"))
        .to_owned();
    let live_evidence = app.evidence.path().join("evidence").display().to_string();
    plan.servers = vec![app.address.clone()];
    plan.clients = 32;
    plan.duration = Duration::from_secs(8);
    let load = {
        let plan = plan.clone();
        tokio::spawn(async move { run_load(&plan, Arc::new(AtomicBool::new(false))).await })
    };
    tokio::time::sleep(Duration::from_secs(3)).await;

    // The backup, in the middle of the load.
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let backup = folder.path().join("chamdiem.backup");
    let backup_started = tokio::time::Instant::now();
    let said = match store {
        TestStore::Postgres => {
            script(
                "postgres-backup.sh",
                vec![backup.display().to_string()],
                vec![
                    (
                        "CHAMDIEM_DATABASE_URL",
                        app.database.postgres_url().unwrap_or_default(),
                    ),
                    (
                        "CHAMDIEM_PG_SCHEMA",
                        app.database.postgres_schema.clone().unwrap_or_default(),
                    ),
                    ("CHAMDIEM_EVIDENCE_DIR", live_evidence.clone()),
                ],
            )
            .await
        }
        TestStore::Sqlite => {
            let data = app.database.sqlite_folder().unwrap_or_default();
            script(
                "sqlite-backup.sh",
                vec![backup.display().to_string()],
                vec![
                    ("CHAMDIEM_DATA_DIR", data.display().to_string()),
                    ("CHAMDIEM_EVIDENCE_DIR", live_evidence.clone()),
                ],
            )
            .await
        }
    };
    println!("{store:?}: {said}");
    let report = load.await.unwrap_or_else(|e| panic!("{e}"));
    println!("{store:?}: {}", report.summary());
    assert_eq!(report.server_errors(), 0);

    // The restore, into an empty store.
    let restored_folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let restored_database = format!("restored_{}", uuid::Uuid::now_v7().simple());
    let (restored, said) = match store {
        TestStore::Postgres => {
            let name = &restored_database;
            on_the_test_server(&format!("CREATE DATABASE {name}")).await;
            let mut url = reqwest::Url::parse(&app.database.postgres_url().unwrap_or_default())
                .unwrap_or_else(|e| panic!("{e}"));
            url.set_path(&format!("/{name}"));
            let said = script(
                "postgres-restore.sh",
                vec![backup.display().to_string()],
                vec![
                    ("CHAMDIEM_DATABASE_URL", url.to_string()),
                    // The server's published seal key: a backup holds none.
                    (
                        "CHAMDIEM_AUDIT_TRUSTED_SEAL_KEYS",
                        app.seal_key.public_key(),
                    ),
                    (
                        "CHAMDIEM_EVIDENCE_DIR",
                        restored_folder
                            .path()
                            .join("evidence")
                            .display()
                            .to_string(),
                    ),
                ],
            )
            .await;
            let schema = app.database.postgres_schema.clone().unwrap_or_default();
            let options = postgres_options()
                .database(name)
                .options([("search_path", schema.as_str())]);
            let restored = Database::connect_postgres(options, 2)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            (restored, said)
        }
        TestStore::Sqlite => {
            let said = script(
                "sqlite-restore.sh",
                vec![
                    backup.display().to_string(),
                    restored_folder.path().display().to_string(),
                ],
                vec![(
                    "CHAMDIEM_AUDIT_TRUSTED_SEAL_KEYS",
                    app.seal_key.public_key(),
                )],
            )
            .await;
            let restored =
                Database::open_sqlite(&restored_folder.path().join("chamdiem.sqlite3"), 2)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
            (restored, said)
        }
    };
    println!("{store:?}: {said}");
    assert!(
        said.contains("nguyên vẹn"),
        "the chain was verified: {said}"
    );
    // The evidence came back with it, checked against the history.
    assert!(
        said.contains("Lịch sử dẫn 1 tệp minh chứng: thiếu 0, hỏng 0."),
        "{said}"
    );
    let restored_file = restored_folder
        .path()
        .join("evidence")
        .join(&evidence_hash[..2])
        .join(&evidence_hash);
    assert_eq!(
        std::fs::read(&restored_file).unwrap_or_default(),
        EVIDENCE,
        "{}",
        restored_file.display()
    );

    // The restored log is a prefix of the live one, and holds every entry
    // acknowledged before the backup began.
    let live = events(&app.database).await;
    let kept = events(&restored).await;
    assert!(!kept.is_empty() && kept.len() <= live.len());
    for (restored_event, live_event) in kept.iter().zip(&live) {
        assert_eq!(
            (
                restored_event.position,
                &restored_event.event_type,
                &restored_event.payload,
                &restored_event.metadata
            ),
            (
                live_event.position,
                &live_event.event_type,
                &live_event.payload,
                &live_event.metadata
            ),
        );
    }
    let before = report.acknowledged_before(backup_started);
    assert!(
        !before.is_empty(),
        "entries were acknowledged before the backup"
    );
    for id in &before {
        let marker = format!("\"{id}\"");
        assert!(
            kept.iter().any(|e| e.metadata.contains(&marker)),
            "{id}, acknowledged before the backup began, is missing from it"
        );
    }
    let head = kept.last().map(|e| e.position.get()).unwrap_or_default();
    println!(
        "{store:?}: backup holds {} of {} events; {} entries acknowledged before it began, all there",
        kept.len(),
        live.len(),
        before.len()
    );

    // The ranking rebuilt from the restored history is the live ranking as
    // of the same position.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let period: chamdiem_domain::ids::PeriodId =
        plan.period.parse().unwrap_or_else(|e| panic!("{e:?}"));
    let rows = current_ranking(&restored, period, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let restored_ranking: Vec<Value> = rows
        .iter()
        .map(|r| json!({ "unitId": r.unit_id, "rank": r.rank, "total": r.total, "index": r.index }))
        .collect();
    let as_of = app
        .graphql_as(
            Some(&admin),
            "query($p: ID!, $n: Int!) { rankingAsOf(periodId: $p, position: $n) { unitId rank total index } }",
            json!({ "p": plan.period, "n": head }),
        )
        .await;
    assert_eq!(
        Some(&restored_ranking),
        as_of["data"]["rankingAsOf"].as_array(),
        "{as_of}"
    );
    assert_eq!(restored_ranking.len(), 11, "every unit ranked");
    restored.close().await;
    if store == TestStore::Postgres {
        on_the_test_server(&format!("DROP DATABASE {restored_database} WITH (FORCE)")).await;
    }
}
