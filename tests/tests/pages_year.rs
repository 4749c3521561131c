//! A whole year run through the pages, role by role, in a real headless
//! Chromium, on both stores: the administrator imports the province's units,
//! issues accounts, uploads, checks and publishes the criteria set, opens a
//! period and assigns appraisers; units enter scores and submit; the
//! appraiser appraises and submits; the manager publishes; the published
//! ranking on the page equals the API's; the auditor verifies the history.

use std::path::PathBuf;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::{
    ADMIN_PASSWORD, Browser, SpawnOptions, TestApp, TestStore, admin_token, both_stores,
};

both_stores!(a_year_runs_through_the_pages_role_by_role);

const UNITS: &str = include_str!("../../domain/tests/data/units-thanh-hoa.csv");

/// A small criteria set as the administrator would upload it: every
/// scoring method units enter, a leaf that may be not applicable, two
/// appraising departments.
const CRITERIA: &str = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by
1,Công tác chỉ đạo điều hành cải cách hành chính,4,,,,,Sở Nội vụ
1.1,Ban hành kế hoạch cải cách hành chính năm,2,levels,2=Ban hành đúng thời hạn|1=Ban hành chậm|0=Không ban hành,yes,no,Sở Nội vụ
1.2,Tỷ lệ đơn vị trực thuộc được kiểm tra trong năm,1,ratio,,no,no,Sở Nội vụ
1.3,Xử lý các vấn đề phát hiện qua kiểm tra,1,levels,1=Xử lý 100%|0=Dưới 100%,no,yes,Sở Nội vụ
2,Cải cách thủ tục hành chính,6,,,,,Văn phòng UBND tỉnh
2.1,Công khai thủ tục hành chính đúng quy định,6,range,,no,no,Văn phòng UBND tỉnh
";

/// Noon in Vietnam on a day of 2025.
fn noon(month: u32, day: u32) -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDate::from_ymd_opt(2025, month, day)
        .and_then(|d| d.and_hms_opt(5, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

/// The browser, signed in as someone, on one server.
struct Official<'a> {
    browser: &'a Browser,
    app: &'a TestApp,
}

impl Official<'_> {
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.app.address)
    }

    async fn sign_in(&self, username: &str, password: &str) {
        self.browser.open(&self.at("/dang-nhap")).await;
        self.browser.fill("#username", username).await;
        self.browser.fill("#password", password).await;
        self.browser.click("main button[type=submit]").await;
    }

    async fn sign_out(&self) {
        self.browser.click("form[action='/dang-xuat'] button").await;
    }

    /// Signs in with a temporary password and sets `password`.
    async fn first_sign_in(&self, username: &str, temporary: &str, password: &str) {
        self.sign_in(username, temporary).await;
        assert_eq!(self.browser.path().await, "/doi-mat-khau");
        self.browser.fill("#currentPassword", temporary).await;
        self.browser.fill("#newPassword", password).await;
        self.browser.click("main button[type=submit]").await;
        self.sign_in(username, password).await;
        assert_eq!(self.browser.path().await, "/");
    }

    /// What the page says was done; the page's text when it says nothing.
    async fn notice(&self) -> String {
        if !self.browser.has(".notice").await {
            panic!(
                "no notice on {}: {}",
                self.browser.path().await,
                self.browser.source().await
            );
        }
        self.browser.text(".notice").await
    }

    /// The page has no serious or critical accessibility violation.
    async fn accessible(&self, name: &str) {
        self.browser.screenshot(name).await;
        assert_eq!(
            self.browser.accessibility_violations().await,
            Vec::<String>::new(),
            "{name}"
        );
    }
}

/// An account the administrator issues on the accounts page.
struct NewAccount<'a> {
    username: &'a str,
    name: &'a str,
    role: &'a str,
    unit: Option<&'a str>,
    permissions: &'a [&'a str],
    department: Option<&'a str>,
}

/// Issues `account` on the accounts page and answers its temporary password.
async fn issue(official: &Official<'_>, account: &NewAccount<'_>) -> String {
    let browser = official.browser;
    browser.open(&official.at("/quan-tri/tai-khoan")).await;
    browser.fill("#username", account.username).await;
    browser.fill("#displayName", account.name).await;
    browser.select("#role", account.role).await;
    if let Some(unit) = account.unit {
        let value = browser
            .run(&format!(
                "return [...document.querySelectorAll('#unitId option')].find(o => o.textContent.startsWith('{unit} ')).value"
            ))
            .await;
        browser
            .select("#unitId", value.as_str().unwrap_or_default())
            .await;
    }
    for permission in account.permissions {
        browser.choose(&format!("#quyen-{permission}")).await;
    }
    if let Some(department) = account.department {
        browser.fill("#department", department).await;
    }
    browser
        .click("form[action='/quan-tri/tai-khoan'] button")
        .await;
    assert!(
        !browser.has(".error-summary").await,
        "{}: {}",
        account.username,
        browser.text(".error-summary").await
    );
    assert!(
        browser
            .text("#mat-khau-tam-thoi")
            .await
            .contains(account.username)
    );
    browser.text("#mat-khau-tam-thoi code").await
}

