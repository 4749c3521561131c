//! An appraiser works on the worksheet page in a real headless Chromium: the
//! assigned (unit, leaf) items with the unit's self score and the round open
//! now; before the unit has submitted no form is offered; an item not
//! assigned to the appraiser is refused whatever the page is sent. (What an
//! appraiser types and the API refuses, kept beside the item, is run in the
//! whole year's test.)

use chamdiem_tests::{Browser, TestApp, TestStore, api_year, both_stores, call, issued_account};
use serde_json::json;

both_stores!(an_appraiser_scores_round_one_on_the_worksheet_page);

async fn an_appraiser_scores_round_one_on_the_worksheet_page(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let year = api_year(&app, "canbo.s02", &["ENTERS_SCORES"]).await;
    let password = "mật khẩu của người thẩm định";
    let (appraiser, _) = issued_account(
        &app,
        &year.admin,
        json!({ "username": "thamdinh.snv", "displayName": "Trần Văn Thẩm", "role": "APPRAISER",
            "department": "Sở Nội vụ" }),
        password,
    )
    .await;
    call(
        &app,
        &year.admin,
        "mutation($i: AssignAppraiserInput!) { assignAppraiser(input: $i) { __typename } }",
        json!({ "i": { "periodId": year.period, "appraiserId": appraiser,
            "unitIds": [year.unit], "criteria": ["1.1.1"] } }),
        "assignAppraiser",
    )
    .await;
    chamdiem_tests::exempt_the_rest(&app, &year.admin, &year.period).await;
    call(
        &app,
        &year.clerk,
        "mutation($p: ID!, $u: ID!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: \"1.1.1\", entry: { score: \"1\" } }) { __typename } }",
        json!({ "p": year.period, "u": year.unit }),
        "enterScore",
    )
    .await;

    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    browser.open(&at("/")).await;
    browser.fill("#username", "thamdinh.snv").await;
    browser.fill("#password", password).await;
    browser.click("main button[type=submit]").await;
    browser.click("a[href$='/tham-dinh']").await;
    assert_eq!(browser.text("h1").await, "Phiếu thẩm định");
    assert!(browser.text(".summary-list").await.contains("Vòng 1"));
    let row = format!("#td-{}-1-1-1", year.unit);
    assert_eq!(
        browser.text(&format!("{row} td:nth-child(4)")).await,
        "1,00"
    );

    // Before the unit has submitted, the page offers no appraisal form and
    // says why.
    assert!(
        browser
            .text(&format!("#chua-gui-td-{}-1-1-1", year.unit))
            .await
            .contains("chưa gửi báo cáo tự đánh giá")
    );
    assert!(!browser.has(&format!("{row} form")).await);
    // The assigned units with how far each stands; one unit alone.
    let units = browser.text("#don-vi-tham-dinh tbody").await;
    assert!(
        units.contains("S02") && units.contains("Chưa gửi") && units.contains("0 / "),
        "{units}"
    );
    browser.click("#don-vi-tham-dinh a").await;
    assert!(browser.path().await.contains("don_vi="));
    assert!(browser.has(&row).await);
    assert!(browser.has("#don-vi-tham-dinh [aria-current]").await);
    browser.screenshot("phieu-tham-dinh").await;
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );

    // A leaf not assigned, posted by hand with the page's own form token:
    // the API refuses, nothing is appended.
    let before = app.log_head().await;
    let form_token = browser
        .run("return document.querySelector('input[name=csrf]').value")
        .await;
    let cookie = browser
        .client
        .get_named_cookie("chamdiem_session")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let forged = app
        .client
        .post(at(&format!("/ky-danh-gia/{}/tham-dinh", year.period)))
        .header("cookie", format!("chamdiem_session={}", cookie.value()))
        .form(&[
            ("csrf", form_token.as_str().unwrap_or_default()),
            ("unit", year.unit.as_str()),
            ("leaf", "1.1.2"),
            ("round", "ONE"),
            ("score", "1"),
        ])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let page = forged.text().await.unwrap_or_default();
    assert!(page.contains("error-summary"), "{page}");
    assert_eq!(app.log_head().await, before);
    browser.stop().await;
}
