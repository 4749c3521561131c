//! A page's form that carries files (`multipart/form-data`): its text
//! fields and its files, read within bounds before any operation runs. A
//! file is held in a temporary file, never whole in memory, and refused as
//! soon as it passes the upload limit; text fields are small or refused.

use std::collections::BTreeMap;
use std::io::Write;

use async_graphql::UploadValue;
use axum::extract::Multipart;
use axum::extract::multipart::Field;

use super::page_api::ApiError;
use crate::routes::graphql_body::MAX_FILES;
use chamdiem_domain::Code;

/// The most bytes one text field of a form may hold.
const MAX_TEXT_FIELD: usize = 16 * 1024;
/// The most text fields one form may have.
const MAX_TEXT_FIELDS: usize = 32;

/// A file a form carried.
pub struct PageFile {
    /// Its name on the official's computer.
    pub filename: String,
    /// Its declared type.
    pub content_type: Option<String>,
    /// Its bytes, on disk.
    pub content: std::fs::File,
}

impl PageFile {
    /// The file as an operation's upload.
    pub fn upload(self) -> UploadValue {
        UploadValue {
            filename: self.filename,
            content_type: self.content_type,
            content: self.content,
        }
    }
}

/// A form with files.
#[derive(Default)]
pub struct PageUpload {
    /// Its text fields (the last value of a repeated one).
    pub fields: BTreeMap<String, String>,
    /// Its files, in the order sent; fields left empty are not files.
    pub files: Vec<PageFile>,
}

impl PageUpload {
    /// A text field, or "" where the form left it out.
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// Reads `multipart` with files of at most `upload_limit` bytes each.
    pub async fn read(mut multipart: Multipart, upload_limit: usize) -> Result<Self, ApiError> {
        let mut form = Self::default();
        while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(ToOwned::to_owned) {
                Some(filename) if filename.is_empty() => {}
                Some(filename) => {
                    if form.files.len() == MAX_FILES {
                        return Err(refusal(
                            Code::PayloadTooLarge,
                            &name,
                            format!("mỗi lần chỉ tải được tối đa {MAX_FILES} tệp"),
                        ));
                    }
                    let content_type = field.content_type().map(ToOwned::to_owned);
                    let content = spool(field, &name, upload_limit).await?;
                    form.files.push(PageFile {
                        filename,
                        content_type,
                        content,
                    });
                }
                None => {
                    if form.fields.len() == MAX_TEXT_FIELDS {
                        return Err(unreadable());
                    }
                    let text = bounded_text(field, &name).await?;
                    form.fields.insert(name, text);
                }
            }
        }
        Ok(form)
    }
}

/// A file field written to a temporary file, refused past `limit` bytes.
async fn spool(mut field: Field<'_>, name: &str, limit: usize) -> Result<std::fs::File, ApiError> {
    let mut file = tempfile::tempfile().map_err(|error| {
        tracing::error!(%error, "no temporary file for an upload");
        refusal(Code::Internal, name, "lỗi hệ thống".to_owned())
    })?;
    let mut written = 0_usize;
    while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
        written += chunk.len();
        if written > limit {
            return Err(refusal(
                Code::PayloadTooLarge,
                name,
                format!("tệp lớn hơn giới hạn {} MB", limit.div_ceil(1024 * 1024)),
            ));
        }
        file.write_all(&chunk).map_err(|error| {
            tracing::error!(%error, "an upload could not be written");
            refusal(Code::Internal, name, "lỗi hệ thống".to_owned())
        })?;
    }
    std::io::Seek::rewind(&mut file).map_err(|_| unreadable())?;
    Ok(file)
}

/// A text field, refused past [`MAX_TEXT_FIELD`] bytes.
async fn bounded_text(mut field: Field<'_>, name: &str) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(refusal(
                Code::PayloadTooLarge,
                name,
                "nội dung nhập quá dài".to_owned(),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| unreadable())
}

fn refusal(code: Code, field: &str, message: String) -> ApiError {
    ApiError {
        code: code.as_str().to_owned(),
        field: Some(field.to_owned()),
        message,
    }
}

fn unreadable() -> ApiError {
    ApiError {
        code: Code::BadRequest.as_str().to_owned(),
        field: None,
        message: "Biểu mẫu gửi lên không đọc được: hãy thử lại.".to_owned(),
    }
}
