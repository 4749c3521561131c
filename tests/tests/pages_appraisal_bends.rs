//! Two bends of appraisal on the worksheet page, in a real headless
//! Chromium, on both stores: the appraiser scores a leaf S02 marked not
//! applicable (refused without a reason beside the item, nothing appended;
//! with one it is saved and counts), and, appraising a second period too,
//! finds the first period's worksheet locked once submitted while the
//! second's still takes scores; the home page gives the second period's
//! opening day.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{ADMIN_PASSWORD, Browser, TestApp, TestStore, both_stores, noon, sign_in};
use serde_json::Value;

both_stores!(an_appraiser_overturns_a_mark_and_is_locked_in_one_period_only_on_the_pages);

fn id(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

async fn an_appraiser_overturns_a_mark_and_is_locked_in_one_period_only_on_the_pages(
    store: TestStore,
) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let period = &year.period;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    // The second period's self-assessment opens on 8 January.
    let later = year
        .second_period_appraised_alike(&admin, Some("2025-01-08"))
        .await;

    // S02 marks its report (1.2) not applicable; both units submit, in
    // both periods.
    clock.set(noon(1, 10));
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    year.plan_only_submitted(&leader).await;
    later.score_approve_submit(&leader, s02, "2").await;
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    year.score_approve_submit(&leader, s03, "2").await;
    later.score_approve_submit(&leader, s03, "2").await;

    // 20 January: the appraiser on the first period's worksheet page.
    clock.set(noon(1, 20));
    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    browser.open(&at("/")).await;
    browser.fill("#username", "thamdinh.snv").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
    // The home page says when each self-assessment ran.
    let periods = browser.text("main table").await;
    assert!(
        periods.contains("Từ 08/01/2025 đến 15/01/2025"),
        "{periods}"
    );
    let first_page = at(&format!("/ky-danh-gia/{}/tham-dinh", id(period)));
    browser.open(&first_page).await;
    let row = format!("#td-{}-1-2", id(s02));
    assert_eq!(
        browser.text(&format!("{row} td:nth-child(4)")).await,
        "Không áp dụng"
    );
    assert!(
        browser
            .text(&format!("{row} label[for^=ly-do]"))
            .await
            .contains("bắt buộc; khi chấm, tiêu chí được tính")
    );
    // Without a reason: refused beside the item, the score typed kept,
    // nothing appended.
    let head = app.log_head().await;
    browser
        .fill(&format!("#diem-td-{}-1-2", id(s02)), "1,5")
        .await;
    browser.click(&format!("{row} button[type=submit]")).await;
    assert!(
        browser
            .text(&format!("#loi-td-{}-1-2", id(s02)))
            .await
            .contains("cần nêu lý do"),
        "{}",
        browser.text(&row).await
    );
    assert_eq!(
        browser.value(&format!("#diem-td-{}-1-2", id(s02))).await,
        "1,5"
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    let owed = "Sở có 3 đơn vị trực thuộc, phải báo cáo định kỳ";
    browser
        .fill(&format!("#ly-do-td-{}-1-2", id(s02)), owed)
        .await;
    browser.click(&format!("{row} button[type=submit]")).await;
    let scored = browser.text(&format!("{row} td:nth-child(5)")).await;
    assert!(scored.contains("1,50") && scored.contains(owed), "{scored}");

    // The rest of both rounds, then the first period submitted (API); in
    // the second period round 1 of S02's plan.
    let token = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    for (unit, leaf, score, reason) in [
        (s02, "1.1", "2", None),
        (s03, "1.1", "2", None),
        (s03, "1.2", "2", None),
    ] {
        year.appraise(&token, ("ONE", unit, leaf), score, reason)
            .await;
    }
    later.appraise(&token, ("ONE", s02, "1.1"), "2", None).await;
    clock.set(noon(2, 15));
    let token = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    for (unit, leaf, score, reason) in [
        (s02, "1.1", "2", None),
        (s02, "1.2", "1.5", Some(owed)),
        (s03, "1.1", "2", None),
        (s03, "1.2", "2", None),
    ] {
        year.appraise(&token, ("TWO", unit, leaf), score, reason)
            .await;
    }
    year.submit_appraisal(&token).await;

    // The first period's page says its worksheet is locked and offers
    // nothing; the second period's still takes scores from the same
    // session.
    // (Weeks later: the browser signs in again.)
    browser.open(&at("/")).await;
    browser.fill("#username", "thamdinh.snv").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
    browser.open(&first_page).await;
    assert!(
        browser
            .text("#da-khoa-tham-dinh")
            .await
            .contains("Các kỳ đánh giá khác không bị ảnh hưởng")
    );
    assert!(!browser.has(&format!("{row} form")).await);
    browser
        .open(&at(&format!(
            "/ky-danh-gia/{}/tham-dinh",
            id(&later.period)
        )))
        .await;
    assert!(!browser.has("#da-khoa-tham-dinh").await);
    let later_row = format!("#td-{}-1-1", id(s02));
    browser
        .fill(&format!("#diem-td-{}-1-1", id(s02)), "2")
        .await;
    browser
        .click(&format!("{later_row} button[type=submit]"))
        .await;
    assert!(
        browser
            .text(&format!("{later_row} td:nth-child(6)"))
            .await
            .contains("2,00"),
        "{}",
        browser.text(&later_row).await
    );
    browser.stop().await;
}
