//! A one-line Vietnamese summary of each event, for the audit trail.

use std::collections::HashMap;

use chamdiem_commands::store::LoggedEvent;
use chamdiem_domain::account::{AccountEventKind, Role};
use chamdiem_domain::appraisal::WorksheetEventKind;
use chamdiem_domain::criteria_set::CriteriaSetEventKind;
use chamdiem_domain::event_kind::EventKind;
use chamdiem_domain::period::{ComplaintOutcome, DeadlineKind, PeriodEventKind};
use chamdiem_domain::self_assessment::ScorecardEventKind;
use chamdiem_domain::sub_account_request::SubAccountRequestEventKind;
use chamdiem_domain::unit::UnitEventKind;
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
    kind: Option<Value>,
    unit_code: Option<Value>,
    unit_codes: Option<Value>,
    until: Option<Value>,
    no: Option<Value>,
    version: Option<Value>,
    before: Option<Value>,
    complaint: Option<Value>,
    answer: Option<Value>,
    reopening: Option<Value>,
    agreement: Option<Value>,
    decision: Option<Value>,
    pairs: Option<Value>,
}

/// What happened, in one line an official can read. Every kind of event has
/// its line (the `match` is exhaustive: a new event does not compile until
/// it has one); an event of a kind this version does not know, from a newer
/// history, is named as stored.
pub fn summary(event: &LoggedEvent) -> String {
    let Some(kind) = EventKind::parse(&event.aggregate_type, &event.event_type) else {
        return format!("Sự kiện {} (loại chưa biết)", event.event_type);
    };
    // Stored as `{"EventType": {fields…}}`.
    let Ok(mut payload) = serde_json::from_str::<HashMap<String, NamedFields>>(&event.payload)
    else {
        return format!("Sự kiện {} (nội dung không đọc được)", event.event_type);
    };
    let inner = payload.remove(&event.event_type).unwrap_or_default();
    line(kind, &inner)
}

