use serde::{Deserialize, Serialize};

use crate::ids::EvidenceId;

/// An evidence document (tài liệu kiểm chứng) attached to a leaf: the stored
/// file, identified by the SHA-256 of its content, and where in it the point
/// is proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The attachment's id.
    pub evidence_id: EvidenceId,
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    pub content_hash: String,
    /// The file's name as uploaded.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type (`application/pdf`…).
    pub media_type: String,
    /// The page or section that proves the point ("trang 3, mục II").
    pub locator: String,
}

/// Why evidence metadata is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    /// Not a SHA-256 in hex.
    #[error("mã băm tài liệu phải là SHA-256 (64 ký tự hex)")]
    ContentHash,
    /// An empty, too long or path-like file name.
    #[error("tên tệp không hợp lệ")]
    FileName,
    /// An empty file.
    #[error("tệp rỗng")]
    Empty,
    /// Not a media type.
    #[error("loại tệp không hợp lệ")]
    MediaType,
    /// No page or section given, or too long.
    #[error("cần ghi rõ trang hoặc mục chứng minh (tối đa 500 ký tự)")]
    Locator,
}

impl Evidence {
    /// Checks and builds evidence metadata.
    pub fn new(
        evidence_id: EvidenceId,
        content_hash: &str,
        file_name: &str,
        size: u64,
        media_type: &str,
        locator: &str,
    ) -> Result<Self, EvidenceError> {
        let content_hash = content_hash.trim().to_lowercase();
        if content_hash.len() != 64 || !content_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(EvidenceError::ContentHash);
        }
        let file_name = file_name.trim();
        if file_name.is_empty()
            || file_name.chars().count() > 255
            || file_name.contains(['/', '\\'])
            || file_name.chars().any(char::is_control)
        {
            return Err(EvidenceError::FileName);
        }
        if size == 0 {
            return Err(EvidenceError::Empty);
        }
        let media_type = media_type.trim().to_lowercase();
        let well_formed = media_type.split_once('/').is_some_and(|(kind, sub)| {
            !kind.is_empty() && !sub.is_empty() && media_type.len() <= 127
        });
        if !well_formed
            || media_type
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(EvidenceError::MediaType);
        }
        let locator = locator.trim();
        if locator.is_empty()
            || locator.chars().count() > 500
            || locator.chars().any(char::is_control)
        {
            return Err(EvidenceError::Locator);
        }
        Ok(Self {
            evidence_id,
            content_hash,
            file_name: file_name.to_owned(),
            size,
            media_type,
            locator: locator.to_owned(),
        })
    }
}
