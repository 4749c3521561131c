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
    /// Whether it may pass by itself: the database could not be reached.
    /// Anything else comes from what was being applied, and applying it
    /// again fails again.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Store(error) => database_unreachable(error) || busy(error),
            Self::Log(error) => {
                matches!(
                    error,
                    chamdiem_commands::store::StoreError::PostgresUnreachable { .. }
                ) || matches!(error, chamdiem_commands::store::StoreError::Query(query) if database_unreachable(query))
            }
            Self::Corrupt(_) => false,
        }
    }

    /// A parse failure of `what`.
    pub fn corrupt(what: impl std::fmt::Display, error: impl std::fmt::Display) -> Self {
        Self::Corrupt(format!("{what}: {error}"))
    }
}

use chamdiem_commands::store::database_unreachable;

/// Whether the database turned the statement away for now: PostgreSQL's
/// transaction rollbacks (serialization failures, deadlocks: class 40),
/// lack of resources (53), locks not available (55) and cancellations (57);
/// SQLite's busy and locked codes. Retrying later succeeds.
fn busy(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    db.code().is_some_and(|code| {
        ["40", "53", "55", "57"]
            .iter()
            .any(|class| code.starts_with(class))
            || matches!(&*code, "5" | "6" | "261" | "262" | "517" | "773")
    })
}

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
