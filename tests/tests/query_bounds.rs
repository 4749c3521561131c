//! What one request can make the server read and hold is bounded, on both
//! stores: aliases of large history pages add up to a complexity the
//! server refuses before running anything; the history is verified at most
//! once a request, however many aliases or batched operations ask.

use chamdiem_tests::{TestApp, TestStore, admin_token, both_stores, error_codes};
use serde_json::{Value, json};

both_stores!(
    aliases_of_large_pages_are_refused_before_anything_runs,
    the_history_is_verified_once_a_request,
);

async fn aliases_of_large_pages_are_refused_before_anything_runs(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let page = "events(first: 5000) { edges { node { position payload metadata } } }";
    let one = app
        .graphql_as(Some(&admin), &format!("{{ {page} }}"), json!({}))
        .await;
    assert!(one["errors"].is_null(), "one large page is fine: {one}");
    let aliases: String = (0..400).map(|n| format!("a{n}: {page} ")).collect();
    let many = app
        .graphql_as(Some(&admin), &format!("{{ {aliases} }}"), json!({}))
        .await;
    assert_eq!(error_codes(&many), ["GRAPHQL_VALIDATION"], "{many}");
    assert!(many["data"].is_null(), "nothing ran");
    // Pages of the other growing lists count the same way.
    for list in ["units", "accounts", "auditTrail", "subAccountRequests"] {
        let aliases: String = (0..120)
            .map(|n| format!("a{n}: {list}(first: 1000) {{ edges {{ cursor }} }} "))
            .collect();
        let answer = app
            .graphql_as(Some(&admin), &format!("{{ {aliases} }}"), json!({}))
            .await;
        assert_eq!(
            error_codes(&answer),
            ["GRAPHQL_VALIDATION"],
            "{list}: {answer}"
        );
    }
}

async fn the_history_is_verified_once_a_request(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let aliases: String = (0..20)
        .map(|n| format!("v{n}: verifyHistory {{ intact }} "))
        .collect();
    let answer = app
        .graphql_as(Some(&admin), &format!("{{ {aliases} }}"), json!({}))
        .await;
    let verified = answer["data"]
        .as_object()
        .map(|fields| fields.values().filter(|v| v["intact"] == true).count())
        .unwrap_or_default();
    assert_eq!(verified, 1, "{answer}");
    assert_eq!(error_codes(&answer).len(), 19, "{answer}");
    assert!(
        error_codes(&answer).iter().all(|c| c == "RATE_LIMITED"),
        "{answer}"
    );
    // A batch is one request too.
    let batch: Vec<Value> = (0..8)
        .map(|_| json!({ "query": "{ verifyHistory { intact } }" }))
        .collect();
    let answers: Value = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(&admin)
        .json(&batch)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let answers = answers.as_array().cloned().unwrap_or_default();
    assert_eq!(answers.len(), 8);
    assert_eq!(
        answers
            .iter()
            .filter(|a| a["data"]["verifyHistory"]["intact"] == true)
            .count(),
        1,
        "{answers:?}"
    );
}
