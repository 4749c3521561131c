//! The database goes away under load and comes back: clients get a clear
//! UNAVAILABLE (never a 500; HTTP 503 at once when the server already knows),
//! `/readyz` answers 503 while it is away, and
//! the same server process serves again once it is back, with every
//! acknowledged entry in the log exactly once.
//!
//! PostgreSQL is reached through a proxy the test cuts, so the server that
//! other tests share keeps running; `ops/reliability/run.sh` stops a real
//! PostgreSQL instead.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chamdiem_tests::{
    ServerProcess, TcpProxy, TestApp, TestStore, UNCHANGED_KEY, chamdiem_binary, free_port,
    load_scene, postgres_options, run_load,
};

/// How long the database stays away in this test (the ops run: ten seconds).
const OUTAGE: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_outage_answers_unavailable_and_service_resumes_without_a_restart() {
    let mut app = TestApp::spawn(TestStore::Postgres).await;
    let mut plan = load_scene(&app, 3, 8).await;
    app.stop_server().await;

    let options = postgres_options();
    let upstream = tokio::net::lookup_host((options.get_host(), options.get_port()))
        .await
        .ok()
        .and_then(|mut addresses| addresses.next())
        .unwrap_or_else(|| panic!("cannot resolve {}", options.get_host()));
    let proxy = TcpProxy::start(upstream).await;
    let mut url = reqwest::Url::parse(&app.database.postgres_url().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    url.set_ip_host(proxy.address.ip()).ok();
    url.set_port(Some(proxy.address.port())).ok();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = ServerProcess::start(
        &chamdiem_binary(),
        free_port(),
        Some(url.to_string()),
        data.path(),
    )
    .await;
    plan.servers = vec![server.address()];
    plan.clients = 16;
    plan.duration = Duration::from_secs(8) + OUTAGE;

    let load = {
        let plan = plan.clone();
        tokio::spawn(async move { run_load(&plan, Arc::new(AtomicBool::new(false))).await })
    };
    let client = reqwest::Client::new();
    let ready = async || {
        client
            .get(format!("{}/readyz", server.address()))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(ready().await, 200, "ready before the outage");
    proxy.cut();
    let cut_at = tokio::time::Instant::now();
    let mut during = std::collections::BTreeMap::<u16, u32>::new();
    while cut_at.elapsed() < OUTAGE {
        *during.entry(ready().await).or_default() += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    proxy.restore();
    let back_at = tokio::time::Instant::now();
    while ready().await != 200 {
        assert!(
            back_at.elapsed() < Duration::from_secs(30),
            "never ready again"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ready_after = back_at.elapsed();
    let report = load.await.unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("CHAMDIEM_KEEP_SERVER_LOG").is_some() {
        std::fs::copy(server.log_path(), "/tmp/outage-server.log").ok();
    }
    println!(
        "outage of {OUTAGE:?}: /readyz during it {during:?}, ready again {ready_after:?} after; connections cut {}\n{}",
        proxy.refused.load(std::sync::atomic::Ordering::SeqCst),
        report.summary()
    );

    assert!(
        during.contains_key(&503),
        "/readyz reported the outage: {during:?}"
    );
    assert!(
        !during.contains_key(&200),
        "/readyz never said ready while cut: {during:?}"
    );
    assert_eq!(report.server_errors(), 0, "{}", report.summary());
    assert!(
        report.statuses.contains_key(&503),
        "once the server knows the database is away, it answers 503 at once: {}",
        report.summary()
    );
    assert!(
        report
            .errors_by_code
            .get("UNAVAILABLE")
            .is_some_and(|n| *n > 0),
        "clients were told the database is away: {}",
        report.summary()
    );
    assert!(
        report
            .errors_by_code
            .keys()
            .all(|code| code == "UNAVAILABLE" || code == "CONFLICT" || code == UNCHANGED_KEY),
        "{}\nthe server's errors:\n{}",
        report.summary(),
        server_errors(&server)
    );
    assert!(
        report.acknowledged_after(back_at + ready_after) > 0,
        "the same process served again: {}",
        report.summary()
    );
    let check = report.check_against_log(&app.database).await;
    println!("{}", check.summary(&report));
    assert!(check.problems.is_empty(), "{:#?}", check.problems);
    assert_eq!(check.acknowledged_found, report.acknowledged());
}

/// The server's logged errors (what an INTERNAL answer was), without the
/// access log's lines for 503 answers.
fn server_errors(server: &ServerProcess) -> String {
    std::fs::read_to_string(server.log_path())
        .unwrap_or_default()
        .lines()
        .filter(|line| line.contains("ERROR") && !line.contains("503 Service Unavailable"))
        .take(20)
        .collect::<Vec<_>>()
        .join("\n")
}
