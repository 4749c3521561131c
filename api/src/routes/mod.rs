//! The HTTP routes, one file per resource.

pub mod graphql;
pub mod graphql_ws;
pub mod health;
pub mod metrics;
