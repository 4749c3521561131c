//! Errors the GraphQL layer itself raises (a query that does not parse, an
//! unknown field, a variable of the wrong type, a query too deep or too
//! complex) carry no code of ours. They get one, `GRAPHQL_VALIDATION`, and
//! a Vietnamese lead before the library's own (English) detail, so that a
//! client can tell every refusal by `extensions.code`.
//!
//! An uncoded error raised while a field resolves (it has a path) and that
//! is not an argument the client got wrong is a fault of ours (a resolver
//! asked for something the request does not hold, say): it is logged and
//! answered `INTERNAL` with the request id, never disguised as the
//! client's mistake.

use async_graphql::{BatchResponse, ErrorExtensionValues, Response, ServerError};
use chamdiem_domain::Code;

/// The code of a request the GraphQL layer refused.
pub const GRAPHQL_VALIDATION: &str = Code::GraphqlValidation.as_str();

/// Gives every error without a code its code (see the module's text);
/// `request_id` names the request in an internal fault's answer.
pub fn with_codes(batch: BatchResponse, request_id: Option<&str>) -> BatchResponse {
    match batch {
        BatchResponse::Single(response) => {
            BatchResponse::Single(response_with_codes(response, request_id))
        }
        BatchResponse::Batch(responses) => BatchResponse::Batch(
            responses
                .into_iter()
                .map(|response| response_with_codes(response, request_id))
                .collect(),
        ),
    }
}

/// Gives every error of one response without a code its code.
pub fn response_with_codes(mut response: Response, request_id: Option<&str>) -> Response {
    for error in &mut response.errors {
        coded(error, request_id);
    }
    response
}

/// How async-graphql words a value the client gave that does not fit an
/// argument, found only while the field runs (an input object's or a
/// custom scalar's parse).
const INPUT_ERRORS: [&str; 3] = [
    "Failed to parse",
    "Invalid value for argument",
    "Expected input type",
];

fn coded(error: &mut ServerError, request_id: Option<&str>) {
    let extensions = error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if extensions.get("code").is_some() {
        return;
    }
    let fault_of_ours = !error.path.is_empty()
        && !INPUT_ERRORS
            .iter()
            .any(|lead| error.message.starts_with(lead));
    if fault_of_ours {
        tracing::error!(
            detail = %error.message,
            path = ?error.path,
            request_id,
            "a field failed without a code"
        );
        extensions.set("code", Code::Internal.as_str());
        if let Some(id) = request_id {
            extensions.set("requestId", id);
        }
        error.message = match request_id {
            Some(id) => format!("lỗi hệ thống (mã yêu cầu {id})"),
            None => "lỗi hệ thống".to_owned(),
        };
    } else {
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
        coded(&mut plain, None);
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
        coded(&mut ours, None);
        assert_eq!(ours.message, "bạn cần đăng nhập");
    }

    #[test]
    fn a_field_that_fails_without_a_code_is_internal_with_the_request_id() {
        let mut fault = ServerError::new("Data `X` does not exist.", None);
        fault.path = vec![async_graphql::PathSegment::Field("unitName".into())];
        coded(&mut fault, Some("yc-1"));
        let extensions = fault.extensions.as_ref();
        assert_eq!(
            extensions.and_then(|e| e.get("code")),
            Some(&async_graphql::Value::from("INTERNAL"))
        );
        assert_eq!(
            extensions.and_then(|e| e.get("requestId")),
            Some(&async_graphql::Value::from("yc-1"))
        );
        assert_eq!(fault.message, "lỗi hệ thống (mã yêu cầu yc-1)");

        for input in [
            "Failed to parse \"DateTime\": bad",
            "Expected input type \"OpenPeriodInput\", found \"x\".",
        ] {
            let mut input = ServerError::new(input, None);
            input.path = vec![async_graphql::PathSegment::Field("openPeriod".into())];
            coded(&mut input, Some("yc-2"));
            assert_eq!(
                input.extensions.as_ref().and_then(|e| e.get("code")),
                Some(&async_graphql::Value::from(GRAPHQL_VALIDATION))
            );
        }
    }
}
