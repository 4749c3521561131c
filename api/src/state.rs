//! What every request handler can reach.

use chamdiem_commands::evidence_store::EvidenceStore;
use chamdiem_commands::sessions::Sessions;
use chamdiem_commands::store::Database;
use chamdiem_projections::Projector;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::graphql::ChamdiemSchema;

/// The shared state of the server. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The event store.
    pub database: Database,
    /// Sign-in and token checks.
    pub sessions: Sessions,
    /// The projector feeding the read models.
    pub projector: Projector,
    /// The GraphQL schema, built once.
    pub schema: ChamdiemSchema,
    /// Renders the Prometheus metrics.
    pub metrics: PrometheusHandle,
    /// Whether GraphiQL is served on `GET /graphql`.
    pub graphiql: bool,
    /// Where evidence files are kept.
    pub evidence: EvidenceStore,
    /// The largest evidence file accepted, in bytes.
    pub upload_limit: usize,
    /// The largest non-upload request body accepted, in bytes.
    pub body_limit: usize,
    /// The province named in the header of every report.
    pub province: String,
    /// Whether the database is away (requests are then answered at once).
    pub database_watch: crate::database_watch::DatabaseWatch,
    /// Open WebSockets by account.
    pub account_sockets: crate::routes::graphql_ws::AccountSockets,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: std::sync::Arc<[std::net::IpAddr]>,
}
