//! `/doi-mat-khau`: one's own password, through the API's
//! `changePassword`; the first page after signing in with a temporary one.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::CHANGE_PASSWORD;
use super::page_api::{run, stale_form};
use super::page_door::{SignedInRequest, signed_in_with_any_password};
use super::page_response::{page, see_other_with_cookie};
use super::page_session::forget;
use super::signed_in::SignedIn;
use crate::routes::request_context::request_context;
use crate::state::AppState;

/// The page.
#[derive(Template)]
#[template(path = "change_password.html")]
struct ChangePasswordPage {
    signed_in: Option<SignedIn>,
    form: FormErrors,
    must_change: bool,
    csrf: String,
}

/// `GET /doi-mat-khau`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let context = request_context(&state, client, &headers);
    let SignedInRequest { session, signed_in } =
        match signed_in_with_any_password(&state, &context, &headers).await {
            Ok(door) => door,
            Err(redirect) => return redirect,
        };
    page(&ChangePasswordPage {
        must_change: signed_in.must_change_password,
        csrf: session.form_token(),
        signed_in: Some(signed_in),
        form: FormErrors::default(),
    })
}

/// The form.
#[derive(Deserialize)]
pub struct ChangePasswordForm {
    csrf: String,
    current_password: String,
    new_password: String,
}

/// `POST /doi-mat-khau`: every session ends, this one too.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<ChangePasswordForm>,
) -> Response {
    let context = request_context(&state, client, &headers);
    let SignedInRequest { session, signed_in } =
        match signed_in_with_any_password(&state, &context, &headers).await {
            Ok(door) => door,
            Err(redirect) => return redirect,
        };
    let errors = if session.accepts(&form.csrf) {
        let answer = run(
            &state,
            &context,
            Some(&session),
            CHANGE_PASSWORD,
            json!({ "current": form.current_password, "new": form.new_password }),
        )
        .await;
        match answer.ok() {
            Ok(_) => return see_other_with_cookie("/dang-nhap?da_doi_mat_khau=1", forget()),
            Err(errors) => FormErrors::from_api(errors, &["currentPassword", "newPassword"]),
        }
    } else {
        FormErrors::from_api(vec![stale_form()], &[])
    };
    page(&ChangePasswordPage {
        must_change: signed_in.must_change_password,
        csrf: session.form_token(),
        signed_in: Some(signed_in),
        form: errors,
    })
}
