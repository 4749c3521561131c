use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chamdiem_commands::gate::{
    ApproveSubAccountRequest, ChangeOwnPassword, GrantPermission, LockAccount,
    RejectSubAccountRequest, RequestSubAccounts, ResetPassword, RevokePermission, UnlockAccount,
};
use chamdiem_commands::handlers::{IssueAccountRequest, TemporaryCredentials};
use chamdiem_commands::policy::Action;
use chamdiem_domain::account::{DisplayName, Username};
use chamdiem_domain::criteria::Department;
use chamdiem_domain::ids::SubAccountRequestId;
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::sub_account_request::RequestedAccount;
use secrecy::ExposeSecret;

use super::id;
use super::payloads::{AccountPayload, SubAccountRequestPayload};
use crate::graphql::caller::Caller;
use crate::graphql::command_runner::{field, run};
use crate::graphql::directory_queries::AccountNode;
use crate::graphql::enums::{PermissionGql, RoleGql};
use crate::graphql::period_queries::SubAccountRequestNode;

/// An account with its one-time temporary password.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct IssuedAccount {
    /// The account's id.
    pub account_id: ID,
    /// Its temporary password: hand it over once; it must be changed first.
    pub temporary_password: String,
}

#[ComplexObject]
impl IssuedAccount {
    /// The account as it now stands.
    async fn account(&self, context: &Context<'_>) -> async_graphql::Result<AccountNode> {
        AccountPayload(id("accountId", &self.account_id)?)
            .read(context)
            .await
    }
}

impl From<TemporaryCredentials> for IssuedAccount {
    fn from(credentials: TemporaryCredentials) -> Self {
        Self {
            account_id: ID(credentials.account_id.to_string()),
            temporary_password: credentials.temporary_password.expose_secret().to_owned(),
        }
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

/// A permission to grant or revoke.
#[derive(InputObject)]
pub struct PermissionChangeInput {
    /// The account.
    pub account_id: ID,
    /// The permission.
    pub permission: PermissionGql,
}

/// An account.
#[derive(InputObject)]
pub struct AccountInput {
    /// The account.
    pub account_id: ID,
}

/// An account to lock or unlock.
#[derive(InputObject)]
pub struct AccountLockInput {
    /// The account.
    pub account_id: ID,
    /// Why.
    pub reason: String,
}

/// One's own password change.
#[derive(InputObject)]
pub struct ChangePasswordInput {
    /// The password now.
    #[graphql(secret)]
    pub current_password: String,
    /// The new password.
    #[graphql(secret)]
    pub new_password: String,
}

/// Accounts asked for a subordinate unit.
#[derive(InputObject)]
pub struct RequestSubAccountsInput {
    /// The subordinate unit.
    pub unit_id: ID,
    /// The accounts.
    pub accounts: Vec<RequestedAccountInput>,
}

/// A sub-account request to decide.
#[derive(InputObject)]
pub struct SubAccountRequestInput {
    /// The request.
    pub request_id: ID,
}

/// A sub-account request to reject.
#[derive(InputObject)]
pub struct RejectSubAccountRequestInput {
    /// The request.
    pub request_id: ID,
    /// Why.
    pub reason: String,
}

/// An approved sub-account request with the accounts it issued.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ApproveSubAccountRequestPayload {
    /// The accounts issued, with their temporary passwords.
    pub issued: Vec<IssuedAccount>,
    #[graphql(skip)]
    pub request: SubAccountRequestId,
}

#[ComplexObject]
impl ApproveSubAccountRequestPayload {
    /// The request as it now stands.
    async fn request(&self, context: &Context<'_>) -> async_graphql::Result<SubAccountRequestNode> {
        SubAccountRequestPayload(self.request).read(context).await
    }
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
        Ok(run(context, request).await?.into())
    }

    /// Expands an account's permissions (administrators).
    async fn grant_permission(
        &self,
        context: &Context<'_>,
        input: PermissionChangeInput,
    ) -> async_graphql::Result<AccountPayload> {
        let account = id("accountId", &input.account_id)?;
        let permission = input.permission.into();
        run(
            context,
            GrantPermission {
                account,
                permission,
            },
        )
        .await?;
        Ok(AccountPayload(account))
    }

