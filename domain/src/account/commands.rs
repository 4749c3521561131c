use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::{CredentialId, DisplayName, LockReason, Permission, Role, Username};
use crate::criteria::Department;
use crate::ids::{AccountId, UnitId};
use crate::self_assessment::FreeText;

/// What may be asked of an account.
#[derive(Debug, Clone)]
pub enum AccountCommand {
    /// Issue a new account.
    Issue(IssueAccount),
    /// Expand its permissions.
    GrantPermission(Permission),
    /// Restrict its permissions.
    RevokePermission(Permission),
    /// The holder changes the password; the write side has checked the
    /// current one.
    ChangePassword {
        /// Whether the current password given was right.
        current_password_verified: bool,
        /// The new password, already stored.
        new_credential: CredentialId,
    },
    /// An administrator resets the password to a temporary one that must be
    /// changed at the next sign-in (Điều 16.5).
    ResetPassword {
        /// The temporary password, already stored.
        temporary_credential: CredentialId,
    },
    /// Lock the account: its sessions end and it cannot sign in.
    Lock(LockReason),
    /// An administrator unlocks the account.
    Unlock {
        /// Why.
        reason: FreeText,
    },
    /// A sign-in with a wrong password (recorded, never a lock: see
    /// [`crate::account::FAILURE_WINDOW_MINUTES`]).
    RecordFailedSignIn {
        /// When.
        at: DateTime<Utc>,
    },
}

/// Issue an account. The password is already hashed and stored outside the
/// history by the write side (hashing is slow and salted); the command
/// names the stored credential.
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
    /// The department it appraises for; required for appraisers.
    pub department: Option<Department>,
    /// Its permissions (data-entry accounts only).
    pub permissions: BTreeSet<Permission>,
    /// Its initial password, already stored.
    pub credential: CredentialId,
    /// Whether the holder must choose a new password at the next sign-in.
    pub must_change_password: bool,
}
