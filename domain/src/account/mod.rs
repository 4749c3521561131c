//! Accounts (tài khoản): who may sign in, with which role, for which unit or
//! department, with which permissions, and whether they are locked.

mod account_list_import;
mod aggregate;
mod commands;
mod credential_id;
mod display_name;
mod errors;
mod events;
mod password;
mod password_hash;
mod permission;
mod role;
mod username;

pub use account_list_import::{
    ACCOUNT_LIST_COLUMNS, ACCOUNT_LIST_OPTIONAL, AccountListEntry, MAX_ACCOUNTS,
    account_list_from_table, read_account_list,
};
pub use aggregate::{Account, FAILURE_WINDOW_MINUTES};
pub use commands::{AccountCommand, IssueAccount};
pub use credential_id::CredentialId;
pub use display_name::{DisplayName, DisplayNameError};
pub use errors::AccountError;
pub use events::{
    AccountEvent, AccountEventKind, AccountIssued, AccountLocked, AccountPasswordChanged,
    AccountPasswordReset, AccountPermissionsChanged, AccountSignInFailed, AccountUnlocked,
    LockReason,
};
pub use password::{Password, PasswordError};
pub use password_hash::PasswordHash;
pub use permission::Permission;
pub use role::Role;
pub use username::{Username, UsernameError};

#[cfg(test)]
mod tests;
