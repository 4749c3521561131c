//! Errors of the plain HTTP routes (downloads), in the same terms as the
//! GraphQL errors: a stable code and a Vietnamese message, as JSON.

use axum::Json;
use axum::response::{IntoResponse, Response};
use chamdiem_commands::command_error::CommandError;
use chamdiem_domain::Code;

use super::http_status::http_status;

/// A refusal or failure of a download.
#[derive(Debug)]
pub struct HttpError {
    code: Code,
    message: String,
}

impl HttpError {
    /// An error with its code (which decides its status) and message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// A bad parameter.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(Code::Validation, message)
    }
}

impl From<CommandError> for HttpError {
    /// Refusals keep their code; an unreachable database is 503; anything
    /// else is logged and answered without detail.
    fn from(error: CommandError) -> Self {
        if let CommandError::Internal(detail) | CommandError::Unavailable(detail) = &error {
            tracing::error!(%detail, "download failed");
        }
        Self::new(error.code(), error.to_string())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (
            http_status(self.code),
            Json(serde_json::json!({ "code": self.code.as_str(), "message": self.message })),
        )
            .into_response()
    }
}
