use crate::{Code, ErrorCode};
/// Why a criteria set command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CriteriaSetError {
    /// The id is taken.
    #[error("bộ tiêu chí này đã được tạo")]
    AlreadyDrafted,
    /// No such set.
    #[error("bộ tiêu chí chưa được tạo")]
    NotDrafted,
    /// Published sets are frozen.
    #[error("bộ tiêu chí đã ban hành, không thể sửa; hãy tạo phiên bản mới")]
    Published,
    /// The name is empty or too long.
    #[error("tên bộ tiêu chí không hợp lệ (1–300 ký tự)")]
    Name,
    /// A year outside 2000–2100.
    #[error("năm đánh giá không hợp lệ")]
    Year,
    /// No unit kind given.
    #[error("cần chọn ít nhất một loại đơn vị áp dụng")]
    NoUnitKinds,
    /// Publishing a set without a tree.
    #[error("bộ tiêu chí chưa có cây tiêu chí")]
    NoTree,
    /// A task-completion set needs classification bands.
    #[error("bộ tiêu chí mức độ hoàn thành nhiệm vụ cần các mức xếp loại")]
    BandsRequired,
    /// A PAR set has no classification.
    #[error("bộ chỉ số cải cách hành chính không có mức xếp loại")]
    BandsNotApplicable,
    /// A new version must score the same index as the one it supersedes.
    #[error("phiên bản mới phải cùng loại chỉ số với bộ được thay thế")]
    SupersedesOtherIndex,
}

impl ErrorCode for CriteriaSetError {
    fn code(&self) -> Code {
        match self {
            Self::AlreadyDrafted | Self::Published => Code::Conflict,
            Self::NotDrafted => Code::NotFound,
            _ => Code::Validation,
        }
    }
}
