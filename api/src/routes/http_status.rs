//! The HTTP status of every code, for the answers that carry one (the
//! download routes, and `/graphql` requests refused before any operation
//! runs). One exhaustive match: a new code does not compile until it has
//! its status.

use axum::http::StatusCode;
use chamdiem_domain::Code;

/// The status an answer with `code` is sent with.
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Validation | Code::BadRequest | Code::GraphqlValidation => StatusCode::BAD_REQUEST,
        Code::Conflict | Code::DeadlinePassed => StatusCode::CONFLICT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::Forbidden => StatusCode::FORBIDDEN,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fault_of_ours_is_a_server_error() {
        for code in Code::ALL {
            let status = http_status(code);
            assert_eq!(
                status.is_server_error(),
                matches!(code, Code::Internal | Code::Unavailable),
                "{code}: {status}"
            );
        }
    }
}

#[cfg(test)]
mod readme {
    use chamdiem_domain::Code;

    use super::http_status;

    /// The README's table lists every code with its status, and nothing else.
    #[test]
    fn the_readme_lists_every_code_with_its_status() -> std::io::Result<()> {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))?;
        for code in Code::ALL {
            let row = format!("| `{code}` | {} |", http_status(code).as_u16());
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
        Ok(())
    }
}
