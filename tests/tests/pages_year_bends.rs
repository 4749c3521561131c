//! The administrator bends the year on the period's page, in a real headless
//! Chromium, on both stores: one unit's deadline extended alone (refused
//! without a reason, what was typed kept and nothing appended), the unit
//! listed with its own date, its leader reading that date on the home page
//! and the scorecard;
//! a submitted report reopened with a reason; a unit's appraisal moved to
//! another appraiser of the department (refused without a reason), the grid
//! naming the new one; Sở Nội vụ's survey forms imported on a unit's
//! scorecard; the audit trail page saying each in Vietnamese; S03's leader
//! asking for an account of the unit itself; the administrator issuing
//! accounts from a sheet (a bad row named, nothing issued; then the sheet
//! of temporary passwords).

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SET_WITH_SURVEY, SMALL_YEAR_PASSWORD, small_year_with};
use chamdiem_tests::{
    ADMIN_PASSWORD, Browser, TestApp, TestStore, both_stores, issued_account, noon, sign_in,
};
use serde_json::json;

both_stores!(the_administrator_extends_one_units_deadline_and_reopens_a_report_on_the_page);

async fn the_administrator_extends_one_units_deadline_and_reopens_a_report_on_the_page(
    store: TestStore,
) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year_with(&app, SET_WITH_SURVEY).await;
    let [s02, s03] = &year.units;
    let period = year.period.as_str().unwrap_or_default().to_owned();
    clock.set(noon(1, 10));
    let leader = sign_in(&app, "ld.s02", SMALL_YEAR_PASSWORD).await;
    year.score_approve_submit(&leader, s02, "2").await;

    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let (colleague, _) = issued_account(
        &app,
        &admin,
        json!({ "username": "thamdinh.snv2", "displayName": "Chuyên viên Sở Nội vụ 2",
            "role": "APPRAISER", "department": "Sở Nội vụ" }),
        SMALL_YEAR_PASSWORD,
    )
    .await;
    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    let sign_in_as = async |username: &str, password: &str| {
        browser.open(&at("/dang-nhap")).await;
        browser.fill("#username", username).await;
        browser.fill("#password", password).await;
        browser.click("main button[type=submit]").await;
    };
    sign_in_as("quantri", ADMIN_PASSWORD).await;
    let page = at(&format!("/quan-tri/ky-danh-gia/{period}"));
    browser.open(&page).await;
    assert!(
        browser
            .text("#gia-han-rieng + p")
            .await
            .contains("Chưa đơn vị nào được gia hạn riêng")
    );

    // Without a reason: refused, the date kept, nothing appended.
    let s03_id = s03.as_str().unwrap_or_default();
    browser.select("#don-vi-gia-han", s03_id).await;
    browser.select("#viec-gia-han", "SELF_ASSESSMENT").await;
    browser
        .run("document.getElementById('ngay-gia-han-rieng').value = '2025-01-20'; return null")
        .await;
    let head = app.log_head().await;
    browser.click("#form-gia-han-rieng button").await;
    assert!(
        browser.has(".error-summary").await,
        "{}",
        browser.source().await
    );
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("không được để trống")
    );
    assert_eq!(app.log_head().await, head, "nothing appended");

    browser.select("#don-vi-gia-han", s03_id).await;
    browser
        .run("document.getElementById('ngay-gia-han-rieng').value = '2025-01-20'; return null")
        .await;
    browser
        .fill("#ly-do-gia-han-rieng", "Lãnh đạo sở đi công tác")
        .await;
    browser.click("#form-gia-han-rieng button").await;
    assert!(browser.text(".notice").await.contains("Đã gia hạn"));
    let listed = browser.text("#danh-sach-gia-han-rieng tbody").await;
    assert!(listed.contains("S03 – Sở Xây dựng"), "{listed}");
    assert!(listed.contains("Tự đánh giá"), "{listed}");
    assert!(listed.contains("20/01/2025"), "{listed}");
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the period's page with both forms"
    );

    // S02 has submitted: its report is offered for reopening, and reopened
    // with a reason.
    browser
        .select("#don-vi-mo-lai", s02.as_str().unwrap_or_default())
        .await;
    browser
        .fill("#ly-do-mo-lai", "Đơn vị đề nghị sửa điểm tiêu chí 1.1")
        .await;
    browser.click("#form-mo-lai button").await;
    assert!(browser.text(".notice").await.contains("Đã mở lại báo cáo"));
    assert!(
        browser
            .text("#mo-lai + p + p")
            .await
            .contains("Chưa có báo cáo nào đã gửi"),
        "S02 is no longer submitted"
    );

    // The appraiser of Sở Nội vụ is away: S03 moves to a colleague, with a
    // reason (refused without one, nothing appended).
    let s02_label = "S02 – Sở Tư pháp";
    browser.open(&page).await;
    browser.select("#nguoi-moi", &colleague).await;
    browser.select("#don-vi-chuyen", s03_id).await;
    let head = app.log_head().await;
    browser.click("#form-chuyen-tham-dinh button").await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("không được để trống")
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    browser.select("#nguoi-moi", &colleague).await;
    browser.select("#don-vi-chuyen", s03_id).await;
    browser.fill("#ly-do-chuyen", "Chuyên viên nghỉ ốm").await;
    browser.click("#form-chuyen-tham-dinh button").await;
    assert!(
        browser
            .text(".notice")
            .await
            .contains("Đã chuyển phần thẩm định")
    );
    let grid = browser.text(".assignment-grid tbody").await;
    assert!(grid.contains("Chuyên viên Sở Nội vụ 2"), "{grid}");
    assert!(grid.contains(s02_label), "{grid}");

    // Sở Nội vụ brings the survey forms it collected about S03, on S03's
    // scorecard page.
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let forms = files.path().join("phieu-snv.csv");
    std::fs::write(
        &forms,
        "form,respondent_group,2.1\n1,Người dân,A\n2,Doanh nghiệp,B\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    browser
        .open(&at(&format!(
            "/ky-danh-gia/{period}/don-vi/{s03_id}/phieu-cham-diem"
        )))
        .await;
    browser.attach("#tep-khao-sat-so-noi-vu", &forms).await;
    browser.click("#form-khao-sat-so-noi-vu button").await;
    assert!(
        browser
            .text(".notice")
            .await
            .contains("Đã nhập 2 phiếu khảo sát"),
        "{}",
        browser.source().await
    );
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the scorecard with Sở Nội vụ's survey form"
    );

    // The audit trail says it all, in Vietnamese.
    browser.open(&at("/kiem-toan/nhat-ky")).await;
    let trail = browser.text("main").await;
    assert!(
        trail.contains(
            "Gia hạn riêng cho đơn vị S03 thời hạn tự đánh giá đến ngày 20/01/2025: Lãnh đạo sở đi công tác"
        ),
        "{trail}"
    );
    assert!(
        trail.contains("Mở lại báo cáo tự đánh giá đã gửi: Đơn vị đề nghị sửa điểm tiêu chí 1.1"),
        "{trail}"
    );
    assert!(
        trail.contains(
            "Chuyển phần thẩm định của đơn vị S03 sang người thẩm định khác: Chuyên viên nghỉ ốm"
        ),
        "{trail}"
    );
    assert!(
        trail.contains("Sở Nội vụ ghi nhận một phiếu khảo sát của đơn vị"),
        "{trail}"
    );
    browser.click("form[action='/dang-xuat'] button").await;

    // S03's leader reads its own date on the home page and on the
    // scorecard, on the 16th.
    clock.set(noon(1, 16));
    sign_in_as("ld.s03", SMALL_YEAR_PASSWORD).await;
    browser.open(&at("/")).await;
    let home = browser.text("main table").await;
    assert!(
        home.contains("20/01/2025") && !home.contains("15/01/2025"),
        "{home}"
    );
    browser
        .open(&at(&format!(
            "/ky-danh-gia/{period}/don-vi/{s03_id}/phieu-cham-diem"
        )))
        .await;
    let main = browser.text("main").await;
    assert!(main.contains("20/01/2025 (còn 4 ngày)"), "{main}");

    // The leader asks for an account for the unit itself.
    browser.click("nav a[href='/de-nghi-tai-khoan']").await;
    browser.select("#unitId", s03_id).await;
    browser.fill("#username_0", "nhaplieu.s03").await;
    browser
        .fill("#display_name_0", "Cán bộ nhập liệu Sở Xây dựng")
        .await;
    browser.choose("#quyen-0-ENTERS_SCORES").await;
    browser
        .click("form[action='/de-nghi-tai-khoan'] button")
        .await;
    assert!(browser.text(".notice").await.contains("Đã gửi đề nghị"));
    browser.click("form[action='/dang-xuat'] button").await;

    // The administrator issues accounts from a sheet: a bad row named, none
    // issued; the corrected sheet issued, its temporary passwords shown once
    // as a sheet to print or download.
    sign_in_as("quantri", ADMIN_PASSWORD).await;
    browser.open(&at("/quan-tri/tai-khoan")).await;
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sheet = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    };
    let head = app.log_head().await;
    browser
        .attach(
            "#tep-tai-khoan",
            &sheet(
                "sai.csv",
                "username,name,role,unit\nnhaplieu2.s02,Nguyễn An,nhập liệu,S99\n",
            ),
        )
        .await;
    browser.click("#form-nhap-tai-khoan button").await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("dòng 2, cột unit")
    );
    assert_eq!(app.log_head().await, head, "nothing issued");
    browser
        .attach(
            "#tep-tai-khoan",
            &sheet(
                "dung.csv",
                "username,name,role,unit,department\nnhaplieu2.s02,Nguyễn An,nhập liệu,S02,\nthamdinh2.stp,Lê Bình,thẩm định,,Sở Tư pháp\n",
            ),
        )
        .await;
    browser.click("#form-nhap-tai-khoan button").await;
    let issued = browser.text("#mat-khau-tam-thoi-tep tbody").await;
    assert!(issued.contains("nhaplieu2.s02"), "{issued}");
    assert!(issued.contains("S02 – Sở Tư pháp"), "{issued}");
    assert!(issued.contains("thamdinh2.stp"), "{issued}");
    assert!(browser.has("#tai-bang-mat-khau[download]").await);
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new(),
        "the accounts page with the sheet of passwords"
    );
    browser.stop().await;
}
