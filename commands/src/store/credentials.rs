//! The `credentials` table on either store: password hashes, outside the
//! history (ops/decisions/0017). Events name a [`CredentialId`]; only
//! sign-in and password changes read the hash it stands for.

use chamdiem_domain::account::{AccountEvent, CredentialId, PasswordHash};
use chamdiem_domain::ids::AccountId;
use uuid::Uuid;

use super::{Database, StoreError, StoredEventKey, take_out_password_hash};

/// Keeps `hash` as a new credential of `account`, before the event that
/// names it is appended. Should that append be refused, the row names no
/// event and is given back with [`discard`].
pub async fn store(
    database: &Database,
    account: AccountId,
    hash: &PasswordHash,
) -> Result<CredentialId, StoreError> {
    let credential = CredentialId::from_uuid(Uuid::now_v7());
    insert(database, credential, account, hash.as_phc()).await?;
    Ok(credential)
}

async fn insert(
    database: &Database,
    credential: CredentialId,
    account: AccountId,
    hash: &str,
) -> Result<(), StoreError> {
    // Carrying over runs at every start: a row already there stays.
    const POSTGRES: &str = "INSERT INTO credentials (credential_id, account_id, password_hash)
        VALUES ($1, $2, $3) ON CONFLICT (credential_id) DO NOTHING";
    const SQLITE: &str = "INSERT INTO credentials (credential_id, account_id, password_hash)
        VALUES (?, ?, ?) ON CONFLICT (credential_id) DO NOTHING";
    let (credential, account) = (credential.to_string(), account.to_string());
    match database {
        Database::Postgres(pool) => {
            sqlx::query(POSTGRES)
                .bind(credential)
                .bind(account)
                .bind(hash)
                .execute(pool)
                .await?;
        }
        Database::Sqlite(pool) => {
            sqlx::query(SQLITE)
                .bind(credential)
                .bind(account)
                .bind(hash)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

/// Removes a credential that no event names (its append was refused).
pub async fn discard(database: &Database, credential: CredentialId) -> Result<(), StoreError> {
    let credential = credential.to_string();
    match database {
        Database::Postgres(pool) => {
            sqlx::query("DELETE FROM credentials WHERE credential_id = $1")
                .bind(credential)
                .execute(pool)
                .await?;
        }
        Database::Sqlite(pool) => {
            sqlx::query("DELETE FROM credentials WHERE credential_id = ?")
                .bind(credential)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

/// The hash of `account`'s credential `credential`. A credential the
/// history names but the table lacks (or holds for another account) is
/// corrupt data, never an empty password.
pub async fn password_hash(
    database: &Database,
    account: AccountId,
    credential: CredentialId,
) -> Result<PasswordHash, StoreError> {
    const POSTGRES: &str =
        "SELECT password_hash FROM credentials WHERE credential_id = $1 AND account_id = $2";
    const SQLITE: &str =
        "SELECT password_hash FROM credentials WHERE credential_id = ? AND account_id = ?";
    let (id, owner) = (credential.to_string(), account.to_string());
    let hash: Option<String> = match database {
        Database::Postgres(pool) => {
            sqlx::query_scalar(POSTGRES)
                .bind(&id)
                .bind(&owner)
                .fetch_optional(pool)
                .await?
        }
        Database::Sqlite(pool) => {
            sqlx::query_scalar(SQLITE)
                .bind(&id)
                .bind(&owner)
                .fetch_optional(pool)
                .await?
        }
    };
    hash.map(PasswordHash::from_phc).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "credentials: no row {id} for account {owner}, which its history names"
        ))
    })
}

/// Carries the password hashes that version-1 account events hold into the
/// table, each under the id every read of that event names
/// ([`StoredEventKey::carried_over_credential`]). Runs at every migration;
/// rows already there are kept. Returns how many events held a hash.
pub async fn carry_over(database: &Database) -> Result<u64, StoreError> {
    const POSTGRES: &str = "SELECT aggregate_id, sequence, event_type, payload::text
        FROM events WHERE aggregate_type = 'account' AND event_version = '1'
        AND event_type = ANY($1) ORDER BY position";
    const SQLITE: &str = "SELECT aggregate_id, sequence, event_type, payload
        FROM events WHERE aggregate_type = 'account' AND event_version = '1'
        AND event_type IN (?, ?, ?) ORDER BY position";
    let names = AccountEvent::CARRIES_CREDENTIAL;
    let rows: Vec<(String, i64, String, String)> = match database {
        Database::Postgres(pool) => {
            sqlx::query_as(POSTGRES)
                .bind(names.to_vec())
                .fetch_all(pool)
                .await?
        }
        Database::Sqlite(pool) => {
            sqlx::query_as(SQLITE)
                .bind(names[0])
                .bind(names[1])
                .bind(names[2])
                .fetch_all(pool)
                .await?
        }
    };
    let mut carried = 0;
    for (aggregate_id, sequence, event_type, payload) in rows {
        let corrupt = |what: String| {
            StoreError::Corrupt(format!(
                "events: account {aggregate_id} sequence {sequence}: {what}"
            ))
        };
        let key = StoredEventKey {
            aggregate_type: "account",
            aggregate_id: &aggregate_id,
            sequence: u64::try_from(sequence).map_err(|e| corrupt(e.to_string()))?,
            event_type: &event_type,
            event_version: "1",
        };
        let mut payload: serde_json::Value =
            serde_json::from_str(&payload).map_err(|e| corrupt(e.to_string()))?;
        let Some(hash) = take_out_password_hash(key, &mut payload) else {
            return Err(corrupt(
                "a version-1 password event without its hash".into(),
            ));
        };
        let hash = hash
            .as_str()
            .ok_or_else(|| corrupt("password_hash is not text".into()))?;
        let account = aggregate_id
            .parse::<Uuid>()
            .map(AccountId::from_uuid)
            .map_err(|e| corrupt(e.to_string()))?;
        insert(database, key.carried_over_credential(), account, hash).await?;
        carried += 1;
    }
    Ok(carried)
}
