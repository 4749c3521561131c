//! Deadline night with crashes: 64 clients enter scores, half of them on the
//! same three units, against real `chamdiem serve` processes, while the
//! servers (and with them the projector each runs) are killed with SIGKILL
//! and started again. On PostgreSQL two servers share the database; on
//! SQLite one server owns the file.
//!
//! Afterwards: no answer was a 500, every CONFLICT was retried or answered,
//! every acknowledged entry is in the log exactly once and no refused one
//! is, and the read models, once caught up, equal a full rebuild.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chamdiem_tests::{
    ServerProcess, TestApp, TestStore, UNCHANGED_KEY, both_stores, chamdiem_binary, free_port,
    load_scene, run_load, tables_differing_from_a_rebuild, wait_until_projected,
};

both_stores!(acknowledged_entries_survive_servers_killed_under_load);

async fn acknowledged_entries_survive_servers_killed_under_load(store: TestStore) {
    let mut app = TestApp::spawn(store).await;
    let mut plan = load_scene(&app, 3, 8).await;
    app.stop_server().await;

    let binary = chamdiem_binary();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = app.database.postgres_url();
    let data_dir = match &url {
        // The SQLite store lives where the in-process server kept it.
        None => app
            .database
            .sqlite_folder()
            .unwrap_or_else(|| panic!("no SQLite folder")),
        Some(_) => data.path().to_owned(),
    };
    let count = if url.is_some() { 2 } else { 1 };
    let mut servers = Vec::new();
    for _ in 0..count {
        servers.push(ServerProcess::start(&binary, free_port(), url.clone(), &data_dir).await);
    }
    plan.servers = servers.iter().map(ServerProcess::address).collect();
    plan.duration = Duration::from_secs(12);

    let load = {
        let plan = plan.clone();
        tokio::spawn(async move { run_load(&plan, Arc::new(AtomicBool::new(false))).await })
    };
    // Each server in turn is killed in the middle of the load and started
    // again a second later.
    for index in [0, count - 1] {
        tokio::time::sleep(Duration::from_secs(3)).await;
        servers[index].kill();
        tokio::time::sleep(Duration::from_secs(1)).await;
        servers[index].restart().await;
    }
    let report = load.await.unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{store:?}, {count} server(s), 2 kills\n{}",
        report.summary()
    );

    assert_eq!(report.server_errors(), 0, "{}", report.summary());
    assert!(report.acknowledged() > 50, "{}", report.summary());
    // The refusals an entry may get under this load: CONFLICT after the
    // retries, or the same score entered again by another client.
    assert!(
        report
            .errors_by_code
            .keys()
            .all(|code| code == "CONFLICT" || code == UNCHANGED_KEY),
        "{}",
        report.summary()
    );
    let check = report.check_against_log(&app.database).await;
    println!("{}", check.summary(&report));
    assert!(check.problems.is_empty(), "{:#?}", check.problems);
    assert_eq!(check.acknowledged_found, report.acknowledged());

    // The servers catch the read models up; then a rebuild gives the same.
    let caught_up = wait_until_projected(&app.database, Duration::from_secs(60)).await;
    assert_eq!(caught_up, Ok(()));
    drop(servers);
    let differing = tables_differing_from_a_rebuild(&app.database).await;
    assert_eq!(
        differing,
        Ok(Vec::new()),
        "read models that differ from a rebuild"
    );
}
