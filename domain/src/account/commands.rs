use super::{DisplayName, LockReason, PasswordHash, Role, Username};
use crate::ids::{AccountId, UnitId};

/// What may be asked of an account.
#[derive(Debug, Clone)]
pub enum AccountCommand {
    /// Issue a new account.
    Issue(IssueAccount),
    /// Lock the account: its sessions end and it cannot sign in.
    Lock(LockReason),
}

/// Issue an account. The password is already hashed: hashing is I/O-free but
/// slow and salted, so it happens on the write side before the command.
#[derive(Debug, Clone)]
pub struct IssueAccount {
    /// The id the new account gets.
    pub account_id: AccountId,
    /// Its sign-in name.
    pub username: Username,
    /// Its display name.
    pub display_name: DisplayName,
    /// Its role.
    pub role: Role,
    /// The unit it enters data for; required for data-entry accounts.
    pub unit_id: Option<UnitId>,
    /// The argon2id hash of its initial password.
    pub password_hash: PasswordHash,
    /// Whether the holder must choose a new password at the next sign-in.
    pub must_change_password: bool,
}
