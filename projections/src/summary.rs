//! A one-line Vietnamese summary of each event, for the audit trail.

use std::collections::HashMap;

use chamdiem_commands::store::LoggedEvent;
use serde::Deserialize;
use serde_json::Value;

/// The few payload fields a summary names. Read instead of the whole
/// payload: the rest (a period's aggregated scores run to megabytes) is
/// skipped without being built, and a rebuild writes a summary per event.
#[derive(Debug, Default, Deserialize)]
struct NamedFields {
    code: Option<Value>,
    date: Option<Value>,
    leaf: Option<Value>,
    name: Option<Value>,
    points: Option<Value>,
    reason: Option<Value>,
    role: Option<Value>,
    round: Option<Value>,
    username: Option<Value>,
}

/// What happened, in one line an official can read.
pub fn summary(event: &LoggedEvent) -> String {
    // Stored as `{"EventType": {fields…}}`.
    let mut payload: HashMap<String, NamedFields> =
        serde_json::from_str(&event.payload).unwrap_or_default();
    let inner = payload.remove(&event.event_type).unwrap_or_default();
    let text = |value: &Option<Value>| match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let leaf = text(&inner.leaf);
    match event.event_type.as_str() {
        "AccountIssued" => format!(
            "Cấp tài khoản {} ({})",
            text(&inner.username),
            text(&inner.role)
        ),
        "AccountPermissionsChanged" => "Thay đổi quyền của tài khoản".to_owned(),
        "AccountPasswordChanged" => "Người dùng đổi mật khẩu".to_owned(),
        "AccountPasswordReset" => "Quản trị viên đặt lại mật khẩu".to_owned(),
        "AccountLocked" => "Khóa tài khoản".to_owned(),
        "AccountUnlocked" => format!("Mở khóa tài khoản: {}", text(&inner.reason)),
        "AccountSignInFailed" => "Đăng nhập sai mật khẩu".to_owned(),
        "UnitRegistered" => format!(
            "Đăng ký đơn vị {} – {}",
            text(&inner.code),
            text(&inner.name)
        ),
        "UnitRenamed" => format!("Đổi tên đơn vị thành {}", text(&inner.name)),
        "UnitDeactivated" => format!("Ngừng hoạt động đơn vị: {}", text(&inner.reason)),
        "CriteriaSetDrafted" => format!("Tạo dự thảo bộ tiêu chí {}", text(&inner.name)),
        "CriteriaTreeDefined" => "Cập nhật cây tiêu chí của bộ tiêu chí".to_owned(),
        "ClassificationBandsSet" => "Đặt các mức xếp loại".to_owned(),
        "CriteriaSetPublished" => "Ban hành bộ tiêu chí".to_owned(),
        "PeriodOpened" => format!("Mở kỳ đánh giá {}", text(&inner.name)),
        "DeadlineExtended" => format!(
            "Gia hạn thời hạn đến ngày {}: {}",
            text(&inner.date),
            text(&inner.reason)
        ),
        "AppraiserAssigned" => "Phân công người thẩm định".to_owned(),
        "AppraisalSubmissionRecorded" => "Ghi nhận người thẩm định đã gửi kết quả".to_owned(),
        "ResultsAggregated" => "Tổng hợp kết quả và xếp hạng".to_owned(),
        "ResultsFinalized" => "Chốt kết quả".to_owned(),
        "ResultsPublished" => "Công bố kết quả".to_owned(),
        "ScoreEntered" => format!("Tự chấm điểm tiêu chí {leaf}: {} điểm", text(&inner.points)),
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
            text(&inner.round),
            text(&inner.points)
        ),
        "AppraisalSubmitted" => "Người thẩm định gửi kết quả thẩm định".to_owned(),
        "SubAccountsRequested" => "Đề nghị cấp tài khoản cho đơn vị trực thuộc".to_owned(),
        "SubAccountRequestApproved" => "Phê duyệt đề nghị cấp tài khoản".to_owned(),
        "SubAccountRequestRejected" => {
            format!("Từ chối đề nghị cấp tài khoản: {}", text(&inner.reason))
        }
        other => format!("Sự kiện {other}"),
    }
}

#[cfg(test)]
mod tests {
    use chamdiem_commands::store::LogPosition;
    use chrono::Utc;

    use super::*;

    fn event(event_type: &str, payload: &str) -> LoggedEvent {
        LoggedEvent {
            position: LogPosition::new(1),
            recorded_at: Utc::now(),
            aggregate_type: "scorecard".to_owned(),
            aggregate_id: "p:u".to_owned(),
            sequence: 1,
            event_type: event_type.to_owned(),
            event_version: "1".to_owned(),
            payload: payload.to_owned(),
            metadata: "{}".to_owned(),
            stored_payload_digest: None,
        }
    }

    #[test]
    fn a_summary_names_the_fields_of_its_event() {
        let cases = [
            (
                "ScoreEntered",
                r#"{"ScoreEntered":{"entry":{"kind":"score","value":"0.5"},"leaf":"1.1.1","points":"0.5","previous":null}}"#,
                "Tự chấm điểm tiêu chí 1.1.1: 0.5 điểm",
            ),
            (
                "AppraisalScored",
                r#"{"AppraisalScored":{"leaf":"6.1","points":"3","reason":null,"round":2}}"#,
                "Thẩm định vòng 2 tiêu chí 6.1: 3 điểm",
            ),
            (
                "DeadlineExtended",
                r#"{"DeadlineExtended":{"date":"2025-12-31","reason":"Bão số 3"}}"#,
                "Gia hạn thời hạn đến ngày 2025-12-31: Bão số 3",
            ),
            (
                "AccountIssued",
                r#"{"AccountIssued":{"username":"td.T01","role":"appraiser","permissions":[]}}"#,
                "Cấp tài khoản td.T01 (appraiser)",
            ),
            (
                "ResultsAggregated",
                r#"{"ResultsAggregated":{"results":{"blocks":[{"units":[{"rank":1}]}]}}}"#,
                "Tổng hợp kết quả và xếp hạng",
            ),
        ];
        for (event_type, payload, expected) in cases {
            assert_eq!(summary(&event(event_type, payload)), expected);
        }
    }

    #[test]
    fn a_payload_of_another_shape_still_gets_a_line() {
        assert_eq!(
            summary(&event("ScoreEntered", "not json")),
            "Tự chấm điểm tiêu chí :  điểm"
        );
        assert_eq!(
            summary(&event("SomethingNew", r#"{"SomethingNew":{}}"#)),
            "Sự kiện SomethingNew"
        );
    }
}
