//! Corrections on the pages, in a real headless Chromium, on both stores:
//! the administrator announces the window for complaints; S02's leader
//! complains about 1.1 with a file (refused without a reason, nothing
//! appended); the appraiser upholds it; the administrator reopens the leaf
//! for that complaint; the appraiser scores it again; the administrator
//! aggregates again; the ranking page shows version 2 with what changed
//! and why, and version 1 still, each equal to figures worked out by hand;
//! after the window the council's agreement is recorded with its minutes,
//! the manager finalizes and publishes with the People's Committee's
//! decision, and a neighbouring unit reads version 2 with every change, as
//! does anyone without an account (the server showing published results).

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{
    ADMIN_PASSWORD, Browser, SpawnOptions, TestApp, TestStore, both_stores, issued_account, noon,
    sign_in,
};

both_stores!(a_complaint_is_upheld_and_version_two_published_on_the_pages);

async fn a_complaint_is_upheld_and_version_two_published_on_the_pages(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    // Published results are public: anyone reads them without an account.
    let app = TestApp::spawn_with(
        store,
        SpawnOptions {
            clock: clock.clone(),
            public_results: true,
            ..SpawnOptions::default()
        },
    )
    .await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    clock.set(noon(1, 10));
    for (username, unit, first) in [("ld.s02", s02, "2"), ("ld.s03", s03, "1.5")] {
        let leader = sign_in(&app, username, PASSWORD).await;
        year.score_approve_submit(&leader, unit, first).await;
    }
    year.appraise_both_rounds_and_submit(
        &clock,
        &[
            (0, "1.1", "1", Some("Kế hoạch ban hành sau ngày 31/12")),
            (0, "1.2", "2", None),
            (1, "1.1", "1.5", None),
            (1, "1.2", "2", None),
        ],
    )
    .await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    year.aggregated_ranking(&admin).await;
    issued_account(
        &app,
        &admin,
        serde_json::json!({ "username": "lanhdao.snv", "displayName": "Lãnh đạo Sở Nội vụ", "role": "MANAGER" }),
        PASSWORD,
    )
    .await;
    clock.set(noon(2, 21));

    let period = year.period.as_str().unwrap_or_default().to_owned();
    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    let page = at(&format!("/ky-danh-gia/{period}/kien-nghi"));
    let sign_in_as = async |username: &str, password: &str| {
        if browser.has("form[action='/dang-xuat'] button").await {
            browser.click("form[action='/dang-xuat'] button").await;
        }
        browser.open(&at("/dang-nhap")).await;
        browser.fill("#username", username).await;
        browser.fill("#password", password).await;
        browser.click("main button[type=submit]").await;
        browser.open(&page).await;
    };

    // The administrator announces the window.
    sign_in_as("quantri", ADMIN_PASSWORD).await;
    browser
        .run("document.getElementById('han-nhan').value = '2025-02-25'; return null")
        .await;
    browser.click("#form-nhan-kien-nghi button").await;
    assert!(browser.text(".notice").await.contains("Đã thông báo"));
    assert_eq!(browser.text("#han-kien-nghi").await, "25/02/2025");

    // S02's leader complains about 1.1: without a reason refused, with
    // nothing appended; then with the reason and the plan as a file.
    sign_in_as("ld.s02", PASSWORD).await;
    browser.select("#tieu-chi-kien-nghi", "1.1").await;
    let head = app.log_head().await;
    browser.click("#form-kien-nghi button").await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("không được để trống"),
        "{}",
        browser.source().await
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plan = files.path().join("ke-hoach-cchc-2024.pdf");
    std::fs::write(&plan, b"%PDF-1.7\n% Ke hoach CCHC 2024\n").unwrap_or_else(|e| panic!("{e}"));
    browser.select("#tieu-chi-kien-nghi", "1.1").await;
    browser
        .fill(
            "#ly-do-kien-nghi",
            "Kế hoạch CCHC năm 2024 ban hành ngày 28/12/2023, đúng hạn",
        )
        .await;
    browser.attach("#tep-kien-nghi", &plan).await;
    browser.fill("#vi-tri-kien-nghi", "trang 1").await;
    browser.click("#form-kien-nghi button").await;
    assert!(browser.text(".notice").await.contains("Đã gửi kiến nghị"));
    let listed = browser.text("#kien-nghi-1").await;
    assert!(listed.contains("ke-hoach-cchc-2024.pdf"), "{listed}");
    assert!(listed.contains("Chờ trả lời"), "{listed}");
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the complaints page of a unit"
    );

    // The appraiser upholds it.
    sign_in_as("thamdinh.snv", PASSWORD).await;
    browser.choose("#form-tra-loi-1 input[value=UPHELD]").await;
    browser
        .fill(
            "#tra-loi-1",
            "Đối chiếu văn bản: kế hoạch ban hành đúng hạn",
        )
        .await;
    browser.click("#form-tra-loi-1 button").await;
    assert!(browser.text(".notice").await.contains("Đã trả lời"));
    assert!(
        browser
            .text("#kien-nghi-1")
            .await
            .contains("Chấp nhận kiến nghị")
    );

    // The administrator reopens 1.1 of S02 for complaint 1.
    sign_in_as("quantri", ADMIN_PASSWORD).await;
    browser
        .select("#don-vi-mo-lai-tieu-chi", s02.as_str().unwrap_or_default())
        .await;
    browser.select("#tieu-chi-mo-lai", "1.1").await;
    browser.select("#kien-nghi-mo-lai", "1").await;
    browser
        .fill("#ly-do-mo-lai-tieu-chi", "Chấp nhận kiến nghị số 1")
        .await;
    browser.click("#form-mo-lai-tieu-chi button").await;
    assert!(browser.text(".notice").await.contains("Đã mở lại"));
    assert!(browser.text("#mo-lai-1").await.contains("Chờ tổng hợp lại"));
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the complaints page of the administrator"
    );

    // The appraiser scores it again, with a decimal comma.
    sign_in_as("thamdinh.snv", PASSWORD).await;
    browser.fill("#diem-cham-lai-1", "2,0").await;
    browser
        .fill("#ly-do-cham-lai-1", "Kế hoạch ban hành ngày 28/12/2023")
        .await;
    browser.click("#form-cham-lai-1 button").await;
    assert!(browser.text(".notice").await.contains("Đã chấm lại"));

    // The administrator aggregates again: version 2.
    sign_in_as("quantri", ADMIN_PASSWORD).await;
    browser
        .fill(
            "#ly-do-tong-hop",
            "Chấm lại tiêu chí 1.1 của S02 theo kiến nghị số 1",
        )
        .await;
    browser.click("#form-tong-hop-lai button").await;
    assert!(browser.text(".notice").await.contains("phiên bản mới"));
    assert_eq!(browser.text("#phien-ban").await, "2");

    // The ranking says version 2, what changed and why; by hand: S02
    // 2 + 2 = 4 of 4 = 100,00 (was 75,00, rank 2), S03 87,50.
    browser
        .open(&at(&format!("/ky-danh-gia/{period}/xep-hang")))
        .await;
    assert!(
        browser
            .text("#tieu-de-phien-ban")
            .await
            .contains("Kết quả phiên bản 2")
    );
    let changes = browser.text("#thay-doi tbody").await;
    assert!(changes.contains("S02"), "{changes}");
    assert!(changes.contains("2 → 1"), "{changes}");
    assert!(changes.contains("75,00 → 100,00"), "{changes}");
    assert!(changes.contains("1.1: 1,00 → 2,00"), "{changes}");
    let why = browser.text("#ly-do-thay-doi tbody").await;
    assert!(why.contains("Kiến nghị số 1"), "{why}");
    assert!(why.contains("Kế hoạch ban hành ngày 28/12/2023"), "{why}");
    let rows = browser.text("main table.ranking tbody").await;
    let first = rows.find("S02").unwrap_or(usize::MAX);
    let second = rows.find("S03").unwrap_or(0);
    assert!(first < second, "S02 first in version 2: {rows}");
    assert!(rows.contains("100,00"), "{rows}");
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the ranking page with its versions"
    );

    // Version 1 stays readable, marked as an older one.
    browser.click("a[href$='phien_ban=1']").await;
    assert!(browser.has("#phien-ban-cu").await);
    let rows = browser.text("main table.ranking tbody").await;
    let first = rows.find("S03").unwrap_or(usize::MAX);
    let second = rows.find("S02").unwrap_or(0);
    assert!(first < second, "S03 first in version 1: {rows}");
    assert!(rows.contains("75,00"), "{rows}");

    // After the window: the council agrees on version 2, the manager
    // finalizes and publishes it with the People's Committee's decision.
    clock.set(noon(2, 26));
    let progress = at(&format!("/ky-danh-gia/{period}/tien-do"));
    sign_in_as("quantri", ADMIN_PASSWORD).await;
    browser.open(&progress).await;
    browser
        .run("document.getElementById('ngay-hop').value = '2025-02-26'; return null")
        .await;
    browser
        .fill("#thanh-vien", "Giám đốc Sở Nội vụ\nChánh Thanh tra tỉnh")
        .await;
    let minutes = files.path().join("bien-ban.pdf");
    std::fs::write(&minutes, b"%PDF-1.7\n% Bien ban\n").unwrap_or_else(|e| panic!("{e}"));
    browser.attach("#bien-ban", &minutes).await;
    browser.click("#form-hoi-dong button").await;
    assert!(
        browser
            .text("#hoi-dong")
            .await
            .contains("thống nhất kết quả phiên bản 2 ngày 26/02/2025")
    );
    sign_in_as("lanhdao.snv", PASSWORD).await;
    browser.open(&progress).await;
    browser.click("#chot").await;
    browser.fill("#so-quyet-dinh", "125/QĐ-UBND").await;
    browser
        .run("document.getElementById('ngay-quyet-dinh').value = '2025-02-26'; return null")
        .await;
    let decision = files.path().join("quyet-dinh.pdf");
    std::fs::write(&decision, b"%PDF-1.7\n% Quyet dinh\n").unwrap_or_else(|e| panic!("{e}"));
    browser.attach("#ban-quyet-dinh", &decision).await;
    browser.click("#cong-bo").await;
    assert!(browser.text(".notice").await.contains("Đã công bố"));

    // The published ranking is version 2, with what changed and why: as
    // S03's leader reads it, and as anyone reads it without an account.
    let reads_version_two = async || {
        browser
            .open(&at(&format!("/ky-danh-gia/{period}/xep-hang")))
            .await;
        assert!(browser.text(".lead").await.contains("Đã công bố"));
        assert!(
            browser
                .text("#tieu-de-phien-ban")
                .await
                .contains("Kết quả phiên bản 2")
        );
        let changes = browser.text("#thay-doi tbody").await;
        assert!(
            changes.contains("S02") && changes.contains("S03"),
            "{changes}"
        );
        assert!(
            browser
                .text("#ly-do-thay-doi")
                .await
                .contains("Kiến nghị số 1")
        );
    };
    sign_in_as("ld.s03", PASSWORD).await;
    reads_version_two().await;
    browser.click("form[action='/dang-xuat'] button").await;
    reads_version_two().await;
    assert!(!browser.has("form[action='/dang-xuat']").await);
    // Version 1 stays readable to anyone too.
    browser
        .click("#phien-ban-ket-qua a[href$='phien_ban=1']")
        .await;
    assert!(browser.has("#phien-ban-cu").await);
    browser.stop().await;
}
