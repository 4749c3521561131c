//! The page shown when a page's own reading was refused or failed: the
//! API's messages (a fault of ours says "lỗi hệ thống" with nothing
//! more), never a page of empty defaults.

use askama::Template;
use axum::response::Response;

use super::form_errors::FormErrors;
use super::page_api::ApiError;
use super::page_response::page;
use super::signed_in::SignedIn;

/// The page.
#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage {
    signed_in: Option<SignedIn>,
    form: FormErrors,
}

/// The page for `errors`, for the signed-in account.
pub fn problem(signed_in: SignedIn, errors: Vec<ApiError>) -> Response {
    page(&ProblemPage {
        signed_in: Some(signed_in),
        form: FormErrors::from_api(errors, &[]),
    })
}
