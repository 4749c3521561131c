//! The headers of a file served for download (evidence, reports): always an
//! attachment, never rendered in the page, its name kept in UTF-8
//! (RFC 6266 `filename*`) with a plain ASCII fallback for old clients.

use axum::http::{HeaderMap, HeaderValue, header};

/// Headers that make a browser save `file_name` of `media_type` rather
/// than open it: attachment disposition, no sniffing, and a sandbox in
/// case it is opened anyway.
pub fn attachment_headers(file_name: &str, media_type: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    } else {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_name_is_kept_and_nothing_is_rendered() {
        let headers = attachment_headers("Kế hoạch \"CCHC\".html", "application/octet-stream");
        let disposition = headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            disposition.starts_with("attachment; filename=\"K_ ho_ch _CCHC_.html\""),
            "{disposition}"
        );
        assert!(
            disposition.contains("filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20%22CCHC%22.html"),
            "{disposition}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
