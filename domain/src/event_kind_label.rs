//! Each kind of event as officials name what happened (the audit trail's
//! filter, its lines' headings). An exhaustive match: a new kind of event
//! does not compile until it has its words.

use crate::account::AccountEventKind as A;
use crate::appraisal::WorksheetEventKind as W;
use crate::criteria_set::CriteriaSetEventKind as C;
use crate::event_kind::EventKind;
use crate::period::PeriodEventKind as P;
use crate::self_assessment::ScorecardEventKind as S;
use crate::sub_account_request::SubAccountRequestEventKind as R;
use crate::unit::UnitEventKind as U;

impl EventKind {
    /// What happened, in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Account(kind) => match kind {
                A::AccountIssued => "Cấp tài khoản",
                A::PermissionsChanged => "Thay đổi quyền",
                A::PasswordChanged => "Đổi mật khẩu",
                A::PasswordReset => "Đặt lại mật khẩu",
                A::AccountLocked => "Khoá tài khoản",
                A::AccountUnlocked => "Mở khoá tài khoản",
                A::SignInFailed => "Đăng nhập sai mật khẩu",
            },
            Self::Unit(kind) => match kind {
                U::Registered => "Đăng ký đơn vị",
                U::Renamed => "Đổi tên đơn vị",
                U::Deactivated => "Ngừng hoạt động đơn vị",
            },
            Self::CriteriaSet(kind) => match kind {
                C::Drafted => "Soạn bộ tiêu chí",
                C::TreeDefined => "Nhập cây tiêu chí",
                C::BandsSet => "Đặt ngưỡng xếp loại",
                C::Published => "Ban hành bộ tiêu chí",
            },
            Self::Period(kind) => match kind {
                P::Opened => "Mở kỳ đánh giá",
                P::DeadlineExtended => "Gia hạn",
                P::UnitDeadlineExtended => "Gia hạn cho một đơn vị",
                P::AppraiserAssigned => "Phân công thẩm định",
                P::AssignmentMoved => "Chuyển phân công thẩm định",
                P::AppraisalClosed => "Kết thúc thẩm định thay người thẩm định",
                P::AppraisalExempted => "Miễn thẩm định",
                P::AppraisalSubmissionRecorded => "Ghi nhận gửi kết quả thẩm định",
                P::ComplaintWindowOpened => "Nhận kiến nghị về kết quả tạm thời",
                P::ComplaintLodged => "Kiến nghị về kết quả",
                P::ComplaintAnswered => "Trả lời kiến nghị",
                P::LeafReopened => "Mở lại tiêu chí để thẩm định lại",
                P::ResultsAggregated => "Tổng hợp kết quả",
                P::CouncilAgreementRecorded => "Ý kiến thống nhất của Hội đồng thẩm định",
                P::ResultsFinalized => "Chốt kết quả",
                P::ResultsPublished => "Công bố kết quả",
            },
            Self::Scorecard(kind) => match kind {
                S::ScoreEntered => "Tự chấm điểm",
                S::LeafMarkedNotApplicable => "Đánh dấu không áp dụng",
                S::LeafMarkedApplicable => "Bỏ đánh dấu không áp dụng",
                S::ExplanationWritten => "Giải trình tiêu chí",
                S::EvidenceAttached => "Đính kèm tài liệu kiểm chứng",
                S::EvidenceRemoved => "Gỡ tài liệu kiểm chứng",
                S::SurveyResponseRecorded => "Ghi nhận phiếu khảo sát",
                S::ProvinceSurveyRecorded => "Sở Nội vụ ghi nhận phiếu khảo sát",
                S::ReportApproved => "Phê duyệt báo cáo",
                S::ReportApprovalVoided => "Huỷ phê duyệt báo cáo",
                S::SelfAssessmentSubmitted => "Gửi báo cáo tự đánh giá",
                S::SelfAssessmentReopened => "Mở lại báo cáo tự đánh giá",
                S::AppraisalAnswered => "Ý kiến giải trình về kết quả thẩm định",
                S::SelfScoreCorrected => "Đơn vị chấm lại tiêu chí được mở lại",
            },
            Self::Worksheet(kind) => match kind {
                W::Scored => "Chấm điểm thẩm định",
                W::Submitted => "Gửi kết quả thẩm định",
                W::Corrected => "Chấm lại tiêu chí được mở lại",
            },
            Self::SubAccountRequest(kind) => match kind {
                R::Requested => "Đề nghị cấp tài khoản",
                R::Approved => "Duyệt đề nghị cấp tài khoản",
                R::Rejected => "Từ chối đề nghị cấp tài khoản",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::EventKind;

    #[test]
    fn every_kind_has_words_of_its_own() {
        let kinds = EventKind::all();
        let labels: BTreeSet<&str> = kinds.iter().map(|k| k.label_vi()).collect();
        assert_eq!(labels.len(), kinds.len(), "two kinds read alike");
    }
}
