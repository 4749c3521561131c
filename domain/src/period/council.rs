//! What closes a year's results outside the software, recorded in it: the
//! appraisal council's agreement on one version of the results (Điều 11.2:
//! "gửi thành viên Tổ thẩm định/Hội đồng thẩm định thống nhất"), with the
//! members present, the date and the minutes; and the provincial People's
//! Committee's decision that the published results carry.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ResultsVersion;
use crate::self_assessment::Evidence;

/// The council's agreement on one version of the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilAgreement {
    /// The version agreed on.
    pub version: ResultsVersion,
    /// The day of the meeting (local date).
    pub date: NaiveDate,
    /// The members present, as the minutes name them.
    pub members: Vec<String>,
    /// The signed minutes.
    pub minutes: Evidence,
}

/// The People's Committee's decision approving the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationDecision {
    /// Its number ("125/QĐ-UBND").
    pub number: String,
    /// Its date (local date).
    pub date: NaiveDate,
    /// The signed decision, scanned.
    pub signed: Evidence,
}

/// The most members a council's minutes name.
pub const MAX_MEMBERS: usize = 60;
/// The longest member's name or decision number.
pub const MAX_NAME: usize = 200;

/// Why a council's agreement or a decision is refused as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// No member named.
    #[error("cần ghi tên ít nhất một thành viên Hội đồng dự họp")]
    NoMembers,
    /// Too many members, or a name too long or empty.
    #[error(
        "danh sách thành viên không hợp lệ (tối đa {MAX_MEMBERS} người, mỗi tên 1–{MAX_NAME} ký tự)"
    )]
    Members,
    /// A decision without a number, or a number too long.
    #[error("số quyết định không hợp lệ (1–{MAX_NAME} ký tự)")]
    DecisionNumber,
}

/// The members' names, trimmed, none empty.
pub fn members(names: &[String]) -> Result<Vec<String>, RecordError> {
    let names: Vec<String> = names
        .iter()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err(RecordError::NoMembers);
    }
    if names.len() > MAX_MEMBERS || names.iter().any(|n| n.chars().count() > MAX_NAME) {
        return Err(RecordError::Members);
    }
    Ok(names)
}

/// A decision's number, trimmed.
pub fn decision_number(text: &str) -> Result<String, RecordError> {
    let number = text.trim();
    if number.is_empty() || number.chars().count() > MAX_NAME {
        return Err(RecordError::DecisionNumber);
    }
    Ok(number.to_owned())
}
