//! The lock on an account, as an object rather than the JSON it is kept as.

use async_graphql::{Enum, ID, SimpleObject};
use chamdiem_domain::account::LockReason;
use chrono::{DateTime, Utc};

/// Why an account is locked.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum LockKind {
    /// The appraiser submitted their appraisal (Điều 10.3).
    AppraisalSubmitted,
    /// An administrator locked it, with a reason.
    Administrator,
    /// Failed sign-ins locked it until a time (histories from before
    /// decision 0013 only).
    FailedSignIns,
}

crate::graphql::enums::by_graphql_name!(LockKind);

/// The lock on an account.
#[derive(SimpleObject, Clone, Debug)]
pub struct AccountLock {
    /// Why.
    pub kind: LockKind,
    /// The period whose appraisal was submitted.
    pub period_id: Option<ID>,
    /// The administrator's reason.
    pub reason: Option<String>,
    /// When it ends by itself, if it does.
    pub until: Option<DateTime<Utc>>,
}

impl From<&LockReason> for AccountLock {
    fn from(lock: &LockReason) -> Self {
        let (kind, period_id, reason) = match lock {
            LockReason::AppraisalSubmitted { period_id } => (
                LockKind::AppraisalSubmitted,
                Some(ID(period_id.to_string())),
                None,
            ),
            LockReason::Administrator { reason } => (
                LockKind::Administrator,
                None,
                Some(reason.as_str().to_owned()),
            ),
            LockReason::FailedSignIns { .. } => (LockKind::FailedSignIns, None, None),
        };
        Self {
            kind,
            period_id,
            reason,
            until: lock.until(),
        }
    }
}
