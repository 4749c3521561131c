use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{DisplayName, PasswordHash, Role, Username};
use crate::ids::{AccountId, PeriodId, UnitId};

/// What happened to an account. Each variant's stored name is spelled out
/// (`#[serde(rename)]` and [`DomainEvent::event_type`] agree) so that a Rust
/// rename never changes history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AccountEvent {
    /// An account was issued (cấp tài khoản).
    #[serde(rename = "AccountIssued")]
    AccountIssued(AccountIssued),
    /// An account was locked (khóa tài khoản).
    #[serde(rename = "AccountLocked")]
    AccountLocked(AccountLocked),
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
    /// The appraiser submitted their appraisal (Điều 10.3): the software
    /// locks the account automatically.
    #[serde(rename = "appraisal_submitted")]
    AppraisalSubmitted {
        /// The period whose appraisal was submitted.
        period_id: PeriodId,
    },
}

/// An account was issued with a role and, for unit-bound roles, a unit.
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
    /// The unit it enters data for, for unit-bound roles.
    pub unit_id: Option<UnitId>,
    /// The argon2id hash of its initial password.
    pub password_hash: PasswordHash,
    /// Whether the holder must choose a new password at the next sign-in.
    pub must_change_password: bool,
}

impl DomainEvent for AccountEvent {
    fn event_type(&self) -> String {
        match self {
            Self::AccountIssued(_) => "AccountIssued",
            Self::AccountLocked(_) => "AccountLocked",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
