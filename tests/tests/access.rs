//! Access over the whole schema, on both stores: a unit's token walks every
//! query, mutation and subscription (read by introspection, so new fields are covered
//! without touching this test) aimed at another unit and gets nothing of
//! it, nor through any HTTP route; no query or mutation runs over a
//! WebSocket; a brute-force run against sign-in meets the throttle; a locked
//! account's live token stops at its next request.

use chamdiem_commands::sessions::{SessionSettings, ThrottleSettings};
use chamdiem_commands::store::LogPosition;
use chamdiem_tests::{
    CLERK_PASSWORD, OperationKind, SchemaWalk, SpawnOptions, TestApp, TestStore,
    api_year_with_neighbours, both_stores, call, error_codes, receive, send, unit_account,
    ws_connect,
};
use serde_json::{Value, json};

both_stores!(
    a_unit_token_walking_the_whole_schema_gets_nothing_of_another_unit,
    a_brute_force_run_against_sign_in_meets_the_throttle,
    a_locked_accounts_live_token_stops_at_its_next_request,
    no_query_or_mutation_runs_over_a_socket,
    every_http_route_gives_another_unit_nothing,
);

/// What the victim unit writes, which no other unit may ever read.
const SECRET: &str = "Giải trình nội bộ của Sở Tư pháp: chỉ đơn vị được xem";
const PASSWORD: &str = "mật khẩu riêng của người dùng";
/// Mutations that act on the caller's own session or password only.
const OWN_SESSION: [&str; 3] = ["signIn", "signOut", "changePassword"];
/// Queries that list the province's directory of units, public by nature.
const DIRECTORY: [&str; 2] = ["units", "node"];

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

/// The victim (S02) with a score, an explanation, evidence and a
/// sub-account request; its neighbour S03 with its own leader; an
/// appraiser assigned to S02.
struct Scene {
    admin: String,
    period: String,
    victim: String,
    victim_token: String,
    victim_account: String,
    neighbour: String,
    neighbour_account: String,
    neighbour_token: String,
    values: serde_json::Map<String, Value>,
}

