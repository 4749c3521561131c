/// Why an account command is refused. Each variant has a stable machine code;
/// its message is in Vietnamese, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The account id is already taken by an issued account.
    #[error("tài khoản này đã được cấp")]
    AlreadyIssued,
    /// A data-entry account must belong to a unit.
    #[error("tài khoản nhập liệu phải thuộc một đơn vị")]
    UnitRequired,
}

impl AccountError {
    /// The stable machine code clients can match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyIssued => "CONFLICT",
            Self::UnitRequired => "VALIDATION",
        }
    }
}
