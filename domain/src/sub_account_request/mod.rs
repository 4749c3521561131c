//! Sub-account requests (Điều 6.1, 8.2): a unit asks the administrator for
//! accounts for one of its subordinate units; the administrator approves
//! (and the accounts are issued) or rejects, with a reason.

mod aggregate;
mod events;

pub use aggregate::{RequestedAccount, SubAccountCommand, SubAccountError, SubAccountRequest};
pub use events::{
    SubAccountRequestApproved, SubAccountRequestEvent, SubAccountRequestEventKind,
    SubAccountRequestRejected, SubAccountsRequested,
};

#[cfg(test)]
mod tests;
