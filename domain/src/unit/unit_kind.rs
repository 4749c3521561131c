use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of unit it is; also its ranking block unless a period says
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitKind {
    /// Sở, ban, ngành.
    #[serde(rename = "department")]
    Department,
    /// Đơn vị sự nghiệp.
    #[serde(rename = "public_service_unit")]
    PublicServiceUnit,
    /// UBND cấp huyện (until the 2025 reform).
    #[serde(rename = "district")]
    District,
    /// UBND cấp xã (since the 2025 reform).
    #[serde(rename = "commune")]
    Commune,
}

impl UnitKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [
        Self::Department,
        Self::PublicServiceUnit,
        Self::District,
        Self::Commune,
    ];

    /// The stable code, as in `units-thanh-hoa.csv`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Department => "department",
            Self::PublicServiceUnit => "public_service_unit",
            Self::District => "district",
            Self::Commune => "commune",
        }
    }

    /// Parses the stable code.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_lowercase();
        Self::ALL.into_iter().find(|kind| kind.code() == text)
    }

    /// The Vietnamese name of the block.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Department => "Sở, ban, ngành",
            Self::PublicServiceUnit => "Đơn vị sự nghiệp",
            Self::District => "UBND cấp huyện",
            Self::Commune => "UBND cấp xã",
        }
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
