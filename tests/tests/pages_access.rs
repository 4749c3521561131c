//! The pages' access walk, as the API's: an account's pages aimed at
//! another unit, at another role's work or at administration show nothing
//! of it and change nothing (no event appended), whatever is posted, with
//! the account's own valid form token. Checked for a unit's clerk (who
//! also approves) against a neighbouring unit, and for that clerk and an
//! auditor against every administrator's and manager's door.

use chamdiem_tests::{
    Browser, CLERK_PASSWORD, TestApp, TestStore, api_year_with_neighbours, both_stores,
    issued_account,
};
use serde_json::json;

both_stores!(pages_aimed_at_what_an_account_may_not_touch_show_and_change_nothing);

/// A signed-in page session held outside the browser: its cookie and form
/// token, posted by hand as an attacker would.
struct Session<'a> {
    app: &'a TestApp,
    cookie: String,
    csrf: String,
}

impl Session<'_> {
    async fn of<'a>(app: &'a TestApp, username: &str, password: &str) -> Session<'a> {
        let browser = Browser::start().await;
        browser.open(&format!("{}/dang-nhap", app.address)).await;
        browser.fill("#username", username).await;
        browser.fill("#password", password).await;
        browser.click("main button[type=submit]").await;
        let csrf = browser
            .run("return document.querySelector('input[name=csrf]').value")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let cookie = browser
            .client
            .get_named_cookie("chamdiem_session")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .value()
            .to_owned();
        browser.stop().await;
        Session { app, cookie, csrf }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let answer = self
            .app
            .client
            .get(format!("{}{path}", self.app.address))
            .header("cookie", format!("chamdiem_session={}", self.cookie))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (
            answer.status().as_u16(),
            answer.text().await.unwrap_or_default(),
        )
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let answer = self
            .app
            .client
            .post(format!("{}{path}", self.app.address))
            .header("cookie", format!("chamdiem_session={}", self.cookie))
            .form(&form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (
            answer.status().as_u16(),
            answer.text().await.unwrap_or_default(),
        )
    }

    async fn post_file(&self, path: &str) -> (u16, String) {
        let form = reqwest::multipart::Form::new()
            .text("csrf", self.csrf.clone())
            .text("locator", "trang 1")
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
                    .file_name("x.pdf")
                    .mime_str("application/pdf")
                    .unwrap_or_else(|e| panic!("{e}")),
            );
        let answer = self
            .app
            .client
            .post(format!("{}{path}", self.app.address))
            .header("cookie", format!("chamdiem_session={}", self.cookie))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (
            answer.status().as_u16(),
            answer.text().await.unwrap_or_default(),
        )
    }
}

/// An answer that refuses: never a success, never a 500, nothing of the
/// other unit's named.
fn refused(what: &str, (status, page): &(u16, String), secret: &str) {
    assert!(*status != 303 && *status < 500, "{what}: {status}\n{page}");
    assert!(
        *status == 403 || *status == 404 || page.contains("error-summary"),
        "{what}: no refusal shown ({status})\n{page}"
    );
    assert!(!page.contains(secret), "{what}: shows {secret}");
}

