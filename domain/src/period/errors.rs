use crate::criteria::CriterionCode;
use crate::ids::{AccountId, UnitId};
use crate::{Code, ErrorCode};

use super::{DeadlinePassed, RecordError, ResultsVersion, SerialNo};
use crate::time::date_vi;
use chrono::NaiveDate;

/// Why a period command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The id is taken.
    #[error("kỳ đánh giá này đã được mở")]
    AlreadyOpened,
    /// No such period.
    #[error("kỳ đánh giá chưa được mở")]
    NotOpened,
    /// The name is empty or too long.
    #[error("tên kỳ đánh giá không hợp lệ (1–300 ký tự)")]
    Name,
    /// The criteria set is still a draft.
    #[error("bộ tiêu chí chưa được ban hành")]
    SetNotPublished,
    /// The criteria set scores another year.
    #[error("bộ tiêu chí dùng cho năm {set_year}, không phải năm {year}")]
    SetOfAnotherYear {
        /// The period's year.
        year: i32,
        /// The set's year.
        set_year: i32,
    },
    /// No unit in scope.
    #[error("kỳ đánh giá cần ít nhất một đơn vị")]
    NoUnits,
    /// A unit listed twice.
    #[error("đơn vị {0} được liệt kê hai lần")]
    DuplicateUnit(UnitId),
    /// A unit whose kind the set does not apply to.
    #[error("bộ tiêu chí không áp dụng cho loại đơn vị của {0}")]
    UnitKindNotCovered(String),
    /// Deadlines out of order.
    #[error(
        "các thời hạn phải theo thứ tự: bắt đầu tự đánh giá ≤ tự đánh giá ≤ thẩm định vòng 1 ≤ giải trình ≤ thẩm định vòng 2"
    )]
    DeadlineOrder,
    /// The self-assessment deadline is already over when opening.
    #[error("thời hạn tự đánh giá đã qua")]
    DeadlineInThePast,
    /// An extension must move the deadline later.
    #[error("ngày gia hạn phải sau thời hạn hiện tại")]
    NotLater,
    /// An appraisal round's deadline extended for one unit.
    #[error("chỉ gia hạn riêng cho một đơn vị thời hạn tự đánh giá hoặc giải trình")]
    NotAUnitsDeadline,
    /// A reason is required.
    #[error("cần nêu lý do")]
    ReasonRequired,
    /// Work after its deadline.
    #[error(transparent)]
    DeadlinePassed(#[from] DeadlinePassed),
    /// A unit not in this period.
    #[error("đơn vị {0} không thuộc kỳ đánh giá")]
    UnitNotInScope(UnitId),
    /// A code not in the criteria set.
    #[error("không có tiêu chí {0} trong bộ tiêu chí")]
    UnknownCriterion(CriterionCode),
    /// A criterion appraised by another department.
    #[error("tiêu chí {code} do {department} thẩm định")]
    OtherDepartment {
        /// The leaf.
        code: CriterionCode,
        /// The department that appraises it.
        department: String,
    },
    /// Survey leaves are scored from responses, not appraised.
    #[error("tiêu chí {0} lấy điểm từ khảo sát, không phân công thẩm định")]
    SurveyNotAppraised(CriterionCode),
    /// Nothing to assign.
    #[error("cần chọn ít nhất một đơn vị và một tiêu chí")]
    EmptyAssignment,
    /// A (unit, leaf) is already another appraiser's.
    #[error("tiêu chí {code} của đơn vị {unit} đã phân công cho người khác")]
    AlreadyAssigned {
        /// The unit.
        unit: UnitId,
        /// The leaf.
        code: CriterionCode,
    },
    /// The appraiser has no assignment in this period.
    #[error("người thẩm định {0} không được phân công trong kỳ này")]
    NotAssigned(AccountId),
    /// The appraiser has submitted already.
    #[error("người thẩm định đã gửi kết quả")]
    AppraiserSubmitted,
    /// Moving work to the appraiser who has it.
    #[error("người nhận phải là người thẩm định khác")]
    SameAppraiser,
    /// Moving work to an appraiser of another department.
    #[error("người nhận thuộc {to}, không phải {from}")]
    OtherDepartmentsAppraiser {
        /// The department of the work.
        from: String,
        /// The department of the appraiser named.
        to: String,
    },
    /// Moving a unit the appraiser does not have.
    #[error("đơn vị {0} không được phân công cho người thẩm định này")]
    UnitNotAssigned(UnitId),
    /// Closing an appraisal while its appraiser may still submit.
    #[error(
        "chỉ kết thúc thay khi đã hết hạn thẩm định vòng 2 (ngày {0}); trước đó hãy chuyển phần việc cho người khác"
    )]
    AppraisalStillOpen(chrono::NaiveDate),
    /// Aggregating before every appraiser has submitted.
    #[error("còn {0} người thẩm định chưa gửi kết quả")]
    AppraisalsOutstanding(usize),
    /// Finalizing before aggregation.
    #[error("chưa có kết quả tổng hợp")]
    NoResults,
    /// Finalizing twice.
    #[error("kết quả đã được chốt")]
    AlreadyFinalized,
    /// Publishing before finalization.
    #[error("kết quả chưa được chốt")]
    NotFinalized,
    /// Publishing twice.
    #[error("kết quả đã được công bố")]
    AlreadyPublished,
    /// Changing a period whose results exist.
    #[error("kỳ đánh giá đã có kết quả tổng hợp")]
    ResultsExist,
    /// A date that is already over.
    #[error("ngày {} đã qua", date_vi(*.0))]
    DateInThePast(NaiveDate),
    /// A complaint while no window was opened.
    #[error("chưa mở thời gian nhận kiến nghị về kết quả tạm thời")]
    NoComplaintWindow,
    /// A complaint after the window.
    #[error("đã hết hạn nhận kiến nghị (ngày {})", date_vi(*.0))]
    ComplaintWindowOver(NaiveDate),
    /// The unit's complaint on this leaf awaits its answer.
    #[error("đơn vị {unit} đã có kiến nghị về tiêu chí {leaf} đang chờ trả lời")]
    ComplaintPending {
        /// The unit's code.
        unit: String,
        /// The leaf.
        leaf: CriterionCode,
    },
    /// No complaint with this number.
    #[error("không có kiến nghị số {0}")]
    NoSuchComplaint(SerialNo),
    /// A complaint answered twice.
    #[error("kiến nghị số {0} đã được trả lời")]
    ComplaintAlreadyAnswered(SerialNo),
    /// Answering another appraiser's complaint.
    #[error(
        "chỉ người thẩm định tiêu chí này hoặc Hội đồng thẩm định (quản trị, quản lý) trả lời kiến nghị"
    )]
    NotTheLeafsAppraiser,
    /// An answer without text.
    #[error("cần nêu nội dung trả lời")]
    AnswerRequired,
    /// Reopening a survey leaf nobody appraises: its score comes from the
    /// forms alone.
    #[error(
        "tiêu chí {leaf} của đơn vị {unit} tính điểm từ phiếu khảo sát và không có người thẩm định: không có điểm để chấm lại"
    )]
    NoAppraiserOf {
        /// The unit's code.
        unit: String,
        /// The leaf.
        leaf: CriterionCode,
    },
    /// Reopening a leaf already reopened and not yet aggregated.
    #[error("tiêu chí {leaf} của đơn vị {unit} đang được mở lại")]
    AlreadyReopened {
        /// The unit's code.
        unit: String,
        /// The leaf.
        leaf: CriterionCode,
    },
    /// Reopening for a complaint not upheld.
    #[error("kiến nghị số {0} chưa được chấp nhận")]
    ComplaintNotUpheld(SerialNo),
    /// Reopening a leaf for another leaf's complaint.
    #[error("kiến nghị số {0} không phải về tiêu chí và đơn vị này")]
    ComplaintOfAnotherLeaf(SerialNo),
    /// Aggregating again before every reopened leaf is scored again.
    #[error("còn {0} tiêu chí được mở lại chưa được chấm lại")]
    ReopeningsUnscored(usize),
    /// Aggregating again with nothing changed.
    #[error("kết quả không thay đổi so với phiên bản {0}: không có gì để tổng hợp lại")]
    ResultsUnchanged(ResultsVersion),
    /// Finalizing while units may still complain.
    #[error("đang trong thời gian nhận kiến nghị (đến hết ngày {})", date_vi(*.0))]
    ComplaintWindowOpen(NaiveDate),
    /// Finalizing with complaints unanswered.
    #[error("còn {0} kiến nghị chưa được trả lời")]
    ComplaintsUnanswered(usize),
    /// Exempting when every pair asked for has an appraiser or an exemption.
    #[error("không còn ô (đơn vị, tiêu chí) nào chưa có người thẩm định trong phạm vi đã chọn")]
    NothingToExempt,
    /// Finalizing before the council agreed on the current version.
    #[error(
        "Hội đồng thẩm định chưa thống nhất kết quả phiên bản {0}: cần ghi nhận ý kiến thống nhất của Hội đồng trước khi chốt"
    )]
    NoCouncilAgreement(ResultsVersion),
    /// The council's agreement on this version is recorded already.
    #[error("đã ghi nhận ý kiến thống nhất của Hội đồng về kết quả phiên bản {0}")]
    CouncilAlreadyAgreed(ResultsVersion),
    /// A date still to come.
    #[error("ngày {} chưa đến", date_vi(*.0))]
    DateInTheFuture(NaiveDate),
    /// A decision dated before the council's agreement.
    #[error("ngày quyết định phải từ ngày Hội đồng thống nhất ({}) trở đi", date_vi(*.0))]
    DecisionBeforeAgreement(NaiveDate),
    /// Members or a number as given cannot be recorded.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// Finalizing with reopened leaves not yet in a version.
    #[error("còn {0} tiêu chí được mở lại chưa được tổng hợp lại vào kết quả")]
    ReopeningsUnsettled(usize),
}

