/// Why the projector stopped. Nothing of the failed batch was written.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    /// The database failed.
    #[error("lỗi cơ sở dữ liệu khi cập nhật bảng đọc: {0}")]
    Store(#[from] sqlx::Error),
    /// The log could not be read.
    #[error(transparent)]
    Log(#[from] chamdiem_commands::store::StoreError),
    /// An event or a stored state does not parse.
    #[error("dữ liệu không đọc được: {0}")]
    Corrupt(String),
}

impl ProjectionError {
    /// A parse failure of `what`.
    pub fn corrupt(what: impl std::fmt::Display, error: impl std::fmt::Display) -> Self {
        Self::Corrupt(format!("{what}: {error}"))
    }
}

use chamdiem_commands::store::database_unreachable;

impl From<ProjectionError> for chamdiem_commands::command_error::CommandError {
    /// A read that could not reach the database is `UNAVAILABLE` (retry);
    /// anything else is internal.
    fn from(error: ProjectionError) -> Self {
        match error {
            ProjectionError::Store(ref store) if database_unreachable(store) => {
                Self::Unavailable(error.to_string())
            }
            ProjectionError::Log(store) => store.into(),
            other => Self::Internal(other.to_string()),
        }
    }
}
