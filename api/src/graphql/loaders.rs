//! Per-request DataLoaders: N lookups of the same kind in one query become
//! one read.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::store::Database;
use chamdiem_domain::ids::UnitId;
use chamdiem_projections::queries::{UnitRow, units_by_id};

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

/// The loaders of one request: made afresh for each, so nothing is cached
/// from one request to the next.
pub fn for_request(database: &Database) -> Loaders {
    Arc::new(DataLoader::new(UnitLoader(database.clone()), tokio::spawn))
}

/// What a request's resolvers find in their context.
pub type Loaders = Arc<DataLoader<UnitLoader>>;

/// The unit `unit`, batched with the request's other lookups. A unit that a
/// read model names but the directory lacks is an internal fault.
pub async fn unit(context: &Context<'_>, unit: UnitId) -> async_graphql::Result<UnitNode> {
    let loader = context.data::<Loaders>()?;
    match loader.load_one(unit).await {
        Ok(Some(row)) => Ok(row.into()),
        Ok(None) => Err(graphql_error(CommandError::Internal(format!(
            "unit {unit} is named by a read model but missing from rm_units"
        )))),
        Err(error) => Err(graphql_error((*error).clone())),
    }
}
