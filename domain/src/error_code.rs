/// A refusal's stable machine code, as clients see it in
/// `extensions.code`: `VALIDATION`, `CONFLICT`, `NOT_FOUND`,
/// `DEADLINE_PASSED`, `FORBIDDEN`… Every domain error has one; its message
/// (`Display`) is in Vietnamese, for the user.
pub trait ErrorCode {
    /// The code.
    fn code(&self) -> &'static str;
}
