//! Reading a GraphQL request body, JSON or multipart, within limits: a
//! multipart request (an upload) may carry up to [`MAX_FILES`] files of at
//! most the upload limit each, and its operations, like any JSON body, at
//! most the body limit, so an upload is no way around the limit on what a
//! query may be.

use async_graphql::http::MultipartOptions;
use async_graphql::{BatchRequest, ParseRequestError};
use axum::body::Body;
use axum::http::Request;
use futures::TryStreamExt;
use tokio_util::compat::TokioAsyncReadCompatExt;

use crate::startup::UPLOAD_OVERHEAD;

/// The most files one request may upload.
pub const MAX_FILES: usize = 4;

/// Why a body was not read.
pub enum Unread {
    /// It does not parse.
    Unreadable(ParseRequestError),
    /// Its operations are larger than the body limit.
    TooLarge,
    /// It uploads more files than [`MAX_FILES`].
    TooManyFiles,
}

/// Reads the batch of `request` (whose JSON body is already held to the
/// body limit by the caller).
pub async fn read_batch(
    request: Request<Body>,
    multipart: bool,
    body_limit: usize,
    upload_limit: usize,
) -> Result<BatchRequest, Unread> {
    let content_type = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(ToString::to_string);
    let body = request
        .into_body()
        .into_data_stream()
        .map_err(|error| std::io::Error::other(error.to_string()));
    let reader = tokio_util::io::StreamReader::new(body).compat();
    // A part may be a little over the upload limit, so that a file just over
    // it reaches its resolver and is refused there, naming the field.
    let options = MultipartOptions::default()
        .max_file_size(upload_limit + UPLOAD_OVERHEAD)
        .max_num_files(MAX_FILES);
    let batch = async_graphql::http::receive_batch_body(content_type, reader, options)
        .await
        .map_err(Unread::Unreadable)?;
    if multipart && operations_size(&batch) > body_limit {
        return Err(Unread::TooLarge);
    }
    // The reader bounds the files' bytes, not their number.
    if batch
        .iter()
        .map(|request| request.uploads.len())
        .sum::<usize>()
        > MAX_FILES
    {
        return Err(Unread::TooManyFiles);
    }
    Ok(batch)
}

/// About how many bytes the operations of `batch` hold: their text and
/// their variables (uploads are not variables' text).
fn operations_size(batch: &BatchRequest) -> usize {
    batch
        .iter()
        .map(|request| {
            request.query.len()
                + request.operation_name.as_ref().map_or(0, String::len)
                + serde_json::to_string(&request.variables).map_or(0, |text| text.len())
        })
        .sum()
}
