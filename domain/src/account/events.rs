use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{CredentialId, DisplayName, Permission, Role, Username};
use crate::criteria::Department;
use crate::ids::{AccountId, PeriodId, UnitId};
use crate::self_assessment::FreeText;

/// What happened to an account. Each variant's stored name is spelled out
/// (`#[serde(rename)]` and [`DomainEvent::event_type`] agree) so that a Rust
/// rename never changes history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(AccountEventKind),
    doc = "Which AccountEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum AccountEvent {
    /// An account was issued (cấp tài khoản).
    #[serde(rename = "AccountIssued")]
    #[strum_discriminants(strum(serialize = "AccountIssued"))]
    AccountIssued(AccountIssued),
    /// Its permissions were expanded or restricted.
    #[serde(rename = "AccountPermissionsChanged")]
    #[strum_discriminants(strum(serialize = "AccountPermissionsChanged"))]
    PermissionsChanged(AccountPermissionsChanged),
    /// The holder changed the password.
    #[serde(rename = "AccountPasswordChanged")]
    #[strum_discriminants(strum(serialize = "AccountPasswordChanged"))]
    PasswordChanged(AccountPasswordChanged),
    /// An administrator reset the password.
    #[serde(rename = "AccountPasswordReset")]
    #[strum_discriminants(strum(serialize = "AccountPasswordReset"))]
    PasswordReset(AccountPasswordReset),
    /// An account was locked (khóa tài khoản).
    #[serde(rename = "AccountLocked")]
    #[strum_discriminants(strum(serialize = "AccountLocked"))]
    AccountLocked(AccountLocked),
    /// An account was unlocked.
    #[serde(rename = "AccountUnlocked")]
    #[strum_discriminants(strum(serialize = "AccountUnlocked"))]
    AccountUnlocked(AccountUnlocked),
    /// A sign-in failed on a wrong password.
    #[serde(rename = "AccountSignInFailed")]
    #[strum_discriminants(strum(serialize = "AccountSignInFailed"))]
    SignInFailed(AccountSignInFailed),
}

/// An account was issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountIssued {
    /// The new account.
    pub account_id: AccountId,
    /// Its sign-in name.
    pub username: Username,
    /// Its display name.
    pub display_name: DisplayName,
    /// Its role.
    pub role: Role,
    /// The unit it enters data for, for data-entry accounts.
    pub unit_id: Option<UnitId>,
    /// The department it appraises for, for appraisers.
    #[serde(default)]
    pub department: Option<Department>,
    /// Its permissions.
    #[serde(default)]
    pub permissions: BTreeSet<Permission>,
    /// Its initial password, stored outside the history.
    pub credential: CredentialId,
    /// Whether the holder must choose a new password at the next sign-in.
    pub must_change_password: bool,
}

/// Permissions were expanded or restricted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountPermissionsChanged {
    /// The account.
    pub account_id: AccountId,
    /// What was added.
    pub granted: Option<Permission>,
    /// What was taken away.
    pub revoked: Option<Permission>,
    /// The permissions now.
    pub permissions: BTreeSet<Permission>,
}

/// The holder changed the password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountPasswordChanged {
    /// The account.
    pub account_id: AccountId,
    /// The new password, stored outside the history.
    pub credential: CredentialId,
}

/// An administrator reset the password to a temporary one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountPasswordReset {
    /// The account.
    pub account_id: AccountId,
    /// The temporary password, stored outside the history; it must be
    /// changed at next sign-in.
    pub credential: CredentialId,
}

/// An account was locked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountLocked {
    /// The account.
    pub account_id: AccountId,
    /// Why.
    pub reason: LockReason,
}

/// Why an account is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum LockReason {
    /// The appraiser submitted their appraisal (Điều 10.3). No longer
    /// written: a submission now closes that period's worksheet and leaves
    /// the account open for other periods (decision 0021); kept so that
    /// older histories still read.
    #[serde(rename = "appraisal_submitted")]
    AppraisalSubmitted {
        /// The period whose appraisal was submitted.
        period_id: PeriodId,
    },
    /// An administrator locked it.
    #[serde(rename = "administrator")]
    Administrator {
        /// Why.
        reason: FreeText,
    },
    /// Five wrong passwords within fifteen minutes: locked until `until`.
    /// No longer written (failed sign-ins now slow sign-in down instead,
    /// decision 0013); kept so that older histories still read.
    #[serde(rename = "failed_sign_ins")]
    FailedSignIns {
        /// When the lock ends by itself.
        until: DateTime<Utc>,
    },
}

impl LockReason {
    /// When the lock ends by itself, if it does.
    pub fn until(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::FailedSignIns { until } => Some(*until),
            _ => None,
        }
    }

    /// Whether the lock still holds at `at`.
    pub fn holds_at(&self, at: DateTime<Utc>) -> bool {
        self.until().is_none_or(|until| at < until)
    }
}

/// An account was unlocked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountUnlocked {
    /// The account.
    pub account_id: AccountId,
    /// Why.
    pub reason: FreeText,
}

/// A sign-in failed on a wrong password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSignInFailed {
    /// The account.
    pub account_id: AccountId,
    /// When.
    pub at: DateTime<Utc>,
    /// Failures within the last fifteen minutes, this one included.
    pub recent_failures: u32,
}

impl AccountEvent {
    /// The stored names of the events that set a password. In version 1
    /// their payload held the password's hash (`password_hash`); from
    /// version 2 it names a [`CredentialId`] (`credential`).
    pub const CARRIES_CREDENTIAL: [&'static str; 3] = [
        "AccountIssued",
        "AccountPasswordChanged",
        "AccountPasswordReset",
    ];
}

impl DomainEvent for AccountEvent {
    fn event_type(&self) -> String {
        match self {
            Self::AccountIssued(_) => "AccountIssued",
            Self::PermissionsChanged(_) => "AccountPermissionsChanged",
            Self::PasswordChanged(_) => "AccountPasswordChanged",
            Self::PasswordReset(_) => "AccountPasswordReset",
            Self::AccountLocked(_) => "AccountLocked",
            Self::AccountUnlocked(_) => "AccountUnlocked",
            Self::SignInFailed(_) => "AccountSignInFailed",
        }
        .to_owned()
    }

    /// Version 2 of the events that set a password names a credential;
    /// version 1 held the hash itself, and is read through
    /// [`AccountEvent::CARRIES_CREDENTIAL`] with the hash taken out.
    fn event_version(&self) -> String {
        match self {
            Self::AccountIssued(_) | Self::PasswordChanged(_) | Self::PasswordReset(_) => "2",
            _ => "1",
        }
        .to_owned()
    }
}
