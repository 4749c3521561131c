use std::fmt;

use serde::{Deserialize, Serialize};

/// The account types of the regulation (Điều 3.2 and 6).
///
/// The stored names are explicit so that renaming a variant never rewrites
/// history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Tài khoản quản trị: Sở Nội vụ's administrators.
    #[serde(rename = "admin")]
    Admin,
    /// Tài khoản quản lý: leaders who follow progress and publish results.
    #[serde(rename = "manager")]
    Manager,
    /// Tài khoản nhập liệu: enters a unit's self-assessment.
    #[serde(rename = "data_entry")]
    DataEntry,
    /// Tài khoản thẩm định: appraises the criteria of a department's domain.
    #[serde(rename = "appraiser")]
    Appraiser,
    /// Read-only: replays and verifies the history.
    #[serde(rename = "auditor")]
    Auditor,
}

impl Role {
    /// Every role.
    pub const ALL: [Self; 5] = [
        Self::Admin,
        Self::Manager,
        Self::DataEntry,
        Self::Appraiser,
        Self::Auditor,
    ];

    /// Parses the stable machine name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == text)
    }

    /// The stable machine name, as stored in events and metadata.
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::DataEntry => "data_entry",
            Self::Appraiser => "appraiser",
            Self::Auditor => "auditor",
        }
    }

    /// The Vietnamese name shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Admin => "Quản trị",
            Self::Manager => "Quản lý",
            Self::DataEntry => "Nhập liệu",
            Self::Appraiser => "Thẩm định",
            Self::Auditor => "Kiểm toán",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
