//! Refusals a page makes itself, before any operation, where the form
//! cannot even be turned into the API's input (a year that is not a
//! number, no file chosen): shaped like the API's, beside the field.

use chamdiem_domain::Code;

use super::page_api::ApiError;

/// `message` about the form field the API calls `field`.
pub fn invalid(field: &str, message: &str) -> ApiError {
    ApiError {
        code: Code::Validation.as_str().to_owned(),
        field: Some(field.to_owned()),
        message: message.to_owned(),
    }
}

/// The year typed into `field`, or the refusal beside it.
pub fn year(field: &str, typed: &str) -> Result<i32, ApiError> {
    typed
        .trim()
        .parse()
        .map_err(|_| invalid(field, "Năm đánh giá phải là một số, ví dụ 2025"))
}
