//! Signing in (`/dang-nhap`) and out (`/dang-xuat`), through the API's
//! `signIn` and `signOut`.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::{SIGN_IN, SIGN_OUT};
use super::page_api::run;
use super::page_response::{page, see_other, see_other_with_cookie};
use super::page_session::{CookieSession, PageSession, forget, keep};
use super::ranking_page::published_periods;
use super::signed_in::SignedIn;
use crate::routes::request_context::request_context;
use crate::state::AppState;

/// The sign-in page.
#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    signed_in: Option<SignedIn>,
    form: FormErrors,
    username: String,
    notice: Option<&'static str>,
    /// The form token, also in a cookie of this page only: a sign-in posted
    /// from another site (which cannot read or send it) is refused, so
    /// nobody can sign an official into someone else's account.
    form_token: String,
    /// Whether published results are readable without signing in (the
    /// page then links to them).
    public_results: bool,
}

/// The sign-in form's cookie.
const FORM_COOKIE: &str = "chamdiem_sign_in_form";

/// A new form token and the cookie that carries it.
fn new_form_token() -> (String, HeaderValue) {
    let token = hex::encode(rand::random::<[u8; 16]>());
    let cookie = HeaderValue::from_str(&format!(
        "{FORM_COOKIE}={token}; Path=/dang-nhap; HttpOnly; SameSite=Strict"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("chamdiem_sign_in_form=; Path=/dang-nhap"));
    (token, cookie)
}

/// The sign-in page with a fresh form token.
fn sign_in_page(form: FormErrors, username: String, notice: Option<&'static str>) -> Response {
    with_public_results(form, username, notice, false)
}

fn with_public_results(
    form: FormErrors,
    username: String,
    notice: Option<&'static str>,
    public_results: bool,
) -> Response {
    let (form_token, cookie) = new_form_token();
    let mut response = page(&SignInPage {
        signed_in: None,
        form,
        username,
        notice,
        form_token,
        public_results,
    });
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

/// Whether the form's token is the one its cookie carries.
fn form_token_matches(headers: &HeaderMap, sent: &str) -> bool {
    let in_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == FORM_COOKIE)
        .map(|(_, value)| value.trim().to_owned());
    in_cookie.is_some_and(|expected| {
        !expected.is_empty()
            && expected.len() == sent.len()
            && expected
                .bytes()
                .zip(sent.bytes())
                .fold(0u8, |differ, (a, b)| differ | (a ^ b))
                == 0
    })
}

/// What the sign-in page was asked to say.
#[derive(Deserialize, Default)]
pub struct SignInQuery {
    /// Set after a password change ended every session.
    da_doi_mat_khau: Option<String>,
    /// Set after signing out.
    da_dang_xuat: Option<String>,
}

/// `GET /dang-nhap`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> Response {
    let notice = if query.da_doi_mat_khau.is_some() {
        Some("Đã đổi mật khẩu. Mọi phiên đăng nhập đã kết thúc: hãy đăng nhập bằng mật khẩu mới.")
    } else if query.da_dang_xuat.is_some() {
        Some("Bạn đã đăng xuất.")
    } else {
        None
    };
    let context = request_context(&state, client, &headers);
    let public = published_periods(&state, &context).await.is_some();
    with_public_results(FormErrors::default(), String::new(), notice, public)
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    form_token: String,
}

/// `POST /dang-nhap`: signs in; the token goes into the session cookie.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let context = request_context(&state, client, &headers);
    if !form_token_matches(&headers, &form.form_token) {
        return sign_in_page(
            FormErrors::one(
                "Biểu mẫu đăng nhập đã cũ hoặc không phải từ trang này: hãy đăng nhập lại.",
            ),
            form.username,
            None,
        );
    }
    let answer = run(
        &state,
        &context,
        None,
        SIGN_IN,
        json!({ "username": form.username, "password": form.password }),
    )
    .await;
    let data = match answer.ok() {
        Ok(data) => data,
        Err(errors) => {
            return sign_in_page(
                FormErrors::from_api(errors, &["username", "password"]),
                form.username,
                None,
            );
        }
    };
    let session = &data["signIn"];
    let token = session["token"].as_str().unwrap_or_default();
    let expires_at = session["expiresAt"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or_else(|| state.sessions.now(), |t| t.with_timezone(&Utc));
    let cookie = keep(
        token,
        expires_at,
        state.sessions.now(),
        behind_https(&headers),
    );
    let next = if session["mustChangePassword"] == true {
        "/doi-mat-khau"
    } else {
        "/"
    };
    see_other_with_cookie(next, cookie)
}

/// The sign-out form.
#[derive(Deserialize)]
pub struct SignOutForm {
    csrf: String,
}

/// `POST /dang-xuat`: ends the session and the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignOutForm>,
) -> Response {
    let context = request_context(&state, client, &headers);
    if let CookieSession::Open(session) = PageSession::of(&state, &headers).await {
        if !session.accepts(&form.csrf) {
            return see_other("/");
        }
        let answer = run(&state, &context, Some(&session), SIGN_OUT, json!({})).await;
        if let Err(errors) = answer.ok() {
            tracing::warn!(?errors, "signing out through the page failed");
        }
    }
    see_other_with_cookie("/dang-nhap?da_dang_xuat=1", forget())
}

/// Whether the page was reached over HTTPS (directly or through a proxy
/// that says so), so the cookie is marked `Secure`.
fn behind_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}
