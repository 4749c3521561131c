//! cqrs-es wired to the chosen event store.

use std::sync::Arc;

use cqrs_es::{Aggregate, AggregateError, CqrsFramework};

use crate::metadata::CommandMetadata;
use crate::store::{AggregateCache, CachedEventStore, Database, GroupCommit};

/// The command framework of one aggregate type on the chosen store.
pub type Framework<A> = CqrsFramework<A, CachedEventStore<A>>;

/// Builds the framework for aggregate `A` in plain event-store mode, loading
/// through `cache` (see [`AggregateCache`]) and appending through `appends`
/// (see [`GroupCommit`]), with no framework queries: read
/// models are fed from the global log instead, because cqrs-es runs its
/// queries after the commit and drops their errors.
pub fn framework<A>(
    database: &Database,
    cache: &Arc<AggregateCache>,
    appends: &GroupCommit,
    services: A::Services,
) -> Framework<A>
where
    A: Aggregate + Clone + 'static,
{
    let store = CachedEventStore::new(database, Arc::clone(cache), appends.clone());
    CqrsFramework::new(store, Vec::new(), services)
}

/// Runs one command on aggregate `aggregate_id` with the request's metadata,
/// and counts it in `commands_total{aggregate, outcome}`: `accepted`,
/// `refused` (a domain rule said no), `conflict` (another writer won the
/// race) or `failed` (the store failed).
pub async fn execute<A>(
    framework: &Framework<A>,
    aggregate_id: &str,
    command: A::Command,
    metadata: CommandMetadata,
) -> Result<(), AggregateError<A::Error>>
where
    A: Aggregate + Clone + 'static,
{
    let outcome = framework
        .execute_with_metadata(aggregate_id, command, metadata.into_map())
        .await;
    let label = match &outcome {
        Ok(()) => "accepted",
        Err(AggregateError::UserError(_)) => "refused",
        Err(AggregateError::AggregateConflict) => "conflict",
        Err(_) => "failed",
    };
    metrics::counter!("commands_total", "aggregate" => A::TYPE, "outcome" => label).increment(1);
    outcome
}
