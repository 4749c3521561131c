use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::RequestedAccount;
use crate::ids::{AccountId, SubAccountRequestId, UnitId};
use crate::self_assessment::FreeText;

/// What happened to a sub-account request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(SubAccountRequestEventKind),
    doc = "Which SubAccountRequestEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum SubAccountRequestEvent {
    /// A unit asked for accounts.
    #[serde(rename = "SubAccountsRequested")]
    #[strum_discriminants(strum(serialize = "SubAccountsRequested"))]
    Requested(SubAccountsRequested),
    /// The administrator approved.
    #[serde(rename = "SubAccountRequestApproved")]
    #[strum_discriminants(strum(serialize = "SubAccountRequestApproved"))]
    Approved(SubAccountRequestApproved),
    /// The administrator rejected.
    #[serde(rename = "SubAccountRequestRejected")]
    #[strum_discriminants(strum(serialize = "SubAccountRequestRejected"))]
    Rejected(SubAccountRequestRejected),
}

/// A unit asked for accounts for a subordinate unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubAccountsRequested {
    /// The request.
    pub request_id: SubAccountRequestId,
    /// Who asked.
    pub requested_by: AccountId,
    /// The subordinate unit the accounts are for.
    pub unit_id: UnitId,
    /// The accounts asked for.
    pub accounts: Vec<RequestedAccount>,
}

/// The administrator approved; the accounts are issued next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubAccountRequestApproved {
    /// The request.
    pub request_id: SubAccountRequestId,
    /// The accounts to issue.
    pub accounts: Vec<AccountId>,
}

/// The administrator rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubAccountRequestRejected {
    /// The request.
    pub request_id: SubAccountRequestId,
    /// Why.
    pub reason: FreeText,
}

impl DomainEvent for SubAccountRequestEvent {
    fn event_type(&self) -> String {
        match self {
            Self::Requested(_) => "SubAccountsRequested",
            Self::Approved(_) => "SubAccountRequestApproved",
            Self::Rejected(_) => "SubAccountRequestRejected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
