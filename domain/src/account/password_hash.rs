use std::fmt;

use serde::{Deserialize, Serialize};

/// A password hash in PHC string format (argon2id), as produced by the write
/// side's hasher. The domain only carries it; it never computes or checks one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string produced by the hasher.
    pub fn from_phc(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, for verification.
    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A hash is not a secret in the way a password is, but it is offline
        // attack material: keep it out of logs too.
        f.write_str("PasswordHash(***)")
    }
}
