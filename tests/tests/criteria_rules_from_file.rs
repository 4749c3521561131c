//! Rules a province's decision fixes, taken from the criteria set file,
//! through the API on both stores: a task-completion set's classification
//! bands given in the file's `bands` column classify its units (85/70/50
//! here, where the regulation's 90/75/50 would classify S03 otherwise); a
//! set whose file gives none takes 90/75/50; bands are refused, naming
//! their row and column with nothing appended, where they cannot work (a
//! PAR set, bands that do not reach 0, bands on two rows).

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SMALL_YEAR_PASSWORD, small_year_of};
use chamdiem_tests::{
    ADMIN_PASSWORD, TestApp, TestStore, admin_token, both_stores, call, noon, sign_in,
};
use serde_json::{Value, json};

both_stores!(
    a_task_completion_set_classifies_by_the_bands_of_its_file,
    bands_that_cannot_work_are_refused_at_their_row
);

const HEAD: &str = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by,bands\n";
const LEAVES: &str = "1.1,Kết quả thực hiện kế hoạch công tác năm,2,range,,no,no,Sở Nội vụ,\n\
                      1.2,Báo cáo kết quả thực hiện nhiệm vụ,2,range,,no,yes,Sở Nội vụ,\n";
const BANDS: &str = "Hoàn thành xuất sắc=85|Hoàn thành tốt=70|Hoàn thành=50|Không hoàn thành=0";

fn set_file(field_bands: &str, leaves: &str) -> String {
    format!("{HEAD}1,Thực hiện nhiệm vụ được giao,4,,,,,Sở Nội vụ,{field_bands}\n{leaves}")
}

const BANDS_OF: &str = "query($p: ID!) { node(id: $p) { ... on Period { criteriaSet { classificationBands { classification minimum } } } } }";
const IMPORT: &str = "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { __typename } }";

async fn a_task_completion_set_classifies_by_the_bands_of_its_file(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year_of(&app, "TASK_COMPLETION", &set_file(BANDS, LEAVES)).await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let bands = call(
        &app,
        &admin,
        BANDS_OF,
        json!({ "p": year.period }),
        "node.criteriaSet.classificationBands",
    )
    .await;
    assert_eq!(
        bands,
        json!([
            { "classification": "EXCELLENT", "minimum": "85" },
            { "classification": "GOOD", "minimum": "70" },
            { "classification": "COMPLETED", "minimum": "50" },
            { "classification": "NOT_COMPLETED", "minimum": "0" },
        ])
    );

    // S02 scores 2 + 2, S03 1.5 + 2; the appraiser agrees, but finds S02's
    // 1.1 worth 1.5 too (both 3.5 of 4 = 87.50)… and S03's 1.2 worth 1.5
    // (3 of 4 = 75.00).
    clock.set(noon(1, 10));
    for (username, unit, first) in [
        ("ld.s02", &year.units[0], "2"),
        ("ld.s03", &year.units[1], "1.5"),
    ] {
        let leader = sign_in(&app, username, SMALL_YEAR_PASSWORD).await;
        year.score_approve_submit(&leader, unit, first).await;
    }
    year.appraise_both_rounds_and_submit(
        &clock,
        &[
            (0, "1.1", "1.5", Some("Kế hoạch chưa đủ nội dung")),
            (0, "1.2", "2", None),
            (1, "1.1", "1.5", None),
            (1, "1.2", "1.5", Some("Báo cáo thiếu số liệu quý IV")),
        ],
    )
    .await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    year.aggregated_ranking(&admin).await;
    let rows = call(
        &app,
        &admin,
        "query($p: ID!) { ranking(periodId: $p) { unit { code } index classification } }",
        json!({ "p": year.period }),
        "ranking",
    )
    .await;
    // By the file's bands, 87.50 is "excellent" (85 and up), where the
    // regulation's would make it "good"; 75.00 is "good" by either.
    assert_eq!(
        rows,
        json!([
            { "unit": { "code": "S02" }, "index": "87.50", "classification": "EXCELLENT" },
            { "unit": { "code": "S03" }, "index": "75.00", "classification": "GOOD" },
        ])
    );
}

