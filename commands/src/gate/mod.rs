//! The only door to the write side for a caller: authenticate, look up the
//! relations the policy needs, authorize, then run the handler with the
//! caller's metadata. The API calls this, never a handler directly.
//!
//! Each command is its own type implementing [`GateCommand`], with its own
//! output (an issued account's credentials, a new period's id, nothing), so
//! that one generic path carries every command and no caller unpacks an
//! outcome it has to guess the shape of.

mod account_commands;
mod appraisal_commands;
mod correction_commands;
mod criteria_set_commands;
mod period_commands;
mod scorecard_commands;
mod unit_commands;

use std::future::Future;

use chamdiem_domain::Code;

use crate::command_error::CommandError;
use crate::metadata::{CommandMetadata, RequestContext};
use crate::policy::{Action, authorize};
use crate::sessions::Principal;
use crate::write_side::WriteSide;

pub use account_commands::{
    ApproveSubAccountRequest, ChangeOwnPassword, GrantPermission, ImportAccounts, LockAccount,
    RejectSubAccountRequest, RequestSubAccounts, ResetPassword, RevokePermission, UnlockAccount,
};
pub use appraisal_commands::{Appraise, SubmitAppraisal};
pub use correction_commands::{
    CorrectAppraisal, OpenComplaintWindow, ReaggregateResults, RecordCouncilAgreement, ReopenLeaf,
};
pub use criteria_set_commands::{
    ImportCriteriaCsv, ImportCriteriaTable, PublishCriteriaSet, SetClassificationBands,
};
pub use period_commands::{
    AssignAppraiser, CloseAppraisal, ExemptFromAppraisal, ExtendDeadline, FinalizeResults,
    MoveAssignment, PublishResults,
};
pub use scorecard_commands::{ImportSurveyForms, OnScorecard};
pub use unit_commands::{DeactivateUnit, ImportUnits, RenameUnit};

/// What the policy needs to decide on a command: the caller and the write
/// side to look relations up in (an appraiser's assignment).
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    /// The write side.
    pub write: &'a WriteSide,
    /// The caller, if signed in.
    pub caller: Option<&'a Principal>,
}

/// What a command runs with once allowed.
#[derive(Clone, Copy)]
pub struct Allowed<'a> {
    /// The write side.
    pub write: &'a WriteSide,
    /// The caller.
    pub caller: &'a Principal,
    /// The metadata its events carry.
    pub metadata: &'a CommandMetadata,
}

/// A command a caller can give through the gate.
pub trait GateCommand: Send {
    /// What it produces.
    type Output: Send;

    /// The policy's view of it: the action, with the relations it needs
    /// looked up once.
    fn action(&self, facts: Facts<'_>)
    -> impl Future<Output = Result<Action, CommandError>> + Send;

    /// Runs it; called only once the policy allows it.
    fn run(
        self,
        allowed: Allowed<'_>,
    ) -> impl Future<Output = Result<Self::Output, CommandError>> + Send;
}

/// Authorizes and runs commands for callers.
#[derive(Clone)]
pub struct Gate {
    write: WriteSide,
}

impl Gate {
    /// A gate in front of `write`.
    pub fn new(write: WriteSide) -> Self {
        Self { write }
    }

    /// The time now, by the clock commands are decided by (so that what
    /// is read about deadlines and locks agrees with what is decided).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.write.now()
    }

    /// The policy's view of `command` for `caller`: the action and its
    /// relations, looked up.
    pub async fn action<C: GateCommand>(
        &self,
        caller: Option<&Principal>,
        command: &C,
    ) -> Result<Action, CommandError> {
        command
            .action(Facts {
                write: &self.write,
                caller,
            })
            .await
    }

    /// Runs `command` for `caller` (none: not signed in) if the policy allows it.
    pub async fn execute<C: GateCommand>(
        &self,
        caller: Option<&Principal>,
        request: &RequestContext,
        command: C,
    ) -> Result<C::Output, CommandError> {
        let action = self.action(caller, &command).await?;
        authorize(caller, &action)?;
        let Some(caller) = caller else {
            return Err(CommandError::refused(
                Code::Unauthenticated,
                "bạn cần đăng nhập",
            ));
        };
        let metadata = caller.metadata(request);
        command
            .run(Allowed {
                write: &self.write,
                caller,
                metadata: &metadata,
            })
            .await
    }
}