async fn scene(app: &TestApp) -> Scene {
    let (year, neighbours) = api_year_with_neighbours(
        app,
        "canbo.s02",
        &["ENTERS_SCORES", "APPROVES_REPORTS", "REQUESTS_SUB_ACCOUNTS"],
        &[("S03", "Sở Tài chính")],
    )
    .await;
    let neighbour = neighbours[0].clone();
    let (neighbour_account, neighbour_token) = unit_account(
        app,
        &year.admin,
        ("lanhdao.s03", PASSWORD),
        &neighbour,
        &["ENTERS_SCORES", "APPROVES_REPORTS", "REQUESTS_SUB_ACCOUNTS"],
    )
    .await;
    let victim_account =
        text(&call(app, &year.clerk, "{ me { accountId } }", json!({}), "me").await["accountId"]);
    let appraiser = text(
        &call(
            app,
            &year.admin,
            "mutation($i: IssueAccountInput!) { issueAccount(input: $i) { accountId } }",
            json!({ "i": { "username": "thamdinh.snv", "displayName": "Thẩm định Sở Nội vụ", "role": "APPRAISER", "department": "Sở Nội vụ" } }),
            "issueAccount",
        )
        .await["accountId"],
    );
    call(app, &year.admin, "mutation($p: ID!, $a: ID!, $u: [ID!]!, $c: [String!]!) { assignAppraiser(input: { periodId: $p, appraiserId: $a, unitIds: $u, criteria: $c }) { __typename } }",
        json!({ "p": year.period, "a": appraiser, "u": [year.unit], "c": ["1.1.1"] }), "assignAppraiser").await;
    chamdiem_tests::exempt_the_rest(app, &year.admin, &year.period).await;
    let at_leaf = json!({ "p": year.period, "u": year.unit, "l": "1.1.1" });
    let with = |extra: Value| {
        let mut variables = at_leaf.clone();
        if let (Some(v), Some(e)) = (variables.as_object_mut(), extra.as_object()) {
            v.extend(e.clone());
        }
        variables
    };
    call(app, &year.clerk, "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: $e }) { __typename } }",
        with(json!({ "e": { "score": "1" } })), "enterScore").await;
    call(app, &year.clerk, "mutation($p: ID!, $u: ID!, $l: String!, $t: String!) { writeExplanation(input: { periodId: $p, unitId: $u, leafCode: $l, text: $t }) { __typename } }",
        with(json!({ "t": SECRET })), "writeExplanation").await;
    let uploaded = app
        .graphql_upload(
            &year.clerk,
            "mutation($p: ID!, $u: ID!, $l: String!, $f: Upload!) { uploadEvidence(periodId: $p, unitId: $u, leafCode: $l, file: $f, locator: \"trang 1\") { contentHash } }",
            with(json!({ "f": null })),
            ("ke-hoach.pdf", b"%PDF-1.7 ke hoach".to_vec(), "application/pdf"),
        )
        .await;
    assert!(uploaded["errors"].is_null(), "{uploaded}");
    let subordinate = text(
        &call(
            app,
            &year.admin,
            "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }",
            json!({ "i": { "code": "S02-01", "name": "Trung tâm Trợ giúp pháp lý", "kind": "PUBLIC_SERVICE_UNIT", "parentId": year.unit } }),
            "registerUnit.unit.id",
        )
        .await,
    );
    let request = text(
        &call(app, &year.clerk, "mutation($u: ID!, $a: [RequestedAccountInput!]!) { requestSubAccounts(input: { unitId: $u, accounts: $a }) { request { id } } }",
            json!({ "u": subordinate, "a": [{ "username": "canbo.s02.phong1", "displayName": "Phòng 1", "permissions": ["ENTERS_SCORES"] }] }), "requestSubAccounts.request.id").await,
    );
    let content_hash = text(
        &call(
            app,
            &year.clerk,
            "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) }",
            json!({ "p": year.period, "u": year.unit }),
            "reportContentHash",
        )
        .await,
    );
    let periods = call(
        app,
        &year.admin,
        "{ periods { criteriaSetId } }",
        json!({}),
        "periods",
    )
    .await;
    let mut values = serde_json::Map::new();
    for (name, value) in [
        ("periodId", json!(year.period)),
        ("unitId", json!(year.unit)),
        ("unitIds", json!(year.unit)),
        ("parentId", json!(year.unit)),
        ("accountId", json!(victim_account)),
        ("appraiserId", json!(appraiser)),
        ("criteriaSetId", periods[0]["criteriaSetId"].clone()),
        ("requestId", json!(request)),
        ("leafCode", json!("1.1.1")),
        ("leaf", json!("1.1.1")),
        ("contentHash", json!(content_hash)),
        ("evidenceId", json!("01890a5d-ac96-774b-bcce-b302099a8057")),
        ("username", json!("canbo.moi")),
        ("code", json!("S99")),
        ("criteria", json!("1.1.1")),
        ("percentage", Value::Null),
        ("mediaType", json!("application/pdf")),
        ("score", json!("0.5")),
        ("position", json!(1)),
    ] {
        values.insert(name.to_owned(), value);
    }
    Scene {
        admin: year.admin,
        period: year.period,
        victim: year.unit,
        victim_token: year.clerk,
        victim_account,
        neighbour,
        neighbour_account,
        neighbour_token,
        values,
    }
}

