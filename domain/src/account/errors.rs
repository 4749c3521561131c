/// Why an account command is refused. Each variant has a stable machine code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The account id is already taken by an issued account.
    #[error("this account has already been issued")]
    AlreadyIssued,
    /// A data-entry account must belong to a unit.
    #[error("a data-entry account needs a unit")]
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
