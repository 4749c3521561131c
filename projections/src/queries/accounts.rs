//! The directory of accounts (never a password hash).

use std::collections::{BTreeSet, HashMap};

use chamdiem_commands::store::Database;
use chamdiem_domain::account::{LockReason, Permission, Role};
use chamdiem_domain::ids::{AccountId, UnitId};

use super::id_list::{CHUNK, in_list};
use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// An account of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Its id.
    pub account_id: AccountId,
    /// Its username.
    pub username: String,
    /// Its display name.
    pub display_name: String,
    /// Its role.
    pub role: Role,
    /// Its unit.
    pub unit_id: Option<UnitId>,
    /// Its department.
    pub department: Option<String>,
    /// Its permissions.
    pub permissions: BTreeSet<Permission>,
    /// The lock on it, if any (one after failed sign-ins may have ended:
    /// ask [`LockReason::holds_at`]).
    pub lock: Option<LockReason>,
}

/// A row of `rm_accounts`.
#[derive(sqlx::FromRow)]
struct AccountRecord {
    account_id: String,
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<String>,
    department: Option<String>,
    permissions: String,
    locked: i64,
    lock_reason: Option<String>,
}

impl AccountRecord {
    fn read(self) -> Result<AccountRow, ProjectionError> {
        let at = RowAt::new("rm_accounts", &self.account_id);
        let lock = match (at.flag("locked", self.locked)?, &self.lock_reason) {
            (false, _) => None,
            (true, Some(reason)) => Some(at.json("lock_reason", reason)?),
            (true, None) => return Err(at.unreadable("lock_reason", "locked without its reason")),
        };
        Ok(AccountRow {
            account_id: at.parsed("account_id", &self.account_id, str::parse)?,
            role: at.known("role", &self.role, Role::parse)?,
            unit_id: at.optional("unit_id", self.unit_id.as_deref(), str::parse)?,
            permissions: self
                .permissions
                .split(',')
                .filter(|code| !code.is_empty())
                .map(|code| at.known("permissions", code, Permission::parse))
                .collect::<Result<_, _>>()?,
            lock,
            username: self.username,
            display_name: self.display_name,
            department: self.department,
        })
    }
}

/// The account `id`, if there is one.
pub async fn account(
    database: &Database,
    id: AccountId,
) -> Result<Option<AccountRow>, ProjectionError> {
    let records: Vec<AccountRecord> = ProjectionTx::read_records(
        database,
        &format!("{ACCOUNT_COLUMNS} WHERE account_id = $1"),
        &[id.to_string().into()],
    )
    .await?;
    records
        .into_iter()
        .next()
        .map(AccountRecord::read)
        .transpose()
}

/// The accounts of `ids` that exist, by id (one statement per chunk of
/// ids: portable, no array parameters on SQLite).
pub async fn accounts_by_id(
    database: &Database,
    ids: &[AccountId],
) -> Result<HashMap<AccountId, AccountRow>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let mut found = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let (within, values) = in_list(0, chunk);
        let sql = format!("{ACCOUNT_COLUMNS} WHERE account_id {within}");
        let records: Vec<AccountRecord> = tx.records(&sql, &values).await?;
        for record in records {
            let account = record.read()?;
            found.insert(account.account_id, account);
        }
    }
    tx.commit().await?;
    Ok(found)
}

const ACCOUNT_COLUMNS: &str = "SELECT account_id, username, display_name, role, unit_id, department, permissions, locked, lock_reason FROM rm_accounts";

/// Accounts in username order, after `after` (a username), up to `first`.
pub async fn accounts(
    database: &Database,
    after: Option<&str>,
    first: u32,
) -> Result<Vec<AccountRow>, ProjectionError> {
    let records: Vec<AccountRecord> = ProjectionTx::read_records(
        database,
        &format!(
            "{ACCOUNT_COLUMNS} WHERE ($1 IS NULL OR username > $1) ORDER BY rm_accounts.username LIMIT $2"
        ),
        &[SqlValue::from(after.map(str::to_owned)), i64::from(first).into()],
    )
    .await?;
    records.into_iter().map(AccountRecord::read).collect()
}
