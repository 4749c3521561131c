//! The real server, on port 0, against each store.

use chamdiem_commands::bootstrap_admin::{BootstrapAdmin, BootstrapError, bootstrap_admin};
use chamdiem_commands::store::SealKey;
use chamdiem_commands::store::{Database, LogPosition, credentials};
use chamdiem_domain::account::{AccountEvent, DisplayName, Password, Role, Username};
use chamdiem_tests::{TestApp, TestDatabase, TestStore, both_stores};
use serde_json::json;

both_stores!(
    the_server_answers_health_readiness_graphql_and_metrics,
    the_first_administrator_is_issued_once_as_an_event,
    the_server_runs_the_projector_and_the_process_managers_over_new_events,
);

async fn the_server_runs_the_projector_and_the_process_managers_over_new_events(store: TestStore) {
    let app = TestApp::spawn(store).await;
    bootstrap_admin(&app.database, &app.seal_key, admin_request("quantri"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let checkpoint: Option<i64> = match &app.database.database {
            Database::Postgres(pool) => {
                sqlx::query_scalar("SELECT position FROM process_checkpoints")
                    .fetch_optional(pool)
                    .await
            }
            Database::Sqlite(pool) => {
                sqlx::query_scalar("SELECT position FROM process_checkpoints")
                    .fetch_optional(pool)
                    .await
            }
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let projected = chamdiem_projections::Projector::new(app.database.database.clone())
            .checkpoint()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if checkpoint == Some(1) && projected == LogPosition::new(1) {
            let ready: serde_json::Value =
                app.get("/readyz").await.json().await.unwrap_or_default();
            assert_eq!(ready["projector_lag"], 0);
            let metrics = app.get("/metrics").await.text().await.unwrap_or_default();
            assert!(metrics.contains("projector_lag_events"), "{metrics}");
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the process managers never read the new event"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn the_server_answers_health_readiness_graphql_and_metrics(store: TestStore) {
    let app = TestApp::spawn(store).await;

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert!(
        health.headers().contains_key("x-request-id"),
        "every answer carries a request id"
    );

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let ready: serde_json::Value = ready.json().await.unwrap_or_default();
    let expected_store = match store {
        TestStore::Postgres => "postgres",
        TestStore::Sqlite => "sqlite",
    };
    assert_eq!(
        ready,
        json!({ "status": "ready", "store": expected_store, "projector_lag": 0 })
    );

    let answer = app.graphql("{ version }").await;
    assert_eq!(
        answer,
        json!({ "data": { "version": env!("CARGO_PKG_VERSION") } })
    );

    graphiql_loads_nothing_from_elsewhere(&app).await;

    let metrics = app.get("/metrics").await.text().await.unwrap_or_default();
    assert!(
        metrics.contains(r#"http_requests_total{route="/graphql",method="POST",status="200"}"#),
        "{metrics}"
    );
    assert!(
        metrics.contains("http_request_duration_seconds_bucket"),
        "{metrics}"
    );
    // Commands and appends, so that their families are there too.
    bootstrap_admin(&app.database, &app.seal_key, admin_request("quantri"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let metrics = app.get("/metrics").await.text().await.unwrap_or_default();
    let families = families(&metrics);
    for family in [
        "commands_total",
        "event_store_group_size",
        "http_requests_total",
    ] {
        assert!(families.contains_key(family), "{family}: {metrics}");
    }
    for (family, (help, kind)) in &families {
        assert!(*help, "# HELP of {family} is missing: {metrics}");
        assert!(kind.is_some(), "# TYPE of {family} is missing: {metrics}");
    }
}

/// Every metric family of a Prometheus text answer, with whether it has a
/// `# HELP` line and its `# TYPE`; a histogram's or summary's `_bucket`,
/// `_sum` and `_count` samples belong to their family.
fn families(text: &str) -> std::collections::BTreeMap<String, (bool, Option<String>)> {
    let mut families: std::collections::BTreeMap<String, (bool, Option<String>)> =
        Default::default();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("#"), Some("HELP"), Some(name)) => {
                families.entry(name.to_owned()).or_default().0 = true;
            }
            (Some("#"), Some("TYPE"), Some(name)) => {
                families.entry(name.to_owned()).or_default().1 = words.next().map(str::to_owned);
            }
            (Some(sample), ..) if !sample.starts_with('#') => {
                let name = sample.split('{').next().unwrap_or(sample);
                let family = ["_bucket", "_sum", "_count"]
                    .iter()
                    .filter_map(|suffix| name.strip_suffix(suffix))
                    .find(|base| {
                        families
                            .get(*base)
                            .and_then(|(_, kind)| kind.as_deref())
                            .is_some_and(|kind| matches!(kind, "histogram" | "summary"))
                    })
                    .unwrap_or(name);
                families.entry(family.to_owned()).or_default();
            }
            _ => {}
        }
    }
    families
}

/// The GraphiQL page and every file it names come from this server: on an
/// intranet without internet a CDN is a page stuck at "Loading…".
async fn graphiql_loads_nothing_from_elsewhere(app: &TestApp) {
    let page = app.get("/graphql").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap_or_default();
    let referenced: Vec<String> = ["src=\"", "href=\""]
        .iter()
        .flat_map(|attribute| page.split(attribute).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    assert!(referenced.len() >= 6, "the page loads its files: {page}");
    for reference in &referenced {
        assert!(
            reference.starts_with('/') && !reference.starts_with("//"),
            "{reference} is not on this server"
        );
        let file = app.get(reference).await;
        assert_eq!(file.status(), 200, "{reference}");
        let media_type = file
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = file.text().await.unwrap_or_default();
        if reference.ends_with(".css") {
            assert!(
                media_type.starts_with("text/css"),
                "{reference}: {media_type}"
            );
            for url in body.split("url(").skip(1) {
                let target = url.trim_start_matches(['"', '\'']);
                assert!(
                    target.starts_with("data:") || target.starts_with('#'),
                    "{reference} loads {}",
                    &target[..target.len().min(80)]
                );
            }
        } else {
            assert!(
                media_type.starts_with("text/javascript"),
                "{reference}: {media_type}"
            );
        }
    }
    // The page's own script reaches the server it came from, nowhere else.
    let start = app
        .get("/graphiql/start.js")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !start.contains("http://") && !start.contains("https://"),
        "{start}"
    );
    assert!(
        start.contains("/graphql") && start.contains("/ws"),
        "HTTP and subscriptions"
    );
    assert_eq!(app.get("/graphiql/nothing.js").await.status(), 404);
    // In a real browser that can reach no other host, GraphiQL starts.
    let dom = chamdiem_tests::rendered_dom(
        &format!("{}/graphql", app.address),
        std::time::Duration::from_secs(8),
    )
    .await;
    assert!(
        dom.contains("graphiql-container") && dom.contains("graphiql-execute-button"),
        "GraphiQL did not start: {}",
        &dom[..dom.len().min(2_000)]
    );
}

fn admin_request(username: &str) -> BootstrapAdmin {
    let username = Username::parse(username).unwrap_or_else(|e| panic!("{e}"));
    BootstrapAdmin {
        password: Password::parse("một mật khẩu đủ dài".into(), &username)
            .unwrap_or_else(|e| panic!("{e}")),
        username,
        display_name: DisplayName::parse("Quản trị Sở Nội vụ").unwrap_or_else(|e| panic!("{e}")),
    }
}

async fn the_first_administrator_is_issued_once_as_an_event(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let account_id = bootstrap_admin(&db, &SealKey::generate(), admin_request("quantri"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let log = db
        .read_from(LogPosition::START.next(), 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.len(), 1);
    let event = &log[0];
    assert_eq!(
        (event.aggregate_type.as_str(), event.event_type.as_str()),
        ("account", "AccountIssued")
    );
    assert_eq!(event.aggregate_id, account_id.to_string());
    let Ok(AccountEvent::AccountIssued(issued)) = serde_json::from_str(&event.payload) else {
        panic!("not an AccountIssued payload: {}", event.payload);
    };
    assert_eq!(issued.role, Role::Admin);
    assert_eq!(issued.display_name.as_str(), "Quản trị Sở Nội vụ");
    assert!(
        !event.payload.contains("argon2"),
        "the history holds no password hash: {}",
        event.payload
    );
    let hash = credentials::password_hash(&db, account_id, issued.credential)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(hash.as_phc().starts_with("$argon2id$"));
    assert!(
        !event.payload.contains("một mật khẩu"),
        "the clear password is never stored"
    );
    let metadata: serde_json::Value = serde_json::from_str(&event.metadata).unwrap_or_default();
    assert_eq!(metadata["actor"], "operator");
    assert_eq!(metadata["operator_command"], "bootstrap-admin");

    let again = bootstrap_admin(&db, &SealKey::generate(), admin_request("quantri2")).await;
    assert!(
        matches!(again, Err(BootstrapError::AdminExists(ref name)) if name == "quantri"),
        "{again:?}"
    );
    assert_eq!(
        db.log_head().await.unwrap_or_else(|e| panic!("{e}")),
        LogPosition::new(1)
    );
}
