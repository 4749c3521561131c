//! Which other web origins may call the API from a browser (CORS).
//!
//! None by default: the pages are served by the binary itself, and a client
//! outside a browser needs no permission. A province that builds its own
//! web client on another address lists that address here. Tokens travel in
//! the `Authorization` header, never in cookies, so credentials are not
//! allowed across origins: the pages' own session cookie never goes to a
//! request another site makes.

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The origins allowed, each `scheme://host[:port]`.
#[derive(Debug, Clone, Default)]
pub struct CorsOrigins(Vec<HeaderValue>);

/// Why an origin was refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "nguồn CORS \"{0}\" không hợp lệ: ghi dạng https://may-chu[:cong], không có đường dẫn; \
     không dùng \"*\" mà liệt kê từng nguồn"
)]
pub struct CorsOriginError(String);

impl CorsOrigins {
    /// Parses the configured origins (blank entries are skipped).
    pub fn parse(origins: &[String]) -> Result<Self, CorsOriginError> {
        origins
            .iter()
            .map(|origin| origin.trim())
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                let refused = || CorsOriginError(origin.to_owned());
                let url = url::Url::parse(origin).map_err(|_| refused())?;
                let bare = matches!(url.scheme(), "http" | "https")
                    && url.host().is_some()
                    && url.path() == "/"
                    && url.query().is_none()
                    && url.fragment().is_none()
                    && url.username().is_empty();
                if !bare {
                    return Err(refused());
                }
                HeaderValue::from_str(&url.origin().ascii_serialization()).map_err(|_| refused())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    /// The layer answering browsers for these origins, or none when no
    /// origin is allowed (then no CORS header is ever sent).
    pub fn layer(&self) -> Option<CorsLayer> {
        if self.0.is_empty() {
            return None;
        }
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(self.0.clone()))
                .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    HeaderName::from_static("x-request-id"),
                ])
                .expose_headers([
                    header::CONTENT_DISPOSITION,
                    HeaderName::from_static("x-request-id"),
                    HeaderName::from_static("x-content-sha256"),
                    HeaderName::from_static("x-report-content-hash"),
                ])
                .max_age(std::time::Duration::from_secs(600)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::CorsOrigins;

    fn parsed(origins: &[&str]) -> Result<usize, String> {
        let owned: Vec<String> = origins.iter().map(ToString::to_string).collect();
        CorsOrigins::parse(&owned)
            .map(|o| o.0.len())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn bare_origins_are_taken() {
        assert_eq!(
            parsed(&[
                "https://cchc.thanhhoa.gov.vn",
                " http://10.0.0.5:3000/ ",
                ""
            ]),
            Ok(2)
        );
        assert_eq!(parsed(&[]), Ok(0));
    }

    #[test]
    fn anything_but_a_bare_origin_is_refused_naming_it() {
        for origin in [
            "*",
            "cchc.thanhhoa.gov.vn",
            "https://cchc.thanhhoa.gov.vn/trang",
            "ftp://cchc.thanhhoa.gov.vn",
            "https://user@cchc.thanhhoa.gov.vn",
        ] {
            match parsed(&[origin]) {
                Err(refused) => assert!(refused.contains(origin), "{refused}"),
                Ok(_) => panic!("{origin} must be refused"),
            }
        }
    }
}
