//! One-time temporary passwords, for new accounts and resets.

use chamdiem_domain::account::{Password, Username};
use rand::Rng;
use rand::rngs::OsRng;
use secrecy::SecretString;

/// Letters and digits that cannot be mistaken for one another when read
/// aloud or copied from paper (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
/// 16 characters of 57: about 93 bits.
const LENGTH: usize = 16;

/// A fresh random password that passes the policy for `username`, as the
/// policy-checked value and as a secret to hand over once.
pub fn temporary_password(username: &Username) -> (Password, SecretString) {
    loop {
        let text: String = (0..LENGTH)
            .map(|_| char::from(ALPHABET[OsRng.gen_range(0..ALPHABET.len())]))
            .collect();
        // Retried only in the astronomically unlikely case that it contains
        // the username.
        if let Ok(password) = Password::parse(text.clone(), username) {
            return (password, SecretString::from(text));
        }
    }
}
