//! Sign-in, bearer tokens and the principal a token stands for.
//!
//! A token is 256 random bits, shown to the client once and stored only as
//! its SHA-256. It stops working when it expires, when the holder signs out,
//! and for good the moment the account is locked or its password changes or
//! is reset: every request checks the account's session epoch, not a copy.

mod account_turns;
mod client_budget;
mod principal;
mod session_store;
mod sign_in;
mod throttle;
mod token;

pub use principal::Principal;
pub use sign_in::{SessionSettings, Sessions, SignedIn};
pub use throttle::ThrottleSettings;
