//! The HTTP routes, one file per resource.

pub mod evidence;
pub mod graphql;
pub mod graphql_ws;
pub mod health;
pub mod metrics;
