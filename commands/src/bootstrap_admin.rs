//! Issuing the first administrator account, from the command line.

use chamdiem_domain::account::{
    Account, AccountCommand, AccountError, AccountEvent, DisplayName, IssueAccount, Password, Role,
    Username,
};
use chamdiem_domain::ids::AccountId;
use cqrs_es::{Aggregate, AggregateError};

use crate::framework::{execute, framework};
use crate::metadata::CommandMetadata;
use crate::password_hasher::{HashingError, hash_password};
use crate::store::{Database, GroupCommit, LogPosition, SealKey, StoreError, credentials};

/// What `chamdiem bootstrap-admin` asks for, already parsed.
#[derive(Debug)]
pub struct BootstrapAdmin {
    /// Sign-in name of the first administrator.
    pub username: Username,
    /// Display name.
    pub display_name: DisplayName,
    /// Initial password (policy-checked).
    pub password: Password,
}

/// Why the first administrator was not issued.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// An administrator account exists already: further accounts are issued
    /// by an administrator, through the API.
    #[error("đã có tài khoản quản trị ({0}); tài khoản mới do quản trị viên cấp qua API")]
    AdminExists(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing failed.
    #[error(transparent)]
    Hashing(#[from] HashingError),
    /// The command was refused or could not be stored.
    #[error("không cấp được tài khoản: {0}")]
    Command(#[from] AggregateError<AccountError>),
}

/// How many log entries are read per batch while looking for an administrator.
const SCAN_BATCH: u32 = 1_000;

/// Issues the first administrator as an `AccountIssued` event, sealed with
/// `seal_key`, unless an administrator exists already.
pub async fn bootstrap_admin(
    database: &Database,
    seal_key: &SealKey,
    request: BootstrapAdmin,
) -> Result<AccountId, BootstrapError> {
    if let Some(existing) = find_admin(database).await? {
        return Err(BootstrapError::AdminExists(existing));
    }
    let password_hash = hash_password(request.password).await?;
    let account_id = AccountId::for_username(request.username.as_str());
    let credential = credentials::store(database, account_id, &password_hash).await?;
    let command = AccountCommand::Issue(IssueAccount {
        account_id,
        username: request.username,
        display_name: request.display_name,
        role: Role::Admin,
        unit_id: None,
        department: None,
        permissions: Default::default(),
        credential,
        must_change_password: false,
    });
    let outcome = execute(
        &framework::<Account>(
            database,
            &Default::default(),
            &GroupCommit::new(database.clone(), seal_key.clone()),
            (),
        ),
        &account_id.to_string(),
        command,
        CommandMetadata::operator("bootstrap-admin"),
    )
    .await;
    if let Err(AggregateError::UserError(_) | AggregateError::AggregateConflict) = &outcome {
        // Nothing was appended: no event names the credential.
        credentials::discard(database, credential).await?;
    }
    outcome?;
    Ok(account_id)
}

/// The username of an issued administrator, read from the global log.
///
/// The log is read directly because this runs before any read model exists;
/// it is a one-off operator command, so a full scan is acceptable.
async fn find_admin(database: &Database) -> Result<Option<String>, StoreError> {
    let mut from = LogPosition::START.next();
    loop {
        let batch = database.read_from(from, SCAN_BATCH).await?;
        let Some(last) = batch.last() else {
            return Ok(None);
        };
        from = last.position.next();
        let issued = batch
            .iter()
            .filter(|e| e.aggregate_type == Account::TYPE && e.event_type == "AccountIssued");
        for event in issued {
            let parsed: AccountEvent = serde_json::from_str(&event.payload)
                .map_err(|error| StoreError::Corrupt(format!("{}: {error}", event.position)))?;
            if let AccountEvent::AccountIssued(issued) = parsed {
                if issued.role == Role::Admin {
                    return Ok(Some(issued.username.to_string()));
                }
            }
        }
    }
}
