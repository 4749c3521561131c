//! Password hashing with argon2id (OWASP's recommended parameters, the
//! `argon2` crate's defaults), off the async runtime's worker threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Argon2, PasswordHash as PhcHash};
use chamdiem_domain::account::{Password, PasswordHash};

/// Hashing could not run.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// The argon2 library refused (should not happen with default parameters).
    #[error("password hashing failed: {0}")]
    Argon2(argon2::password_hash::Error),
    /// The blocking task was cancelled or panicked.
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Hashes a password with a fresh random salt.
pub async fn hash_password(password: Password) -> Result<PasswordHash, HashingError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|phc| PasswordHash::from_phc(phc.to_string()))
            .map_err(HashingError::Argon2)
    })
    .await?
}

/// Whether `candidate` matches `hash`. A malformed stored hash never matches.
pub async fn verify_password(candidate: String, hash: PasswordHash) -> Result<bool, HashingError> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PhcHash::new(hash.as_phc()) else {
            return false;
        };
        Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(HashingError::from)
}

#[cfg(test)]
mod tests {
    use chamdiem_domain::account::Username;

    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else()
    -> Result<(), Box<dyn std::error::Error>> {
        let username = Username::parse("quantri")?;
        let password = Password::parse("mật khẩu đủ dài 2026".into(), &username)?;
        let hash = hash_password(password).await?;
        assert!(hash.as_phc().starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu đủ dài 2026".into(), hash.clone()).await?);
        assert!(!verify_password("mật khẩu sai".into(), hash).await?);
        Ok(())
    }
}
