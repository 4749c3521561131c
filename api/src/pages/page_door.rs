//! What every signed-in page does first: the session from the cookie, the
//! account through the API, and where to send the browser when either is
//! missing (to sign in, or to change a temporary password first).

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{PeriodId, UnitId};

use super::page_response::{see_other, see_other_with_cookie};
use super::page_session::{CookieSession, PageSession, forget};
use super::signed_in::SignedIn;
use crate::routes::request_context::request_context;
use crate::state::AppState;

/// A signed-in request.
pub struct SignedInRequest {
    /// The session.
    pub session: PageSession,
    /// The account, as the header shows it.
    pub signed_in: SignedIn,
}

/// The request context and the signed-in request of a page whose path
/// names `period` (and maybe a unit and a leaf), or the answer that takes
/// their place: a page that is not there, or a redirect to sign in.
pub async fn open_page(
    state: &AppState,
    client: SocketAddr,
    headers: &HeaderMap,
    period: &str,
    unit: Option<&str>,
    leaf: Option<&str>,
) -> Result<(RequestContext, SignedInRequest), Response> {
    if let Some(missing) = unknown_path(period, unit, leaf) {
        return Err(missing);
    }
    let context = request_context(state, client, headers);
    let door = signed_in(state, &context, headers).await?;
    Ok((context, door))
}

/// The signed-in request, or the redirect that takes its place.
pub async fn signed_in(
    state: &AppState,
    context: &RequestContext,
    headers: &HeaderMap,
) -> Result<SignedInRequest, Response> {
    let door = signed_in_with_any_password(state, context, headers).await?;
    if door.signed_in.must_change_password {
        return Err(see_other("/doi-mat-khau"));
    }
    Ok(door)
}

/// The signed-in request even while the password is temporary (for the
/// page that changes it), or the redirect that takes its place.
pub async fn signed_in_with_any_password(
    state: &AppState,
    context: &RequestContext,
    headers: &HeaderMap,
) -> Result<SignedInRequest, Response> {
    let session = match PageSession::of(state, headers).await {
        CookieSession::Open(session) => session,
        CookieSession::None => return Err(see_other("/dang-nhap")),
        CookieSession::Ended => return Err(see_other_with_cookie("/dang-nhap", forget())),
    };
    let signed_in = SignedIn::read(state, context, &session)
        .await
        .map_err(|_| see_other_with_cookie("/dang-nhap", forget()))?;
    Ok(SignedInRequest { session, signed_in })
}

/// The answer to a path whose ids are not ids or whose leaf is not a
/// criterion code: a page that is not there. Nothing typed into an address
/// reaches an operation or a redirect unchecked.
pub fn unknown_path(period: &str, unit: Option<&str>, leaf: Option<&str>) -> Option<Response> {
    let ids = period.parse::<PeriodId>().is_ok()
        && unit.is_none_or(|unit| unit.parse::<UnitId>().is_ok());
    let leaf = leaf.is_none_or(|code| CriterionCode::parse(code).is_ok());
    (!(ids && leaf)).then(not_found)
}

/// The request context and signed-in request of a page only accounts of
/// `roles` work in, or the answer that takes their place: to sign in, or
/// a plain "not for you" page (the API would refuse what it offers).
pub async fn open_page_for(
    state: &AppState,
    client: SocketAddr,
    headers: &HeaderMap,
    roles: &[&str],
) -> Result<(RequestContext, SignedInRequest), Response> {
    let context = request_context(state, client, headers);
    let door = signed_in(state, &context, headers).await?;
    if !roles.contains(&door.signed_in.role.as_str()) {
        return Err((
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Trang này không dành cho vai trò của bạn.",
        )
            .into_response());
    }
    Ok((context, door))
}

/// A page that is not there.
pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Không có trang này.",
    )
        .into_response()
}
