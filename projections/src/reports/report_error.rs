//! Why a report could not be made.

use crate::ProjectionError;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// What it is about does not exist (names it, in Vietnamese).
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// The read models could not be read.
    #[error(transparent)]
    Read(#[from] ProjectionError),
    /// The file could not be written.
    #[error("không tạo được tệp báo cáo: {0}")]
    Render(String),
}

impl From<sqlx::Error> for ReportError {
    fn from(error: sqlx::Error) -> Self {
        Self::Read(error.into())
    }
}
