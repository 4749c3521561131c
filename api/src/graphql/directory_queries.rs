//! The directory of units.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::gate::Gate;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_projections::queries::{AccountRow, UnitRow, accounts, units};
use chrono::{DateTime, Utc};

use super::account_lock::AccountLock;
use super::caller::{Caller, graphql_error};
use super::enums::{PermissionGql, RoleGql, UnitKindGql};
use super::paging::{CursorList, connection, page_size};

/// A unit.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
#[graphql(name = "Unit")]
pub struct UnitNode {
    /// Its id.
    pub id: ID,
    /// Its code.
    pub code: String,
    /// Its Vietnamese name.
    pub name: String,
    /// Its kind.
    pub kind: UnitKindGql,
    /// The unit it belongs to.
    pub parent_id: Option<ID>,
    /// Whether it is active.
    pub active: bool,
}

impl From<UnitRow> for UnitNode {
    fn from(unit: UnitRow) -> Self {
        Self {
            id: ID(unit.unit_id.to_string()),
            code: unit.code.as_str().to_owned(),
            name: unit.name,
            kind: unit.kind.into(),
            parent_id: unit.parent_id.map(|p| ID(p.to_string())),
            active: unit.active,
        }
    }
}

/// An account (never its password hash).
#[derive(SimpleObject)]
#[graphql(name = "Account", complex)]
pub struct AccountNode {
    /// Its id.
    pub id: ID,
    /// Its username.
    pub username: String,
    /// Its display name.
    pub display_name: String,
    /// Its role.
    pub role: RoleGql,
    /// Its unit.
    pub unit_id: Option<ID>,
    /// Its department.
    pub department: Option<String>,
    /// Its permissions (data-entry accounts).
    pub permissions: Vec<PermissionGql>,
    /// Whether it is locked now (a lock after failed sign-ins ends by
    /// itself).
    pub locked: bool,
    /// The lock on it, if any (see `locked` for whether it still holds).
    pub lock: Option<AccountLock>,
}

#[async_graphql::ComplexObject]
impl AccountNode {
    /// Its unit (data-entry accounts; batched).
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<Option<UnitNode>> {
        match &self.unit_id {
            Some(id) => {
                let unit = super::mutations::id("unitId", id)?;
                super::loaders::unit(context, unit).await.map(Some)
            }
            None => Ok(None),
        }
    }
}

impl AccountNode {
    /// The API's view of an account as it stands at `now`.
    pub fn at(account: AccountRow, now: DateTime<Utc>) -> Self {
        Self {
            id: ID(account.account_id.to_string()),
            username: account.username,
            display_name: account.display_name,
            role: account.role.into(),
            unit_id: account.unit_id.map(|u| ID(u.to_string())),
            department: account.department,
            permissions: account.permissions.into_iter().map(Into::into).collect(),
            locked: account.lock.as_ref().is_some_and(|lock| lock.holds_at(now)),
            lock: account.lock.as_ref().map(AccountLock::from),
        }
    }
}

/// Directory queries.
#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// Units in code order, a page at a time.
    #[graphql(complexity = "super::paging::page_complexity(first, 100, 1_000, child_complexity)")]
    async fn units(
        &self,
        context: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, UnitNode>> {
        Caller::of(context).authorized(&Action::ReadResults)?;
        let first = page_size(first, 100, 1_000)?;
        let after = CursorList::Units.key_after(after.as_deref())?;
        let rows = units(context.data::<Database>()?, after.as_deref(), first + 1)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        Ok(connection(
            CursorList::Units,
            rows,
            first,
            after.is_some(),
            |u| u.code.as_str().to_owned(),
            UnitNode::from,
        ))
    }

    /// Accounts in username order, a page at a time (administrators and
    /// managers).
    #[graphql(complexity = "super::paging::page_complexity(first, 100, 1_000, child_complexity)")]
    async fn accounts(
        &self,
        context: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, AccountNode>> {
        Caller::of(context).authorized(&Action::ReadAccounts)?;
        let first = page_size(first, 100, 1_000)?;
        let after = CursorList::Accounts.key_after(after.as_deref())?;
        let rows = accounts(context.data::<Database>()?, after.as_deref(), first + 1)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        let now = context.data::<Gate>()?.now();
        Ok(connection(
            CursorList::Accounts,
            rows,
            first,
            after.is_some(),
            |a| a.username.clone(),
            |a| AccountNode::at(a, now),
        ))
    }
}
