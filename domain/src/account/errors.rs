use crate::ErrorCode;
/// Why an account command is refused. Each variant has a stable machine code;
/// its message is in Vietnamese, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The account id is already taken by an issued account.
    #[error("tài khoản này đã được cấp")]
    AlreadyIssued,
    /// No account has this id.
    #[error("tài khoản không tồn tại")]
    NotIssued,
    /// The account is locked already.
    #[error("tài khoản đã bị khóa")]
    AlreadyLocked,
    /// A data-entry account must belong to a unit.
    #[error("tài khoản nhập liệu phải thuộc một đơn vị")]
    UnitRequired,
}

impl ErrorCode for AccountError {
    fn code(&self) -> &'static str {
        match self {
            Self::AlreadyIssued | Self::AlreadyLocked => "CONFLICT",
            Self::NotIssued => "NOT_FOUND",
            Self::UnitRequired => "VALIDATION",
        }
    }
}
