use crate::{Code, ErrorCode};
/// Why a unit command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// The code is registered already.
    #[error("mã đơn vị đã được đăng ký")]
    AlreadyRegistered,
    /// No unit has this code.
    #[error("đơn vị chưa được đăng ký")]
    NotRegistered,
    /// The unit is deactivated.
    #[error("đơn vị đã ngừng hoạt động")]
    Deactivated,
    /// The new name is the current one.
    #[error("tên mới trùng với tên hiện tại")]
    SameName,
    /// A unit cannot be its own parent.
    #[error("đơn vị không thể trực thuộc chính nó")]
    OwnParent,
    /// A reason is required.
    #[error("cần nêu lý do")]
    ReasonRequired,
}

impl ErrorCode for UnitError {
    fn code(&self) -> Code {
        match self {
            Self::AlreadyRegistered => Code::Conflict,
            Self::NotRegistered => Code::NotFound,
            Self::Deactivated | Self::SameName => Code::Conflict,
            Self::OwnParent | Self::ReasonRequired => Code::Validation,
        }
    }
}
