//! The name an uploaded file was sent under, as its owner named it.
//!
//! A form sends a file's name as it is, in UTF-8 (RFC 7578 §4.2), but some
//! clients percent-encode it, plainly (`b%C3%A1o%20c%C3%A1o.pdf`) or as an
//! RFC 5987 value (`UTF-8''b%C3%A1o…`), and the multipart reader hands the
//! text on as it came. Kept as sent, the name an official sees beside the
//! evidence would read as code. A real name holding `%` followed by two hex
//! digits and still decoding to other valid UTF-8 is very unlikely; a name
//! that does not decode cleanly is kept exactly as sent.

use percent_encoding::percent_decode_str;

/// The RFC 5987 prefix of a UTF-8 value with no language.
const RFC_5987_UTF8: &str = "utf-8''";

/// `sent`, percent-decoded when it was percent-encoded.
pub fn as_named(sent: &str) -> String {
    let encoded = match sent.get(..RFC_5987_UTF8.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(RFC_5987_UTF8) => &sent[RFC_5987_UTF8.len()..],
        _ => sent,
    };
    if !holds_an_escape(encoded) {
        return sent.to_owned();
    }
    match percent_decode_str(encoded).decode_utf8() {
        Ok(decoded) if !decoded.chars().any(char::is_control) => decoded.into_owned(),
        _ => sent.to_owned(),
    }
}

/// Whether `text` holds `%` followed by two hex digits.
fn holds_an_escape(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::as_named;

    #[test]
    fn a_percent_encoded_name_reads_as_named() {
        assert_eq!(as_named("b%C3%A1o%20c%C3%A1o.pdf"), "báo cáo.pdf");
        assert_eq!(
            as_named("UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf"),
            "Biên bản.pdf"
        );
    }

    #[test]
    fn a_plain_name_is_kept_as_sent() {
        assert_eq!(as_named("Biên bản họp.pdf"), "Biên bản họp.pdf");
        assert_eq!(as_named("tăng 5% so với.pdf"), "tăng 5% so với.pdf");
        assert_eq!(as_named("100%.pdf"), "100%.pdf");
    }

    #[test]
    fn a_name_that_does_not_decode_cleanly_is_kept_as_sent() {
        // Not UTF-8 once decoded, or a control character: kept.
        assert_eq!(as_named("a%FF.pdf"), "a%FF.pdf");
        assert_eq!(as_named("a%0A.pdf"), "a%0A.pdf");
        assert_eq!(as_named("a%00.pdf"), "a%00.pdf");
    }
}
