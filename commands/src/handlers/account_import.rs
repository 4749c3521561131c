//! Accounts issued from a sheet (unit code, role, name, department): the
//! whole sheet is checked first, against itself and against what is
//! registered, and refused with every problem named by row and column;
//! only a sheet with no problem issues its accounts, each with a temporary
//! password to hand over.

use std::sync::Arc;

use chamdiem_domain::account::{Account, AccountListEntry, read_account_list};
use chamdiem_domain::ids::AccountId;
use chamdiem_domain::table_file::{ImportProblem, Table};
use chamdiem_domain::unit::Unit;

use super::unit_import::refused;
use super::{IssueAccountRequest, TemporaryCredentials};
use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// One account issued from a sheet.
#[derive(Debug)]
pub struct IssuedFromSheet {
    /// Its row in the sheet.
    pub row: usize,
    /// What the sheet asked for.
    pub entry: AccountListEntry,
    /// Its temporary password.
    pub credentials: TemporaryCredentials,
}

impl WriteSide {
    /// Issues the accounts of a sheet (XLSX or CSV table), or none: bad
    /// cells, a username given twice or already issued, a unit that is not
    /// registered or no longer active are each named by row and column.
    pub async fn import_accounts(
        &self,
        metadata: &CommandMetadata,
        table: &Table,
    ) -> Result<Vec<IssuedFromSheet>, CommandError> {
        // Rows that read well are checked against what is registered too,
        // so that one answer names every problem of the sheet.
        let (entries, mut problems) = read_account_list(table).map_err(refused)?;
        let mut requests = Vec::with_capacity(entries.len());
        for entry in entries {
            let account: Arc<Account> = self
                .load(&AccountId::for_username(entry.username.as_str()).to_string())
                .await?;
            if account.id().is_some() {
                problems.push(ImportProblem::at(
                    entry.row,
                    "username",
                    format!("tên đăng nhập {} đã được cấp", entry.username),
                ));
            }
            let unit_id = match &entry.unit {
                Some(code) => {
                    let unit: Arc<Unit> = self.load(&code.unit_id().to_string()).await?;
                    if !unit.is_active() {
                        problems.push(ImportProblem::at(
                            entry.row,
                            "unit",
                            format!("không có đơn vị mã {code} đang hoạt động"),
                        ));
                    }
                    Some(code.unit_id())
                }
                None => None,
            };
            let request = IssueAccountRequest {
                username: entry.username.clone(),
                display_name: entry.display_name.clone(),
                role: entry.role,
                unit_id,
                department: entry.department.clone(),
                permissions: entry.permissions.clone(),
            };
            requests.push((entry, request));
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(refused(table.problems(problems)));
        }
        let mut issued = Vec::with_capacity(requests.len());
        for (entry, request) in requests {
            let credentials = self.issue_account(metadata, request).await?;
            issued.push(IssuedFromSheet {
                row: entry.row,
                entry,
                credentials,
            });
        }
        Ok(issued)
    }
}
