//! What a client written from the GraphQL-over-HTTP conventions expects of
//! the server, on both stores: a query in the address runs (and only a
//! query: a link can change nothing); browsers on another origin are
//! answered only for the origins the province configured.

use chamdiem_tests::{SpawnOptions, TestApp, TestStore, admin_token, both_stores};
use serde_json::Value;

both_stores!(
    a_query_in_the_address_runs_and_nothing_else_does,
    browsers_elsewhere_are_answered_only_for_the_origins_configured,
);

async fn get_graphql(
    app: &TestApp,
    token: &str,
    params: &[(&str, &str)],
    accept: &str,
) -> reqwest::Response {
    app.client
        .get(format!("{}/graphql", app.address))
        .query(params)
        .bearer_auth(token)
        .header("accept", accept)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn a_query_in_the_address_runs_and_nothing_else_does(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let answer = get_graphql(
        &app,
        &admin,
        &[
            (
                "query",
                "query Who($x: Boolean!) { me @include(if: $x) { username } }",
            ),
            ("variables", r#"{"x": true}"#),
            ("operationName", "Who"),
        ],
        "application/json",
    )
    .await;
    assert_eq!(answer.status(), 200);
    let json: Value = answer.json().await.unwrap_or_default();
    assert_eq!(json["data"]["me"]["username"], "quantri", "{json}");

    // A mutation in the address is refused, whatever else the document
    // holds, and nothing is appended.
    let head = app.log_head().await;
    for (document, name) in [
        ("mutation { signOut }", None),
        (
            "query A { me { username } } mutation B { signOut }",
            Some("B"),
        ),
        ("query A { me { username } } mutation B { signOut }", None),
    ] {
        let mut params = vec![("query", document)];
        if let Some(name) = name {
            params.push(("operationName", name));
        }
        let refused = get_graphql(&app, &admin, &params, "application/json").await;
        assert_eq!(refused.status(), 400, "{document}");
        let json: Value = refused.json().await.unwrap_or_default();
        assert_eq!(
            json["errors"][0]["extensions"]["code"], "BAD_REQUEST",
            "{json}"
        );
        assert!(
            json["errors"][0]["message"]
                .as_str()
                .unwrap_or_default()
                .contains("POST"),
            "{json}"
        );
    }
    assert_eq!(app.log_head().await, head);
    // The session still works: the refused signOut never ran.
    let me = get_graphql(
        &app,
        &admin,
        &[("query", "{ me { username } }")],
        "application/json",
    )
    .await;
    let json: Value = me.json().await.unwrap_or_default();
    assert_eq!(json["data"]["me"]["username"], "quantri", "{json}");

    // Variables that do not parse are a coded refusal, not a page.
    let unreadable = get_graphql(
        &app,
        &admin,
        &[("query", "{ me { username } }"), ("variables", "{not json")],
        "application/json",
    )
    .await;
    assert_eq!(unreadable.status(), 400);

    // Without a query the address is GraphiQL's page.
    let page = get_graphql(&app, &admin, &[], "text/html").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text().await.unwrap_or_default().contains("graphiql"),
        "the GraphiQL page"
    );
}

async fn preflight(app: &TestApp, origin: &str) -> reqwest::header::HeaderMap {
    app.client
        .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .headers()
        .clone()
}

async fn browsers_elsewhere_are_answered_only_for_the_origins_configured(store: TestStore) {
    const CLIENT: &str = "http://cchc.thanhhoa.example:3000";
    // None configured: no origin is told it may call.
    let closed = TestApp::spawn(store).await;
    let headers = preflight(&closed, CLIENT).await;
    assert!(
        headers.get("access-control-allow-origin").is_none(),
        "{headers:?}"
    );
    drop(closed);

    let open = TestApp::spawn_with(
        store,
        SpawnOptions {
            cors_origins: vec![CLIENT.to_owned()],
            ..SpawnOptions::default()
        },
    )
    .await;
    let headers = preflight(&open, CLIENT).await;
    assert_eq!(
        headers
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some(CLIENT),
        "{headers:?}"
    );
    let methods = headers
        .get("access-control-allow-methods")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(methods.contains("POST"), "{methods}");
    // Tokens travel in a header, never cookies: no credentials across origins.
    assert!(headers.get("access-control-allow-credentials").is_none());
    // Another origin is not told anything.
    let headers = preflight(&open, "http://elsewhere.example").await;
    assert!(
        headers.get("access-control-allow-origin").is_none(),
        "{headers:?}"
    );
    // A real request from the configured origin is answered with the header.
    let answer = open
        .client
        .post(format!("{}/graphql", open.address))
        .header("origin", CLIENT)
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        answer
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some(CLIENT)
    );
}
