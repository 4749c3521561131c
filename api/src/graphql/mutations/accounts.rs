use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chamdiem_commands::gate::{CommandOutcome, CommandRequest};
use chamdiem_commands::handlers::{IssueAccountRequest, TemporaryCredentials};
use chamdiem_domain::account::{DisplayName, Username};
use chamdiem_domain::criteria::Department;
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::sub_account_request::RequestedAccount;
use secrecy::ExposeSecret;

use super::id;
use crate::graphql::command_runner::{acknowledged, field, run};
use crate::graphql::enums::{PermissionGql, RoleGql};

/// An account with its one-time temporary password.
#[derive(SimpleObject)]
pub struct IssuedAccount {
    /// The account's id.
    pub account_id: ID,
    /// Its temporary password: hand it over once; it must be changed first.
    pub temporary_password: String,
}

fn issued(outcome: CommandOutcome) -> Vec<IssuedAccount> {
    match outcome {
        CommandOutcome::Credentials(credentials) => credentials
            .into_iter()
            .map(
                |TemporaryCredentials {
                     account_id,
                     temporary_password,
                 }| IssuedAccount {
                    account_id: ID(account_id.to_string()),
                    temporary_password: temporary_password.expose_secret().to_owned(),
                },
            )
            .collect(),
        _ => Vec::new(),
    }
}

/// An account to issue.
#[derive(InputObject)]
pub struct IssueAccountInput {
    /// Sign-in name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: RoleGql,
    /// Unit, for data-entry accounts.
    pub unit_id: Option<ID>,
    /// Department, for appraisers.
    pub department: Option<String>,
    /// Permissions of a data-entry account (default: enters scores).
    pub permissions: Option<Vec<PermissionGql>>,
}

/// An account asked for a subordinate unit.
#[derive(InputObject)]
pub struct RequestedAccountInput {
    /// Sign-in name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Permissions.
    pub permissions: Vec<PermissionGql>,
}

/// Account mutations.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Issues an account (administrators).
    async fn issue_account(
        &self,
        context: &Context<'_>,
        input: IssueAccountInput,
    ) -> async_graphql::Result<IssuedAccount> {
        let request = IssueAccountRequest {
            username: field("username", Username::parse(&input.username))?,
            display_name: field("displayName", DisplayName::parse(&input.display_name))?,
            role: input.role.into(),
            unit_id: input
                .unit_id
                .as_ref()
                .map(|u| id("unitId", u))
                .transpose()?,
            department: input
                .department
                .as_deref()
                .map(|d| field("department", Department::parse(d)))
                .transpose()?,
            permissions: input
                .permissions
                .map(|list| list.into_iter().map(Into::into).collect()),
        };
        let outcome = run(context, CommandRequest::IssueAccount(request)).await?;
        issued(outcome)
            .pop()
            .ok_or_else(|| "no account issued".into())
    }

    /// Expands an account's permissions (administrators).
    async fn grant_permission(
        &self,
        context: &Context<'_>,
        account_id: ID,
        permission: PermissionGql,
    ) -> async_graphql::Result<bool> {
        let account = id("accountId", &account_id)?;
        acknowledged(
            context,
            CommandRequest::GrantPermission {
                account,
                permission: permission.into(),
            },
        )
        .await
    }

    /// Restricts an account's permissions (administrators).
    async fn revoke_permission(
        &self,
        context: &Context<'_>,
        account_id: ID,
        permission: PermissionGql,
    ) -> async_graphql::Result<bool> {
        let account = id("accountId", &account_id)?;
        acknowledged(
            context,
            CommandRequest::RevokePermission {
                account,
                permission: permission.into(),
            },
        )
        .await
    }

    /// Resets a password to a temporary one (administrators).
    async fn reset_password(
        &self,
        context: &Context<'_>,
        account_id: ID,
    ) -> async_graphql::Result<IssuedAccount> {
        let account = id("accountId", &account_id)?;
        let outcome = run(context, CommandRequest::ResetPassword { account }).await?;
        issued(outcome)
            .pop()
            .ok_or_else(|| "no password reset".into())
    }

    /// Locks an account, with a reason (administrators).
    async fn lock_account(
        &self,
        context: &Context<'_>,
        account_id: ID,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let account = id("accountId", &account_id)?;
        let reason = field("reason", FreeText::parse(&reason))?;
        acknowledged(context, CommandRequest::LockAccount { account, reason }).await
    }

    /// Unlocks an account, with a reason (administrators).
    async fn unlock_account(
        &self,
        context: &Context<'_>,
        account_id: ID,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let account = id("accountId", &account_id)?;
        let reason = field("reason", FreeText::parse(&reason))?;
        acknowledged(context, CommandRequest::UnlockAccount { account, reason }).await
    }

    /// Changes one's own password; every session of the account ends.
    async fn change_password(
        &self,
        context: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<bool> {
        acknowledged(
            context,
            CommandRequest::ChangeOwnPassword {
                current: current_password,
                new: new_password,
            },
        )
        .await
    }

    /// Asks for accounts for a subordinate unit (unit leaders with the permission).
    async fn request_sub_accounts(
        &self,
        context: &Context<'_>,
        unit_id: ID,
        accounts: Vec<RequestedAccountInput>,
    ) -> async_graphql::Result<ID> {
        let unit = id("unitId", &unit_id)?;
        let mut wanted = Vec::with_capacity(accounts.len());
        for account in accounts {
            wanted.push(RequestedAccount {
                username: field("accounts.username", Username::parse(&account.username))?,
                display_name: field(
                    "accounts.displayName",
                    DisplayName::parse(&account.display_name),
                )?,
                permissions: account.permissions.into_iter().map(Into::into).collect(),
            });
        }
        match run(
            context,
            CommandRequest::RequestSubAccounts {
                unit,
                accounts: wanted,
            },
        )
        .await?
        {
            CommandOutcome::SubAccountRequest(request) => Ok(ID(request.to_string())),
            _ => Err("no request made".into()),
        }
    }

    /// Approves a sub-account request: the accounts are issued (administrators).
    async fn approve_sub_account_request(
        &self,
        context: &Context<'_>,
        request_id: ID,
    ) -> async_graphql::Result<Vec<IssuedAccount>> {
        let request = id("requestId", &request_id)?;
        Ok(issued(
            run(
                context,
                CommandRequest::ApproveSubAccountRequest { request },
            )
            .await?,
        ))
    }

    /// Rejects a sub-account request, with a reason (administrators).
    async fn reject_sub_account_request(
        &self,
        context: &Context<'_>,
        request_id: ID,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let request = id("requestId", &request_id)?;
        let reason = field("reason", FreeText::parse(&reason))?;
        acknowledged(
            context,
            CommandRequest::RejectSubAccountRequest { request, reason },
        )
        .await
    }
}
