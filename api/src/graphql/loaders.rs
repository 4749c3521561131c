//! Per-request DataLoaders: N lookups of the same kind in one query become
//! one read.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{AccountId, UnitId};
use chamdiem_projections::queries::{AccountRow, UnitRow, accounts_by_id, units_by_id};

use super::caller::graphql_error;
use super::directory_queries::UnitNode;

/// Units of the directory by id.
pub struct UnitLoader(pub Database);

impl Loader<UnitId> for UnitLoader {
    type Value = UnitRow;
    type Error = Arc<CommandError>;

    async fn load(&self, keys: &[UnitId]) -> Result<HashMap<UnitId, UnitRow>, Self::Error> {
        units_by_id(&self.0, keys)
            .await
            .map_err(|e| Arc::new(e.into()))
    }
}

/// Accounts of the directory by id (for naming who acted).
pub struct AccountLoader(pub Database);

impl Loader<AccountId> for AccountLoader {
    type Value = AccountRow;
    type Error = Arc<CommandError>;

    async fn load(
        &self,
        keys: &[AccountId],
    ) -> Result<HashMap<AccountId, AccountRow>, Self::Error> {
        accounts_by_id(&self.0, keys)
            .await
            .map_err(|e| Arc::new(e.into()))
    }
}

/// The loaders of one request.
pub struct RequestLoaders {
    units: DataLoader<UnitLoader>,
    accounts: DataLoader<AccountLoader>,
}

/// The loaders of one request: made afresh for each, so nothing is cached
/// from one request to the next.
pub fn for_request(database: &Database) -> Loaders {
    Arc::new(RequestLoaders {
        units: DataLoader::new(UnitLoader(database.clone()), tokio::spawn),
        accounts: DataLoader::new(AccountLoader(database.clone()), tokio::spawn),
    })
}

/// What a request's resolvers find in their context.
pub type Loaders = Arc<RequestLoaders>;

/// The unit `unit`, batched with the request's other lookups. A unit that a
/// read model names but the directory lacks is an internal fault.
pub async fn unit(context: &Context<'_>, unit: UnitId) -> async_graphql::Result<UnitNode> {
    let loaders = context.data::<Loaders>()?;
    match loaders.units.load_one(unit).await {
        Ok(Some(row)) => Ok(row.into()),
        Ok(None) => Err(graphql_error(CommandError::Internal(format!(
            "unit {unit} is named by a read model but missing from rm_units"
        )))),
        Err(error) => Err(graphql_error((*error).clone())),
    }
}

/// The display name of the account `account`, batched with the request's
/// other lookups; `None` when the directory does not have it (an account
/// named by an older history, say).
pub async fn account_name(
    context: &Context<'_>,
    account: AccountId,
) -> async_graphql::Result<Option<String>> {
    let loaders = context.data::<Loaders>()?;
    match loaders.accounts.load_one(account).await {
        Ok(row) => Ok(row.map(|row| row.display_name)),
        Err(error) => Err(graphql_error((*error).clone())),
    }
}
