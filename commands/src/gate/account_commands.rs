//! Accounts and sub-account requests.

use chamdiem_domain::Code;
use chamdiem_domain::account::Permission;
use chamdiem_domain::ids::{AccountId, SubAccountRequestId, UnitId};
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::sub_account_request::RequestedAccount;

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::handlers::{IssueAccountRequest, IssuedFromSheet, TemporaryCredentials};
use crate::policy::Action;
use chamdiem_domain::table_file::Table;

impl GateCommand for IssueAccountRequest {
    type Output = TemporaryCredentials;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::IssueAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<TemporaryCredentials, CommandError> {
        on.write.issue_account(on.metadata, self).await
    }
}

/// Issue the accounts of a sheet, all or none.
#[derive(Debug, Clone)]
pub struct ImportAccounts {
    /// The sheet.
    pub table: Table,
}

impl GateCommand for ImportAccounts {
    type Output = Vec<IssuedFromSheet>;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::IssueAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<Vec<IssuedFromSheet>, CommandError> {
        on.write.import_accounts(on.metadata, &self.table).await
    }
}

/// Expand an account's permissions.
#[derive(Debug, Clone)]
pub struct GrantPermission {
    /// The account.
    pub account: AccountId,
    /// The permission.
    pub permission: Permission,
}

impl GateCommand for GrantPermission {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .grant_permission(on.metadata, self.account, self.permission)
            .await
    }
}

/// Restrict an account's permissions.
#[derive(Debug, Clone)]
pub struct RevokePermission {
    /// The account.
    pub account: AccountId,
    /// The permission.
    pub permission: Permission,
}

impl GateCommand for RevokePermission {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .revoke_permission(on.metadata, self.account, self.permission)
            .await
    }
}

/// Reset an account's password to a temporary one.
#[derive(Debug, Clone)]
pub struct ResetPassword {
    /// The account.
    pub account: AccountId,
}

impl GateCommand for ResetPassword {
    type Output = TemporaryCredentials;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<TemporaryCredentials, CommandError> {
        on.write.reset_password(on.metadata, self.account).await
    }
}

/// Lock an account, with a reason.
#[derive(Debug, Clone)]
pub struct LockAccount {
    /// The account.
    pub account: AccountId,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for LockAccount {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .lock_account(on.metadata, self.account, self.reason)
            .await
    }
}

/// Unlock an account, with a reason.
#[derive(Debug, Clone)]
pub struct UnlockAccount {
    /// The account.
    pub account: AccountId,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for UnlockAccount {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageAccount)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .unlock_account(on.metadata, self.account, self.reason)
            .await
    }
}

/// Change one's own password.
#[derive(Debug, Clone)]
pub struct ChangeOwnPassword {
    /// The current password.
    pub current: String,
    /// The new password.
    pub new: String,
}

impl GateCommand for ChangeOwnPassword {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ChangeOwnPassword)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .change_password(on.metadata, on.caller.account_id, self.current, self.new)
            .await
    }
}

/// Ask for accounts for a subordinate of the caller's unit.
#[derive(Debug, Clone)]
pub struct RequestSubAccounts {
    /// The subordinate unit.
    pub unit: UnitId,
    /// The accounts.
    pub accounts: Vec<RequestedAccount>,
}

impl GateCommand for RequestSubAccounts {
    type Output = SubAccountRequestId;

    async fn action(&self, facts: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::RequestSubAccounts {
            parent: facts.caller.and_then(|c| c.unit),
        })
    }

    async fn run(self, on: Allowed<'_>) -> Result<SubAccountRequestId, CommandError> {
        let parent = on.caller.unit.ok_or_else(|| {
            CommandError::refused(Code::Forbidden, "tài khoản không thuộc đơn vị nào")
        })?;
        on.write
            .request_sub_accounts(
                on.metadata,
                on.caller.account_id,
                parent,
                self.unit,
                self.accounts,
            )
            .await
    }
}

/// Approve a sub-account request: its accounts are issued.
#[derive(Debug, Clone)]
pub struct ApproveSubAccountRequest {
    /// The request.
    pub request: SubAccountRequestId,
}

impl GateCommand for ApproveSubAccountRequest {
    type Output = Vec<TemporaryCredentials>;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::DecideSubAccountRequest)
    }

    async fn run(self, on: Allowed<'_>) -> Result<Vec<TemporaryCredentials>, CommandError> {
        on.write
            .approve_sub_account_request(on.metadata, self.request)
            .await
    }
}

/// Reject a sub-account request, with a reason.
#[derive(Debug, Clone)]
pub struct RejectSubAccountRequest {
    /// The request.
    pub request: SubAccountRequestId,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for RejectSubAccountRequest {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::DecideSubAccountRequest)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .reject_sub_account_request(on.metadata, self.request, self.reason)
            .await
    }
}
