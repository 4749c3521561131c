//! The GraphQL schema. Small for now: the API issue grows it resolver by
//! resolver. `schema/schema.graphql` is its SDL, checked by a test.

mod query;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

pub use query::Query;

/// The schema type served on `/graphql`.
pub type ChamdiemSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The deepest selection a query may make.
pub const MAX_DEPTH: usize = 16;
/// The largest complexity (roughly, fields resolved) a query may have.
pub const MAX_COMPLEXITY: usize = 2_000;

/// Builds the schema with its limits. Introspection can be switched off for
/// production.
pub fn build_schema(introspection: bool) -> ChamdiemSchema {
    let builder = Schema::build(Query, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY);
    if introspection {
        builder.finish()
    } else {
        builder.disable_introspection().finish()
    }
}

/// The SDL of the schema, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    build_schema(true).sdl()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed SDL must be what the code serves. Run with
    /// `CHAMDIEM_UPDATE_SCHEMA=1` to rewrite it after a deliberate change.
    #[test]
    fn committed_sdl_matches_the_code() -> std::io::Result<()> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/schema.graphql");
        let current = sdl();
        if std::env::var_os("CHAMDIEM_UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &current)?;
        }
        let committed = std::fs::read_to_string(path)?;
        assert!(
            committed == current,
            "schema/schema.graphql is stale: run CHAMDIEM_UPDATE_SCHEMA=1 cargo test -p chamdiem-api"
        );
        Ok(())
    }
}
