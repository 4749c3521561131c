//! The session of a page: the bearer token in an `HttpOnly`, `SameSite=Strict`
//! cookie (never seen by a script), the account it stands for, and the form
//! token that proves a POST came from one of our pages.

use axum::http::{HeaderMap, HeaderValue, header};
use chamdiem_commands::sessions::Principal;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The cookie's name.
const COOKIE: &str = "chamdiem_session";

/// A signed-in page's session.
pub struct PageSession {
    /// The bearer token.
    pub token: SecretString,
    /// The account it stands for.
    pub principal: Principal,
}

/// What the cookie says about the request.
pub enum CookieSession {
    /// No session cookie.
    None,
    /// A cookie whose session no longer works (expired, ended, locked).
    Ended,
    /// A working session.
    Open(PageSession),
}

impl PageSession {
    /// The session the request's cookie stands for.
    pub async fn of(state: &AppState, headers: &HeaderMap) -> CookieSession {
        let Some(token) = session_cookie(headers) else {
            return CookieSession::None;
        };
        match state.sessions.authenticate(&token).await {
            Ok(principal) => CookieSession::Open(Self { token, principal }),
            Err(_) => CookieSession::Ended,
        }
    }

    /// The form token of this session: a keyed hash of the session token,
    /// which another site cannot compute without the cookie it cannot read.
    pub fn form_token(&self) -> String {
        form_token_of(&self.token)
    }

    /// Whether `sent` is this session's form token.
    pub fn accepts(&self, sent: &str) -> bool {
        let expected = self.form_token();
        // The same time whatever the mismatch.
        expected.len() == sent.len()
            && expected
                .bytes()
                .zip(sent.bytes())
                .fold(0u8, |differ, (a, b)| differ | (a ^ b))
                == 0
    }
}

fn form_token_of(token: &SecretString) -> String {
    let digest = Sha256::new()
        .chain_update(b"chamdiem page form token\0")
        .chain_update(token.expose_secret().as_bytes())
        .finalize();
    hex::encode(&digest[..16])
}

/// The session token in the request's cookies, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<SecretString> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| SecretString::from(value.trim().to_owned()))
}

/// The `Set-Cookie` value that keeps `token` until `expires_at`.
pub fn keep(
    token: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    secure: bool,
) -> HeaderValue {
    let seconds = (expires_at - now).num_seconds().max(0);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={seconds}{secure}"
    ))
    .unwrap_or_else(|_| forget())
}

/// The `Set-Cookie` value that ends the cookie.
pub fn forget() -> HeaderValue {
    HeaderValue::from_static("chamdiem_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others_and_the_form_token_depends_on_it() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; chamdiem_session=abc; b=2"),
        );
        let token = session_cookie(&headers).map(|t| t.expose_secret().to_owned());
        assert_eq!(token.as_deref(), Some("abc"));
        let one = form_token_of(&SecretString::from("abc".to_owned()));
        let two = form_token_of(&SecretString::from("abd".to_owned()));
        assert_ne!(one, two);
        assert_eq!(one.len(), 32);
        assert!(
            !keep("abc", Utc::now(), Utc::now(), false)
                .to_str()
                .unwrap_or_default()
                .contains("Secure")
        );
    }
}
