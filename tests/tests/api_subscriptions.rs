//! Subscriptions over WebSocket (graphql-transport-ws) on both stores: a
//! ranking change is pushed after a mutation; a bad token closes the socket.

use chamdiem_tests::{
    TestApp, TestStore, admin_token, both_stores, closed_by_server, receive, send, sign_in,
    ws_connect, ws_open,
};
use serde_json::{Value, json};

both_stores!(a_ranking_change_is_pushed_after_a_mutation);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");

async fn ok(app: &TestApp, token: &str, query: &str, variables: Value, field: &str) -> Value {
    let answer = app.graphql_as(Some(token), query, variables).await;
    assert!(answer["errors"].is_null(), "{query}: {answer}");
    chamdiem_tests::at(&answer["data"], field).clone()
}

async fn a_ranking_change_is_pushed_after_a_mutation(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let unit = ok(&app, &admin, "mutation { registerUnit(input: { code: \"S01\", name: \"Sở Nội vụ\", kind: DEPARTMENT }) { unit { id } } }", json!({}), "registerUnit.unit.id").await;
    let set = ok(&app, &admin, "mutation { draftCriteriaSet(input: { indexKind: PAR, name: \"Bộ chỉ số\", decisionNumber: \"1/QĐ\", decisionDate: \"2025-01-02\", year: 2024, unitKinds: [DEPARTMENT] }) { criteriaSet { id } } }", json!({}), "draftCriteriaSet.criteriaSet.id").await;
    ok(
        &app,
        &admin,
        "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { __typename } }",
        json!({ "s": set, "c": PAR }),
        "importCriteriaCsv",
    )
    .await;
    ok(
        &app,
        &admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { __typename } }",
        json!({ "s": set }),
        "publishCriteriaSet",
    )
    .await;
    let period = ok(&app, &admin, "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }", json!({ "i": { "name": "Kỳ 2024", "year": 2024, "criteriaSetId": set, "units": [{ "unitId": unit }],
        "deadlines": { "selfAssessment": "2099-01-15", "appraisalRound1": "2099-01-31", "explanation": "2099-02-10", "appraisalRound2": "2099-02-20" } } }), "openPeriod.period.id").await;
    let issued = ok(&app, &admin, "mutation($u: ID!) { issueAccount(input: { username: \"lanhdao.s01\", displayName: \"Lãnh đạo\", role: DATA_ENTRY, unitId: $u }) { temporaryPassword } }", json!({ "u": unit }), "issueAccount").await;
    let first = sign_in(
        &app,
        "lanhdao.s01",
        issued["temporaryPassword"].as_str().unwrap_or_default(),
    )
    .await;
    ok(&app, &first, "mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: \"mật khẩu lãnh đạo đơn vị\" }) { __typename } }", json!({ "c": issued["temporaryPassword"] }), "changePassword").await;
    let leader = sign_in(&app, "lanhdao.s01", "mật khẩu lãnh đạo đơn vị").await;

    let mut socket = ws_connect(&app, &leader).await;
    send(&mut socket, json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription($p: ID!) { rankingChanged(periodId: $p) { unit { code } rank total state } }", "variables": { "p": period } } })).await;
    let first_push = receive(&mut socket).await;
    assert_eq!(
        first_push["payload"]["data"]["rankingChanged"][0]["total"], "0",
        "{first_push}"
    );
    assert_eq!(
        first_push["payload"]["data"]["rankingChanged"][0]["state"],
        "LIVE"
    );

    // One block, like `ranking`: the unit's own block has its row, another
    // block none.
    for (id, block, rows) in [("2", "department", 1), ("3", "district", 0)] {
        send(&mut socket, json!({ "id": id, "type": "subscribe", "payload": {
            "query": "subscription($p: ID!, $b: String) { rankingChanged(periodId: $p, block: $b) { unit { code } } }",
            "variables": { "p": period, "b": block } } })).await;
        let pushed = receive(&mut socket).await;
        assert_eq!(pushed["id"], id, "{pushed}");
        assert_eq!(
            pushed["payload"]["data"]["rankingChanged"]
                .as_array()
                .map(Vec::len),
            Some(rows),
            "{block}: {pushed}"
        );
        send(&mut socket, json!({ "id": id, "type": "complete" })).await;
        let ended = receive(&mut socket).await;
        assert_eq!(
            (ended["id"].as_str(), ended["type"].as_str()),
            (Some(id), Some("complete")),
            "{ended}"
        );
    }

    ok(&app, &leader, "mutation($p: ID!, $u: ID!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: \"1.1.1\", entry: { score: \"1\" } }) { __typename } }", json!({ "p": period, "u": unit }), "enterScore").await;
    let pushed = receive(&mut socket).await;
    assert_eq!(pushed["id"], "1");
    assert_eq!(
        pushed["payload"]["data"]["rankingChanged"][0]["total"], "1",
        "{pushed}"
    );

    // A token that does not work is not acknowledged: the socket closes
    // (4401, coded).
    let mut stranger = ws_open(&app, &"0".repeat(64)).await;
    let (code, reason) = closed_by_server(&mut stranger, std::time::Duration::from_secs(10)).await;
    assert_eq!(code, 4401, "{reason}");
    assert!(reason.starts_with("UNAUTHENTICATED"), "{reason}");
}