/// Drafts a set of `kind`; answers its id.
async fn draft(app: &TestApp, admin: &str, kind: &str) -> Value {
    call(
        app,
        admin,
        "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }",
        json!({ "i": { "indexKind": kind, "name": "Bộ tiêu chí thử", "decisionNumber": "4606/QĐ-UBND",
            "decisionDate": "2025-01-02", "year": 2024, "unitKinds": ["DEPARTMENT"] } }),
        "draftCriteriaSet.criteriaSet.id",
    )
    .await
}

/// Imports `csv` into `set`, which must be refused as invalid with nothing
/// appended; answers the message.
async fn refused_import(app: &TestApp, admin: &str, set: &Value, csv: &str) -> String {
    let head = app.log_head().await;
    let answer = app
        .graphql_as(Some(admin), IMPORT, json!({ "s": set, "c": csv }))
        .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "VALIDATION",
        "{answer}"
    );
    assert_eq!(app.log_head().await, head, "nothing appended: {answer}");
    answer["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn bands_that_cannot_work_are_refused_at_their_row(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;

    // The PAR index ranks without classifying.
    let par = draft(&app, &admin, "PAR").await;
    let message = refused_import(&app, &admin, &par, &set_file(BANDS, LEAVES)).await;
    assert!(
        message.contains("dòng 2") && message.contains("bands"),
        "{message}"
    );
    assert!(message.contains("không xếp loại"), "{message}");

    // Bands must reach 0, and be given once.
    let tasks = draft(&app, &admin, "TASK_COMPLETION").await;
    let message = refused_import(
        &app,
        &admin,
        &tasks,
        &set_file("Hoàn thành tốt=75|Hoàn thành=50", LEAVES),
    )
    .await;
    assert!(
        message.contains("dòng 2") && message.contains("bắt đầu từ 0"),
        "{message}"
    );
    let twice = format!(
        "{HEAD}1,Thực hiện nhiệm vụ được giao,4,,,,,Sở Nội vụ,{BANDS}\n\
         1.1,Kết quả thực hiện kế hoạch công tác năm,2,range,,no,no,Sở Nội vụ,{BANDS}\n\
         1.2,Báo cáo kết quả thực hiện nhiệm vụ,2,range,,no,yes,Sở Nội vụ,\n"
    );
    let message = refused_import(&app, &admin, &tasks, &twice).await;
    assert!(
        message.contains("dòng 3") && message.contains("dòng 2"),
        "{message}"
    );
    let message = refused_import(
        &app,
        &admin,
        &tasks,
        &set_file("Giỏi=90|Hoàn thành=0", LEAVES),
    )
    .await;
    assert!(
        message.contains("\"Giỏi\" không phải mức xếp loại"),
        "{message}"
    );

    // Without bands a task-completion set takes the regulation's, and
    // publishes without another step.
    call(
        &app,
        &admin,
        IMPORT,
        json!({ "s": tasks, "c": set_file("", LEAVES) }),
        "importCriteriaCsv",
    )
    .await;
    let bands = call(
        &app,
        &admin,
        "query($s: ID!) { node(id: $s) { ... on CriteriaSet { classificationBands { minimum } } } }",
        json!({ "s": tasks }),
        "node.classificationBands",
    )
    .await;
    assert_eq!(
        bands,
        json!([{ "minimum": "90" }, { "minimum": "75" }, { "minimum": "50" }, { "minimum": "0" }])
    );
    call(
        &app,
        &admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { __typename } }",
        json!({ "s": tasks }),
        "publishCriteriaSet",
    )
    .await;
    // A PAR set has none.
    call(
        &app,
        &admin,
        IMPORT,
        json!({ "s": par, "c": set_file("", LEAVES) }),
        "importCriteriaCsv",
    )
    .await;
    let none = call(
        &app,
        &admin,
        "query($s: ID!) { node(id: $s) { ... on CriteriaSet { classificationBands { minimum } } } }",
        json!({ "s": par }),
        "node",
    )
    .await;
    assert_eq!(none["classificationBands"], Value::Null, "{none}");
}
