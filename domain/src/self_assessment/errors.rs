use crate::criteria::{CriterionCode, EntryError};
use crate::period::{DeadlinePassed, NotOpenYet};
use crate::{Code, ErrorCode};

use super::{EvidenceError, FreeTextError};

/// Why a scorecard command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScorecardError {
    /// Work after its deadline.
    #[error(transparent)]
    DeadlinePassed(#[from] DeadlinePassed),
    /// Work before the self-assessment opens.
    #[error(transparent)]
    NotOpenYet(#[from] NotOpenYet),
    /// The self-assessment was submitted: it no longer changes.
    #[error("báo cáo tự đánh giá đã được gửi, không thể sửa")]
    AlreadySubmitted,
    /// Not a leaf of the period's criteria set.
    #[error("không có tiêu chí {0} để chấm trong bộ tiêu chí")]
    UnknownLeaf(CriterionCode),
    /// The entry does not fit the leaf's method.
    #[error("tiêu chí {leaf}: {error}")]
    Entry {
        /// The leaf.
        leaf: CriterionCode,
        /// What is wrong.
        error: EntryError,
    },
    /// Scoring a leaf marked not applicable.
    #[error("tiêu chí {0} đang được đánh dấu không áp dụng")]
    LeafNotApplicable(CriterionCode),
    /// The leaf does not allow "not applicable".
    #[error("tiêu chí {0} không cho phép đánh dấu không áp dụng")]
    NotApplicableNotAllowed(CriterionCode),
    /// Undoing a mark that is not there.
    #[error("tiêu chí {0} không bị đánh dấu không áp dụng")]
    NotMarkedNotApplicable(CriterionCode),
    /// Nothing would change.
    #[error("không có gì thay đổi")]
    Unchanged,
    /// Evidence metadata refused.
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    /// The same document twice on one leaf.
    #[error("tài liệu này đã được đính kèm cho tiêu chí {0}")]
    DuplicateEvidence(CriterionCode),
    /// Removing evidence that is not attached.
    #[error("không có tài liệu kiểm chứng này")]
    NoSuchEvidence,
    /// A text refused.
    #[error(transparent)]
    Text(#[from] FreeTextError),
    /// A survey form refused.
    #[error("phiếu khảo sát không hợp lệ: {0}")]
    Survey(String),
    /// The report changed since the leader saw it.
    #[error("báo cáo đã thay đổi so với bản lãnh đạo xem; hãy kết xuất lại trước khi phê duyệt")]
    ReportOutdated,
    /// The signed report is not a PDF.
    #[error("báo cáo đã ký phải là tệp PDF (bản quét)")]
    SignedReportNotPdf,
    /// Submitting without a valid approval.
    #[error("báo cáo chưa được lãnh đạo phê duyệt (hoặc phê duyệt đã mất hiệu lực do có thay đổi)")]
    NotApproved,
    /// Submitting with applicable leaves unscored.
    #[error("còn tiêu chí chưa chấm điểm: {}", list(.0))]
    MissingScores(Vec<CriterionCode>),
    /// Submitting with evidence missing and no explanation.
    #[error("thiếu tài liệu kiểm chứng hoặc giải trình: {}", list(.0))]
    MissingEvidence(Vec<CriterionCode>),
    /// Nothing applicable: no index can be computed.
    #[error("không còn tiêu chí nào được áp dụng")]
    NothingApplicable,
    /// Reopening what was never submitted.
    #[error("báo cáo tự đánh giá chưa được gửi nên không cần mở lại")]
    NotSubmitted,
    /// Reopening after the results were aggregated.
    #[error("kỳ đánh giá đã có kết quả tổng hợp: không mở lại được báo cáo tự đánh giá")]
    ResultsExist,
    /// Reopening when the unit could not work on it any more.
    #[error(
        "đã hết hạn tự đánh giá của đơn vị (ngày {0}): hãy gia hạn riêng cho đơn vị trước khi mở lại"
    )]
    ReopenAfterDeadline(chrono::NaiveDate),
    /// Scoring again a leaf not reopened on the unit's scorecard.
    #[error("tiêu chí {0} không được mở lại để đơn vị chấm lại")]
    NotReopened(CriterionCode),
    /// Answering where there is no round-1 score.
    #[error("tiêu chí {0} chưa có điểm thẩm định vòng 1 để giải trình")]
    NothingToAnswer(CriterionCode),
}

fn list(codes: &[CriterionCode]) -> String {
    codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl ErrorCode for ScorecardError {
    fn code(&self) -> Code {
        match self {
            Self::DeadlinePassed(_) => Code::DeadlinePassed,
            Self::AlreadySubmitted
            | Self::Unchanged
            | Self::ReportOutdated
            | Self::NotApproved
            | Self::NotSubmitted
            | Self::NotOpenYet(_)
            | Self::NotReopened(_)
            | Self::ResultsExist => Code::Conflict,
            Self::ReopenAfterDeadline(_) => Code::DeadlinePassed,
            Self::UnknownLeaf(_) | Self::NoSuchEvidence => Code::NotFound,
            _ => Code::Validation,
        }
    }
}
