//! Điều 10.3 as decision 0021 reads it, through the API on both stores: one
//! appraiser of the Văn phòng UBND tỉnh appraises S02 in the PAR period and
//! in the task-completion period of the same year. Submitting the first
//! closes that worksheet only: every change to it is refused with a coded
//! error and nothing appended, while the same session goes on appraising
//! the second period and submits it too.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::{
    ADMIN_PASSWORD, TestApp, TestStore, admin_token, both_stores, call, issued_account, noon,
    sign_in,
};
use serde_json::{Value, json};

both_stores!(submitting_one_period_closes_only_that_periods_worksheet);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const TASKS: &str = include_str!("../../domain/tests/data/htnv-department-sample.csv");
const DEPARTMENT: &str = "Văn phòng UBND tỉnh";

/// Drafts, imports and publishes a criteria set; answers its id.
async fn published_set(app: &TestApp, admin: &str, kind: &str, name: &str, csv: &str) -> Value {
    let set = call(
        app,
        admin,
        "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }",
        json!({ "i": { "indexKind": kind, "name": name, "decisionNumber": "4606/QĐ-UBND",
            "decisionDate": "2025-01-02", "year": 2024, "unitKinds": ["DEPARTMENT"] } }),
        "draftCriteriaSet.criteriaSet.id",
    )
    .await;
    call(
        app,
        admin,
        "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { criteriaSet { id } } }",
        json!({ "s": set, "c": csv }),
        "importCriteriaCsv",
    )
    .await;
    if kind == "TASK_COMPLETION" {
        call(
            app,
            admin,
            "mutation($s: ID!) { setStandardClassificationBands(input: { criteriaSetId: $s }) { __typename } }",
            json!({ "s": set }),
            "setStandardClassificationBands",
        )
        .await;
    }
    call(
        app,
        admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { criteriaSet { published } } }",
        json!({ "s": set }),
        "publishCriteriaSet",
    )
    .await;
    set
}

/// Opens a period over `unit` with `set`; answers its id and the leaves
/// the department appraises, with the entry each is given.
async fn period_of(
    app: &TestApp,
    admin: &str,
    name: &str,
    set: &Value,
    unit: &Value,
) -> (Value, Vec<(String, Value)>) {
    let period = call(
        app,
        admin,
        "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }",
        json!({ "i": { "name": name, "year": 2024, "criteriaSetId": set,
            "units": [{ "unitId": unit }],
            "deadlines": { "selfAssessment": "2025-01-15", "appraisalRound1": "2025-01-31",
                           "explanation": "2025-02-10", "appraisalRound2": "2025-02-20" } } }),
        "openPeriod.period.id",
    )
    .await;
    let criteria = call(
        app,
        admin,
        "query($s: ID!) { node(id: $s) { ... on CriteriaSet { criteria { code method maxScore appraisedBy levels { score } } } } }",
        json!({ "s": set }),
        "node.criteria",
    )
    .await;
    let leaves = criteria
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["appraisedBy"] == DEPARTMENT && c["method"].is_string())
        .filter(|c| c["method"] != "SURVEY")
        .map(|c| {
            let entry = match c["method"].as_str() {
                Some("RATIO") => json!({ "percentage": "100" }),
                Some("LEVELS") => json!({ "score": c["levels"][0]["score"] }),
                _ => json!({ "score": c["maxScore"] }),
            };
            (c["code"].as_str().unwrap_or_default().to_owned(), entry)
        })
        .collect();
    (period, leaves)
}

const PASSWORD: &str = "mật khẩu người thẩm định";
const APPRAISE: &str = "mutation($i: AppraiseInput!) { appraise(input: $i) { __typename } }";
const SUBMIT: &str =
    "mutation($p: ID!) { submitAppraisal(input: { periodId: $p }) { __typename } }";

