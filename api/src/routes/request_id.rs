//! The request id a client may choose. It is logged and written into the
//! metadata of every event the request causes, which is hash-chained and
//! kept for ever: an id that is long or holds anything but a few plain
//! characters is dropped here, and the request-id layer after this one
//! gives the request a fresh UUID instead.

use axum::extract::Request;
use axum::http::HeaderValue;

/// The longest request id kept from a client (a UUID is 36 characters).
pub const MAX_REQUEST_ID_LEN: usize = 64;

/// Drops a client's `X-Request-Id` that is not short and plain.
pub async fn drop_unusable_request_id(mut request: Request) -> Request {
    let unusable = request
        .headers()
        .get_all("x-request-id")
        .iter()
        .enumerate()
        .any(|(index, value)| index > 0 || !usable(value));
    if unusable {
        request.headers_mut().remove("x-request-id");
    }
    request
}

fn usable(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_REQUEST_ID_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plain_ids_are_kept_and_others_are_not() {
        let ok = |s: &str| usable(&HeaderValue::from_str(s).unwrap_or_else(|e| panic!("{e}")));
        assert!(ok("0196f1c2-7d3e-7a51-9a3b-3c2b1f0e9d8c"));
        assert!(ok("req_42.a:b"));
        assert!(!ok(""));
        assert!(!ok(&"a".repeat(MAX_REQUEST_ID_LEN + 1)));
        assert!(!ok("<script>"));
        assert!(!ok("a b"));
    }
}
