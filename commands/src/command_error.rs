//! Why a command did not go through, as the API reports it.

use std::fmt::Display;

use chamdiem_domain::{Code, ErrorCode};
use cqrs_es::AggregateError;

/// Why a command was not carried out. Nothing was appended in every case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// A rule refused it; `code` is one of the closed set, `message`
    /// Vietnamese.
    #[error("{message}")]
    Refused {
        /// The stable machine code.
        code: Code,
        /// What to tell the user.
        message: String,
    },
    /// Other writers kept winning the race on this aggregate; try again.
    #[error("dữ liệu vừa được người khác thay đổi, vui lòng thử lại")]
    Conflict,
    /// The database is unreachable.
    #[error("hệ thống tạm thời không truy cập được cơ sở dữ liệu, vui lòng thử lại sau")]
    Unavailable(String),
    /// Anything else: logged, never shown in detail.
    #[error("lỗi hệ thống")]
    Internal(String),
}

impl CommandError {
    /// A refusal with a code and message.
    pub fn refused(code: Code, message: impl Display) -> Self {
        Self::Refused {
            code,
            message: message.to_string(),
        }
    }

    /// A lookup that found nothing.
    pub fn not_found(message: impl Display) -> Self {
        Self::refused(Code::NotFound, message)
    }

    /// The stable machine code.
    pub fn code(&self) -> Code {
        match self {
            Self::Refused { code, .. } => *code,
            Self::Conflict => Code::Conflict,
            Self::Unavailable(_) => Code::Unavailable,
            Self::Internal(_) => Code::Internal,
        }
    }

    /// Maps a cqrs-es outcome.
    pub fn from_aggregate<E: ErrorCode + Display + std::error::Error>(
        error: AggregateError<E>,
    ) -> Self {
        match error {
            AggregateError::UserError(e) => Self::refused(e.code(), e),
            other => Self::from_store_failure(other),
        }
    }

    /// Maps a failure of the event store itself (loading or appending), in
    /// which a rule's refusal cannot occur.
    pub fn from_store_failure<E: Display + std::error::Error>(error: AggregateError<E>) -> Self {
        match error {
            AggregateError::AggregateConflict => Self::Conflict,
            AggregateError::DatabaseConnectionError(e) => Self::Unavailable(e.to_string()),
            // postgres-es reports some broken connections (a protocol error
            // as the server goes away) as unexpected.
            AggregateError::UnexpectedError(e)
                if crate::store::caused_by_unreachable_database(e.as_ref()) =>
            {
                Self::Unavailable(e.to_string())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<crate::store::StoreError> for CommandError {
    fn from(error: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match error {
            StoreError::PostgresUnreachable { .. } => Self::Unavailable(error.to_string()),
            StoreError::Query(ref query) if crate::store::database_unreachable(query) => {
                Self::Unavailable(error.to_string())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CommandError;
    use chamdiem_domain::Code;
    use cqrs_es::AggregateError;

    #[derive(Debug, thiserror::Error)]
    #[error("never")]
    struct NoRule;

    #[test]
    fn a_load_cut_off_mid_handshake_is_unavailable_not_internal() {
        // What postgres-es hands back when the server goes away while a
        // connection is being opened: sqlx's protocol error, boxed as
        // "unexpected".
        let cut = sqlx::Error::Protocol("unexpected response from SSLRequest: 0x00".into());
        let error = AggregateError::<NoRule>::UnexpectedError(Box::new(cut));
        assert_eq!(
            CommandError::from_store_failure(error).code(),
            Code::Unavailable
        );
        let corrupt = AggregateError::<NoRule>::UnexpectedError(Box::new(
            sqlx::Error::ColumnNotFound("payload".into()),
        ));
        assert_eq!(
            CommandError::from_store_failure(corrupt).code(),
            Code::Internal
        );
    }
}
