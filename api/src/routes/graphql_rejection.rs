//! Requests to `/graphql` refused before any operation runs (not JSON, a
//! broken multipart upload, too large, too many operations in a batch),
//! answered like every other refusal: JSON with a stable
//! `extensions.code` and a Vietnamese message, never a Rust debug string.

use async_graphql::ParseRequestError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chamdiem_commands::command_error::CommandError;
use chamdiem_domain::Code;

use super::http_status::http_status;

/// The most operations one batched request may carry: a client batches a
/// screen's queries, not a crawl of the database.
pub const MAX_BATCH: usize = 32;

/// A refusal of the request as a whole, with the status of its code.
pub fn refuse(code: Code, message: &str) -> Response {
    (
        http_status(code),
        Json(serde_json::json!({
            "data": null,
            "errors": [{ "message": message, "extensions": { "code": code.as_str() } }],
        })),
    )
        .into_response()
}

/// The request was larger than the server accepts.
pub fn too_large() -> Response {
    refuse(Code::PayloadTooLarge, "yêu cầu quá lớn")
}

/// Turns the body-limit layer's plain-text 413 into [`too_large`]; other
/// answers pass unchanged.
pub async fn json_payload_too_large<B>(response: axum::http::Response<B>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let response = response.map(axum::body::Body::new);
    let json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !json {
        too_large()
    } else {
        response
    }
}

/// The database is away: nothing was run. 503 with `Retry-After`, so
/// proxies and clients back off; the body says UNAVAILABLE like the
/// refusals of operations that found the database gone while running.
pub fn database_away() -> Response {
    let away = CommandError::Unavailable(String::new());
    let mut response = refuse(away.code(), &away.to_string());
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("1"),
    );
    response
}

/// A batch with more operations than [`MAX_BATCH`].
pub fn batch_too_large(operations: usize) -> Response {
    refuse(
        Code::BadRequest,
        &format!(
            "một yêu cầu gộp chỉ được chứa tối đa {MAX_BATCH} thao tác (nhận được {operations})"
        ),
    )
}

/// Why the body could not be read as a GraphQL request.
pub fn unreadable(error: &ParseRequestError) -> Response {
    tracing::debug!(%error, "unreadable GraphQL request");
    match error {
        ParseRequestError::PayloadTooLarge => too_large(),
        ParseRequestError::Io(io) if over_the_body_limit(io) => too_large(),
        ParseRequestError::InvalidMultipart(_)
        | ParseRequestError::MissingOperatorsPart
        | ParseRequestError::MissingMapPart
        | ParseRequestError::NotUpload
        | ParseRequestError::MissingFiles
        | ParseRequestError::InvalidFilesMap(_) => refuse(
            Code::BadRequest,
            "yêu cầu tải tệp không đúng dạng multipart của GraphQL (operations, map và các tệp)",
        ),
        ParseRequestError::UnsupportedBatch => {
            refuse(Code::BadRequest, "máy chủ không nhận yêu cầu gộp ở đây")
        }
        _ => refuse(
            Code::BadRequest,
            "nội dung yêu cầu không phải một yêu cầu GraphQL hợp lệ: cần JSON dạng {\"query\": \"…\", \"variables\": {…}}",
        ),
    }
}

/// Whether reading the body stopped at the body limit (a body sent without
/// a declared length, or longer than it declared): the limit's own error is
/// somewhere in the I/O error's chain of sources.
fn over_the_body_limit(error: &std::io::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.to_string().contains("length limit exceeded") {
            return true;
        }
        cause = current.source();
    }
    false
}
