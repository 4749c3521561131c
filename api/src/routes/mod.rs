//! The HTTP routes, one file per resource.

pub mod attachment;
pub mod bearer;
pub mod client_address;
pub mod evidence;
pub mod graphiql;
pub mod graphql;
pub mod graphql_body;
pub mod graphql_rejection;
pub mod graphql_ws;
pub mod health;
pub mod http_error;
pub mod http_status;
pub mod metrics;
pub mod reports;
pub mod request_context;
pub mod request_id;
