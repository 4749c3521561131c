use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which stored password an account signs in with. Events name the
/// credential, never its hash: the hash lives outside the history, in the
/// store's credentials table, so that nobody who may read the history can
/// take it away to guess at (ops/decisions/0017).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CredentialId(Uuid);

/// The namespace of credentials carried over from histories that held the
/// hash in the event itself.
const CARRIED_OVER: Uuid = Uuid::from_u128(0x6368_616d_6469_656d_2d63_7265_6465_6e74);

impl CredentialId {
    /// Wraps an id the write side drew at random.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The credential that a version-1 event (which held the hash itself)
    /// at `sequence` of `account` set: the same id every time it is asked,
    /// so that the store's migration and every later read of that event
    /// agree without writing anything down.
    pub fn carried_over(account: &str, sequence: u64) -> Self {
        Self(Uuid::new_v5(
            &CARRIED_OVER,
            format!("{account}/{sequence}").as_bytes(),
        ))
    }

    /// The id as stored.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_carried_over_credential_depends_on_account_and_sequence_only() {
        let first = CredentialId::carried_over("a", 1);
        assert_eq!(first, CredentialId::carried_over("a", 1));
        assert_ne!(first, CredentialId::carried_over("a", 2));
        assert_ne!(first, CredentialId::carried_over("b", 1));
    }
}
