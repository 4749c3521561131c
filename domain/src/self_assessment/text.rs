use std::fmt;

use serde::{Deserialize, Serialize};

/// Free text written by a user (an explanation, a reason): trimmed,
/// 1 to 10 000 characters, no control characters except line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FreeText(String);

/// Why a text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FreeTextError {
    /// Nothing but spaces.
    #[error("nội dung không được để trống")]
    Empty,
    /// Too long.
    #[error("nội dung dài quá {max} ký tự")]
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// A control character other than a line break or a tab.
    #[error("nội dung chứa ký tự điều khiển không hợp lệ")]
    ControlCharacter,
}

impl FreeText {
    /// The longest text accepted.
    pub const MAX: usize = 10_000;

    /// Parses user text.
    pub fn parse(raw: &str) -> Result<Self, FreeTextError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(FreeTextError::Empty);
        }
        if text.chars().count() > Self::MAX {
            return Err(FreeTextError::TooLong { max: Self::MAX });
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(FreeTextError::ControlCharacter);
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FreeText {
    type Error = FreeTextError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<FreeText> for String {
    fn from(text: FreeText) -> Self {
        text.0
    }
}

impl fmt::Display for FreeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
