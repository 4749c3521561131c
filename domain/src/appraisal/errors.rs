use crate::criteria::{CriterionCode, EntryError};
use crate::ids::UnitId;
use crate::period::DeadlinePassed;
use crate::{Code, ErrorCode};

/// Why a worksheet command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorksheetError {
    /// Work after its deadline.
    #[error(transparent)]
    DeadlinePassed(#[from] DeadlinePassed),
    /// The worksheet was submitted: submitting is final for the period
    /// (Điều 10.3), while other periods stay open to the same appraiser.
    #[error(
        "bạn đã gửi kết quả thẩm định của kỳ này nên phiếu thẩm định đã khoá (Điều 10.3): không thể thay đổi gì trong kỳ này"
    )]
    AlreadySubmitted,
    /// Not this appraiser's (unit, leaf).
    #[error("tiêu chí {leaf} của đơn vị {unit} không được phân công cho bạn")]
    NotAssigned {
        /// The unit.
        unit: UnitId,
        /// The leaf.
        leaf: CriterionCode,
    },
    /// The unit has neither submitted nor passed its deadline.
    #[error("đơn vị chưa gửi báo cáo tự đánh giá")]
    UnitNotReady,
    /// Scoring a leaf the unit marked not applicable needs a reason: the
    /// score overturns the mark.
    #[error(
        "đơn vị đã đánh dấu tiêu chí {0} không áp dụng: cần nêu lý do để chấm, khi đó tiêu chí được tính"
    )]
    OverturnNeedsReason(CriterionCode),
    /// The entry does not fit the leaf's method.
    #[error("tiêu chí {leaf}: {error}")]
    Entry {
        /// The leaf.
        leaf: CriterionCode,
        /// What is wrong.
        error: EntryError,
    },
    /// A score different from the self score needs a reason.
    #[error("điểm thẩm định khác điểm tự đánh giá: cần nêu lý do")]
    ReasonRequired,
    /// Round 2 opens when round 1 closes.
    #[error("vòng 2 chỉ bắt đầu sau thời hạn thẩm định vòng 1")]
    RoundTwoNotOpen,
    /// Round 2 needs a round-1 score.
    #[error("tiêu chí {0} chưa có điểm thẩm định vòng 1")]
    NoRoundOne(CriterionCode),
    /// Nothing would change.
    #[error("không có gì thay đổi")]
    Unchanged,
    /// Submitting with assignments without a final score.
    #[error("còn {0} tiêu chí được phân công chưa có điểm thẩm định vòng 2")]
    Incomplete(usize),
    /// No assignment at all.
    #[error("bạn không được phân công thẩm định trong kỳ này")]
    NoAssignment,
    /// Round 1 before every pair has an appraiser or an exemption.
    #[error(
        "vòng thẩm định chưa mở: còn {0} ô (đơn vị, tiêu chí) chưa có người thẩm định; quản trị viên cần phân công hoặc miễn thẩm định có lý do"
    )]
    RoundNotOpen(usize),
    /// Scoring again a leaf that is not reopened.
    #[error("tiêu chí {0} không được mở lại để chấm lại")]
    NotReopened(CriterionCode),
    /// Scoring again without a reason.
    #[error("chấm lại tiêu chí được mở lại cần nêu lý do")]
    CorrectionNeedsReason,
}

impl ErrorCode for WorksheetError {
    fn code(&self) -> Code {
        match self {
            Self::DeadlinePassed(_) => Code::DeadlinePassed,
            Self::NotAssigned { .. } | Self::NoAssignment => Code::Forbidden,
            Self::AlreadySubmitted
            | Self::UnitNotReady
            | Self::RoundTwoNotOpen
            | Self::Unchanged
            | Self::NotReopened(_)
            | Self::RoundNotOpen(_)
            | Self::Incomplete(_) => Code::Conflict,
            _ => Code::Validation,
        }
    }
}