/// Calls every operation of the schema as `token`, aimed at the scene's
/// victim: (operation, kind, answer).
async fn walk(
    app: &TestApp,
    schema: &SchemaWalk,
    scene: &Scene,
    token: &str,
) -> Vec<(String, OperationKind, Value)> {
    let mut answers = Vec::new();
    for operation in &schema.operations {
        if OWN_SESSION.contains(&operation.name.as_str()) {
            continue;
        }
        let mut variables = serde_json::Map::new();
        for arg in &operation.args {
            if !arg.type_ref.required() && !scene.values.contains_key(&arg.name) {
                continue;
            }
            let mut leaf = |name: &str, type_name: &str| {
                scene
                    .values
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| match type_name {
                        "String" => json!("Nội dung thử"),
                        "ID" => json!(scene.victim),
                        "Int" => json!(1),
                        "Boolean" => json!(true),
                        "NaiveDate" => json!("2099-01-10"),
                        "DateTime" => json!("2099-01-10T00:00:00Z"),
                        _ => Value::Null,
                    })
            };
            variables.insert(
                arg.name.clone(),
                schema.value(&arg.name, &arg.type_ref, &mut leaf),
            );
        }
        let document = operation.document();
        if operation.kind == OperationKind::Subscription {
            // The first message the subscription pushes: data or a refusal.
            let mut socket = ws_connect(app, token).await;
            let subscribe = json!({ "query": document, "variables": variables });
            send(
                &mut socket,
                json!({ "id": "1", "type": "subscribe", "payload": subscribe }),
            )
            .await;
            let first = receive(&mut socket).await;
            answers.push((operation.name.clone(), operation.kind, first));
            continue;
        }
        let answer = match operation
            .args
            .iter()
            .find(|a| a.type_ref.named().name.as_deref() == Some("Upload"))
        {
            Some(file) => {
                app.graphql_upload_into(
                    token,
                    &document,
                    Value::Object(variables),
                    &file.name,
                    ("bang.csv", b"ma,ten\nS02,x\n".to_vec(), "text/csv"),
                )
                .await
            }
            None => {
                app.graphql_as(Some(token), &document, Value::Object(variables))
                    .await
            }
        };
        answers.push((operation.name.clone(), operation.kind, answer));
    }
    answers
}

async fn a_unit_token_walking_the_whole_schema_gets_nothing_of_another_unit(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let scene = scene(&app).await;
    let schema = SchemaWalk::of(&app).await;
    assert!(
        schema.operations.len() >= 55,
        "the walk reads the whole schema: {} operations",
        schema.operations.len()
    );

    // The walk would see a leak: the victim's own token reads its secret.
    let own = walk(&app, &schema, &scene, &scene.victim_token).await;
    let read_own = own
        .iter()
        .filter(|(_, kind, answer)| {
            *kind == OperationKind::Query && answer.to_string().contains(SECRET)
        })
        .count();
    assert!(read_own >= 1, "the victim reads its own explanation");

    // Anyone else's unit: every mutation refused as FORBIDDEN with nothing
    // appended, no query answer naming the victim (but the directory), and
    // its explanation nowhere.
    let before = app.log_head().await;
    let mut leaks = Vec::new();
    for (name, kind, answer) in walk(&app, &schema, &scene, &scene.neighbour_token).await {
        let shown = answer.to_string();
        match kind {
            OperationKind::Mutation if code(&answer) != Some("FORBIDDEN") => {
                leaks.push(format!("mutation {name}: {shown}"));
            }
            OperationKind::Query | OperationKind::Subscription
                if shown.contains(SECRET)
                    || (shown.contains(&scene.victim) && !DIRECTORY.contains(&name.as_str()))
                    || shown.contains(&scene.victim_account) =>
            {
                leaks.push(format!("{kind:?} {name}: {shown}"));
            }
            _ => {}
        }
    }
    assert!(
        leaks.is_empty(),
        "another unit's token got through:\n{}",
        leaks.join("\n")
    );
    assert_eq!(
        app.log_head().await,
        before,
        "no refused mutation appended anything"
    );

    // Its own row of the live ranking stays visible to the neighbour, and
    // the administrator sees both.
    let ranking = "query($p: ID!) { ranking(periodId: $p) { unitId } }";
    let rows = |answer: Value| -> Vec<String> {
        answer["data"]["ranking"]
            .as_array()
            .map(|rows| rows.iter().map(|r| text(&r["unitId"])).collect())
            .unwrap_or_default()
    };
    let p = json!({ "p": scene.period });
    assert_eq!(
        rows(
            app.graphql_as(Some(&scene.neighbour_token), ranking, p.clone())
                .await
        ),
        vec![scene.neighbour.clone()]
    );
    let mut everyone = rows(app.graphql_as(Some(&scene.admin), ranking, p).await);
    everyone.sort();
    let mut expected = vec![scene.victim.clone(), scene.neighbour.clone()];
    expected.sort();
    assert_eq!(everyone, expected);
}