    /// Restricts an account's permissions (administrators).
    async fn revoke_permission(
        &self,
        context: &Context<'_>,
        input: PermissionChangeInput,
    ) -> async_graphql::Result<AccountPayload> {
        let account = id("accountId", &input.account_id)?;
        let permission = input.permission.into();
        run(
            context,
            RevokePermission {
                account,
                permission,
            },
        )
        .await?;
        Ok(AccountPayload(account))
    }

    /// Resets a password to a temporary one (administrators).
    async fn reset_password(
        &self,
        context: &Context<'_>,
        input: AccountInput,
    ) -> async_graphql::Result<IssuedAccount> {
        let account = id("accountId", &input.account_id)?;
        Ok(run(context, ResetPassword { account }).await?.into())
    }

    /// Locks an account, with a reason (administrators).
    async fn lock_account(
        &self,
        context: &Context<'_>,
        input: AccountLockInput,
    ) -> async_graphql::Result<AccountPayload> {
        let account = id("accountId", &input.account_id)?;
        let reason = field("reason", FreeText::parse(&input.reason))?;
        run(context, LockAccount { account, reason }).await?;
        Ok(AccountPayload(account))
    }

    /// Unlocks an account, with a reason (administrators).
    async fn unlock_account(
        &self,
        context: &Context<'_>,
        input: AccountLockInput,
    ) -> async_graphql::Result<AccountPayload> {
        let account = id("accountId", &input.account_id)?;
        let reason = field("reason", FreeText::parse(&input.reason))?;
        run(context, UnlockAccount { account, reason }).await?;
        Ok(AccountPayload(account))
    }

    /// Changes one's own password; every session of the account ends,
    /// this one too: sign in again with the new password.
    async fn change_password(
        &self,
        context: &Context<'_>,
        input: ChangePasswordInput,
    ) -> async_graphql::Result<AccountPayload> {
        let account = Caller::of(context)
            .authorized(&Action::ChangeOwnPassword)?
            .account_id;
        run(
            context,
            ChangeOwnPassword {
                current: input.current_password,
                new: input.new_password,
            },
        )
        .await?;
        Ok(AccountPayload(account))
    }

    /// Asks for accounts for a subordinate unit (unit leaders with the permission).
    async fn request_sub_accounts(
        &self,
        context: &Context<'_>,
        input: RequestSubAccountsInput,
    ) -> async_graphql::Result<SubAccountRequestPayload> {
        let unit = id("unitId", &input.unit_id)?;
        let mut wanted = Vec::with_capacity(input.accounts.len());
        for account in input.accounts {
            wanted.push(RequestedAccount {
                username: field("accounts.username", Username::parse(&account.username))?,
                display_name: field(
                    "accounts.displayName",
                    DisplayName::parse(&account.display_name),
                )?,
                permissions: account.permissions.into_iter().map(Into::into).collect(),
            });
        }
        let request = run(
            context,
            RequestSubAccounts {
                unit,
                accounts: wanted,
            },
        )
        .await?;
        Ok(SubAccountRequestPayload(request))
    }

    /// Approves a sub-account request: the accounts are issued (administrators).
    async fn approve_sub_account_request(
        &self,
        context: &Context<'_>,
        input: SubAccountRequestInput,
    ) -> async_graphql::Result<ApproveSubAccountRequestPayload> {
        let request = id("requestId", &input.request_id)?;
        let issued = run(context, ApproveSubAccountRequest { request }).await?;
        Ok(ApproveSubAccountRequestPayload {
            issued: issued.into_iter().map(Into::into).collect(),
            request,
        })
    }

    /// Rejects a sub-account request, with a reason (administrators).
    async fn reject_sub_account_request(
        &self,
        context: &Context<'_>,
        input: RejectSubAccountRequestInput,
    ) -> async_graphql::Result<SubAccountRequestPayload> {
        let request = id("requestId", &input.request_id)?;
        let reason = field("reason", FreeText::parse(&input.reason))?;
        run(context, RejectSubAccountRequest { request, reason }).await?;
        Ok(SubAccountRequestPayload(request))
    }
}
