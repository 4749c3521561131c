//! The signed-in caller of a plain HTTP route, from its bearer token.

use axum::http::{HeaderMap, header};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::sessions::Principal;
use chamdiem_domain::Code;
use secrecy::SecretString;

use super::http_error::HttpError;
use crate::state::AppState;

/// Who sent `headers`: UNAUTHENTICATED without a valid bearer token (or,
/// for a download from the pages, their session cookie: these routes only
/// read, so a cookie a browser sends along changes nothing), UNAVAILABLE
/// when the session store cannot be reached.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Principal, HttpError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| SecretString::from(t.trim().to_owned()))
        .or_else(|| crate::pages::session_cookie(headers))
        .ok_or_else(|| CommandError::refused(Code::Unauthenticated, "bạn cần đăng nhập"))?;
    Ok(state.sessions.authenticate(&token).await?)
}