/// The line of an event of `kind` whose named fields are `inner`.
fn line(kind: EventKind, inner: &NamedFields) -> String {
    use AccountEventKind as A;
    use CriteriaSetEventKind as C;
    use PeriodEventKind as P;
    use ScorecardEventKind as S;
    use SubAccountRequestEventKind as R;
    use UnitEventKind as U;
    use WorksheetEventKind as W;
    let text = |value: &Option<Value>| match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let leaf = text(&inner.leaf);
    match kind {
        EventKind::Account(kind) => match kind {
            A::AccountIssued => {
                let role = text(&inner.role);
                let role = Role::parse(&role).map_or(role, |r| r.label_vi().to_owned());
                format!("Cấp tài khoản {} ({role})", text(&inner.username))
            }
            A::PermissionsChanged => "Thay đổi quyền của tài khoản".to_owned(),
            A::PasswordChanged => "Người dùng đổi mật khẩu".to_owned(),
            A::PasswordReset => "Quản trị viên đặt lại mật khẩu".to_owned(),
            A::AccountLocked => "Khóa tài khoản".to_owned(),
            A::AccountUnlocked => format!("Mở khóa tài khoản: {}", text(&inner.reason)),
            A::SignInFailed => "Đăng nhập sai mật khẩu".to_owned(),
        },
        EventKind::Unit(kind) => match kind {
            U::Registered => format!(
                "Đăng ký đơn vị {} – {}",
                text(&inner.code),
                text(&inner.name)
            ),
            U::Renamed => format!("Đổi tên đơn vị thành {}", text(&inner.name)),
            U::Deactivated => format!("Ngừng hoạt động đơn vị: {}", text(&inner.reason)),
        },
        EventKind::CriteriaSet(kind) => match kind {
            C::Drafted => format!("Tạo dự thảo bộ tiêu chí {}", text(&inner.name)),
            C::TreeDefined => "Cập nhật cây tiêu chí của bộ tiêu chí".to_owned(),
            C::BandsSet => "Đặt các mức xếp loại".to_owned(),
            C::Published => "Ban hành bộ tiêu chí".to_owned(),
        },
        EventKind::Period(kind) => match kind {
            P::Opened => format!("Mở kỳ đánh giá {}", text(&inner.name)),
            P::DeadlineExtended => format!(
                "Gia hạn thời hạn{} đến ngày {}: {}",
                deadline(&inner.kind),
                day(&inner.date),
                text(&inner.reason)
            ),
            P::UnitDeadlineExtended => format!(
                "Gia hạn riêng cho đơn vị {} thời hạn{} đến ngày {}: {}",
                text(&inner.unit_code),
                deadline(&inner.kind),
                day(&inner.date),
                text(&inner.reason)
            ),
            P::AppraiserAssigned => "Phân công người thẩm định".to_owned(),
            P::AssignmentMoved => format!(
                "Chuyển phần thẩm định của đơn vị {} sang người thẩm định khác: {}",
                codes(&inner.unit_codes),
                text(&inner.reason)
            ),
            P::AppraisalClosed => format!(
                "Kết thúc thẩm định thay người thẩm định chưa gửi kết quả: {}",
                text(&inner.reason)
            ),
            P::AppraisalExempted => {
                let count = inner
                    .pairs
                    .as_ref()
                    .and_then(Value::as_object)
                    .map_or(0, |units| {
                        units
                            .values()
                            .filter_map(Value::as_array)
                            .map(Vec::len)
                            .sum::<usize>()
                    });
                format!(
                    "Miễn thẩm định {count} tiêu chí của đơn vị {}: {}",
                    codes(&inner.unit_codes),
                    text(&inner.reason)
                )
            }
            P::AppraisalSubmissionRecorded => "Ghi nhận người thẩm định đã gửi kết quả".to_owned(),
            P::ComplaintWindowOpened => format!(
                "Thông báo kết quả tạm thời, nhận kiến nghị đến hết ngày {}",
                day(&inner.until)
            ),
            P::ComplaintLodged => {
                let complaint = inner.complaint.clone().unwrap_or_default();
                format!(
                    "Đơn vị {} kiến nghị (số {}) về điểm tiêu chí {}: {}",
                    text(&complaint.get("unit_code").cloned()),
                    text(&complaint.get("no").cloned()),
                    text(&complaint.get("leaf").cloned()),
                    text(&complaint.get("reason").cloned())
                )
            }
            P::ComplaintAnswered => {
                let answer = inner.answer.clone().unwrap_or_default();
                let outcome = answer
                    .get("outcome")
                    .cloned()
                    .and_then(|o| serde_json::from_value::<ComplaintOutcome>(o).ok())
                    .map_or("Trả lời", ComplaintOutcome::label_vi);
                format!(
                    "{outcome} số {} của đơn vị {} về tiêu chí {leaf}: {}",
                    text(&inner.no),
                    text(&inner.unit_code),
                    text(&answer.get("text").cloned())
                )
            }
            P::LeafReopened => {
                let reopening = inner.reopening.clone().unwrap_or_default();
                format!(
                    "Mở lại tiêu chí {} của đơn vị {} để thẩm định lại: {}",
                    text(&reopening.get("leaf").cloned()),
                    text(&reopening.get("unit_code").cloned()),
                    text(&reopening.get("reason").cloned())
                )
            }
            P::ResultsAggregated => match &inner.reason {
                Some(Value::String(reason)) => format!(
                    "Tổng hợp lại kết quả (phiên bản {}): {reason}",
                    text(&inner.version)
                ),
                _ => "Tổng hợp kết quả và xếp hạng".to_owned(),
            },
            P::CouncilAgreementRecorded => {
                let agreement = inner.agreement.clone().unwrap_or_default();
                let present = agreement
                    .get("members")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                format!(
                    "Ghi nhận ý kiến thống nhất của Hội đồng thẩm định về kết quả phiên bản {}, họp ngày {} ({present} thành viên dự họp)",
                    text(&agreement.get("version").cloned()),
                    day(&agreement.get("date").cloned())
                )
            }
            P::ResultsFinalized => "Chốt kết quả".to_owned(),
            P::ResultsPublished => match &inner.decision {
                Some(decision @ Value::Object(_)) => format!(
                    "Công bố kết quả theo Quyết định số {} ngày {} của UBND tỉnh",
                    text(&decision.get("number").cloned()),
                    day(&decision.get("date").cloned())
                ),
                _ => "Công bố kết quả".to_owned(),
            },
        },
        EventKind::Scorecard(kind) => match kind {
            S::ScoreEntered => {
                format!("Tự chấm điểm tiêu chí {leaf}: {} điểm", text(&inner.points))
            }
            S::LeafMarkedNotApplicable => format!("Đánh dấu tiêu chí {leaf} không áp dụng"),
            S::LeafMarkedApplicable => format!("Bỏ đánh dấu không áp dụng tiêu chí {leaf}"),
            S::ExplanationWritten => format!("Giải trình tiêu chí {leaf}"),
            S::EvidenceAttached => format!("Đính kèm tài liệu kiểm chứng cho tiêu chí {leaf}"),
            S::EvidenceRemoved => format!("Gỡ tài liệu kiểm chứng của tiêu chí {leaf}"),
            S::SurveyResponseRecorded => "Ghi nhận một phiếu khảo sát".to_owned(),
            S::ProvinceSurveyRecorded => {
                "Sở Nội vụ ghi nhận một phiếu khảo sát của đơn vị".to_owned()
            }
            S::ReportApproved => "Lãnh đạo đơn vị phê duyệt báo cáo tự đánh giá".to_owned(),
            S::ReportApprovalVoided => {
                "Phê duyệt báo cáo mất hiệu lực do nội dung thay đổi".to_owned()
            }
            S::SelfAssessmentSubmitted => "Gửi báo cáo tự đánh giá".to_owned(),
            S::SelfAssessmentReopened => {
                format!("Mở lại báo cáo tự đánh giá đã gửi: {}", text(&inner.reason))
            }
            S::AppraisalAnswered => {
                format!("Đơn vị giải trình điểm thẩm định vòng 1 tiêu chí {leaf}")
            }
            S::SelfScoreCorrected => {
                let before = match text(&inner.before) {
                    none if none.is_empty() => "không áp dụng".to_owned(),
                    points => format!("{points} điểm"),
                };
                format!(
                    "Đơn vị chấm lại tiêu chí {leaf} được mở lại: {} điểm (trước đó {before}): {}",
                    text(&inner.points),
                    text(&inner.reason)
                )
            }
        },
        EventKind::Worksheet(kind) => match kind {
            W::Scored => {
                let scored = format!(
                    "Thẩm định vòng {} tiêu chí {leaf}: {} điểm",
                    text(&inner.round),
                    text(&inner.points)
                );
                // The reason is what the unit reads when the score differs
                // from its own or overturns its not-applicable mark.
                match text(&inner.reason) {
                    none if none.is_empty() => scored,
                    reason => format!("{scored}: {reason}"),
                }
            }
            W::Submitted => "Người thẩm định gửi kết quả thẩm định".to_owned(),
            W::Corrected => {
                let before = match text(&inner.before) {
                    none if none.is_empty() => "chưa có điểm".to_owned(),
                    points => format!("{points} điểm"),
                };
                format!(
                    "Thẩm định lại tiêu chí {leaf} được mở lại: {} điểm (trước đó {before}): {}",
                    text(&inner.points),
                    text(&inner.reason)
                )
            }
        },
        EventKind::SubAccountRequest(kind) => match kind {
            R::Requested => "Đề nghị cấp tài khoản cho đơn vị trực thuộc".to_owned(),
            R::Approved => "Phê duyệt đề nghị cấp tài khoản".to_owned(),
            R::Rejected => format!("Từ chối đề nghị cấp tài khoản: {}", text(&inner.reason)),
        },
    }
}