/// A decimal as the pages show it: two decimals, a decimal comma.
fn shown(text: &str) -> String {
    match text.parse::<rust_decimal::Decimal>() {
        Ok(value) => format!(
            "{:.2}",
            value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        )
        .replace('.', ","),
        Err(_) => text.to_owned(),
    }
}

/// The element id of the worksheet row of `unit`'s `leaf`.
async fn row_of(browser: &Browser, unit: &str, leaf: &str) -> String {
    let id = browser
        .run(&format!(
            "return [...document.querySelectorAll('tr[id^=td-]')].find(r => r.cells[0].innerText.startsWith('{unit} ') && r.cells[1].innerText.startsWith('{leaf}.')).id"
        ))
        .await;
    id.as_str().unwrap_or_default().to_owned()
}

/// The percentages the units entered for the ratio leaf 1.2 (an appraiser
/// types a percentage too).
const RATIOS: &[(&str, &str)] = &[("S02", "87,5"), ("S03", "100")];

/// Scores every item of the worksheet not yet scored in `round` as the
/// unit scored itself, one form at a time.
async fn appraise_as_self(browser: &Browser, round: &str) {
    let column = if round == "ONE" { 5 } else { 6 };
    loop {
        let next = browser
            .run(&format!(
                "const r = [...document.querySelectorAll('tr[id^=td-]')].find(r => r.querySelector('form') && r.cells[{}].innerText.trim() === '' && r.cells[3].innerText.trim() !== 'Không áp dụng'); return r ? [r.id, r.querySelector('input[name=percentage]') ? r.cells[0].innerText.slice(0, 3) : r.cells[3].innerText.trim()] : null",
                column - 1
            ))
            .await;
        let Some([id, own]) = next
            .as_array()
            .map(|pair| [pair[0].clone(), pair[1].clone()])
        else {
            return;
        };
        let id = id.as_str().unwrap_or_default();
        let own = own.as_str().unwrap_or_default();
        let typed = RATIOS
            .iter()
            .find(|(unit, _)| *unit == own)
            .map_or(own, |(_, percentage)| percentage);
        browser.fill(&format!("#diem-{id}"), typed).await;
        browser.click(&format!("#{id} button")).await;
        assert!(
            !browser.has(".error-summary").await,
            "{id}: {}",
            browser.text(".error-summary").await
        );
    }
}

/// Submits the signed-in appraiser's worksheet, confirming the warning.
async fn submit_appraisal(official: &Official<'_>) {
    let browser = official.browser;
    assert!(
        browser
            .text(".warning")
            .await
            .contains("phiếu thẩm định của kỳ này bị khoá")
    );
    browser.choose("#xac-nhan").await;
    browser.click("form[action$='/tham-dinh/gui'] button").await;
    // The worksheet of this period is closed, the account is not
    // (decision 0021): the page says so and offers no form.
    assert!(browser.path().await.ends_with("/tham-dinh?da_gui=1"));
    assert!(official.notice().await.contains("Đã gửi kết quả thẩm định"));
    assert!(
        browser
            .text("#da-khoa-tham-dinh")
            .await
            .contains("Các kỳ đánh giá khác không bị ảnh hưởng")
    );
    assert!(
        !browser
            .has("form[action$='/tham-dinh'] input[name=score]")
            .await
    );
    assert!(!browser.has("form[action$='/tham-dinh/gui']").await);
}

