//! Password hashing with argon2id (OWASP's recommended parameters, the
//! `argon2` crate's defaults), off the async runtime's worker threads, and
//! never more hashes at once than the machine has cores.

use std::num::NonZeroUsize;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Argon2, PasswordHash as PhcHash};
use chamdiem_domain::account::{Password, PasswordHash};
use tokio::sync::{AcquireError, Semaphore, SemaphorePermit};

/// Hashing could not run.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// The argon2 library refused (should not happen with default parameters).
    #[error("password hashing failed: {0}")]
    Argon2(argon2::password_hash::Error),
    /// The blocking task was cancelled or panicked.
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// The hashing slots were closed (they never are).
    #[error("password hashing slots closed: {0}")]
    Slots(#[from] AcquireError),
}

/// The slots hashes run in, one per core. Each argon2id run holds 19 MiB and
/// a core for tens of milliseconds: without a bound, a burst of sign-ins (a
/// deadline night, a brute-force run) or the national demo's account
/// issuance ran hundreds of blocking threads at once and held gigabytes. A
/// hash beyond the bound waits its turn on the async side.
fn hashing_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(slot_count()))
}

/// One slot per core.
fn slot_count() -> usize {
    std::thread::available_parallelism().map_or(2, NonZeroUsize::get)
}

/// Waits for a free hashing slot.
async fn hashing_slot() -> Result<SemaphorePermit<'static>, HashingError> {
    Ok(hashing_slots().acquire().await?)
}

/// Hashes a password with a fresh random salt.
pub async fn hash_password(password: Password) -> Result<PasswordHash, HashingError> {
    let _slot = hashing_slot().await?;
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
    let _slot = hashing_slot().await?;
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

    #[tokio::test]
    async fn a_hash_waits_while_every_slot_is_taken() -> Result<(), Box<dyn std::error::Error>> {
        // Every slot, once the other tests' hashes have given theirs back.
        let taken = hashing_slots()
            .acquire_many(u32::try_from(slot_count())?)
            .await?;
        let username = Username::parse("quantri")?;
        let password = Password::parse("mật khẩu đủ dài 2026".into(), &username)?;
        let mut hashing = tokio::spawn(hash_password(password));
        let waited =
            tokio::time::timeout(std::time::Duration::from_millis(300), &mut hashing).await;
        assert!(waited.is_err(), "no slot was free, yet the hash ran");
        drop(taken);
        let hash = hashing.await??;
        assert!(hash.as_phc().starts_with("$argon2id$"));
        Ok(())
    }
}