async fn submitting_one_period_closes_only_that_periods_worksheet(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let admin = admin_token(&app).await;
    let unit = call(
        &app,
        &admin,
        "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }",
        json!({ "i": { "code": "S02", "name": "Sở Tư pháp", "kind": "DEPARTMENT" } }),
        "registerUnit.unit.id",
    )
    .await;
    let par = published_set(&app, &admin, "PAR", "Bộ chỉ số CCHC", PAR).await;
    let tasks = published_set(
        &app,
        &admin,
        "TASK_COMPLETION",
        "Bộ tiêu chí hoàn thành nhiệm vụ",
        TASKS,
    )
    .await;
    let periods = [
        period_of(&app, &admin, "Chỉ số CCHC năm 2024", &par, &unit).await,
        period_of(&app, &admin, "Hoàn thành nhiệm vụ năm 2024", &tasks, &unit).await,
    ];
    let (appraiser, _) = issued_account(
        &app,
        &admin,
        json!({ "username": "thamdinh.vp", "displayName": "Chuyên viên Văn phòng UBND tỉnh",
            "role": "APPRAISER", "department": DEPARTMENT }),
        PASSWORD,
    )
    .await;
    for (period, leaves) in &periods {
        assert!(!leaves.is_empty(), "the department appraises in {period}");
        let codes: Vec<&str> = leaves.iter().map(|(code, _)| code.as_str()).collect();
        call(
            &app,
            &admin,
            "mutation($i: AssignAppraiserInput!) { assignAppraiser(input: $i) { __typename } }",
            json!({ "i": { "periodId": period, "appraiserId": appraiser, "unitIds": [unit], "criteria": codes } }),
            "assignAppraiser",
        )
        .await;
        chamdiem_tests::exempt_the_rest(&app, &admin, period).await;
    }

    // S02 never submits: once its deadline passes, it is appraised as it
    // stands (nothing self-scored), in both rounds of both periods.
    // Sessions last a working day: each day signs in again.
    let appraise =
        async |token: &str, round: &str, (period, leaves): &(Value, Vec<(String, Value)>)| {
            for (code, entry) in leaves {
                let input = json!({ "periodId": period, "round": round, "unitId": unit,
                "leafCode": code, "entry": entry, "reason": "Theo hồ sơ lưu tại Văn phòng" });
                call(&app, token, APPRAISE, json!({ "i": input }), "appraise").await;
            }
        };
    clock.set(noon(1, 20));
    let token = sign_in(&app, "thamdinh.vp", PASSWORD).await;
    for period in &periods {
        appraise(&token, "ONE", period).await;
    }
    clock.set(noon(2, 15));
    let token = sign_in(&app, "thamdinh.vp", PASSWORD).await;
    for period in &periods {
        appraise(&token, "TWO", period).await;
    }
    let (first, first_leaves) = &periods[0];
    let (second, second_leaves) = &periods[1];
    call(
        &app,
        &token,
        SUBMIT,
        json!({ "p": first }),
        "submitAppraisal",
    )
    .await;

    // Its only appraisal is in: the process managers record it and
    // aggregate the first period's results beside the server.
    let status = async || {
        call(
            &app,
            &token,
            "query($p: ID!) { node(id: $p) { ... on Period { status } } }",
            json!({ "p": first }),
            "node.status",
        )
        .await
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while status().await != "AGGREGATED" {
        assert!(tokio::time::Instant::now() < deadline, "never aggregated");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // The first period's worksheet is closed, and says so.
    let submitted = |period: &Value| {
        call(
            &app,
            &token,
            "query($p: ID!) { worksheetSubmitted(periodId: $p) }",
            json!({ "p": period }),
            "worksheetSubmitted",
        )
    };
    assert_eq!(submitted(first).await, true);
    assert_eq!(submitted(second).await, false);
    let head = app.log_head().await;
    let (code, entry) = &first_leaves[0];
    for (mutation, variables) in [
        (
            APPRAISE,
            json!({ "i": { "periodId": first, "round": "TWO", "unitId": unit, "leafCode": code,
                "entry": entry, "reason": "sửa sau khi gửi" } }),
        ),
        (SUBMIT, json!({ "p": first })),
    ] {
        let refused = app.graphql_as(Some(&token), mutation, variables).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "CONFLICT",
            "{refused}"
        );
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("phiếu thẩm định đã khoá")),
            "{refused}"
        );
    }
    assert_eq!(app.log_head().await, head, "nothing appended");

    // The same session goes on in the second period and submits it.
    let (code, entry) = &second_leaves[0];
    let input = json!({ "periodId": second, "round": "TWO", "unitId": unit, "leafCode": code,
        "entry": entry, "reason": "Đối chiếu lại báo cáo" });
    call(&app, &token, APPRAISE, json!({ "i": input }), "appraise").await;
    call(
        &app,
        &token,
        SUBMIT,
        json!({ "p": second }),
        "submitAppraisal",
    )
    .await;
    assert_eq!(submitted(second).await, true);
    let me = call(&app, &token, "{ me { username } }", json!({}), "me").await;
    assert_eq!(me["username"], "thamdinh.vp", "the account is never locked");
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let accounts = call(
        &app,
        &admin,
        "{ accounts(first: 100) { nodes { username locked } } }",
        json!({}),
        "accounts.nodes",
    )
    .await;
    assert!(
        accounts
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a["username"] == "thamdinh.vp" && a["locked"] == false),
        "{accounts}"
    );
}
