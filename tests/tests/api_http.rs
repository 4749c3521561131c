//! The GraphQL API over HTTP, on both stores: sign-in, set-up mutations,
//! self-assessment, the audit trail with cursors, and the errors a client
//! sees (codes, fields, Vietnamese messages), none of which appends an event.

use chamdiem_tests::{TestApp, TestStore, admin_token, both_stores, sign_in};
use serde_json::{Value, json};

both_stores!(
    an_administrator_sets_up_a_period_and_a_unit_leader_scores_over_http,
    hostile_requests_get_clear_errors_and_append_nothing
);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const UNITS: &str = include_str!("../../domain/tests/data/units-thanh-hoa.csv");

fn code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

fn data<'a>(answer: &'a Value, field: &str) -> &'a Value {
    assert!(answer["errors"].is_null(), "{answer}");
    chamdiem_tests::at(&answer["data"], field)
}

async fn an_administrator_sets_up_a_period_and_a_unit_leader_scores_over_http(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let call = async |token: &str, query: &str, variables: Value| {
        app.graphql_as(Some(token), query, variables).await
    };

    // Units from the Thanh Hóa list (the first three departments).
    let register = "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }";
    let mut units = Vec::new();
    for line in UNITS.lines().skip(1).take(3) {
        let cells: Vec<&str> = line.splitn(3, ',').collect();
        let answer = call(
            &admin,
            register,
            json!({ "i": { "code": cells[0], "name": cells[1], "kind": "DEPARTMENT" } }),
        )
        .await;
        units.push(
            data(&answer, "registerUnit.unit.id")
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }

    // The criteria set: a bad file names its row and column and changes nothing.
    let draft = "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }";
    let answer = call(
        &admin,
        draft,
        json!({ "i": {
        "indexKind": "PAR", "name": "Bộ chỉ số CCHC", "decisionNumber": "4606/QĐ-UBND",
        "decisionDate": "2025-01-02", "year": 2024, "unitKinds": ["DEPARTMENT"] } }),
    )
    .await;
    let set = data(&answer, "draftCriteriaSet.criteriaSet.id")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let before = app.log_head().await;
    let import = "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { __typename } }";
    let bad = call(
        &admin,
        import,
        json!({ "s": set, "c": PAR.replacen(",12,,,,,", ",13,,,,,", 1) }),
    )
    .await;
    assert_eq!(code(&bad), Some("VALIDATION"));
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("dòng 2, cột max_score"),
        "{bad}"
    );
    assert_eq!(
        app.log_head().await,
        before,
        "a refused import appends nothing"
    );
    data(
        &call(&admin, import, json!({ "s": set, "c": PAR })).await,
        "importCriteriaCsv",
    );
    data(
        &call(
            &admin,
            "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { __typename } }",
            json!({ "s": set }),
        )
        .await,
        "publishCriteriaSet",
    );

    // A unit leader's account and a period.
    let issue = "mutation($i: IssueAccountInput!) { issueAccount(input: $i) { accountId temporaryPassword } }";
    let leader = call(
        &admin,
        issue,
        json!({ "i": {
        "username": "lanhdao.s01", "displayName": "Lãnh đạo Sở Nội vụ", "role": "DATA_ENTRY",
        "unitId": units[0], "permissions": ["ENTERS_SCORES", "APPROVES_REPORTS"] } }),
    )
    .await;
    let temporary = data(&leader, "issueAccount")["temporaryPassword"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let open = "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }";
    let in_scope: Vec<Value> = units.iter().map(|u| json!({ "unitId": u })).collect();
    let period = call(&admin, open, json!({ "i": {
        "name": "Chỉ số CCHC năm 2024", "year": 2024, "criteriaSetId": set, "units": in_scope,
        "deadlines": { "selfAssessment": "2099-01-15", "appraisalRound1": "2099-01-31", "explanation": "2099-02-10", "appraisalRound2": "2099-02-20" } } })).await;
    let period = data(&period, "openPeriod.period.id")
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // The administrator finds the period in the list; requests are theirs alone.
    let listed = call(
        &admin,
        "{ periods { id name year status } subAccountRequests(status: PENDING) { edges { node { id } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        data(&listed, "periods"),
        &json!([{ "id": period, "name": "Chỉ số CCHC năm 2024", "year": 2024, "status": "OPEN" }])
    );
    assert_eq!(data(&listed, "subAccountRequests"), &json!({ "edges": [] }));

    // The leader must change the temporary password first.
    let first = sign_in(&app, "lanhdao.s01", &temporary).await;
    let enter = "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: $e }) { __typename } }";
    let score = json!({ "p": period, "u": units[0], "l": "1.1.1", "e": { "score": "1" } });
    assert_eq!(
        code(&call(&first, enter, score.clone()).await),
        Some("FORBIDDEN")
    );
    let change = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { __typename } }";
    data(
        &call(
            &first,
            change,
            json!({ "c": temporary, "n": "mật khẩu lãnh đạo mới" }),
        )
        .await,
        "changePassword",
    );
    let leader = sign_in(&app, "lanhdao.s01", "mật khẩu lãnh đạo mới").await;

    let requests = call(
        &leader,
        "{ subAccountRequests { edges { node { id } } } }",
        json!({}),
    )
    .await;
    assert_eq!(code(&requests), Some("FORBIDDEN"));

    // Scores: a level, then a ratio; a wrong entry names its field; another unit is forbidden.
    data(&call(&leader, enter, score).await, "enterScore");
    let ratio = json!({ "p": period, "u": units[0], "l": "1.3.1", "e": { "percentage": "87,5" } });
    data(&call(&leader, enter, ratio).await, "enterScore");
    let before = app.log_head().await;
    let not_a_level = call(
        &leader,
        enter,
        json!({ "p": period, "u": units[0], "l": "1.1.1", "e": { "score": "0.7" } }),
    )
    .await;
    assert_eq!(code(&not_a_level), Some("VALIDATION"));
    let garbage = call(
        &leader,
        enter,
        json!({ "p": period, "u": units[0], "l": "1.1.1", "e": { "score": "NaN" } }),
    )
    .await;
    // Not a number at all is a type error of the input, like text for an
    // `Int`: refused before anything runs, the message quoting the text.
    assert_eq!(code(&garbage), Some("GRAPHQL_VALIDATION"));
    let message = garbage["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("\"NaN\" không phải số thập phân") && message.contains("EntryInput"),
        "{garbage}"
    );
    let other_unit = call(
        &leader,
        enter,
        json!({ "p": period, "u": units[1], "l": "1.1.1", "e": { "score": "1" } }),
    )
    .await;
    assert_eq!(code(&other_unit), Some("FORBIDDEN"));
    assert_eq!(app.log_head().await, before, "refusals append nothing");

    // The report hash reads its own write, and the leader approves it.
    let hash = call(
        &leader,
        "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) }",
        json!({ "p": period, "u": units[0] }),
    )
    .await;
    let hash = data(&hash, "reportContentHash")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let approve = "mutation($p: ID!, $u: ID!, $h: String!) { approveReport(input: { periodId: $p, unitId: $u, contentHash: $h }) { __typename } }";
    data(
        &call(
            &leader,
            approve,
            json!({ "p": period, "u": units[0], "h": hash }),
        )
        .await,
        "approveReport",
    );

    // The audit trail, a page at a time, for the administrator only.
    let trail = "query($a: String) { auditTrail(first: 5, after: $a) { edges { cursor node { position eventType summary } } pageInfo { hasNextPage endCursor } } }";
    assert_eq!(
        code(&call(&leader, trail, json!({ "a": null })).await),
        Some("FORBIDDEN")
    );
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = call(&admin, trail, json!({ "a": after })).await;
        let page = data(&page, "auditTrail").clone();
        for edge in page["edges"].as_array().cloned().unwrap_or_default() {
            seen.push(edge["node"]["position"].as_i64().unwrap_or_default());
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    let total = app.log_head().await;
    assert_eq!(
        seen,
        (1..=total).collect::<Vec<_>>(),
        "every event once, in order"
    );
    // A moment in any offset filters by the time it names: the trail's
    // times are typed, and `since` taken at an event's own moment, written
    // in Vietnam's offset, keeps that event and every later one.
    let times = "{ auditTrail(first: 500) { nodes { position recordedAt } } }";
    let nodes = data(&call(&admin, times, json!({})).await, "auditTrail")["nodes"].clone();
    let middle = &nodes[usize::try_from(total / 2).unwrap_or_default()];
    let moment: chrono::DateTime<chrono::Utc> = middle["recordedAt"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("recordedAt is a moment: {middle}"));
    let in_vietnam = moment
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| panic!("offset")))
        .to_rfc3339();
    let since = "query($s: DateTime) { auditTrail(first: 500, filter: { since: $s }) { nodes { position } } }";
    let kept: Vec<i64> = data(
        &call(&admin, since, json!({ "s": in_vietnam })).await,
        "auditTrail",
    )["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["position"].as_i64())
        .collect();
    let expected: Vec<i64> = nodes
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| {
            n["recordedAt"]
                .as_str()
                .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
                .is_some_and(|t| t >= moment)
        })
        .filter_map(|n| n["position"].as_i64())
        .collect();
    assert_eq!(kept, expected, "since {in_vietnam}");
    assert!(kept.contains(&middle["position"].as_i64().unwrap_or_default()));
    assert!(
        kept.len() < nodes.as_array().map_or(0, Vec::len),
        "it filters"
    );
    let me = data(
        &call(
            &leader,
            "{ me { username role unitId permissions } }",
            json!({}),
        )
        .await,
        "me",
    )
    .clone();
    assert_eq!(me["role"], "DATA_ENTRY");
    assert_eq!(me["unitId"], units[0].as_str());
}

