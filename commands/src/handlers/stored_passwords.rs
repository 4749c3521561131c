//! Passwords kept outside the history: hashed, stored as a credential, and
//! only then named by the event that sets them (ops/decisions/0017).

use chamdiem_domain::account::{Account, AccountCommand, CredentialId, Password, PasswordHash};
use chamdiem_domain::ids::AccountId;

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::password_hasher::hash_password;
use crate::store::credentials;
use crate::write_side::WriteSide;

impl WriteSide {
    /// Hashes `password` and keeps it as a new credential of `account`.
    pub(crate) async fn keep_password(
        &self,
        account: AccountId,
        password: Password,
    ) -> Result<CredentialId, CommandError> {
        let hash = hash_password(password)
            .await
            .map_err(|e| CommandError::Internal(e.to_string()))?;
        Ok(credentials::store(self.database(), account, &hash).await?)
    }

    /// Runs `command`, which names the freshly kept `credential`. When the
    /// command certainly appended nothing (a rule refused it, or another
    /// writer kept winning), the credential names no event and is given
    /// back; when the outcome is unknown (the database went away) it stays,
    /// since the event may have been written.
    pub(crate) async fn run_naming_credential(
        &self,
        account: AccountId,
        metadata: &CommandMetadata,
        credential: CredentialId,
        command: AccountCommand,
    ) -> Result<(), CommandError> {
        let outcome = self
            .run::<Account>(&account.to_string(), metadata, command)
            .await;
        if let Err(CommandError::Refused { .. } | CommandError::Conflict) = &outcome {
            if let Err(error) = credentials::discard(self.database(), credential).await {
                // Harmless: no event names it. Logged for the operator.
                tracing::warn!(%credential, %error, "an unused credential was not removed");
            }
        }
        outcome
    }

    /// The hash `account` signs in with, or `None` before it is issued.
    pub async fn password_hash_of(
        &self,
        account: &Account,
    ) -> Result<Option<PasswordHash>, CommandError> {
        let (Some(id), Some(credential)) = (account.id(), account.credential()) else {
            return Ok(None);
        };
        Ok(Some(
            credentials::password_hash(self.database(), id, credential).await?,
        ))
    }
}
