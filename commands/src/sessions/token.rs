use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// A fresh bearer token: 32 random bytes in hex.
pub fn new_token() -> SecretString {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    SecretString::from(hex::encode(bytes))
}

/// What is stored of a token: its SHA-256, in hex. A token is random and
/// long, so a fast hash is enough (no dictionary to try).
pub fn token_hash(token: &SecretString) -> String {
    hex::encode(Sha256::digest(token.expose_secret().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.expose_secret().len(), 64);
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_ne!(token_hash(&a), a.expose_secret().to_owned());
        assert_eq!(
            token_hash(&a),
            token_hash(&SecretString::from(a.expose_secret().to_owned()))
        );
    }
}