impl ErrorCode for PeriodError {
    fn code(&self) -> Code {
        match self {
            Self::NotOpened => Code::NotFound,
            Self::DeadlinePassed(_) => Code::DeadlinePassed,
            Self::AlreadyOpened
            | Self::AlreadyAssigned { .. }
            | Self::AppraiserSubmitted
            | Self::AppraisalStillOpen(_)
            | Self::AppraisalsOutstanding(_)
            | Self::NoResults
            | Self::AlreadyFinalized
            | Self::NotFinalized
            | Self::AlreadyPublished
            | Self::ResultsExist
            | Self::NoComplaintWindow
            | Self::ComplaintPending { .. }
            | Self::ComplaintAlreadyAnswered(_)
            | Self::NoAppraiserOf { .. }
            | Self::AlreadyReopened { .. }
            | Self::ComplaintNotUpheld(_)
            | Self::ReopeningsUnscored(_)
            | Self::ResultsUnchanged(_)
            | Self::ComplaintWindowOpen(_)
            | Self::ComplaintsUnanswered(_)
            | Self::ReopeningsUnsettled(_)
            | Self::NoCouncilAgreement(_)
            | Self::NothingToExempt
            | Self::CouncilAlreadyAgreed(_) => Code::Conflict,
            Self::ComplaintWindowOver(_) => Code::DeadlinePassed,
            Self::NoSuchComplaint(_) => Code::NotFound,
            Self::NotTheLeafsAppraiser => Code::Forbidden,
            _ => Code::Validation,
        }
    }
}
