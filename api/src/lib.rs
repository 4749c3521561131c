//! The chamdiem server and its command-line tool.
//!
//! - [`cli`]: the `chamdiem` command (serve, migrate, bootstrap-admin);
//! - [`startup`]: [`startup::Application`], the axum server bound to a port;
//! - [`routes`]: health, readiness, metrics and the GraphQL endpoint;
//! - [`graphql`]: the async-graphql schema;
//! - [`telemetry`] and [`http_metrics`]: logs and Prometheus metrics.

pub mod bounded_log_lines;
pub mod cli;
pub mod cors_origins;
pub mod database_watch;
pub mod graphql;
pub mod http_metrics;
pub mod metric_descriptions;
pub mod pages;
pub mod per_account_limit;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
