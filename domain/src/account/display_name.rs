use std::fmt;

use serde::{Deserialize, Serialize};

/// The name shown for an account, in Vietnamese: 1 to 200 characters, no
/// control characters, surrounding spaces removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisplayName(String);

/// Why a text is not a display name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    /// Nothing but spaces.
    #[error("tên hiển thị không được để trống")]
    Empty,
    /// Over the maximum length.
    #[error("tên hiển thị có tối đa {max} ký tự")]
    TooLong {
        /// Maximum.
        max: usize,
    },
    /// A control character (newline, tab, NUL…).
    #[error("tên hiển thị không được chứa ký tự điều khiển")]
    ControlCharacter,
}

impl DisplayName {
    const MAX: usize = 200;

    /// Parses user input into a display name.
    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if name.chars().count() > Self::MAX {
            return Err(DisplayNameError::TooLong { max: Self::MAX });
        }
        if name.chars().any(char::is_control) {
            return Err(DisplayNameError::ControlCharacter);
        }
        Ok(Self(name.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_names_are_kept_exactly() {
        let name = DisplayName::parse(" Quản trị Sở Nội vụ ");
        assert_eq!(name.map(|n| n.0), Ok("Quản trị Sở Nội vụ".to_owned()));
    }

    #[test]
    fn empty_and_control_characters_are_refused() {
        assert_eq!(DisplayName::parse("   "), Err(DisplayNameError::Empty));
        assert_eq!(
            DisplayName::parse("a\nb"),
            Err(DisplayNameError::ControlCharacter)
        );
    }
}
