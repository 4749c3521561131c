//! A unit's clerk works on the scorecard page in a real headless Chromium:
//! a level chosen, a ratio as a percentage with the Vietnamese decimal
//! comma, a range refused beside its leaf (what was typed kept, nothing
//! appended) then accepted; the totals the page shows are the API's. Another
//! unit's scorecard shows nothing and takes nothing; the ranking page shows
//! what the API shows the clerk. The unit's leader downloads the report the
//! page offers to approve (the same content hash), approves it, reads what
//! submission does, and meets the API's refusal while leaves are unscored.

use chamdiem_tests::{
    Browser, CLERK_PASSWORD, TestApp, TestStore, api_year_with_neighbours, both_stores, call,
    unit_account,
};
use serde_json::json;

both_stores!(a_clerk_enters_scores_on_the_scorecard_page);

/// A figure as the pages show it: two decimals, a decimal comma.
fn shown(text: &str) -> String {
    let value: rust_decimal::Decimal = text.parse().unwrap_or_default();
    format!(
        "{:.2}",
        value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
    .replace('.', ",")
}

async fn a_clerk_enters_scores_on_the_scorecard_page(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let (year, neighbours) =
        api_year_with_neighbours(&app, "canbo.s02", &["ENTERS_SCORES"], &[("S03", "Sở Y tế")])
            .await;
    let neighbour = &neighbours[0];
    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    browser.open(&at("/")).await;
    browser.fill("#username", "canbo.s02").await;
    browser.fill("#password", CLERK_PASSWORD).await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/");

    // From the home page to the unit's scorecard.
    browser.click("a[href$='/phieu-cham-diem']").await;
    let card_path = format!(
        "/ky-danh-gia/{}/don-vi/{}/phieu-cham-diem",
        year.period, year.unit
    );
    assert_eq!(browser.path().await, card_path);
    assert_eq!(browser.text("h1").await, "Phiếu chấm điểm: Sở Tư pháp");
    // What is left before submission, as the submission's own rule sees it:
    // at first every leaf, each a link to its row.
    let missing = browser.text("#con-thieu").await;
    assert!(
        missing.contains("Chưa chấm điểm") && missing.contains("1.1.1"),
        "{missing}"
    );
    assert!(browser.has("#chua-cham a[href='#tc-1-1-1']").await);

    // A level, chosen among the leaf's own levels.
    browser.choose("#tc-1-1-1 input[value='0.5']").await;
    browser.click("#tc-1-1-1 button").await;
    assert!(
        browser
            .path()
            .await
            .starts_with(&format!("{card_path}?da_luu=1.1.1"))
    );
    assert!(browser.text(".notice").await.contains("1.1.1"));
    assert_eq!(browser.text("#tc-1-1-1 td:nth-child(4)").await, "0,50");
    assert!(!browser.has("#chua-cham a[href='#tc-1-1-1']").await);

    // A ratio as a percentage, with a decimal comma: 87,5 % of 1 point.
    browser.fill("#nhap-1-3-1", "87,5").await;
    browser.click("#tc-1-3-1 button").await;
    assert_eq!(browser.text("#tc-1-3-1 td:nth-child(4)").await, "0,88");
    // Offered back as it was typed, a percentage: saving the form again
    // changes nothing.
    assert_eq!(browser.value("#nhap-1-3-1").await, "87,5");

    // A range off its step: refused beside the leaf, what was typed kept,
    // nothing appended; then a score on the step.
    let before = app.log_head().await;
    browser.fill("#nhap-1-5", "0,3").await;
    browser.click("#tc-1-5 button").await;
    assert!(browser.has("#loi-1-5").await, "{}", browser.source().await);
    assert!(browser.has(".error-summary").await);
    assert_eq!(browser.value("#nhap-1-5").await, "0,3");
    assert_eq!(app.log_head().await, before, "a refusal appends nothing");
    browser.fill("#nhap-1-5", "0,75").await;
    browser.click("#tc-1-5 button").await;
    assert_eq!(browser.text("#tc-1-5 td:nth-child(4)").await, "0,75");
    // Not applicable, with a reason: an empty reason is refused beside the
    // leaf; then marked, shown as such, and undone.
    let before = app.log_head().await;
    browser
        .choose("#tc-1-3-2 details:not(.upload) summary")
        .await;
    browser
        .click("#tc-1-3-2 form[action$='/khong-ap-dung'] button")
        .await;
    assert!(
        browser.has("#loi-ly-do-1-3-2").await,
        "{}",
        browser.source().await
    );
    assert_eq!(app.log_head().await, before, "a refusal appends nothing");
    browser
        .fill("#ly-do-1-3-2", "Sở không có đơn vị trực thuộc")
        .await;
    browser
        .click("#tc-1-3-2 form[action$='/khong-ap-dung'] button")
        .await;
    assert!(browser.text(".notice").await.contains("không áp dụng"));
    assert_eq!(
        browser.text("#tc-1-3-2 td:nth-child(4)").await,
        "Không áp dụng"
    );
    browser
        .choose("#tc-1-3-2 details:not(.upload) summary")
        .await;
    browser
        .click("#tc-1-3-2 form[action$='/ap-dung-lai'] button")
        .await;
    assert!(browser.text(".notice").await.contains("áp dụng lại"));
    assert_eq!(browser.text("#tc-1-3-2 td:nth-child(4)").await, "");

    // An explanation, kept in its box.
    browser
        .choose("#tc-1-1-1 details:not(.upload) summary")
        .await;
    browser
        .fill(
            "#giai-trinh-1-1-1",
            "Kế hoạch ban hành ngày 10/01, chậm 5 ngày do chờ ý kiến.",
        )
        .await;
    browser
        .click("#tc-1-1-1 form[action$='/giai-trinh'] button")
        .await;
    assert!(browser.text(".notice").await.contains("giải trình"));
    assert_eq!(
        browser.value("#giai-trinh-1-1-1").await,
        "Kế hoạch ban hành ngày 10/01, chậm 5 ngày do chờ ý kiến."
    );
    // The unit's survey forms, imported from a file: a file with a wrong
    // answer is refused whole (nothing appended), then the right one.
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let forms = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    };
    let before = app.log_head().await;
    browser
        .attach(
            "#tep-khao-sat",
            &forms(
                "sai.csv",
                "form,respondent_group,8.1,8.2\n1,Người dân,A,E\n",
            ),
        )
        .await;
    browser
        .click("form[action$='/phieu-khao-sat'] button")
        .await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("phiếu khảo sát"),
        "{}",
        browser.text("main").await
    );
    assert_eq!(
        app.log_head().await,
        before,
        "a refused file appends nothing"
    );
    browser
        .attach(
            "#tep-khao-sat",
            &forms(
                "phieu.csv",
                "form,respondent_group,8.1,8.2\n1,Người dân,A,B\n2,Người dân,A,A\n",
            ),
        )
        .await;
    browser
        .click("form[action$='/phieu-khao-sat'] button")
        .await;
    assert!(
        browser
            .text(".notice")
            .await
            .contains("Đã nhập 2 phiếu khảo sát")
    );
    browser.screenshot("phieu-cham-diem").await;
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );

    // The totals on the page are the API's.
    let card = call(
        &app,
        &year.clerk,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { total applicableMaximum index } }",
        json!({ "p": year.period, "u": year.unit }),
        "scorecard",
    )
    .await;
    assert_eq!(
        browser.text("#tong-diem").await,
        format!(
            "{} / {}",
            shown(card["total"].as_str().unwrap_or_default()),
            shown(card["applicableMaximum"].as_str().unwrap_or_default())
        )
    );
    assert_eq!(
        browser.text("#chi-so").await,
        format!("{} %", shown(card["index"].as_str().unwrap_or_default()))
    );

    // Another unit's scorecard: refused, nothing of it shown, no form.
    let other_path = format!(
        "/ky-danh-gia/{}/don-vi/{}/phieu-cham-diem",
        year.period, neighbour
    );
    browser.open(&at(&other_path)).await;
    assert!(browser.has(".error-summary").await);
    assert!(!browser.has("main form").await, "no form for another unit");
    assert!(!browser.source().await.contains("Sở Y tế"));

    // The ranking page shows the clerk what the API shows the clerk.
    let ranking = call(
        &app,
        &year.clerk,
        "query($p: ID!) { ranking(periodId: $p) { unit { code } total } }",
        json!({ "p": year.period }),
        "ranking",
    )
    .await;
    browser
        .open(&at(&format!("/ky-danh-gia/{}/xep-hang", year.period)))
        .await;
    let rows = browser
        .run("return [...document.querySelectorAll('table.ranking tbody tr')].map(r => [r.cells[1].innerText, r.cells[3].innerText])")
        .await;
    let expected: Vec<serde_json::Value> = ranking
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            json!([
                r["unit"]["code"],
                shown(r["total"].as_str().unwrap_or_default())
            ])
        })
        .collect();
    assert_eq!(rows, json!(expected));
    browser.screenshot("xep-hang").await;
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );

    // The unit's leader reads the report as it will be approved, approves
    // it, is told what submission does, and submits.
    unit_account(
        &app,
        &year.admin,
        ("lanhdao.s02", "mật khẩu của lãnh đạo sở"),
        &year.unit,
        &["APPROVES_REPORTS"],
    )
    .await;
    browser.click(".header form button").await;
    browser.fill("#username", "lanhdao.s02").await;
    browser.fill("#password", "mật khẩu của lãnh đạo sở").await;
    browser.click("main button[type=submit]").await;
    browser.open(&at(&card_path)).await;
    assert!(
        !browser.has("#tc-1-1-1 form").await,
        "a leader without the permission enters nothing"
    );
    let hash = browser.text("#phe-duyet + p + p code").await;
    let report_link = browser
        .run("return document.querySelector('a[href^=\"/reports/self-assessment\"]').getAttribute('href')")
        .await;
    let download = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(r => done([r.status, r.headers.get('x-report-content-hash')]));",
            vec![report_link],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        download,
        json!([200, hash]),
        "the page's link downloads the report it approves"
    );
    browser.click("#phe-duyet ~ form button").await;
    assert!(browser.text(".notice").await.contains("Đã phê duyệt"));
    browser.click("a[href$='/gui-bao-cao']").await;
    assert!(
        browser
            .text("h1")
            .await
            .starts_with("Gửi báo cáo tự đánh giá")
    );
    assert!(browser.text(".notice").await.contains("không sửa được"));
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );
    // Submission before every leaf is scored: the API's refusal, naming
    // what is missing, on the page; the report stays approved, unsent.
    let before = app.log_head().await;
    let signed = files.path().join("bao-cao-da-ky.pdf");
    std::fs::write(&signed, b"%PDF-1.7\n% da ky\n").unwrap_or_else(|e| panic!("{e}"));
    browser.attach("#bao-cao-da-ky", &signed).await;
    browser.click("main form button").await;
    let refusal = browser.text(".error-summary").await;
    assert!(
        refusal.contains("còn tiêu chí chưa chấm điểm") && refusal.contains("1.1.2"),
        "{refusal}"
    );
    assert_eq!(app.log_head().await, before, "a refusal appends nothing");
    let status = call(
        &app,
        &year.clerk,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { status } }",
        json!({ "p": year.period, "u": year.unit }),
        "scorecard",
    )
    .await;
    assert_eq!(status["status"], "APPROVED");
    browser.stop().await;
}
