use std::fmt;

use serde::{Deserialize, Serialize};

/// A sign-in name: 3 to 64 characters of lowercase ASCII letters, digits,
/// `.`, `_` and `-`, starting with a letter or digit.
///
/// Input is trimmed and lowercased, so `NguyenVanA` and `nguyenvana` are the
/// same account: two officials must never be told apart by letter case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Username(String);

/// Why a text is not a username.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    /// Shorter than the minimum or longer than the maximum.
    #[error("tên đăng nhập phải có từ {min} đến {max} ký tự (đang có {len})")]
    Length {
        /// Characters given.
        len: usize,
        /// Minimum.
        min: usize,
        /// Maximum.
        max: usize,
    },
    /// A character outside the allowed set.
    #[error(
        "tên đăng nhập không được chứa ký tự {0:?}; chỉ dùng chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang"
    )]
    Character(char),
    /// Starts with punctuation.
    #[error("tên đăng nhập phải bắt đầu bằng chữ hoặc chữ số")]
    Start,
}

impl Username {
    const MIN: usize = 3;
    const MAX: usize = 64;

    /// Parses user input into a username.
    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let name = raw.trim().to_lowercase();
        let len = name.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&len) {
            return Err(UsernameError::Length {
                len,
                min: Self::MIN,
                max: Self::MAX,
            });
        }
        if let Some(bad) = name.chars().find(|c| {
            !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        }) {
            return Err(UsernameError::Character(bad));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(UsernameError::Start);
        }
        Ok(Self(name))
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_is_trimmed_and_lowercased() {
        assert_eq!(
            Username::parse("  Admin.SoNoiVu ").map(|u| u.0),
            Ok("admin.sonoivu".into())
        );
    }

    #[test]
    fn vietnamese_letters_are_refused() {
        assert_eq!(
            Username::parse("quảntrị"),
            Err(UsernameError::Character('ả'))
        );
    }

    #[test]
    fn too_short_and_too_long_are_refused() {
        assert!(matches!(
            Username::parse("ab"),
            Err(UsernameError::Length { len: 2, .. })
        ));
        assert!(matches!(
            Username::parse(&"a".repeat(65)),
            Err(UsernameError::Length { .. })
        ));
    }

    #[test]
    fn punctuation_first_is_refused() {
        assert_eq!(Username::parse("-admin"), Err(UsernameError::Start));
    }
}
