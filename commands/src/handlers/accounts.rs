use chamdiem_domain::account::{
    Account, AccountCommand, DisplayName, IssueAccount, Password, Role, Username,
};
use chamdiem_domain::ids::{AccountId, UnitId};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::password_hasher::hash_password;
use crate::write_side::WriteSide;

/// Issue an account.
#[derive(Debug)]
pub struct IssueAccountRequest {
    /// Sign-in name (its id derives from it, so it is issued once).
    pub username: Username,
    /// Display name.
    pub display_name: DisplayName,
    /// Role.
    pub role: Role,
    /// Unit, for data-entry accounts.
    pub unit_id: Option<UnitId>,
    /// Initial password; the holder must change it at first sign-in.
    pub password: Password,
}

impl WriteSide {
    /// Issues an account with a temporary password.
    pub async fn issue_account(
        &self,
        metadata: &CommandMetadata,
        request: IssueAccountRequest,
    ) -> Result<AccountId, CommandError> {
        let account_id = AccountId::for_username(request.username.as_str());
        let password_hash = hash_password(request.password)
            .await
            .map_err(|e| CommandError::Internal(e.to_string()))?;
        let command = AccountCommand::Issue(IssueAccount {
            account_id,
            username: request.username,
            display_name: request.display_name,
            role: request.role,
            unit_id: request.unit_id,
            password_hash,
            must_change_password: true,
        });
        self.run::<Account>(&account_id.to_string(), metadata, command)
            .await?;
        Ok(account_id)
    }
}
