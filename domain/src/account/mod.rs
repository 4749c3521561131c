//! Accounts (tài khoản): who may sign in, with which role, for which unit.
//!
//! This module holds the value objects an account is made of and the
//! `Account` aggregate. Issuing the very first administrator is the only
//! command so far; permissions, locks and password changes join it later.

mod aggregate;
mod commands;
mod display_name;
mod errors;
mod events;
mod password;
mod password_hash;
mod role;
mod username;

pub use aggregate::Account;
pub use commands::{AccountCommand, IssueAccount};
pub use display_name::{DisplayName, DisplayNameError};
pub use errors::AccountError;
pub use events::{AccountEvent, AccountIssued, AccountLocked, LockReason};
pub use password::{Password, PasswordError};
pub use password_hash::PasswordHash;
pub use role::Role;
pub use username::{Username, UsernameError};