/// A list of codes as stored, joined ("S02, S03").
fn codes(list: &Option<Value>) -> String {
    match list {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// A date as officials write it (31/12/2025); as stored when it is not one.
fn day(date: &Option<Value>) -> String {
    match date {
        Some(Value::String(text)) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_or_else(|_| text.clone(), |d| d.format("%d/%m/%Y").to_string()),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// " tự đánh giá" for a deadline kind as stored; nothing when absent.
fn deadline(kind: &Option<Value>) -> String {
    kind.clone()
        .and_then(|kind| serde_json::from_value::<DeadlineKind>(kind).ok())
        .map(|kind| format!(" {}", kind.label_vi()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use chamdiem_commands::store::LogPosition;
    use chrono::Utc;

    use super::*;

    fn event(event_type: &str, payload: &str) -> LoggedEvent {
        let aggregate_type = match event_type {
            "AppraisalScored" => "worksheet",
            "DeadlineExtended" | "UnitDeadlineExtended" | "ResultsAggregated" => "period",
            "AccountIssued" => "account",
            _ => "scorecard",
        };
        LoggedEvent {
            position: LogPosition::new(1),
            recorded_at: Utc::now(),
            aggregate_type: aggregate_type.to_owned(),
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
                "AppraisalScored",
                r#"{"AppraisalScored":{"leaf":"6.2","points":"1","reason":"Báo cáo gửi muộn","round":1}}"#,
                "Thẩm định vòng 1 tiêu chí 6.2: 1 điểm: Báo cáo gửi muộn",
            ),
            (
                "SelfScoreCorrected",
                r#"{"SelfScoreCorrected":{"leaf":"3.2","points":"1","before":"0.5","reason":"Bổ sung văn bản","reopening":2,"entry":{"kind":"score","value":"1"}}}"#,
                "Đơn vị chấm lại tiêu chí 3.2 được mở lại: 1 điểm (trước đó 0.5 điểm): Bổ sung văn bản",
            ),
            (
                "DeadlineExtended",
                r#"{"DeadlineExtended":{"kind":"self_assessment","date":"2025-12-31","reason":"Bão số 3"}}"#,
                "Gia hạn thời hạn tự đánh giá đến ngày 31/12/2025: Bão số 3",
            ),
            (
                "UnitDeadlineExtended",
                r#"{"UnitDeadlineExtended":{"unit_code":"S03","kind":"explanation","date":"2025-02-12","reason":"Lãnh đạo đi công tác"}}"#,
                "Gia hạn riêng cho đơn vị S03 thời hạn giải trình đến ngày 12/02/2025: Lãnh đạo đi công tác",
            ),
            (
                "AccountIssued",
                r#"{"AccountIssued":{"username":"td.T01","role":"appraiser","permissions":[]}}"#,
                "Cấp tài khoản td.T01 (Thẩm định)",
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
            "Sự kiện ScoreEntered (nội dung không đọc được)"
        );
        assert_eq!(
            summary(&event("SomethingNew", r#"{"SomethingNew":{}}"#)),
            "Sự kiện SomethingNew (loại chưa biết)"
        );
    }
}
