//! Errors the GraphQL layer itself raises (a query that does not parse, an
//! unknown field, a variable of the wrong type, a query too deep or too
//! complex) carry no code of ours. They get one, `GRAPHQL_VALIDATION`, and
//! a Vietnamese lead before the library's own (English) detail, so that a
//! client can tell every refusal by `extensions.code`.

use async_graphql::{BatchResponse, ErrorExtensionValues, Response, ServerError};

/// The code of a request the GraphQL layer refused.
pub const GRAPHQL_VALIDATION: &str = "GRAPHQL_VALIDATION";

/// Gives every error without a code the GraphQL-layer code and lead.
pub fn with_codes(batch: BatchResponse) -> BatchResponse {
    match batch {
        BatchResponse::Single(response) => BatchResponse::Single(response_with_codes(response)),
        BatchResponse::Batch(responses) => {
            BatchResponse::Batch(responses.into_iter().map(response_with_codes).collect())
        }
    }
}

/// Gives every error of one response without a code the GraphQL-layer
/// code and lead.
pub fn response_with_codes(mut response: Response) -> Response {
    for error in &mut response.errors {
        coded(error);
    }
    response
}

fn coded(error: &mut ServerError) {
    let extensions = error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if extensions.get("code").is_none() {
        extensions.set("code", GRAPHQL_VALIDATION);
        error.message = format!("yêu cầu GraphQL không hợp lệ: {}", error.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_without_a_code_gets_one_and_a_coded_one_is_kept() {
        let mut plain = ServerError::new("Unknown field \"nonsense\"", None);
        coded(&mut plain);
        assert_eq!(
            plain.extensions.as_ref().and_then(|e| e.get("code")),
            Some(&async_graphql::Value::from(GRAPHQL_VALIDATION))
        );
        assert!(
            plain
                .message
                .starts_with("yêu cầu GraphQL không hợp lệ: Unknown field")
        );

        let mut ours = ServerError::new("bạn cần đăng nhập", None);
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", "UNAUTHENTICATED");
        ours.extensions = Some(extensions);
        coded(&mut ours);
        assert_eq!(ours.message, "bạn cần đăng nhập");
    }
}
