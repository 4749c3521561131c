//! The directory of units.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::gate::Gate;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_projections::queries::{accounts, units};

use super::account_lock::AccountLock;
use super::caller::{Caller, graphql_error};
use super::enums::{PermissionGql, RoleGql};
use super::paging::{connection, page_size};

/// A unit.
#[derive(SimpleObject)]
pub struct UnitNode {
    /// Its id.
    pub id: ID,
    /// Its code.
    pub code: String,
    /// Its Vietnamese name.
    pub name: String,
    /// Its kind (department, public_service_unit, district, commune).
    pub kind: String,
    /// The unit it belongs to.
    pub parent_id: Option<ID>,
    /// Whether it is active.
    pub active: bool,
}

/// An account (never its password hash).
#[derive(SimpleObject)]
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

/// Directory queries.
#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// Units in code order, a page at a time (cursor: the code).
    #[graphql(complexity = "super::paging::page_complexity(first, 100, 1_000, child_complexity)")]
    async fn units(
        &self,
        context: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, UnitNode>> {
        Caller::of(context).authorized(&Action::ReadResults)?;
        let first = page_size(first, 100, 1_000)?;
        let rows = units(context.data::<Database>()?, after.as_deref(), first + 1)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        Ok(connection(
            rows,
            first,
            after.is_some(),
            |u| u.code.clone(),
            |u| UnitNode {
                id: ID(u.unit_id),
                code: u.code,
                name: u.name,
                kind: u.kind,
                parent_id: u.parent_id.map(ID),
                active: u.active,
            },
        ))
    }

    /// Accounts in username order, a page at a time (administrators and
    /// managers; cursor: the username).
    #[graphql(complexity = "super::paging::page_complexity(first, 100, 1_000, child_complexity)")]
    async fn accounts(
        &self,
        context: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, AccountNode>> {
        Caller::of(context).authorized(&Action::ReadAccounts)?;
        let first = page_size(first, 100, 1_000)?;
        let rows = accounts(context.data::<Database>()?, after.as_deref(), first + 1)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        let now = context.data::<Gate>()?.now();
        Ok(connection(
            rows,
            first,
            after.is_some(),
            |a| a.username.clone(),
            |a| AccountNode {
                id: ID(a.account_id),
                username: a.username,
                display_name: a.display_name,
                role: a.role.into(),
                unit_id: a.unit_id.map(ID),
                department: a.department,
                permissions: a.permissions.into_iter().map(Into::into).collect(),
                locked: a.lock.as_ref().is_some_and(|lock| lock.holds_at(now)),
                lock: a.lock.as_ref().map(AccountLock::from),
            },
        ))
    }
}
