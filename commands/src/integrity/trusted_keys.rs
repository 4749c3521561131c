//! The public keys whose checkpoints a verifier trusts (decision 0015).
//!
//! A checkpoint proves something only when its signer is known beforehand:
//! anyone who rewrites a history can sign a checkpoint of it with a key of
//! their own and put it beside it (in the database, in an archive). So a
//! checkpoint counts only when it is signed by one of these keys, given to
//! the verifier from outside what is being verified: a flag, the server's
//! configuration, a published key.

use std::collections::BTreeSet;

use super::{CheckpointError, SignedCheckpoint};

/// The trusted ed25519 public keys (32 bytes each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedKeys(BTreeSet<[u8; 32]>);

impl TrustedKeys {
    /// Parses public keys given as hex text (64 characters each).
    pub fn parse<S: AsRef<str>>(keys: &[S]) -> Result<Self, CheckpointError> {
        keys.iter()
            .map(|key| parse_key(key.as_ref()).ok_or(CheckpointError::TrustedKey))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// These keys and `key` too.
    pub fn with(mut self, key: [u8; 32]) -> Self {
        self.0.insert(key);
        self
    }

    /// Whether `public_key` (hex) is one of these.
    pub fn trusts(&self, public_key: &str) -> bool {
        parse_key(public_key).is_some_and(|key| self.0.contains(&key))
    }

    /// Whether no key is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `checkpoint` counts: its signature verifies and its signer
    /// is trusted.
    pub fn check(&self, checkpoint: &SignedCheckpoint) -> Result<(), CheckpointError> {
        checkpoint.verify_signature()?;
        if self.is_empty() {
            return Err(CheckpointError::NoTrustedKey);
        }
        match parse_key(&checkpoint.public_key) {
            Some(key) if self.0.contains(&key) => Ok(()),
            _ => Err(CheckpointError::UntrustedKey),
        }
    }
}

fn parse_key(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text.trim())
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_keys_are_refused() {
        assert!(TrustedKeys::parse(&["abc"]).is_err());
        assert!(TrustedKeys::parse(&["zz".repeat(32)]).is_err());
        assert!(TrustedKeys::parse(&["ab".repeat(32)]).is_ok());
        assert!(TrustedKeys::parse::<&str>(&[]).is_ok_and(|k| k.is_empty()));
    }
}
