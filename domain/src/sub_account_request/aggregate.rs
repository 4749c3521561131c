use std::collections::BTreeSet;

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::{
    SubAccountRequestApproved, SubAccountRequestEvent, SubAccountRequestRejected,
    SubAccountsRequested,
};
use crate::account::{DisplayName, Permission, Username};
use crate::ids::{AccountId, SubAccountRequestId, UnitId};
use crate::self_assessment::FreeText;
use crate::{Code, ErrorCode};

/// One account asked for: a data-entry account of the subordinate unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedAccount {
    /// Its username.
    pub username: Username,
    /// Its display name.
    pub display_name: DisplayName,
    /// Its permissions.
    pub permissions: BTreeSet<Permission>,
}

/// What may be asked of a sub-account request.
#[derive(Debug, Clone)]
pub enum SubAccountCommand {
    /// Ask for accounts.
    Submit {
        /// The request's id.
        request_id: SubAccountRequestId,
        /// Who asks.
        requested_by: AccountId,
        /// The subordinate unit, checked by the caller to be one.
        unit_id: UnitId,
        /// The accounts.
        accounts: Vec<RequestedAccount>,
    },
    /// Approve; `taken` lists requested usernames already issued, as looked up.
    Approve {
        /// Usernames already in use.
        taken: Vec<Username>,
    },
    /// Reject, with a reason.
    Reject {
        /// Why.
        reason: FreeText,
    },
}

/// Why a sub-account command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubAccountError {
    /// The id is taken.
    #[error("yêu cầu này đã được gửi")]
    AlreadySubmitted,
    /// No such request.
    #[error("không có yêu cầu này")]
    NotSubmitted,
    /// Approved or rejected already.
    #[error("yêu cầu đã được xử lý")]
    AlreadyDecided,
    /// No account, or too many.
    #[error("mỗi yêu cầu có từ 1 đến {max} tài khoản")]
    Count {
        /// The most accounts per request.
        max: usize,
    },
    /// A username twice in the request.
    #[error("tên đăng nhập {0} bị lặp trong yêu cầu")]
    DuplicateUsername(String),
    /// A username already issued.
    #[error("tên đăng nhập đã được cấp: {0}")]
    UsernameTaken(String),
}

impl ErrorCode for SubAccountError {
    fn code(&self) -> Code {
        match self {
            Self::NotSubmitted => Code::NotFound,
            Self::AlreadySubmitted | Self::AlreadyDecided | Self::UsernameTaken(_) => {
                Code::Conflict
            }
            Self::Count { .. } | Self::DuplicateUsername(_) => Code::Validation,
        }
    }
}

/// The sub-account request aggregate.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct SubAccountRequest {
    state: Option<State>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    id: SubAccountRequestId,
    unit_id: UnitId,
    accounts: Vec<RequestedAccount>,
    decided: bool,
}

impl SubAccountRequest {
    /// The most accounts one request may ask for.
    pub const MAX_ACCOUNTS: usize = 20;

    /// The unit the accounts are for, once submitted.
    pub fn unit_id(&self) -> Option<UnitId> {
        self.state.as_ref().map(|s| s.unit_id)
    }

    /// The accounts asked for.
    pub fn accounts(&self) -> &[RequestedAccount] {
        self.state.as_ref().map_or(&[], |s| s.accounts.as_slice())
    }

    fn decide(
        &self,
        command: SubAccountCommand,
    ) -> Result<SubAccountRequestEvent, SubAccountError> {
        match command {
            SubAccountCommand::Submit {
                request_id,
                requested_by,
                unit_id,
                accounts,
            } => {
                if self.state.is_some() {
                    return Err(SubAccountError::AlreadySubmitted);
                }
                if accounts.is_empty() || accounts.len() > Self::MAX_ACCOUNTS {
                    return Err(SubAccountError::Count {
                        max: Self::MAX_ACCOUNTS,
                    });
                }
                let mut seen = BTreeSet::new();
                if let Some(repeated) = accounts.iter().find(|a| !seen.insert(a.username.as_str()))
                {
                    return Err(SubAccountError::DuplicateUsername(
                        repeated.username.to_string(),
                    ));
                }
                Ok(SubAccountRequestEvent::Requested(SubAccountsRequested {
                    request_id,
                    requested_by,
                    unit_id,
                    accounts,
                }))
            }
            SubAccountCommand::Approve { taken } => {
                let state = self.pending()?;
                if let Some(name) = taken.first() {
                    return Err(SubAccountError::UsernameTaken(name.to_string()));
                }
                Ok(SubAccountRequestEvent::Approved(
                    SubAccountRequestApproved {
                        request_id: state.id,
                        accounts: state
                            .accounts
                            .iter()
                            .map(|a| AccountId::for_username(a.username.as_str()))
                            .collect(),
                    },
                ))
            }
            SubAccountCommand::Reject { reason } => {
                let state = self.pending()?;
                Ok(SubAccountRequestEvent::Rejected(
                    SubAccountRequestRejected {
                        request_id: state.id,
                        reason,
                    },
                ))
            }
        }
    }

    fn pending(&self) -> Result<&State, SubAccountError> {
        let state = self.state.as_ref().ok_or(SubAccountError::NotSubmitted)?;
        if state.decided {
            return Err(SubAccountError::AlreadyDecided);
        }
        Ok(state)
    }
}

impl Aggregate for SubAccountRequest {
    const TYPE: &'static str = "sub_account_request";
    type Command = SubAccountCommand;
    type Event = SubAccountRequestEvent;
    type Error = SubAccountError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = self.decide(command)?;
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            SubAccountRequestEvent::Requested(e) => {
                self.state = Some(State {
                    id: e.request_id,
                    unit_id: e.unit_id,
                    accounts: e.accounts,
                    decided: false,
                });
            }
            SubAccountRequestEvent::Approved(_) | SubAccountRequestEvent::Rejected(_) => {
                if let Some(state) = &mut self.state {
                    state.decided = true;
                }
            }
        }
    }
}
