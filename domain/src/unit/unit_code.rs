use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::UnitId;

/// A unit's code (`S01`, `H27`, `X0412`): 1 to 20 ASCII letters, digits, `-`
/// or `_`, uppercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

/// Why a text is not a unit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitCodeError {
    /// Empty or longer than 20 characters.
    #[error("mã đơn vị có từ 1 đến 20 ký tự")]
    Length,
    /// A character outside letters, digits, `-` and `_`.
    #[error("mã đơn vị chỉ gồm chữ không dấu, chữ số, '-' và '_'")]
    Character,
}

impl UnitCode {
    /// Parses a code.
    pub fn parse(raw: &str) -> Result<Self, UnitCodeError> {
        let code = raw.trim().to_uppercase();
        if code.is_empty() || code.len() > 20 {
            return Err(UnitCodeError::Length);
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(UnitCodeError::Character);
        }
        Ok(Self(code))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of the unit with this code.
    pub fn unit_id(&self) -> UnitId {
        UnitId::for_code(&self.0)
    }
}

/// A unit named by its id or by its code (`S01`), as people and scripts
/// name it at the command line and in report addresses: one rule for both.
pub fn unit_id_from_id_or_code(text: &str) -> Result<UnitId, UnitCodeError> {
    match text.trim().parse::<UnitId>() {
        Ok(id) => Ok(id),
        Err(_) => UnitCode::parse(text).map(|code| code.unit_id()),
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<UnitCode> for String {
    fn from(code: UnitCode) -> Self {
        code.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_uppercased_and_give_stable_ids() {
        let code = UnitCode::parse(" s01 ").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code.as_str(), "S01");
        assert_eq!(code.unit_id(), UnitId::for_code("S01"));
        assert_ne!(code.unit_id(), UnitId::for_code("S02"));
    }

    #[test]
    fn bad_codes_are_refused() {
        assert_eq!(UnitCode::parse(""), Err(UnitCodeError::Length));
        assert_eq!(UnitCode::parse("Sở-01"), Err(UnitCodeError::Character));
    }
}