async fn hostile_requests_get_clear_errors_and_append_nothing(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let before = app.log_head().await;
    let register = "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }";
    let anonymous = app
        .graphql_as(
            None,
            register,
            json!({ "i": { "code": "S01", "name": "Sở", "kind": "DEPARTMENT" } }),
        )
        .await;
    assert_eq!(code(&anonymous), Some("UNAUTHENTICATED"));
    let bad_code = app.graphql_as(Some(&admin), register, json!({ "i": { "code": "S 01; DROP TABLE events", "name": "Sở", "kind": "DEPARTMENT" } })).await;
    assert_eq!(
        (
            code(&bad_code),
            bad_code["errors"][0]["extensions"]["field"].as_str()
        ),
        (Some("VALIDATION"), Some("code"))
    );
    let unknown_field = app
        .graphql_as(Some(&admin), "{ version nonsense }", json!({}))
        .await;
    assert!(
        unknown_field["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nonsense"),
        "{unknown_field}"
    );
    let deep = format!(
        "{{ __schema {{ types {{ fields {{ type {} name {} }} }} }} }}",
        "{ ofType ".repeat(20),
        "}".repeat(20)
    );
    let too_deep = app.graphql_as(Some(&admin), &deep, json!({})).await;
    assert!(
        too_deep["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("too deep"),
        "{too_deep}"
    );
    let wide = format!(
        "{{ {} }}",
        (0..2_500)
            .map(|i| format!("a{i}: version"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let too_complex = app.graphql_as(Some(&admin), &wide, json!({})).await;
    assert!(
        too_complex["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("complex"),
        "{}",
        &too_complex.to_string()[..200.min(too_complex.to_string().len())]
    );
    let malformed = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await;
    assert_eq!(malformed.map(|r| r.status().as_u16()).ok(), Some(400));
    // A batch: up to 32 operations are answered one by one, more are
    // refused whole.
    let batch = async |n: usize| {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(&vec![json!({ "query": "{ version }" }); n])
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.unwrap_or_default())
    };
    let (status, answers) = batch(32).await;
    assert_eq!((status, answers.as_array().map(Vec::len)), (200, Some(32)));
    let (status, refused) = batch(33).await;
    assert_eq!(
        (status, code(&refused)),
        (400, Some("BAD_REQUEST")),
        "{refused}"
    );
    let huge = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body(vec![b' '; 3 * 1024 * 1024])
        .send()
        .await;
    // The server answers 413 as soon as it sees the declared length; the
    // client may still be sending and see the connection closed instead.
    if let Ok(response) = huge {
        assert_eq!(response.status().as_u16(), 413);
    }
    // A new connection: the server closed the one that carried the huge
    // body, and a pooled client could try to reuse it.
    let health = reqwest::get(format!("{}/healthz", app.address)).await;
    assert_eq!(
        health.map(|r| r.status().as_u16()).ok(),
        Some(200),
        "the server is still up"
    );
    assert_eq!(
        app.log_head().await,
        before,
        "no hostile request appended anything"
    );
}
