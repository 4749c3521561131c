use std::fmt;

use super::Username;

/// A clear-text password that passed the password policy. It exists only
/// between the prompt and the hasher: it is never serialised, and its `Debug`
/// output hides it so that it cannot reach a log line by accident.
pub struct Password(String);

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than the minimum.
    #[error("mật khẩu phải có ít nhất {min} ký tự")]
    TooShort {
        /// Minimum number of characters.
        min: usize,
    },
    /// Longer than the maximum (hashing cost is bounded).
    #[error("mật khẩu có tối đa {max} ký tự")]
    TooLong {
        /// Maximum number of characters.
        max: usize,
    },
    /// Contains the username, or the username contains it.
    #[error("mật khẩu không được chứa tên đăng nhập")]
    ContainsUsername,
}

impl Password {
    /// Minimum length, in characters.
    pub const MIN: usize = 12;
    /// Maximum length, in characters.
    pub const MAX: usize = 256;

    /// Checks a candidate password against the policy for `username`.
    pub fn parse(raw: String, username: &Username) -> Result<Self, PasswordError> {
        let len = raw.chars().count();
        if len < Self::MIN {
            return Err(PasswordError::TooShort { min: Self::MIN });
        }
        if len > Self::MAX {
            return Err(PasswordError::TooLong { max: Self::MAX });
        }
        let lowered = raw.to_lowercase();
        if lowered.contains(username.as_str()) || username.as_str().contains(&lowered) {
            return Err(PasswordError::ContainsUsername);
        }
        Ok(Self(raw))
    }

    /// The clear text, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> Result<Username, super::super::UsernameError> {
        Username::parse("admin")
    }

    #[test]
    fn short_passwords_are_refused() {
        let refused = admin().map(|u| Password::parse("ngắn-quá".into(), &u).err());
        assert_eq!(refused, Ok(Some(PasswordError::TooShort { min: 12 })));
    }

    #[test]
    fn the_username_may_not_hide_in_the_password() {
        let refused = admin().map(|u| Password::parse("MyADMIN-2026-pass".into(), &u).err());
        assert_eq!(refused, Ok(Some(PasswordError::ContainsUsername)));
    }

    #[test]
    fn debug_output_hides_the_password() {
        let shown = admin()
            .map(|u| Password::parse("mật khẩu rất dài 2026".into(), &u))
            .map(|p| format!("{p:?}"));
        assert_eq!(shown, Ok("Ok(Password(***))".to_owned()));
    }
}
