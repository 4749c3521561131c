use super::Permission;
use crate::{Code, ErrorCode};

/// Why an account command is refused. Each variant has a stable machine code;
/// its message is in Vietnamese, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The account id (its username) is taken.
    #[error("tên đăng nhập đã được cấp")]
    AlreadyIssued,
    /// No account has this id.
    #[error("tài khoản không tồn tại")]
    NotIssued,
    /// A data-entry account must belong to a unit.
    #[error("tài khoản nhập liệu phải thuộc một đơn vị")]
    UnitRequired,
    /// An appraiser must belong to a department.
    #[error("tài khoản thẩm định phải thuộc một cơ quan thẩm định")]
    DepartmentRequired,
    /// Only data-entry accounts hold a unit.
    #[error("chỉ tài khoản nhập liệu mới gắn với đơn vị")]
    UnitNotForRole,
    /// Only data-entry accounts hold permissions.
    #[error("quyền {0} không áp dụng cho loại tài khoản này")]
    PermissionNotForRole(Permission),
    /// Nothing would change.
    #[error("không có gì thay đổi")]
    Unchanged,
    /// The current password given is wrong.
    #[error("mật khẩu hiện tại không đúng")]
    WrongPassword,
    /// The account is locked already.
    #[error("tài khoản đã bị khóa")]
    AlreadyLocked,
    /// The account is not locked.
    #[error("tài khoản không bị khóa")]
    NotLocked,
    /// The account is locked.
    #[error("tài khoản đang bị khóa")]
    Locked,
}

impl ErrorCode for AccountError {
    fn code(&self) -> Code {
        match self {
            Self::AlreadyIssued | Self::AlreadyLocked | Self::NotLocked | Self::Unchanged => {
                Code::Conflict
            }
            Self::NotIssued => Code::NotFound,
            Self::Locked => Code::Forbidden,
            _ => Code::Validation,
        }
    }
}
