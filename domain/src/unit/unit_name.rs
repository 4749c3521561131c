use std::fmt;

use serde::{Deserialize, Serialize};

/// A unit's Vietnamese name, kept exactly as written (after trimming and
/// collapsing runs of spaces): 1 to 300 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitName(String);

/// Why a text is not a unit name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitNameError {
    /// Empty.
    #[error("tên đơn vị không được để trống")]
    Empty,
    /// Longer than 300 characters or with control characters.
    #[error("tên đơn vị không hợp lệ (tối đa 300 ký tự, không có ký tự điều khiển)")]
    Invalid,
}

impl UnitName {
    /// Parses a name.
    pub fn parse(raw: &str) -> Result<Self, UnitNameError> {
        if raw.chars().any(char::is_control) {
            return Err(UnitNameError::Invalid);
        }
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(UnitNameError::Empty);
        }
        if name.chars().count() > 300 {
            return Err(UnitNameError::Invalid);
        }
        Ok(Self(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitName {
    type Error = UnitNameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<UnitName> for String {
    fn from(name: UnitName) -> Self {
        name.0
    }
}

impl fmt::Display for UnitName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
