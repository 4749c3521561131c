//! The period's page lists the (unit, leaf) pairs without an appraiser and
//! exempts them with a reason, in a real headless Chromium, on both stores:
//! refused without a reason (nothing appended), then every pair exempted
//! and the page saying round 1 may open.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::small_year;
use chamdiem_tests::{ADMIN_PASSWORD, Browser, TestApp, TestStore, both_stores, noon, sign_in};

both_stores!(the_administrator_sees_what_nobody_appraises_and_exempts_it);

async fn the_administrator_sees_what_nobody_appraises_and_exempts_it(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let s03 = &year.units[1];
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    // A second period on the same set, nobody assigned yet: 2 units × 2
    // leaves are missing.
    let second = year.open_second_period(&admin).await;
    let second = second.as_str().unwrap_or_default().to_owned();

    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    browser.open(&at("/dang-nhap")).await;
    browser.fill("#username", "quantri").await;
    browser.fill("#password", ADMIN_PASSWORD).await;
    browser.click("main button[type=submit]").await;
    browser
        .open(&at(&format!("/quan-tri/ky-danh-gia/{second}")))
        .await;
    assert!(
        browser
            .text("#con-thieu-tham-dinh")
            .await
            .contains("Còn 4 ô chưa có người thẩm định")
    );
    let missing = browser.text("#danh-sach-thieu-tham-dinh").await;
    assert!(missing.contains("S02: 1.1, 1.2"), "{missing}");
    assert!(missing.contains("S03: 1.1, 1.2"), "{missing}");
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the period's page with what nobody appraises"
    );

    // Without a reason: refused, nothing appended.
    let head = app.log_head().await;
    browser.click("#form-mien-tham-dinh button").await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("không được để trống")
    );
    assert_eq!(app.log_head().await, head, "nothing appended");

    // S03's field 1, then every pair left.
    browser
        .select("#don-vi-mien", s03.as_str().unwrap_or_default())
        .await;
    browser.fill("#tieu-chi-mien", "1").await;
    browser
        .fill("#ly-do-mien", "Sở Xây dựng được đánh giá riêng năm nay")
        .await;
    browser.click("#form-mien-tham-dinh button").await;
    assert!(browser.text(".notice").await.contains("Đã miễn thẩm định"));
    assert!(
        browser
            .text("#con-thieu-tham-dinh")
            .await
            .contains("Còn 2 ô")
    );
    assert!(
        browser
            .text("#danh-sach-mien")
            .await
            .contains("S03: 1.1, 1.2")
    );
    browser.fill("#ly-do-mien", "Chưa có người thẩm định").await;
    browser.click("#form-mien-tham-dinh button").await;
    assert!(
        browser
            .text("#con-thieu-tham-dinh")
            .await
            .contains("Mọi ô đã có người thẩm định hoặc được miễn")
    );
    assert!(!browser.has("#form-mien-tham-dinh").await);
    browser.stop().await;
}
