//! A whole year run through the pages, role by role, in a real headless
//! Chromium, on both stores: the administrator imports the province's units,
//! issues accounts, uploads, checks and publishes the criteria set, opens a
//! period and assigns appraisers; units enter scores and submit; the
//! appraiser appraises and submits; the manager publishes; the published
//! ranking on the page equals the API's; the auditor verifies the history.

use std::path::PathBuf;

use chamdiem_tests::{ADMIN_PASSWORD, Browser, TestApp, TestStore, admin_token, both_stores};

both_stores!(a_year_runs_through_the_pages_role_by_role);

const UNITS: &str = include_str!("../../domain/tests/data/units-thanh-hoa.csv");

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

async fn a_year_runs_through_the_pages_role_by_role(store: TestStore) {
    let app = TestApp::spawn(store).await;
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
        browser
            .text(".notice")
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
            permissions: &["APPROVES_REPORTS"],
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

    official.sign_out().await;
    browser.stop().await;
}
