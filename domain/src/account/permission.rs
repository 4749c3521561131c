use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::Role;

/// What a data-entry account may do beyond reading its unit's data (Điều
/// 3.3: permissions are restricted and expanded by the administrator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    /// Enter and change the unit's self-assessment, and answer appraisals.
    #[serde(rename = "enters_scores")]
    EntersScores,
    /// Approve and submit the unit's report: a unit leader (lãnh đạo đơn vị).
    #[serde(rename = "approves_reports")]
    ApprovesReports,
    /// Ask the administrator for accounts of subordinate units (Điều 8.2).
    #[serde(rename = "requests_sub_accounts")]
    RequestsSubAccounts,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Self; 3] = [
        Self::EntersScores,
        Self::ApprovesReports,
        Self::RequestsSubAccounts,
    ];

    /// As officials say it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::EntersScores => "Nhập điểm tự đánh giá",
            Self::ApprovesReports => "Phê duyệt và gửi báo cáo (lãnh đạo đơn vị)",
            Self::RequestsSubAccounts => "Đề nghị cấp tài khoản cho đơn vị trực thuộc",
        }
    }

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::EntersScores => "enters_scores",
            Self::ApprovesReports => "approves_reports",
            Self::RequestsSubAccounts => "requests_sub_accounts",
        }
    }

    /// Parses the stable code.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL.into_iter().find(|p| p.code() == text)
    }

    /// Whether an account of `role` can hold it: permissions belong to
    /// data-entry accounts; the other roles' rights follow from the role.
    pub fn fits(self, role: Role) -> bool {
        role == Role::DataEntry
    }

    /// What a data-entry account gets when issued without a list.
    pub fn defaults(role: Role) -> BTreeSet<Self> {
        if role == Role::DataEntry {
            BTreeSet::from([Self::EntersScores])
        } else {
            BTreeSet::new()
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
