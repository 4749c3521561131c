//! How every page answers: HTML with headers that keep it to itself (no
//! framing, no script or style from elsewhere, never cached when personal),
//! or a redirect after a POST.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Only our own scripts, styles, images and forms; never inside a frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A rendered page.
pub fn page<T: Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => {
            let mut response = (StatusCode::OK, html).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CONTENT_SECURITY_POLICY),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            );
            response
        }
        Err(error) => {
            tracing::error!(%error, "a page did not render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Lỗi hệ thống: trang không hiển thị được.",
            )
                .into_response()
        }
    }
}

/// "See other": where a POST sends the browser once done (so that
/// reloading does not send it again).
pub fn see_other(location: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// "See other" to a location built from checked parts (ids, codes).
pub fn see_other_to(location: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// A redirect that also sets (or ends) the session cookie.
pub fn see_other_with_cookie(location: &'static str, cookie: HeaderValue) -> Response {
    let mut response = see_other(location);
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

/// Text made safe for a query string of a redirect or link.
pub fn url_text(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
