//! Per-request DataLoaders: N lookups of the same kind in one query become
//! one read.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use chamdiem_commands::store::Database;
use chamdiem_projections::queries::unit_names;

/// Unit names by unit id.
pub struct UnitNameLoader(pub Database);

impl Loader<String> for UnitNameLoader {
    type Value = String;
    type Error = std::sync::Arc<String>;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, String>, Self::Error> {
        unit_names(&self.0, keys)
            .await
            .map_err(|e| std::sync::Arc::new(e.to_string()))
    }
}

/// The loaders of one request: made afresh for each, so nothing is cached
/// from one request to the next.
pub fn for_request(database: &Database) -> Loaders {
    std::sync::Arc::new(DataLoader::new(
        UnitNameLoader(database.clone()),
        tokio::spawn,
    ))
}

/// What a request's resolvers find in their context.
pub type Loaders = std::sync::Arc<DataLoader<UnitNameLoader>>;
