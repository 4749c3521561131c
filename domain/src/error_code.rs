use std::fmt;

/// Every code a client can meet in `extensions.code` (GraphQL) or `code`
/// (HTTP routes): a closed set, so that every door maps each one, and the
/// compiler finds the door that forgot one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A value that breaks a rule; the message names the field.
    Validation,
    /// The state does not allow it now, or nothing would change.
    Conflict,
    /// What was named does not exist (or is not the caller's to see).
    NotFound,
    /// Its deadline has passed.
    DeadlinePassed,
    /// The caller may not do or see this.
    Forbidden,
    /// No working session: sign in (again).
    Unauthenticated,
    /// Too many attempts or too much at once; try later.
    RateLimited,
    /// A request or file over its size limit.
    PayloadTooLarge,
    /// A request that cannot be read at all.
    BadRequest,
    /// The GraphQL layer refused the document (syntax, unknown field,
    /// variable of the wrong type, too deep or too complex).
    GraphqlValidation,
    /// The database is away; retry.
    Unavailable,
    /// A fault of ours, logged with the request id.
    Internal,
}

impl Code {
    /// Every code, in the order the README lists them.
    pub const ALL: [Self; 12] = [
        Self::Validation,
        Self::Conflict,
        Self::NotFound,
        Self::DeadlinePassed,
        Self::Forbidden,
        Self::Unauthenticated,
        Self::RateLimited,
        Self::PayloadTooLarge,
        Self::BadRequest,
        Self::GraphqlValidation,
        Self::Unavailable,
        Self::Internal,
    ];

    /// The code as clients read it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "VALIDATION",
            Self::Conflict => "CONFLICT",
            Self::NotFound => "NOT_FOUND",
            Self::DeadlinePassed => "DEADLINE_PASSED",
            Self::Forbidden => "FORBIDDEN",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::RateLimited => "RATE_LIMITED",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::BadRequest => "BAD_REQUEST",
            Self::GraphqlValidation => "GRAPHQL_VALIDATION",
            Self::Unavailable => "UNAVAILABLE",
            Self::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal's stable machine code. Every domain error has one; its message
/// (`Display`) is in Vietnamese, for the user.
pub trait ErrorCode {
    /// The code.
    fn code(&self) -> Code;
}
