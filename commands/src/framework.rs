//! cqrs-es wired to the chosen event store.

use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, CqrsFramework};

use crate::store::{Database, EventRepository};

/// The command framework of one aggregate type on the chosen store.
pub type Framework<A> = CqrsFramework<A, PersistedEventStore<EventRepository, A>>;

/// Builds the framework for aggregate `A` in plain event-store mode, with no
/// framework queries: read models are fed from the global log instead, because
/// cqrs-es runs its queries after the commit and drops their errors.
pub fn framework<A>(database: &Database, services: A::Services) -> Framework<A>
where
    A: Aggregate,
{
    let store = PersistedEventStore::new_event_store(database.event_repository());
    CqrsFramework::new(store, Vec::new(), services)
}
