//! cqrs-es's event store interface over the [`AggregateCache`]: loads start
//! from the kept state and read only newer events; commits go to the
//! persisted store in plain event-store mode, then keep the new state.

use std::collections::HashMap;
use std::sync::Arc;

use cqrs_es::persist::{EventStoreAggregateContext, PersistedEventRepository, PersistedEventStore};
use cqrs_es::{Aggregate, AggregateError, EventEnvelope, EventStore};

use super::aggregate_cache::AggregateCache;
use super::{Database, EventRepository, GroupCommit};

/// The event store of aggregate type `A`, through the cache.
pub struct CachedEventStore<A: Aggregate> {
    repository: EventRepository,
    persisted: PersistedEventStore<EventRepository, A>,
    cache: Arc<AggregateCache>,
}

impl<A: Aggregate> CachedEventStore<A> {
    /// The store of `A` in `database`, keeping states in `cache` and
    /// appending through `appends`.
    pub fn new(database: &Database, cache: Arc<AggregateCache>, appends: GroupCommit) -> Self {
        Self {
            persisted: PersistedEventStore::new_event_store(EventRepository::grouped(
                database, appends,
            )),
            repository: database.event_repository(),
            cache,
        }
    }
}

impl<A> EventStore<A> for CachedEventStore<A>
where
    A: Aggregate + Clone + 'static,
{
    type AC = EventStoreAggregateContext<A>;

    async fn load_events(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<EventEnvelope<A>>, AggregateError<A::Error>> {
        self.persisted.load_events(aggregate_id).await
    }

    async fn load_aggregate(
        &self,
        aggregate_id: &str,
    ) -> Result<EventStoreAggregateContext<A>, AggregateError<A::Error>> {
        let (sequence, aggregate) = self.load_shared(aggregate_id).await?;
        // The command changes its own copy; the kept one stays as stored.
        Ok(EventStoreAggregateContext {
            aggregate_id: aggregate_id.to_owned(),
            aggregate: Arc::unwrap_or_clone(aggregate),
            current_sequence: sequence,
            current_snapshot: None,
        })
    }

    async fn commit(
        &self,
        events: Vec<A::Event>,
        context: EventStoreAggregateContext<A>,
        metadata: HashMap<String, String>,
    ) -> Result<Vec<EventEnvelope<A>>, AggregateError<A::Error>> {
        // cqrs-es has already applied the new events to the context's
        // aggregate while the command wrote them: that state is the one to
        // keep. Plain event-store mode never reads it, so it moves to the
        // cache instead of being copied.
        let EventStoreAggregateContext {
            aggregate_id,
            aggregate,
            current_sequence,
            current_snapshot,
        } = context;
        let sequence = current_sequence + events.len();
        let stripped = EventStoreAggregateContext {
            aggregate_id: aggregate_id.clone(),
            aggregate: A::default(),
            current_sequence,
            current_snapshot,
        };
        let committed = self.persisted.commit(events, stripped, metadata).await?;
        if !committed.is_empty() {
            self.cache.put(&aggregate_id, sequence, Arc::new(aggregate));
        }
        Ok(committed)
    }
}

impl<A> CachedEventStore<A>
where
    A: Aggregate + Clone + 'static,
{
    /// The aggregate's current state and sequence, shared with the cache:
    /// nothing is copied unless newer events must be applied.
    pub async fn load_shared(
        &self,
        aggregate_id: &str,
    ) -> Result<(usize, Arc<A>), AggregateError<A::Error>> {
        let (mut sequence, mut aggregate) = self
            .cache
            .get::<A>(aggregate_id)
            .unwrap_or_else(|| (0, Arc::new(A::default())));
        let newer = self
            .repository
            .get_last_events::<A>(aggregate_id, sequence)
            .await?;
        self.cache.count_loaded(newer.len());
        if newer.is_empty() {
            return Ok((sequence, aggregate));
        }
        let state = Arc::make_mut(&mut aggregate);
        for serialized in newer {
            let envelope = EventEnvelope::<A>::try_from(serialized)?;
            sequence = envelope.sequence;
            state.apply(envelope.payload);
        }
        self.cache
            .put(aggregate_id, sequence, Arc::clone(&aggregate));
        Ok((sequence, aggregate))
    }
}
