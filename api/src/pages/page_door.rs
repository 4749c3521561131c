//! What every signed-in page does first: the session from the cookie, the
//! account through the API, and where to send the browser when either is
//! missing (to sign in, or to change a temporary password first).

use axum::http::HeaderMap;
use axum::response::Response;
use chamdiem_commands::metadata::RequestContext;

use super::page_response::{see_other, see_other_with_cookie};
use super::page_session::{CookieSession, PageSession, forget};
use super::signed_in::SignedIn;
use crate::state::AppState;

/// A signed-in request.
pub struct SignedInRequest {
    /// The session.
    pub session: PageSession,
    /// The account, as the header shows it.
    pub signed_in: SignedIn,
}

/// The signed-in request, or the redirect that takes its place.
pub async fn signed_in(
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
    if signed_in.must_change_password {
        return Err(see_other("/doi-mat-khau"));
    }
    Ok(SignedInRequest { session, signed_in })
}