/// One sign-in request from `client` (the test server trusts 127.0.0.1 as
/// a proxy, so `X-Forwarded-For` names the client): `body` is one
/// operation or a batch.
async fn sign_in_from(app: &TestApp, client: &str, body: Value) -> Value {
    app.client
        .post(format!("{}/graphql", app.address))
        .header("x-forwarded-for", client)
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

const SIGN_IN: &str = "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }";

/// Every error code of an answer (one operation or a batch) and whether any
/// signIn field gave a token.
fn sign_in_codes(answer: &Value) -> (Vec<String>, bool) {
    let answers = match answer.as_array() {
        Some(batch) => batch.iter().collect(),
        None => vec![answer],
    };
    let got_in = answers.iter().any(|answer| {
        answer["data"]
            .as_object()
            .is_some_and(|fields| fields.values().any(|field| !field.is_null()))
    });
    (error_codes(answer), got_in)
}

async fn a_brute_force_run_against_sign_in_meets_the_throttle(store: TestStore) {
    let budget = 12;
    let app = TestApp::spawn_with(
        store,
        SpawnOptions {
            sessions: SessionSettings {
                throttle: ThrottleSettings {
                    first_delay: std::time::Duration::from_millis(50),
                    longest_delay: std::time::Duration::from_millis(400),
                    client_failures: budget,
                    ..ThrottleSettings::default()
                },
                ..SessionSettings::default()
            },
            trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
            ..SpawnOptions::default()
        },
    )
    .await;
    let scene = scene(&app).await;
    let before = app.log_head().await;
    let attacker = "203.0.113.5";
    let guess = |n: usize| json!({ "u": "canbo.s02", "p": format!("đoán thử mật khẩu {n}") });
    // Forty guesses as a scripted attacker sends them: eight requests at
    // once, a batch of eight, eight aliases in one mutation, in turn.
    let mut codes = Vec::new();
    for wave in 0..5 {
        let first = wave * 8;
        let answers = match wave % 3 {
            0 => {
                futures::future::join_all((first..first + 8).map(|n| {
                    sign_in_from(
                        &app,
                        attacker,
                        json!({ "query": SIGN_IN, "variables": guess(n) }),
                    )
                }))
                .await
            }
            1 => {
                let batch: Vec<Value> = (first..first + 8)
                    .map(|n| json!({ "query": SIGN_IN, "variables": guess(n) }))
                    .collect();
                vec![sign_in_from(&app, attacker, Value::Array(batch)).await]
            }
            _ => {
                let aliases: String = (first..first + 8)
                    .map(|n| format!("g{n}: signIn(input: {{ username: \"canbo.s02\", password: \"đoán {n}\" }}) {{ token }} "))
                    .collect();
                vec![
                    sign_in_from(
                        &app,
                        attacker,
                        json!({ "query": format!("mutation {{ {aliases} }}") }),
                    )
                    .await,
                ]
            }
        };
        for answer in answers {
            let (wave_codes, got_in) = sign_in_codes(&answer);
            assert!(!got_in, "a guess got in: {answer}");
            codes.extend(wave_codes);
        }
    }
    assert_eq!(codes.len(), 40, "every guess counts on its own: {codes:?}");
    let count = |code: &str| codes.iter().filter(|c| *c == code).count();
    assert_eq!(
        count("UNAUTHENTICATED") + count("RATE_LIMITED"),
        40,
        "{codes:?}"
    );
    // The client's budget stops it: at most the attempts already admitted
    // when it ran out (eight at a time) were looked at.
    assert!(
        (budget..budget + 8).contains(&count("UNAUTHENTICATED")),
        "{codes:?}"
    );
    let events = app
        .database
        .read_from(LogPosition::new(before).next(), 1_000)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let recorded = |kind: &str| events.iter().filter(|e| e.event_type == kind).count();
    assert_eq!(
        recorded("AccountSignInFailed"),
        count("UNAUTHENTICATED"),
        "every guess looked at is in the history"
    );
    assert_eq!(recorded("AccountLocked"), 0, "a stranger locks nobody out");
    // The holder keeps their session and signs in from their own machine.
    let me = "{ me { username } }";
    let still = app
        .graphql_as(Some(&scene.victim_token), me, json!({}))
        .await;
    assert_eq!(still["data"]["me"]["username"], "canbo.s02", "{still}");
    let holder = sign_in_from(
        &app,
        "198.51.100.7",
        json!({ "query": SIGN_IN, "variables": { "u": "canbo.s02", "p": CLERK_PASSWORD } }),
    )
    .await;
    assert!(holder["data"]["signIn"]["token"].is_string(), "{holder}");
}

async fn a_locked_accounts_live_token_stops_at_its_next_request(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let scene = scene(&app).await;
    let enter = "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: $e }) { __typename } }";
    let entry =
        json!({ "p": scene.period, "u": scene.neighbour, "l": "1.1.1", "e": { "score": "1" } });
    let first = app
        .graphql_as(Some(&scene.neighbour_token), enter, entry.clone())
        .await;
    assert_eq!(
        first["data"]["enterScore"]["__typename"], "LeafPayload",
        "{first}"
    );
    call(
        &app,
        &scene.admin,
        "mutation($a: ID!, $r: String!) { lockAccount(input: { accountId: $a, reason: $r }) { __typename } }",
        json!({ "a": scene.neighbour_account, "r": "Nghi lộ mật khẩu" }),
        "lockAccount",
    )
    .await;
    let before = app.log_head().await;
    let after_lock = app
        .graphql_as(Some(&scene.neighbour_token), enter, entry)
        .await;
    assert_eq!(code(&after_lock), Some("UNAUTHENTICATED"), "{after_lock}");
    let me = app
        .graphql_as(
            Some(&scene.neighbour_token),
            "{ me { username } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&me), Some("UNAUTHENTICATED"), "{me}");
    assert_eq!(
        app.log_head().await,
        before,
        "the locked token appended nothing"
    );
}

/// Every query and mutation of the schema sent over a WebSocket, as the
/// administrator (the most powerful token): refused on its own id, with
/// nothing appended, whatever it is.
async fn no_query_or_mutation_runs_over_a_socket(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let scene = scene(&app).await;
    let schema = SchemaWalk::of(&app).await;
    let before = app.log_head().await;
    let mut socket = ws_connect(&app, &scene.admin).await;
    let mut ran = Vec::new();
    let mut walked = 0;
    for operation in &schema.operations {
        if operation.kind == OperationKind::Subscription {
            continue;
        }
        walked += 1;
        let id = operation.name.clone();
        send(
            &mut socket,
            json!({ "id": id, "type": "subscribe", "payload": { "query": operation.document() } }),
        )
        .await;
        let answer = receive(&mut socket).await;
        if answer["id"] != json!(id)
            || answer["payload"]["errors"][0]["extensions"]["code"] != "BAD_REQUEST"
        {
            ran.push(format!("{}: {answer}", operation.name));
        }
        assert_eq!(receive(&mut socket).await["type"], "complete");
    }
    assert!(walked >= 50, "{walked} operations walked");
    assert!(ran.is_empty(), "ran over the socket:\n{}", ran.join("\n"));
    assert_eq!(app.log_head().await, before, "nothing appended");
}

/// The plain HTTP routes aimed at the victim, with the neighbour's token:
/// every report of the victim refused, the ranking report without the
/// victim's provisional row, its evidence not found.
async fn every_http_route_gives_another_unit_nothing(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let scene = scene(&app).await;
    let get = |path: String| {
        let (app, token) = (&app, scene.neighbour_token.clone());
        async move {
            let answer = app
                .client
                .get(format!("{}{path}", app.address))
                .bearer_auth(token)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let status = answer.status().as_u16();
            (status, answer.text().await.unwrap_or_default())
        }
    };
    let (p, u) = (&scene.period, &scene.victim);
    for path in [
        format!("/reports/self-assessment?period={p}&unit={u}&format=csv"),
        format!("/reports/appraisal?period={p}&unit={u}&format=csv"),
        format!("/reports/appraisal?period={p}&format=csv"),
        format!("/reports/audit-trail?unit={u}&format=csv"),
        "/reports/audit-trail?format=csv".to_owned(),
    ] {
        let (status, body) = get(path.clone()).await;
        assert_eq!(status, 403, "{path}: {body}");
        assert!(!body.contains(SECRET), "{path}");
    }
    let (status, ranking) = get(format!("/reports/ranking?period={p}&format=csv")).await;
    assert_eq!(status, 200, "{ranking}");
    assert!(
        ranking.contains("Sở Tài chính") && !ranking.contains("Sở Tư pháp"),
        "{ranking}"
    );
    let (status, _) = get(format!("/evidence/{}", "ab".repeat(32))).await;
    assert_eq!(status, 404);
}
