//! Small refusals at the edge, on both stores: signing out without a working
//! token is a coded refusal, not `false`; a client's request id that is long
//! or odd never reaches the hash-chained history.

use chamdiem_tests::{SpawnOptions, TestApp, TestStore, admin_token, both_stores};
use serde_json::{Value, json};

both_stores!(
    signing_out_without_a_working_token_is_refused,
    an_unusable_request_id_never_reaches_the_history,
    with_introspection_off_no_answer_names_a_field,
);

async fn signing_out_without_a_working_token_is_refused(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    for token in [None, Some("0".repeat(64))] {
        let answer = app
            .graphql_as(token.as_deref(), "mutation { signOut }", json!({}))
            .await;
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{answer}"
        );
    }
    let answer = app
        .graphql_as(Some(&admin), "mutation { signOut }", json!({}))
        .await;
    assert_eq!(answer["data"]["signOut"], true, "{answer}");
}

async fn an_unusable_request_id_never_reaches_the_history(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let before = app.log_head().await;
    let issue = |username: &str| {
        json!({ "query": "mutation($i: IssueAccountInput!) { issueAccount(input: $i) { accountId } }",
            "variables": { "i": { "username": username, "displayName": "Kiểm toán", "role": "AUDITOR" } } })
    };
    let long = "x".repeat(60_000);
    for (username, request_id) in [("kiemtoan.a", long.as_str()), ("kiemtoan.b", "<b>id</b>")] {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&admin)
            .header("x-request-id", request_id)
            .json(&issue(username))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let answered_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            answered_id.len() == 36 && answered_id != request_id,
            "a fresh id: {answered_id}"
        );
        let answer: serde_json::Value = response.json().await.unwrap_or_else(|e| panic!("{e}"));
        assert!(answer["errors"].is_null(), "{answer}");
    }
    let events = app
        .database
        .read_from(
            chamdiem_commands::store::LogPosition::new(before).next(),
            100,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!events.is_empty());
    for event in events {
        assert!(
            !event.metadata.contains("xxxxxxxx") && !event.metadata.contains("<b>"),
            "{}",
            event.metadata
        );
        assert!(event.metadata.len() < 1_000, "{}", event.metadata);
    }
}

async fn with_introspection_off_no_answer_names_a_field(store: TestStore) {
    let app = TestApp::spawn_with(
        store,
        SpawnOptions {
            introspection: false,
            ..SpawnOptions::default()
        },
    )
    .await;
    let admin = admin_token(&app).await;
    let schema = app
        .graphql_as(Some(&admin), "{ __schema { types { name } } }", json!({}))
        .await;
    // Null without an error: generated clients ask for it at start and
    // crash on an error.
    assert!(schema["data"]["__schema"].is_null(), "{schema}");
    assert!(schema.get("data").is_some_and(Value::is_object), "{schema}");
    assert!(schema.get("errors").is_none(), "{schema}");
    let one_type = app
        .graphql_as(
            Some(&admin),
            "{ __type(name: \"Query\") { name } }",
            json!({}),
        )
        .await;
    assert!(one_type["data"]["__type"].is_null(), "{one_type}");
    assert!(one_type.get("errors").is_none(), "{one_type}");
    // A near miss is refused without the name it nearly matched.
    let typo = app
        .graphql_as(Some(&admin), "{ verifyHistry { intact } }", json!({}))
        .await;
    let said = typo.to_string();
    assert_eq!(
        typo["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION",
        "{said}"
    );
    assert!(
        !said.contains("verifyHistory") && !said.contains("Did you mean"),
        "{said}"
    );
}
