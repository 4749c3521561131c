//! The HTTP routes, one file per resource.

pub mod graphql;
pub mod health;
pub mod metrics;
