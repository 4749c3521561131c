//! Accounts issued from a sheet, through the API on both stores: a sheet
//! with problems is refused whole (VALIDATION on `file`, each problem named
//! by row and column, nothing appended, no account issued); the corrected
//! sheet issues every account, each with a temporary password that signs
//! in; a second upload of the same sheet is refused (the usernames are
//! taken); a unit's leader may not upload one.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, noon, sign_in};
use serde_json::{Value, json};

both_stores!(a_sheet_of_accounts_is_checked_whole_then_issued);

const IMPORT: &str = "mutation($f: Upload!) { importAccounts(file: $f) { row issued { temporaryPassword account { username role unit { code } department permissions } } } }";

const BAD: &str = "username,name,role,unit,department,permissions\n\
    nhaplieu2.s02,Nguyễn Văn An,nhập liệu,S02,,\n\
    nhaplieu2.s03,Trần Thị Bình,nhập liệu,S99,,\n\
    thamdinh2.stp,Lê Văn Cường,thẩm định,,,\n\
    ld.s02,Phạm Dũng,nhập liệu,S02,,\n\
    quantri2,Hoàng Em,quản trị,,,\n";

const GOOD: &str = "username,name,role,unit,department,permissions\n\
    nhaplieu2.s02,Nguyễn Văn An,nhập liệu,S02,,\n\
    lanhdao2.s03,Trần Thị Bình,Nhập liệu,S03,,\"ENTERS_SCORES, APPROVES_REPORTS\"\n\
    thamdinh2.stp,Lê Văn Cường,Thẩm định,,Sở Tư pháp,\n\
    kiemtoan2,Phạm Dũng,kiểm toán,,,\n";

async fn upload(app: &TestApp, token: &str, sheet: &str) -> Value {
    app.graphql_upload(
        token,
        IMPORT,
        json!({ "f": null }),
        ("tai-khoan.csv", sheet.as_bytes().to_vec(), "text/csv"),
    )
    .await
}

async fn a_sheet_of_accounts_is_checked_whole_then_issued(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let _year = small_year(&app).await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;

    let head = app.log_head().await;
    let refused = upload(&app, &admin, BAD).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "VALIDATION",
        "{refused}"
    );
    assert_eq!(
        refused["errors"][0]["extensions"]["field"], "file",
        "{refused}"
    );
    let message = refused["errors"][0]["message"].as_str().unwrap_or_default();
    for named in [
        "dòng 3, cột unit",
        "dòng 4, cột department",
        "dòng 5, cột username",
        "dòng 6, cột role",
    ] {
        assert!(message.contains(named), "«{named}» in {message}");
    }
    assert!(!message.contains("dòng 2"), "{message}");
    assert_eq!(app.log_head().await, head, "nothing issued");
    let admin_reads = app
        .graphql_as(
            Some(&admin),
            "{ accounts(first: 100) { nodes { username } } }",
            json!({}),
        )
        .await;
    assert!(
        !admin_reads.to_string().contains("nhaplieu2.s02"),
        "no account from a refused sheet: {admin_reads}"
    );

    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let forbidden = upload(&app, &leader, GOOD).await;
    assert_eq!(forbidden["errors"][0]["extensions"]["code"], "FORBIDDEN");
    assert_eq!(app.log_head().await, head, "nothing issued");

    let issued = upload(&app, &admin, GOOD).await;
    assert!(issued["errors"].is_null(), "{issued}");
    let lines = issued["data"]["importAccounts"].clone();
    let summary: Vec<Value> = lines
        .as_array()
        .into_iter()
        .flatten()
        .map(|line| {
            let account = &line["issued"]["account"];
            json!([
                line["row"],
                account["username"],
                account["role"],
                account["unit"]["code"],
                account["department"],
                account["permissions"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        [
            json!([
                2,
                "nhaplieu2.s02",
                "DATA_ENTRY",
                "S02",
                null,
                ["ENTERS_SCORES"]
            ]),
            json!([
                3,
                "lanhdao2.s03",
                "DATA_ENTRY",
                "S03",
                null,
                ["ENTERS_SCORES", "APPROVES_REPORTS"]
            ]),
            json!([4, "thamdinh2.stp", "APPRAISER", null, "Sở Tư pháp", []]),
            json!([5, "kiemtoan2", "AUDITOR", null, null, []]),
        ]
    );
    for line in lines.as_array().into_iter().flatten() {
        let username = line["issued"]["account"]["username"]
            .as_str()
            .unwrap_or_default();
        let temporary = line["issued"]["temporaryPassword"]
            .as_str()
            .unwrap_or_default();
        assert!(
            !sign_in(&app, username, temporary).await.is_empty(),
            "{username}"
        );
    }

    let head = app.log_head().await;
    let again = upload(&app, &admin, GOOD).await;
    let message = again["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("dòng 2, cột username"), "{message}");
    assert!(message.contains("đã được cấp"), "{message}");
    assert_eq!(app.log_head().await, head, "nothing issued twice");
}