async fn a_year_runs_through_the_pages_role_by_role(store: TestStore) {
    let clock = std::sync::Arc::new(FixedClock::new(noon(1, 5)));
    // The administrator lets anyone read published results.
    let app = TestApp::spawn_with(
        store,
        SpawnOptions {
            clock: clock.clone(),
            public_results: true,
            ..SpawnOptions::default()
        },
    )
    .await;
    admin_token(&app).await;
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str, content: &str| -> PathBuf {
        let path = files.path().join(name);
        std::fs::write(&path, content).unwrap_or_else(|e| panic!("{e}"));
        path
    };
    let browser = Browser::start().await;
    let official = Official {
        browser: &browser,
        app: &app,
    };

    // The administrator imports the province's units from its list.
    official.sign_in("quantri", ADMIN_PASSWORD).await;
    browser.click("nav a[href='/quan-tri/don-vi']").await;
    assert_eq!(browser.text("h1").await, "Đơn vị");
    browser
        .attach("#file", &file("don-vi-thanh-hoa.csv", UNITS))
        .await;
    browser
        .click("form[action='/quan-tri/don-vi/nhap-tep'] button")
        .await;
    let units = UNITS.lines().count() - 1;
    assert!(
        official
            .notice()
            .await
            .contains(&format!("thêm {units} đơn vị")),
        "{}",
        browser.source().await
    );
    assert!(browser.text("table").await.contains("Sở Tư pháp"));
    official.accessible("quan-tri-don-vi").await;
    // A file that is not a list of units: refused beside the field, nothing appended.
    let before = app.log_head().await;
    browser
        .attach("#file", &file("sai.csv", "ma,ten\nX,Y\n"))
        .await;
    browser
        .click("form[action='/quan-tri/don-vi/nhap-tep'] button")
        .await;
    assert!(browser.has(".form-group--error #file").await);
    assert_eq!(app.log_head().await, before);
    // A subordinate unit of S02, registered by hand.
    browser.fill("#code", "S02-TTPL").await;
    browser.fill("#name", "Trung tâm Trợ giúp pháp lý").await;
    browser.select("#kind", "PUBLIC_SERVICE_UNIT").await;
    let parent = browser
        .run("return [...document.querySelectorAll('#parentId option')].find(o => o.textContent.startsWith('S02 ')).value")
        .await;
    browser
        .select("#parentId", parent.as_str().unwrap_or_default())
        .await;
    browser
        .click("form[action='/quan-tri/don-vi'] button")
        .await;
    assert!(official.notice().await.contains("S02-TTPL"));

    // Accounts: a clerk and a leader for two departments, an appraiser,
    // the manager and the auditor.
    let mut temporary = std::collections::BTreeMap::new();
    for account in [
        NewAccount {
            username: "nhaplieu.s02",
            name: "Lê Thị Nhập",
            role: "DATA_ENTRY",
            unit: Some("S02"),
            permissions: &["ENTERS_SCORES"],
            department: None,
        },
        NewAccount {
            username: "lanhdao.s02",
            name: "Phạm Văn Lãnh",
            role: "DATA_ENTRY",
            unit: Some("S02"),
            permissions: &["APPROVES_REPORTS", "REQUESTS_SUB_ACCOUNTS"],
            department: None,
        },
        NewAccount {
            username: "nhaplieu.s03",
            name: "Đỗ Thị Liệu",
            role: "DATA_ENTRY",
            unit: Some("S03"),
            permissions: &["ENTERS_SCORES", "APPROVES_REPORTS"],
            department: None,
        },
        NewAccount {
            username: "thamdinh.snv",
            name: "Trần Văn Thẩm",
            role: "APPRAISER",
            unit: None,
            permissions: &[],
            department: Some("Sở Nội vụ"),
        },
        NewAccount {
            username: "thamdinh.vp",
            name: "Ngô Thị Định",
            role: "APPRAISER",
            unit: None,
            permissions: &[],
            department: Some("Văn phòng UBND tỉnh"),
        },
        NewAccount {
            username: "quanly",
            name: "Hoàng Thị Quản",
            role: "MANAGER",
            unit: None,
            permissions: &[],
            department: None,
        },
        NewAccount {
            username: "kiemtoan",
            name: "Vũ Văn Kiểm",
            role: "AUDITOR",
            unit: None,
            permissions: &[],
            department: None,
        },
    ] {
        temporary.insert(account.username, issue(&official, &account).await);
    }
    official.accessible("quan-tri-tai-khoan").await;
    // A username already taken: refused beside the field, what was typed kept.
    let before = app.log_head().await;
    browser.open(&official.at("/quan-tri/tai-khoan")).await;
    browser.fill("#username", "quanly").await;
    browser.fill("#displayName", "Người Thứ Hai").await;
    browser.select("#role", "MANAGER").await;
    browser
        .click("form[action='/quan-tri/tai-khoan'] button")
        .await;
    assert!(browser.has(".error-summary").await);
    assert_eq!(browser.value("#displayName").await, "Người Thứ Hai");
    assert_eq!(app.log_head().await, before);

    // The criteria set: a draft under its decision, the appendix uploaded,
    // the tree checked, published.
    browser.click("nav a[href='/quan-tri/bo-tieu-chi']").await;
    browser.select("#indexKind", "PAR").await;
    browser.fill("#name", "Bộ chỉ số CCHC các sở").await;
    browser.fill("#decisionNumber", "4606/QĐ-UBND").await;
    browser
        .run("document.getElementById('decisionDate').value = '2025-01-02'; return null")
        .await;
    browser.fill("#year", "2024").await;
    browser.choose("#loai-DEPARTMENT").await;
    browser
        .click("form[action='/quan-tri/bo-tieu-chi'] button")
        .await;
    assert!(official.notice().await.contains("nháp"));
    browser
        .attach("#file", &file("phu-luc.csv", CRITERIA))
        .await;
    browser.click("form[action$='/nhap-tep'] button").await;
    assert_eq!(browser.text("#so-tieu-chi").await, "4");
    assert_eq!(browser.text("#tong-diem").await, "10,00");
    assert!(
        browser
            .text(".criteria-tree")
            .await
            .contains("Ban hành chậm")
    );
    official.accessible("quan-tri-bo-tieu-chi").await;
    browser.click("#cong-bo").await;
    assert!(official.notice().await.contains("Đã công bố"));
    assert!(!browser.has("#file").await, "a published set takes no file");

    // The period: S02 and S03, four deadlines.
    browser.click("nav a[href='/quan-tri/ky-danh-gia']").await;
    browser.fill("#name", "Chỉ số CCHC năm 2024").await;
    browser.fill("#year", "2024").await;
    for (field, date) in [
        ("deadlines.selfAssessment", "2025-01-15"),
        ("deadlines.appraisalRound1", "2025-01-31"),
        ("deadlines.explanation", "2025-02-10"),
        ("deadlines.appraisalRound2", "2025-02-20"),
    ] {
        browser
            .run(&format!(
                "document.getElementById('{field}').value = '{date}'; return null"
            ))
            .await;
    }
    for code in ["S02", "S03"] {
        browser
            .run(&format!(
                "[...document.querySelectorAll('#units label')].find(l => l.textContent.startsWith('{code} ')).previousElementSibling.click(); return null"
            ))
            .await;
    }
    browser
        .click("form[action='/quan-tri/ky-danh-gia'] button")
        .await;
    assert!(official.notice().await.contains("Đã mở kỳ"));
    let period = browser
        .path()
        .await
        .trim_start_matches("/quan-tri/ky-danh-gia/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(browser.text("#chua-phan-cong").await.contains("Còn 4 ô"));
    // Nothing is public before publication.
    let anonymous = |path: String| {
        let client = &app.client;
        let url = official.at(&path);
        async move {
            let answer = client
                .get(url)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            (
                answer.status().as_u16(),
                answer.text().await.unwrap_or_default(),
            )
        }
    };
    let (_, listed) = anonymous("/ket-qua".to_owned()).await;
    assert!(
        listed.contains("Chưa có kỳ đánh giá nào được công bố"),
        "{listed}"
    );
    let (status, _) = anonymous(format!("/ky-danh-gia/{period}/xep-hang")).await;
    assert_eq!(status, 404, "an unpublished period's ranking is not public");
    let node = "query($p: ID!) { node(id: $p) { __typename } }";
    let unpublished = app
        .graphql_as(None, node, serde_json::json!({ "p": period }))
        .await;
    assert_eq!(
        unpublished,
        serde_json::json!({ "data": { "node": null } }),
        "the API says the same"
    );
    official.accessible("quan-tri-ky-danh-gia").await;
    // Each department's appraiser for both units.
    let selects = browser
        .run("return [...document.querySelectorAll('.assignment-grid select')].map(s => s.id)")
        .await;
    for select in selects.as_array().into_iter().flatten() {
        let id = select.as_str().unwrap_or_default();
        browser
            .run(&format!(
                "const s = document.getElementById('{id}'); s.value = s.options[1].value; return null"
            ))
            .await;
    }
    browser.click("form[action$='/phan-cong'] button").await;
    assert!(official.notice().await.contains("phân công"));
    let remaining = browser.text("#chua-phan-cong").await;
    assert!(
        remaining.contains("Mọi ô"),
        "{remaining}\n{}",
        browser.text(".assignment-grid").await
    );
    assert!(
        browser
            .text(".assignment-grid")
            .await
            .contains("Trần Văn Thẩm")
    );

    official.sign_out().await;

    // Self-assessment, 10 January. S02: the clerk enters every leaf by its
    // method, marks 1.3 not applicable, uploads evidence; the leader
    // approves and submits.
    clock.set(noon(1, 10));
    let s02_clerk = "mật khẩu nhập liệu sở tư pháp";
    official
        .first_sign_in("nhaplieu.s02", &temporary["nhaplieu.s02"], s02_clerk)
        .await;
    browser.click("a[href$='/phieu-cham-diem']").await;
    let s02_card = browser.path().await;
    assert_eq!(browser.text("#han").await, "15/01/2025 (còn 5 ngày)");
    browser.choose("#tc-1-1 input[value='2']").await;
    browser.click("#tc-1-1 form button").await;
    browser.fill("#nhap-1-2", "87,5").await;
    browser.click("#tc-1-2 form button").await;
    browser.fill("#nhap-2-1", "5,5").await;
    browser.click("#tc-2-1 form button").await;
    browser.choose("#tc-1-3 details:not(.upload) summary").await;
    browser
        .fill("#ly-do-1-3", "Sở không có đơn vị trực thuộc")
        .await;
    browser
        .click("#tc-1-3 form[action$='/khong-ap-dung'] button")
        .await;
    assert!(browser.text("#tai-lieu-1-1").await.contains("Còn thiếu"));
    browser.choose("#tc-1-1 details.upload summary").await;
    browser
        .attach(
            "#tep-1-1",
            &file(
                "ke-hoach-cchc-2024.pdf",
                "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
            ),
        )
        .await;
    browser.fill("#vi-tri-1-1", "trang 1").await;
    browser
        .click("#tc-1-1 form[action$='/tai-lieu'] button")
        .await;
    assert!(official.notice().await.contains("tài liệu kiểm chứng"));
    let listed = browser.text("#tai-lieu-1-1").await;
    assert!(
        listed.contains("ke-hoach-cchc-2024.pdf") && listed.contains("trang 1"),
        "{listed}"
    );
    assert_eq!(browser.text("#tong-diem").await, "8,38 / 9,00");
    official.accessible("phieu-cham-diem-nam").await;
    // On a phone the scorecard is one card per leaf, the page no wider
    // than the screen.
    browser.resize(390, 844).await;
    browser.open(&official.at(&s02_card)).await;
    assert!(
        !browser.overflows_sideways().await,
        "the scorecard fits a phone"
    );
    official.accessible("phieu-cham-diem-dien-thoai").await;
    browser.resize(1280, 900).await;
    official.sign_out().await;
    official
        .first_sign_in(
            "lanhdao.s02",
            &temporary["lanhdao.s02"],
            "mật khẩu lãnh đạo sở tư pháp",
        )
        .await;
    browser.open(&official.at(&s02_card)).await;
    assert!(browser.text("#con-thieu").await.starts_with("Đã đủ"));
    browser.click("#phe-duyet ~ form button").await;
    assert!(official.notice().await.contains("Đã phê duyệt"));
    browser.click("a[href$='/gui-bao-cao']").await;
    browser
        .attach(
            "#bao-cao-da-ky",
            &file("bao-cao-da-ky.pdf", "%PDF-1.7\n% da ky\n"),
        )
        .await;
    browser.click("main form button").await;
    assert!(official.notice().await.contains("Đã gửi"));
    // The leader asks for an account for the subordinate centre.
    browser.click("nav a[href='/de-nghi-tai-khoan']").await;
    browser.fill("#username_0", "nhaplieu.ttpl").await;
    browser.fill("#display_name_0", "Bùi Thị Trợ").await;
    browser.choose("#quyen-0-ENTERS_SCORES").await;
    browser
        .click("form[action='/de-nghi-tai-khoan'] button")
        .await;
    assert!(official.notice().await.contains("Đã gửi đề nghị"));
    official.accessible("de-nghi-tai-khoan").await;
    official.sign_out().await;

    // S03: one clerk who also approves; the deadline passes before it
    // submits, the administrator extends it with a reason, S03 submits.
    official
        .first_sign_in(
            "nhaplieu.s03",
            &temporary["nhaplieu.s03"],
            "mật khẩu nhập liệu sở kế hoạch",
        )
        .await;
    browser.click("a[href$='/phieu-cham-diem']").await;
    let s03_card = browser.path().await;
    browser.choose("#tc-1-1 input[value='1']").await;
    browser.click("#tc-1-1 form button").await;
    browser.fill("#nhap-1-2", "100").await;
    browser.click("#tc-1-2 form button").await;
    browser.choose("#tc-1-3 input[value='1']").await;
    browser.click("#tc-1-3 form button").await;
    browser.fill("#nhap-2-1", "6").await;
    browser.click("#tc-2-1 form button").await;
    browser.choose("#tc-1-1 details.upload summary").await;
    browser
        .attach("#tep-1-1", &file("ke-hoach-s03.pdf", "%PDF-1.4\n%%EOF\n"))
        .await;
    browser.fill("#vi-tri-1-1", "toàn văn").await;
    browser
        .click("#tc-1-1 form[action$='/tai-lieu'] button")
        .await;
    browser.click("#phe-duyet ~ form button").await;
    assert!(official.notice().await.contains("Đã phê duyệt"));
    official.sign_out().await;
    clock.set(noon(1, 16));
    official
        .sign_in("nhaplieu.s03", "mật khẩu nhập liệu sở kế hoạch")
        .await;
    browser.open(&official.at(&s03_card)).await;
    assert!(browser.text(".summary-list").await.contains("Đã hết hạn"));
    let before = app.log_head().await;
    browser.click("a[href$='/gui-bao-cao']").await;
    browser
        .attach(
            "#bao-cao-da-ky",
            &file("bao-cao-da-ky.pdf", "%PDF-1.7\n% da ky\n"),
        )
        .await;
    browser.click("main form button").await;
    let refusal = browser.text(".error-summary").await;
    assert!(refusal.contains("hạn"), "{refusal}");
    assert_eq!(app.log_head().await, before, "a refusal appends nothing");
    official.sign_out().await;
    official.sign_in("quantri", ADMIN_PASSWORD).await;
    browser
        .open(&official.at(&format!("/quan-tri/ky-danh-gia/{period}")))
        .await;
    browser
        .run("document.getElementById('ngay-SELF_ASSESSMENT').value = '2025-01-20'; return null")
        .await;
    browser
        .fill(
            "#ly-do-SELF_ASSESSMENT",
            "Sở Kế hoạch và Đầu tư đề nghị gia hạn do mất điện",
        )
        .await;
    browser.click("#han-SELF_ASSESSMENT button").await;
    assert!(official.notice().await.contains("gia hạn"));
    assert!(
        browser
            .text("#han-SELF_ASSESSMENT")
            .await
            .contains("20/01/2025")
    );
    // The administrator approves the centre's account.
    browser
        .click("nav a[href='/quan-tri/de-nghi-tai-khoan']")
        .await;
    assert!(browser.text("table").await.contains("nhaplieu.ttpl"));
    browser.click("form[action$='/duyet'] button").await;
    assert!(
        browser
            .text("#mat-khau-tam-thoi")
            .await
            .contains("nhaplieu.ttpl")
    );
    assert!(
        browser
            .text("main")
            .await
            .contains("Không có đề nghị nào đang chờ")
    );
    official.sign_out().await;
    official
        .sign_in("nhaplieu.s03", "mật khẩu nhập liệu sở kế hoạch")
        .await;
    browser.open(&official.at(&s03_card)).await;
    browser.click("a[href$='/gui-bao-cao']").await;
    browser
        .attach(
            "#bao-cao-da-ky",
            &file("bao-cao-da-ky.pdf", "%PDF-1.7\n% da ky\n"),
        )
        .await;
    browser.click("main form button").await;
    assert!(official.notice().await.contains("Đã gửi"));
    official.sign_out().await;

    // Both self-assessments are in: the auditor will read the ranking as it
    // stood here, before any appraisal.
    let before_appraisal = app.log_head().await;

    // Round 1, 25 January: each appraiser scores what they were assigned;
    // a score that differs from the self score needs a reason.
    clock.set(noon(1, 25));
    let snv = "mật khẩu thẩm định sở nội vụ";
    let vp = "mật khẩu thẩm định văn phòng";
    official
        .first_sign_in("thamdinh.snv", &temporary["thamdinh.snv"], snv)
        .await;
    browser.click("a[href$='/tham-dinh']").await;
    assert!(browser.text(".summary-list").await.contains("Vòng 1"));
    let s02 = row_of(&browser, "S02", "1.1").await;
    let before = app.log_head().await;
    browser.fill(&format!("#diem-{s02}"), "1").await;
    browser.click(&format!("#{s02} button")).await;
    assert!(
        browser.has(&format!("#loi-{s02}")).await,
        "a changed score without a reason is refused beside it"
    );
    assert_eq!(browser.value(&format!("#diem-{s02}")).await, "1");
    assert_eq!(app.log_head().await, before);
    browser
        .fill(&format!("#ly-do-{s02}"), "Kế hoạch ban hành chậm 5 ngày")
        .await;
    browser.click(&format!("#{s02} button")).await;
    assert!(official.notice().await.contains("Đã lưu"));
    appraise_as_self(&browser, "ONE").await;
    // Every assigned unit's round 1 is complete on the unit list.
    let round1 = browser
        .run("return [...document.querySelectorAll('#don-vi-tham-dinh tbody tr')].map(r => r.cells[2].innerText.trim())")
        .await;
    let round1: Vec<String> = serde_json::from_value(round1).unwrap_or_default();
    assert_eq!(round1.len(), 2, "{round1:?}");
    for counts in &round1 {
        let (scored, items) = counts.split_once(" / ").unwrap_or(("", "?"));
        assert!(scored == items && items != "0", "{round1:?}");
    }
    // The ratio leaf: the unit's percentage beside its points, and the
    // appraiser's percentage offered back as typed (never the points).
    let ratio = row_of(&browser, "S02", "1.2").await;
    assert!(
        browser
            .text(&format!("#{ratio} td:nth-child(4)"))
            .await
            .contains("87,50 %")
    );
    assert_eq!(browser.value(&format!("#diem-{ratio}")).await, "87,5");
    official.accessible("phieu-tham-dinh-vong-1").await;
    official.sign_out().await;
    official
        .first_sign_in("thamdinh.vp", &temporary["thamdinh.vp"], vp)
        .await;
    browser.click("a[href$='/tham-dinh']").await;
    appraise_as_self(&browser, "ONE").await;
    official.sign_out().await;

    // The explanation window, 5 February: S02 answers round 1 on 1.1.
    clock.set(noon(2, 5));
    official.sign_in("nhaplieu.s02", s02_clerk).await;
    browser.open(&official.at(&s02_card)).await;
    assert!(
        browser
            .text("#tham-dinh-1-1")
            .await
            .contains("Kế hoạch ban hành chậm 5 ngày")
    );
    browser
        .fill(
            "#tra-loi-1-1",
            "Kế hoạch ban hành đúng hạn theo Quyết định 12/QĐ-STP ngày 05/01",
        )
        .await;
    browser.click("#tham-dinh-1-1 form button").await;
    assert!(official.notice().await.contains("trả lời"));
    official.sign_out().await;

    // Round 2, 15 February: the answer beside the item; the appraisers
    // score again and submit; their worksheets close, their accounts stay
    // open.
    clock.set(noon(2, 15));
    official.sign_in("thamdinh.snv", snv).await;
    browser.click("a[href$='/tham-dinh']").await;
    assert!(browser.text(".summary-list").await.contains("Vòng 2"));
    let s02 = row_of(&browser, "S02", "1.1").await;
    assert!(
        browser
            .text(&format!("#tra-loi-{s02}"))
            .await
            .contains("Quyết định 12/QĐ-STP")
    );
    browser.fill(&format!("#diem-{s02}"), "2").await;
    browser.click(&format!("#{s02} button")).await;
    appraise_as_self(&browser, "TWO").await;
    official.accessible("phieu-tham-dinh-vong-2").await;
    submit_appraisal(&official).await;
    official.sign_out().await;
    official.sign_in("thamdinh.snv", snv).await;
    assert!(
        !browser.path().await.starts_with("/dang-nhap"),
        "a submitted appraiser still signs in"
    );
    official.sign_out().await;
    official.sign_in("thamdinh.vp", vp).await;
    browser.click("a[href$='/tham-dinh']").await;
    appraise_as_self(&browser, "TWO").await;
    submit_appraisal(&official).await;
    official.sign_out().await;

    // Every appraiser has submitted: the results are aggregated. The
    // administrator records the appraisal council's agreement with its
    // minutes; the manager follows the board, finalizes and publishes with
    // the People's Committee's decision.
    official.sign_in("quantri", ADMIN_PASSWORD).await;
    browser
        .open(&format!("{}/ky-danh-gia/{period}/tien-do", app.address))
        .await;
    assert!(browser.text("#hoi-dong").await.contains("Chưa ghi nhận"));
    browser
        .run("document.getElementById('ngay-hop').value = '2025-02-15'; return null")
        .await;
    browser
        .fill(
            "#thanh-vien",
            "Giám đốc Sở Nội vụ\nChánh Văn phòng UBND tỉnh",
        )
        .await;
    browser
        .attach("#bien-ban", &file("bien-ban.pdf", "%PDF-1.7\n% bien ban\n"))
        .await;
    browser.click("#form-hoi-dong button").await;
    assert!(official.notice().await.contains("Hội đồng thẩm định"));
    assert!(
        browser
            .text("#hoi-dong")
            .await
            .contains("Giám đốc Sở Nội vụ, Chánh Văn phòng UBND tỉnh")
    );
    official.accessible("tien-do-hoi-dong").await;
    official.sign_out().await;
    official
        .first_sign_in("quanly", &temporary["quanly"], "mật khẩu của người quản lý")
        .await;
    browser.click("a[href$='/tien-do']").await;
    assert_eq!(browser.text("#da-gui").await, "2 / 2");
    assert_eq!(browser.text("#tinh-trang").await, "Kết quả tạm thời");
    official.accessible("tien-do").await;
    browser.click("#chot").await;
    assert!(official.notice().await.contains("Đã chốt"));
    browser.fill("#so-quyet-dinh", "125/QĐ-UBND").await;
    browser
        .run("document.getElementById('ngay-quyet-dinh').value = '2025-02-15'; return null")
        .await;
    browser
        .attach(
            "#ban-quyet-dinh",
            &file("quyet-dinh.pdf", "%PDF-1.7\n% quyet dinh\n"),
        )
        .await;
    official.accessible("tien-do-cong-bo").await;
    browser.click("#cong-bo").await;
    assert!(official.notice().await.contains("Đã công bố"));
    assert!(
        browser
            .text("#quyet-dinh")
            .await
            .contains("Quyết định số 125/QĐ-UBND ngày 15/02/2025")
    );
    official.sign_out().await;

    // A unit reads the published ranking: the page shows what the API
    // answers.
    official.sign_in("nhaplieu.s02", s02_clerk).await;
    browser.click("a[href$='/xep-hang']").await;
    let token = chamdiem_tests::sign_in(&app, "nhaplieu.s02", s02_clerk).await;
    let ranking = chamdiem_tests::call(
        &app,
        &token,
        "query($p: ID!) { ranking(periodId: $p) { unit { code } total } }",
        serde_json::json!({ "p": period }),
        "ranking",
    )
    .await;
    let rows = browser
        .run("return [...document.querySelectorAll('table.ranking tbody tr')].map(r => [r.cells[1].innerText, r.cells[3].innerText])")
        .await;
    let expected: Vec<serde_json::Value> = ranking
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            serde_json::json!([
                r["unit"]["code"],
                shown(r["total"].as_str().unwrap_or_default())
            ])
        })
        .collect();
    assert_eq!(expected.len(), 2, "{ranking}");
    assert_eq!(rows, serde_json::json!(expected));
    official.accessible("xep-hang-cong-bo").await;
    official.sign_out().await;
    // Anyone, without signing in: the same published ranking.
    browser.click("a[href='/ket-qua']").await;
    browser
        .click(&format!("a[href='/ky-danh-gia/{period}/xep-hang']"))
        .await;
    let public_rows = browser
        .run("return [...document.querySelectorAll('table.ranking tbody tr')].map(r => [r.cells[1].innerText, r.cells[3].innerText])")
        .await;
    assert_eq!(public_rows, serde_json::json!(expected));
    let published = app
        .graphql_as(
            None,
            "query($p: ID!) { node(id: $p) { ... on Period { corrections { resultsVersion } } } }",
            serde_json::json!({ "p": period }),
        )
        .await;
    assert_eq!(
        published["data"]["node"]["corrections"]["resultsVersion"], 1,
        "{published}"
    );
    assert!(
        !browser.has("form[action='/dang-xuat']").await,
        "nobody is signed in"
    );
    official.accessible("xep-hang-cong-khai").await;

    // The auditor verifies the whole history.
    official
        .first_sign_in(
            "kiemtoan",
            &temporary["kiemtoan"],
            "mật khẩu của kiểm toán viên",
        )
        .await;
    browser.click("nav a[href='/kiem-tra-lich-su']").await;
    browser.click("#kiem-tra").await;
    assert!(
        browser.has("#ket-qua").await,
        "{}",
        browser.text("main").await
    );
    assert!(browser.text("#ket-qua").await.contains("nguyên vẹn"));
    assert_eq!(
        browser.text("#so-su-kien").await,
        app.log_head().await.to_string()
    );
    official.accessible("kiem-tra-lich-su").await;
    // The trail of one unit's entries, filtered on the page.
    browser.click("nav a[href='/kiem-toan/nhat-ky']").await;
    let s02_id = browser
        .run("return [...document.querySelectorAll('#don_vi option')].find(o => o.textContent.startsWith('S02 ')).value")
        .await;
    browser
        .select("#don_vi", s02_id.as_str().unwrap_or_default())
        .await;
    browser.select("#loai", "ScoreEntered").await;
    browser.click("form.filters button").await;
    let trail = browser.text("table.trail tbody").await;
    assert!(
        trail.contains("Tự chấm điểm tiêu chí 1.1: 2 điểm"),
        "{trail}"
    );
    // Who acted, by name and role.
    assert!(trail.contains("Lê Thị Nhập (Nhập liệu)"), "{trail}");
    // The kinds of event read as officials name them.
    let kinds = browser.text("#loai").await;
    assert!(kinds.contains("Phiếu chấm điểm · Tự chấm điểm"), "{kinds}");
    assert!(!kinds.contains("ScoreEntered"), "{kinds}");
    assert!(!trail.contains("S03"), "{trail}");
    assert_eq!(
        browser
            .run("return document.querySelectorAll('table.trail tbody tr').length")
            .await,
        serde_json::json!(3),
        "S02 entered three scores"
    );
    official.accessible("nhat-ky").await;
    // One leaf's whole history: S02's 1.1, from the entry to round 2.
    browser
        .click("nav a[href='/kiem-toan/lich-su-tieu-chi']")
        .await;
    browser.select("#ky", &period).await;
    browser
        .select("#don_vi", s02_id.as_str().unwrap_or_default())
        .await;
    browser.fill("#leafCode", "1.1").await;
    browser.click("form.filters button").await;
    let history = browser.text("table.trail tbody").await;
    assert!(
        history.contains("Tự chấm điểm tiêu chí 1.1: 2 điểm")
            && history.contains("Đính kèm tài liệu kiểm chứng cho tiêu chí 1.1"),
        "{history}"
    );
    let lines = browser
        .run("return document.querySelectorAll('table.trail tbody tr').length")
        .await;
    assert!(
        lines.as_u64().is_some_and(|n| n >= 5),
        "entry, evidence, two rounds and the answer: {history}"
    );
    official.accessible("lich-su-tieu-chi").await;
    // The ranking as it stood at a log position: now, it is the published
    // ranking; before the appraisal, what the log computes for then.
    browser.click("nav a[href='/kiem-toan/thoi-diem']").await;
    browser.select("#ky", &period).await;
    browser
        .fill("#position", &app.log_head().await.to_string())
        .await;
    browser.click("form.filters button").await;
    let ranking_rows = "return [...document.querySelectorAll('table.ranking tbody tr')].map(r => [r.cells[1].innerText, r.cells[3].innerText])";
    assert_eq!(browser.run(ranking_rows).await, serde_json::json!(expected));
    let auditor = chamdiem_tests::sign_in(&app, "kiemtoan", "mật khẩu của kiểm toán viên").await;
    let then = chamdiem_tests::call(
        &app,
        &auditor,
        "query($p: ID!, $at: LogPosition!) { rankingAsOf(periodId: $p, position: $at) { unit { id code } total } }",
        serde_json::json!({ "p": period, "at": before_appraisal }),
        "rankingAsOf",
    )
    .await;
    let expected_then: Vec<serde_json::Value> = then
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            serde_json::json!([
                r["unit"]["code"],
                shown(r["total"].as_str().unwrap_or_default())
            ])
        })
        .collect();
    assert_eq!(expected_then.len(), 2, "{then}");
    browser
        .fill("#position", &before_appraisal.to_string())
        .await;
    browser.click("form.filters button").await;
    assert_eq!(
        browser.run(ranking_rows).await,
        serde_json::json!(expected_then)
    );
    official.accessible("thoi-diem").await;
    // The first unit's result as it stood then, leaf by leaf.
    browser.click("table.ranking a[href*='don_vi=']").await;
    let card = chamdiem_tests::call(
        &app,
        &auditor,
        "query($p: ID!, $u: ID!, $at: LogPosition!) { scorecardAsOf(periodId: $p, unitId: $u, position: $at) { total applicableMaximum } }",
        serde_json::json!({ "p": period, "u": then[0]["unit"]["id"], "at": before_appraisal }),
        "scorecardAsOf",
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
    let leaf_notes = browser.text("table.trail tbody").await;
    assert!(
        leaf_notes.contains("Điểm tự đánh giá (chưa thẩm định)"),
        "before the appraisal every score is the unit's own: {leaf_notes}"
    );
    official.accessible("thoi-diem-don-vi").await;
    // The same unit now: its scores are the appraised ones.
    browser
        .fill("#position", &app.log_head().await.to_string())
        .await;
    browser.click("form.filters button").await;
    let leaf_notes = browser.text("table.trail tbody").await;
    assert!(leaf_notes.contains("Điểm thẩm định"), "{leaf_notes}");
    browser
        .fill("#position", &before_appraisal.to_string())
        .await;
    // Both a moment and a position: refused beside the moment, what was
    // typed kept.
    browser
        .run("document.querySelector('#time').value = '2025-01-20T09:00'")
        .await;
    browser.click("form.filters button").await;
    assert!(browser.text("#time-error").await.contains("một trong hai"));
    assert_eq!(
        browser
            .run("return document.querySelector('#position').value")
            .await,
        serde_json::json!(before_appraisal.to_string())
    );
    official.sign_out().await;
    browser.stop().await;
}
