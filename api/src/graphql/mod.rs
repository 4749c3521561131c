//! The GraphQL schema. Small for now: the API issue grows it resolver by
//! resolver. `schema/schema.graphql` is its SDL, checked by a test.

pub(crate) mod account_lock;
mod appraisal_coverage;
mod audit;
pub mod caller;
mod command_runner;
mod correction_queries;
mod costly_work;
mod criteria_queries;
mod deadline;
mod decimal;
mod directory_queries;
pub(crate) mod enums;
mod evidence_item;
mod history_page_read;
mod history_queries;
pub mod loaders;
mod log_position;
mod mutations;
mod node;
mod paging;
mod period_queries;
mod query;
mod read_queries;
pub mod request_budget;
mod result_figures;
mod scorecard_queries;
mod sign_in;
mod subscriptions;
mod uncoded_errors;
mod unstorable_text;
mod worksheet_progress;

use async_graphql::{MergedObject, Schema};
use chamdiem_commands::evidence_store::EvidenceStore;
use chamdiem_commands::gate::Gate;
use chamdiem_commands::integrity::TrustedKeys;
use chamdiem_commands::sessions::Sessions;
use chamdiem_commands::store::Database;
use chamdiem_projections::Projector;
use secrecy::SecretString;

pub use caller::Caller;
pub use query::ServiceQuery;
pub use uncoded_errors::{GRAPHQL_VALIDATION, response_with_codes, with_codes};

/// Every query.
#[derive(MergedObject, Default)]
pub struct Query(
    ServiceQuery,
    audit::AuditQuery,
    read_queries::ReadQuery,
    directory_queries::DirectoryQuery,
    scorecard_queries::ScorecardQuery,
    history_queries::HistoryQuery,
    criteria_queries::CriteriaQuery,
    period_queries::PeriodQuery,
    node::NodeQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    sign_in::SessionMutation,
    mutations::AccountMutation,
    mutations::SetupMutation,
    mutations::SelfAssessmentMutation,
    mutations::AppraisalMutation,
    mutations::CorrectionMutation,
    mutations::UploadMutation,
    mutations::TableImportMutation,
);

/// The largest evidence file accepted, in bytes.
#[derive(Clone, Copy)]
pub struct UploadLimit(pub usize);

/// The schema type served on `/graphql`.
pub type ChamdiemSchema = Schema<Query, Mutation, subscriptions::Subscription>;

/// The bearer token of the request, when it carried one.
#[derive(Clone)]
pub struct BearerToken(pub SecretString);

/// The deepest selection a query may make.
pub const MAX_DEPTH: usize = 16;
/// The largest complexity a query may have: fields resolved, every alias
/// counted, each page counted by its size (a page of 5,000 events with a
/// dozen fields fits; 400 aliases of one do not).
pub const MAX_COMPLEXITY: usize = 2_000;

/// What resolvers reach: the store, sessions, the gate to the write side,
/// the projector.
#[derive(Clone)]
pub struct Services {
    /// The event store.
    pub database: Database,
    /// Sign-in and token checks.
    pub sessions: Sessions,
    /// The only door to the write side.
    pub gate: Gate,
    /// The read models' projector.
    pub projector: Projector,
    /// Where evidence files are kept.
    pub evidence: EvidenceStore,
    /// The largest evidence file accepted, in bytes.
    pub upload_limit: usize,
    /// The keys whose checkpoints `verifyHistory` trusts.
    pub trusted_keys: TrustedKeys,
    /// The keys whose seals `verifyHistory` trusts.
    pub trusted_sealers: TrustedSealers,
    /// Whether anyone may read published results without signing in.
    pub public_results: bool,
}

/// Whether anyone may read published results without signing in (the
/// administrator's choice when the server is set up: `--public-results`).
#[derive(Debug, Clone, Copy)]
pub struct PublicResults(pub bool);

/// The seal keys `verifyHistory` trusts: the server's own and earlier ones
/// (a type of its own, beside the checkpoint keys in the schema's data).
#[derive(Debug, Clone)]
pub struct TrustedSealers(pub TrustedKeys);

/// Builds the schema with its limits and, for serving, the services its
/// resolvers use. Introspection can be switched off for production.
pub fn build_schema(introspection: bool, services: Option<Services>) -> ChamdiemSchema {
    let mut builder = Schema::build(
        Query::default(),
        Mutation::default(),
        subscriptions::Subscription,
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .extension(unstorable_text::RefuseUnstorableText);
    if let Some(services) = services {
        builder = builder
            .data(services.database)
            .data(services.sessions)
            .data(services.gate)
            .data(services.projector)
            .data(services.evidence)
            .data(costly_work::CostlyWork::default())
            .data(UploadLimit(services.upload_limit))
            .data(services.trusted_keys)
            .data(services.trusted_sealers)
            .data(PublicResults(services.public_results));
    }
    if !introspection {
        // "Did you mean …?" would name the fields introspection hides.
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The SDL of the schema, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    build_schema(true, None).sdl()
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
