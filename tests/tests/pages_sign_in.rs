//! The pages' door, in a real headless Chromium: signing in (a wrong
//! password answered beside the form, what was typed kept), the first
//! sign-in's password change, the home page, signing out; a form posted
//! without the page's form token changes nothing; every page and asset comes
//! from the server itself.

use chamdiem_tests::{ADMIN_PASSWORD, Browser, TestApp, TestStore, admin_token, both_stores, call};
use serde_json::json;

both_stores!(an_official_signs_in_changes_a_temporary_password_and_signs_out);

async fn an_official_signs_in_changes_a_temporary_password_and_signs_out(store: TestStore) {
    let app = TestApp::spawn(store).await;
    let admin = admin_token(&app).await;
    let issued = call(
        &app,
        &admin,
        "mutation($i: IssueAccountInput!) { issueAccount(input: $i) { temporaryPassword } }",
        json!({ "i": { "username": "kiemtoan", "displayName": "Nguyễn Thị Hòa", "role": "AUDITOR" } }),
        "issueAccount",
    )
    .await;
    let temporary = issued["temporaryPassword"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);

    // Not signed in: the home page sends the browser to sign in.
    browser.open(&at("/")).await;
    assert_eq!(browser.path().await, "/dang-nhap");
    assert_eq!(browser.text("h1").await, "Đăng nhập");
    assert_eq!(
        browser.run("return document.documentElement.lang").await,
        json!("vi")
    );
    browser.screenshot("dang-nhap").await;
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );
    // The checker sees what it should: a field without its label is caught.
    browser
        .run("document.querySelector('label[for=username]').remove(); return null")
        .await;
    let caught = browser.accessibility_violations().await;
    assert!(
        caught.iter().any(|v| v.starts_with("label")),
        "axe-core must catch an unlabelled field: {caught:?}"
    );
    browser.open(&at("/dang-nhap")).await;

    // A wrong password: the API's message on the page, the username kept,
    // no session.
    browser.fill("#username", "kiemtoan").await;
    browser.fill("#password", "không phải mật khẩu").await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/dang-nhap");
    assert!(
        browser.has(".error-summary").await,
        "{}",
        browser.source().await
    );
    assert!(!browser.text(".error-summary").await.is_empty());
    assert_eq!(browser.value("#username").await, "kiemtoan");
    assert_eq!(
        browser.value("#password").await,
        "",
        "a password is never sent back"
    );
    assert_eq!(browser.run("return document.cookie").await, json!(""));

    // The temporary password leads to the password change, and nothing else.
    browser.fill("#password", &temporary).await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/doi-mat-khau");
    assert!(browser.text(".notice").await.contains("mật khẩu tạm thời"));
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );
    assert_eq!(
        browser.run("return document.cookie").await,
        json!(""),
        "the session cookie is out of scripts' reach"
    );
    browser.open(&at("/")).await;
    assert_eq!(browser.path().await, "/doi-mat-khau");

    // Too short a new password: refused beside the form.
    browser.fill("#currentPassword", &temporary).await;
    browser.fill("#newPassword", "ngắn").await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/doi-mat-khau");
    assert!(browser.has(".error-summary").await);

    // Changed: every session ends; signing in with the new one works.
    let new_password = "một câu dài dễ nhớ của kiểm toán viên";
    browser.fill("#currentPassword", &temporary).await;
    browser.fill("#newPassword", new_password).await;
    browser.click("main button[type=submit]").await;
    assert_eq!(
        browser.path().await,
        "/dang-nhap?da_doi_mat_khau=1",
        "{}",
        browser.source().await
    );
    assert!(browser.text(".notice").await.contains("Đã đổi mật khẩu"));
    browser.fill("#username", "kiemtoan").await;
    browser.fill("#password", new_password).await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/");
    assert_eq!(browser.text("h1").await, "Xin chào, Nguyễn Thị Hòa");
    assert!(browser.text(".summary-list").await.contains("Kiểm toán"));
    browser.screenshot("trang-chinh").await;
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );

    // Every reference of the page is to the server itself.
    let foreign: serde_json::Value = browser
        .run(
            "return [...document.querySelectorAll('[src],[href],[action]')]
               .map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('action'))
               .filter(u => !(u.startsWith('/') || u.startsWith('#')))",
        )
        .await;
    assert_eq!(foreign, json!([]), "references to other hosts");
    let css_loaded = browser
        .run("return getComputedStyle(document.querySelector('.header')).backgroundColor")
        .await;
    assert_eq!(
        css_loaded,
        json!("rgb(11, 77, 140)"),
        "the style sheet is served"
    );

    // A form posted from elsewhere, even with the session's cookie, but
    // without the page's form token, signs nobody out.
    let cookie = browser
        .client
        .get_named_cookie("chamdiem_session")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(
        cookie.same_site().map(|s| s.to_string()).as_deref(),
        Some("Strict")
    );
    let before = app.log_head().await;
    let forged = app
        .client
        .post(at("/dang-xuat"))
        .header("cookie", format!("chamdiem_session={}", cookie.value()))
        .form(&[("csrf", "khong-dung")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!forged.status().is_server_error());
    browser.open(&at("/")).await;
    assert_eq!(browser.path().await, "/", "still signed in");
    assert_eq!(app.log_head().await, before);

    // A sign-in posted from elsewhere (without the page's own form token
    // and its cookie) opens no session, even with the right password.
    let forged_sign_in = app
        .client
        .post(at("/dang-nhap"))
        .form(&[
            ("username", "quantri"),
            ("password", ADMIN_PASSWORD),
            ("form_token", "0123456789abcdef0123456789abcdef"),
        ])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sets_session = forged_sign_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| {
            c.to_str()
                .unwrap_or_default()
                .starts_with("chamdiem_session=")
        });
    assert!(!sets_session, "no session from a forged sign-in");
    assert!(
        forged_sign_in
            .text()
            .await
            .unwrap_or_default()
            .contains("Biểu mẫu đăng nhập đã cũ")
    );

    // An address that names no period is a page that is not there.
    let nowhere = app
        .client
        .get(at("/ky-danh-gia/khong-phai-ma/xep-hang"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(nowhere.status().as_u16(), 404);

    // Signing out ends the session: the home page asks to sign in again.
    browser.click(".header form button").await;
    assert_eq!(browser.path().await, "/dang-nhap?da_dang_xuat=1");
    browser.open(&at("/")).await;
    assert_eq!(browser.path().await, "/dang-nhap");

    // The administrator's own password still signs in (a page session is
    // an ordinary session).
    browser.fill("#username", "quantri").await;
    browser.fill("#password", ADMIN_PASSWORD).await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/");
    browser.stop().await;
}
