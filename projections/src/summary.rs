//! A one-line Vietnamese summary of each event, for the audit trail.

use chamdiem_commands::store::LoggedEvent;
use serde_json::Value;

/// What happened, in one line an official can read.
pub fn summary(event: &LoggedEvent) -> String {
    let payload: Value = serde_json::from_str(&event.payload).unwrap_or_default();
    let inner = payload
        .get(&event.event_type)
        .cloned()
        .unwrap_or(Value::Null);
    let field = |name: &str| match inner.get(name) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let leaf = field("leaf");
    match event.event_type.as_str() {
        "AccountIssued" => format!("Cấp tài khoản {} ({})", field("username"), field("role")),
        "AccountPermissionsChanged" => "Thay đổi quyền của tài khoản".to_owned(),
        "AccountPasswordChanged" => "Người dùng đổi mật khẩu".to_owned(),
        "AccountPasswordReset" => "Quản trị viên đặt lại mật khẩu".to_owned(),
        "AccountLocked" => "Khóa tài khoản".to_owned(),
        "AccountUnlocked" => format!("Mở khóa tài khoản: {}", field("reason")),
        "AccountSignInFailed" => "Đăng nhập sai mật khẩu".to_owned(),
        "UnitRegistered" => format!("Đăng ký đơn vị {} – {}", field("code"), field("name")),
        "UnitRenamed" => format!("Đổi tên đơn vị thành {}", field("name")),
        "UnitDeactivated" => format!("Ngừng hoạt động đơn vị: {}", field("reason")),
        "CriteriaSetDrafted" => format!("Tạo dự thảo bộ tiêu chí {}", field("name")),
        "CriteriaTreeDefined" => "Cập nhật cây tiêu chí của bộ tiêu chí".to_owned(),
        "ClassificationBandsSet" => "Đặt các mức xếp loại".to_owned(),
        "CriteriaSetPublished" => "Ban hành bộ tiêu chí".to_owned(),
        "PeriodOpened" => format!("Mở kỳ đánh giá {}", field("name")),
        "DeadlineExtended" => format!(
            "Gia hạn thời hạn đến ngày {}: {}",
            field("date"),
            field("reason")
        ),
        "AppraiserAssigned" => "Phân công người thẩm định".to_owned(),
        "AppraisalSubmissionRecorded" => "Ghi nhận người thẩm định đã gửi kết quả".to_owned(),
        "ResultsAggregated" => "Tổng hợp kết quả và xếp hạng".to_owned(),
        "ResultsFinalized" => "Chốt kết quả".to_owned(),
        "ResultsPublished" => "Công bố kết quả".to_owned(),
        "ScoreEntered" => format!("Tự chấm điểm tiêu chí {leaf}: {} điểm", field("points")),
        "LeafMarkedNotApplicable" => format!("Đánh dấu tiêu chí {leaf} không áp dụng"),
        "LeafMarkedApplicable" => format!("Bỏ đánh dấu không áp dụng tiêu chí {leaf}"),
        "ExplanationWritten" => format!("Giải trình tiêu chí {leaf}"),
        "EvidenceAttached" => format!("Đính kèm tài liệu kiểm chứng cho tiêu chí {leaf}"),
        "EvidenceRemoved" => format!("Gỡ tài liệu kiểm chứng của tiêu chí {leaf}"),
        "SurveyResponseRecorded" => "Ghi nhận một phiếu khảo sát".to_owned(),
        "ReportApproved" => "Lãnh đạo đơn vị phê duyệt báo cáo tự đánh giá".to_owned(),
        "ReportApprovalVoided" => "Phê duyệt báo cáo mất hiệu lực do nội dung thay đổi".to_owned(),
        "SelfAssessmentSubmitted" => "Gửi báo cáo tự đánh giá".to_owned(),
        "AppraisalAnswered" => format!("Đơn vị giải trình điểm thẩm định vòng 1 tiêu chí {leaf}"),
        "AppraisalScored" => format!(
            "Thẩm định vòng {} tiêu chí {leaf}: {} điểm",
            field("round"),
            field("points")
        ),
        "AppraisalSubmitted" => "Người thẩm định gửi kết quả thẩm định".to_owned(),
        "SubAccountsRequested" => "Đề nghị cấp tài khoản cho đơn vị trực thuộc".to_owned(),
        "SubAccountRequestApproved" => "Phê duyệt đề nghị cấp tài khoản".to_owned(),
        "SubAccountRequestRejected" => {
            format!("Từ chối đề nghị cấp tài khoản: {}", field("reason"))
        }
        other => format!("Sự kiện {other}"),
    }
}
