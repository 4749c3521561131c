use chamdiem_domain::Code;
use std::collections::BTreeSet;
use std::sync::Arc;

use chamdiem_domain::account::{
    Account, AccountCommand, DisplayName, IssueAccount, LockReason, Password, Permission, Role,
    Username,
};
use chamdiem_domain::criteria::Department;
use chamdiem_domain::ids::{AccountId, UnitId};
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::unit::Unit;
use secrecy::SecretString;

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::password_hasher::verify_password;
use crate::temporary_password::temporary_password;
use crate::write_side::WriteSide;

/// Issue an account.
#[derive(Debug, Clone)]
pub struct IssueAccountRequest {
    /// Sign-in name (its id derives from it, so it is issued once).
    pub username: Username,
    /// Display name.
    pub display_name: DisplayName,
    /// Role.
    pub role: Role,
    /// Unit, for data-entry accounts.
    pub unit_id: Option<UnitId>,
    /// Department, for appraisers.
    pub department: Option<Department>,
    /// Permissions of a data-entry account; `None` gives the defaults.
    pub permissions: Option<BTreeSet<Permission>>,
}

/// An account just issued (or reset), with its one-time temporary password.
#[derive(Debug)]
pub struct TemporaryCredentials {
    /// The account.
    pub account_id: AccountId,
    /// Its temporary password, to hand over once; it must be changed at the
    /// first sign-in.
    pub temporary_password: SecretString,
}

impl WriteSide {
    /// Issues an account with a random temporary password. A data-entry
    /// account's unit must be registered and active.
    pub async fn issue_account(
        &self,
        metadata: &CommandMetadata,
        request: IssueAccountRequest,
    ) -> Result<TemporaryCredentials, CommandError> {
        if let Some(unit_id) = request.unit_id {
            let unit: Arc<Unit> = self.load(&unit_id.to_string()).await?;
            if !unit.is_active() {
                return Err(CommandError::not_found(
                    "đơn vị không tồn tại hoặc đã ngừng hoạt động",
                ));
            }
        }
        let account_id = AccountId::for_username(request.username.as_str());
        let (password, temporary) = temporary_password(&request.username);
        let credential = self.keep_password(account_id, password).await?;
        let command = AccountCommand::Issue(IssueAccount {
            account_id,
            permissions: request
                .permissions
                .unwrap_or_else(|| Permission::defaults(request.role)),
            username: request.username,
            display_name: request.display_name,
            role: request.role,
            unit_id: request.unit_id,
            department: request.department,
            credential,
            must_change_password: true,
        });
        self.run_naming_credential(account_id, metadata, credential, command)
            .await?;
        Ok(TemporaryCredentials {
            account_id,
            temporary_password: temporary,
        })
    }

    /// Expands an account's permissions.
    pub async fn grant_permission(
        &self,
        metadata: &CommandMetadata,
        account_id: AccountId,
        permission: Permission,
    ) -> Result<(), CommandError> {
        let command = AccountCommand::GrantPermission(permission);
        self.run::<Account>(&account_id.to_string(), metadata, command)
            .await
    }

    /// Restricts an account's permissions.
    pub async fn revoke_permission(
        &self,
        metadata: &CommandMetadata,
        account_id: AccountId,
        permission: Permission,
    ) -> Result<(), CommandError> {
        let command = AccountCommand::RevokePermission(permission);
        self.run::<Account>(&account_id.to_string(), metadata, command)
            .await
    }

    /// The holder changes their password: the current one is checked, the
    /// new one must pass the policy. Every session of the account ends.
    pub async fn change_password(
        &self,
        metadata: &CommandMetadata,
        account_id: AccountId,
        current: String,
        new: String,
    ) -> Result<(), CommandError> {
        let account: Arc<Account> = self.load(&account_id.to_string()).await?;
        let (Some(username), Some(hash)) =
            (account.username(), self.password_hash_of(&account).await?)
        else {
            return Err(CommandError::not_found("tài khoản không tồn tại"));
        };
        let new = Password::parse(new, username)
            .map_err(|e| CommandError::refused(Code::Validation, e))?;
        let verified = verify_password(current, hash)
            .await
            .map_err(|e| CommandError::Internal(e.to_string()))?;
        let new_credential = self.keep_password(account_id, new).await?;
        // A wrong current password is the aggregate's refusal; the new
        // credential is then given back.
        let command = AccountCommand::ChangePassword {
            current_password_verified: verified,
            new_credential,
        };
        self.run_naming_credential(account_id, metadata, new_credential, command)
            .await
    }

    /// An administrator resets a password to a temporary one (Điều 16.5).
    /// Every session of the account ends.
    pub async fn reset_password(
        &self,
        metadata: &CommandMetadata,
        account_id: AccountId,
    ) -> Result<TemporaryCredentials, CommandError> {
        let account: Arc<Account> = self.load(&account_id.to_string()).await?;
        let username = account
            .username()
            .ok_or_else(|| CommandError::not_found("tài khoản không tồn tại"))?;
        let (password, temporary) = temporary_password(username);
        let temporary_credential = self.keep_password(account_id, password).await?;
        let command = AccountCommand::ResetPassword {
            temporary_credential,
        };
        self.run_naming_credential(account_id, metadata, temporary_credential, command)
            .await?;
        Ok(TemporaryCredentials {
            account_id,
            temporary_password: temporary,
        })
    }

    /// An administrator locks an account, with a reason.
    pub async fn lock_account(
        &self,
        metadata: &CommandMetadata,
        account_id: AccountId,
        reason: FreeText,
    ) -> Result<(), CommandError> {
        let command = AccountCommand::Lock(LockReason::Administrator { reason });
        self.run::<Account>(&account_id.to_string(), metadata, command)
            .await
    }

    /// An administrator unlocks an account, with a reason.
    pub async fn unlock_account(
        &self,
        metadata: &CommandMetadata,
        account_id: AccountId,
        reason: FreeText,
    ) -> Result<(), CommandError> {
        let command = AccountCommand::Unlock { reason };
        self.run::<Account>(&account_id.to_string(), metadata, command)
            .await
    }
}