async fn pages_aimed_at_what_an_account_may_not_touch_show_and_change_nothing(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let (year, neighbours) = api_year_with_neighbours(
        &app,
        "canbo.s02",
        &["ENTERS_SCORES", "APPROVES_REPORTS"],
        &[("S05", "Sở Xây dựng")],
    )
    .await;
    let other = neighbours[0].as_str();
    issued_account(
        &app,
        &year.admin,
        json!({ "username": "kiemtoan", "displayName": "Vũ Văn Kiểm", "role": "AUDITOR" }),
        "mật khẩu của kiểm toán viên",
    )
    .await;
    let clerk = Session::of(&app, "canbo.s02", CLERK_PASSWORD).await;
    let auditor = Session::of(&app, "kiemtoan", "mật khẩu của kiểm toán viên").await;
    let p = &year.period;
    let before = app.log_head().await;

    // The neighbour's scorecard and everything done to it.
    let card = format!("/ky-danh-gia/{p}/don-vi/{other}");
    refused(
        "scorecard",
        &clerk.get(&format!("{card}/phieu-cham-diem")).await,
        "Sở Xây dựng",
    );
    refused(
        "entry",
        &clerk
            .post(&format!("{card}/tieu-chi/1.1.1"), &[("score", "1")])
            .await,
        "Sở Xây dựng",
    );
    for (action, field, value) in [
        ("khong-ap-dung", "reason", "không có"),
        ("ap-dung-lai", "reason", ""),
        ("giai-trinh", "text", "giải trình"),
        ("tra-loi", "text", "trả lời"),
    ] {
        refused(
            action,
            &clerk
                .post(
                    &format!("{card}/tieu-chi/1.3.2/{action}"),
                    &[(field, value)],
                )
                .await,
            "Sở Xây dựng",
        );
    }
    refused(
        "evidence",
        &clerk
            .post_file(&format!("{card}/tieu-chi/1.1.1/tai-lieu"))
            .await,
        "Sở Xây dựng",
    );
    refused(
        "approval",
        &clerk
            .post(&format!("{card}/phe-duyet"), &[("content_hash", "00")])
            .await,
        "Sở Xây dựng",
    );
    refused(
        "submission",
        &clerk.post(&format!("{card}/gui-bao-cao"), &[]).await,
        "Sở Xây dựng",
    );

    // An appraiser's, a manager's and an administrator's doors.
    refused(
        "worksheet",
        &clerk
            .post(
                &format!("/ky-danh-gia/{p}/tham-dinh"),
                &[
                    ("unit", other),
                    ("leaf", "1.1.1"),
                    ("round", "ONE"),
                    ("score", "1"),
                ],
            )
            .await,
        "Sở Xây dựng",
    );
    refused(
        "appraisal submission",
        &clerk
            .post(
                &format!("/ky-danh-gia/{p}/tham-dinh/gui"),
                &[("confirmed", "1")],
            )
            .await,
        "Sở Xây dựng",
    );
    for session in [&clerk, &auditor] {
        refused(
            "progress",
            &session.get(&format!("/ky-danh-gia/{p}/tien-do")).await,
            "Sở Xây dựng",
        );
        refused(
            "finalize",
            &session
                .post(&format!("/ky-danh-gia/{p}/tien-do/chot"), &[])
                .await,
            "Sở Xây dựng",
        );
        refused(
            "publish",
            &session
                .post(&format!("/ky-danh-gia/{p}/tien-do/cong-bo"), &[])
                .await,
            "Sở Xây dựng",
        );
        refused(
            "units",
            &session.get("/quan-tri/don-vi").await,
            "Sở Xây dựng",
        );
        refused(
            "register a unit",
            &session
                .post(
                    "/quan-tri/don-vi",
                    &[("code", "S99"), ("name", "Sở Giả"), ("kind", "DEPARTMENT")],
                )
                .await,
            "Sở Xây dựng",
        );
        refused(
            "import units",
            &session.post_file("/quan-tri/don-vi/nhap-tep").await,
            "Sở Xây dựng",
        );
        refused(
            "accounts",
            &session.get("/quan-tri/tai-khoan").await,
            "canbo.s02",
        );
        refused(
            "issue an account",
            &session
                .post(
                    "/quan-tri/tai-khoan",
                    &[
                        ("username", "gia.mao"),
                        ("display_name", "Giả Mạo"),
                        ("role", "ADMIN"),
                    ],
                )
                .await,
            "canbo.s02",
        );
        refused(
            "criteria sets",
            &session.get("/quan-tri/bo-tieu-chi").await,
            "4606",
        );
        refused(
            "draft a set",
            &session
                .post(
                    "/quan-tri/bo-tieu-chi",
                    &[
                        ("index_kind", "PAR"),
                        ("name", "Giả"),
                        ("decision_number", "1"),
                        ("decision_date", "2025-01-01"),
                        ("year", "2024"),
                        ("unit_kinds", "DEPARTMENT"),
                    ],
                )
                .await,
            "4606",
        );
        refused(
            "periods",
            &session.get("/quan-tri/ky-danh-gia").await,
            "Chỉ số CCHC năm 2024",
        );
        refused(
            "a period",
            &session.get(&format!("/quan-tri/ky-danh-gia/{p}")).await,
            "Sở Xây dựng",
        );
        refused(
            "extension",
            &session
                .post(
                    &format!("/quan-tri/ky-danh-gia/{p}/gia-han"),
                    &[
                        ("kind", "SELF_ASSESSMENT"),
                        ("date", "2099-12-31"),
                        ("reason", "giả"),
                    ],
                )
                .await,
            "Sở Xây dựng",
        );
        refused(
            "assignment",
            &session
                .post(
                    &format!("/quan-tri/ky-danh-gia/{p}/phan-cong"),
                    &[("o.x.0", "y")],
                )
                .await,
            "Sở Xây dựng",
        );
    }
    refused(
        "verification",
        &clerk.get("/kiem-tra-lich-su").await,
        "Sở Xây dựng",
    );
    refused(
        "verification run",
        &clerk.post("/kiem-tra-lich-su", &[]).await,
        "Sở Xây dựng",
    );
    refused(
        "audit trail",
        &clerk.get("/kiem-toan/nhat-ky").await,
        "Sở Xây dựng",
    );
    refused(
        "a leaf's history",
        &clerk
            .get(&format!(
                "/kiem-toan/lich-su-tieu-chi?ky={p}&don_vi={other}&tieu_chi=1.1.1"
            ))
            .await,
        "Sở Xây dựng",
    );
    for address in [
        format!("/kiem-toan/thoi-diem?ky={p}&vi_tri=1000000&don_vi={other}"),
        format!("/kiem-toan/thoi-diem?ky={p}&vi_tri=1000000"),
    ] {
        refused(
            "the past of a unit or of the ranking",
            &clerk.get(&address).await,
            "Sở Xây dựng",
        );
    }
    // Where the server does not make results public (the default), the
    // ranking and the list of published periods send a stranger to sign in.
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    for path in [format!("/ky-danh-gia/{p}/xep-hang"), "/ket-qua".to_owned()] {
        let answer = stranger
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(answer.status().as_u16(), 303, "{path}");
        assert_eq!(
            answer
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok()),
            Some("/dang-nhap"),
            "{path}"
        );
    }
    assert_eq!(app.log_head().await, before, "nothing was appended");
}
