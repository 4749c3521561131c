use cqrs_es::Aggregate;
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use postgres_es::PostgresEventRepository;
use serde_json::Value;

use super::{Database, GroupCommit, SqliteEventRepository, StoredEventKey, take_out_password_hash};

/// The cqrs-es event repository of whichever store was chosen at start-up.
///
/// Used in plain event-store mode only: cqrs-es 0.5's snapshot and
/// aggregate-store modes apply new events twice when they save a snapshot.
pub struct EventRepository {
    store: StoreRepository,
    // When set, appends go through it instead of a transaction each.
    appends: Option<GroupCommit>,
}

enum StoreRepository {
    /// postgres-es on PostgreSQL.
    Postgres(PostgresEventRepository),
    /// Our own repository on SQLite.
    Sqlite(SqliteEventRepository),
}

impl EventRepository {
    /// The repository for `database`: each append a transaction of its own.
    pub fn new(database: &Database) -> Self {
        let store = match database {
            Database::Postgres(pool) => {
                StoreRepository::Postgres(PostgresEventRepository::new(pool.clone()))
            }
            Database::Sqlite(pool) => {
                StoreRepository::Sqlite(SqliteEventRepository::new(pool.clone()))
            }
        };
        Self {
            store,
            appends: None,
        }
    }

    /// The repository for `database`, appending through `appends`.
    pub fn grouped(database: &Database, appends: GroupCommit) -> Self {
        Self {
            appends: Some(appends),
            ..Self::new(database)
        }
    }
}

impl PersistedEventRepository for EventRepository {
    async fn get_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let events = match &self.store {
            StoreRepository::Postgres(repo) => repo.get_events::<A>(aggregate_id).await,
            StoreRepository::Sqlite(repo) => repo.get_events::<A>(aggregate_id).await,
        }?;
        Ok(without_password_hashes(events))
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let events = match &self.store {
            StoreRepository::Postgres(repo) => {
                repo.get_last_events::<A>(aggregate_id, last_sequence).await
            }
            StoreRepository::Sqlite(repo) => {
                repo.get_last_events::<A>(aggregate_id, last_sequence).await
            }
        }?;
        Ok(without_password_hashes(events))
    }

    async fn get_snapshot<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Option<SerializedSnapshot>, PersistenceError> {
        match &self.store {
            StoreRepository::Postgres(repo) => repo.get_snapshot::<A>(aggregate_id).await,
            StoreRepository::Sqlite(repo) => repo.get_snapshot::<A>(aggregate_id).await,
        }
    }

    async fn persist<A: Aggregate>(
        &self,
        events: &[SerializedEvent],
        snapshot_update: Option<(String, Value, usize)>,
    ) -> Result<(), PersistenceError> {
        if let (Some(appends), None) = (&self.appends, &snapshot_update) {
            return appends.append(A::TYPE, events).await;
        }
        match &self.store {
            StoreRepository::Postgres(repo) => repo.persist::<A>(events, snapshot_update).await,
            StoreRepository::Sqlite(repo) => repo.persist::<A>(events, snapshot_update).await,
        }
    }

    async fn stream_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<ReplayStream, PersistenceError> {
        match &self.store {
            StoreRepository::Postgres(repo) => repo.stream_events::<A>(aggregate_id).await,
            StoreRepository::Sqlite(repo) => repo.stream_events::<A>(aggregate_id).await,
        }
    }

    async fn stream_all_events<A: Aggregate>(&self) -> Result<ReplayStream, PersistenceError> {
        match &self.store {
            StoreRepository::Postgres(repo) => repo.stream_all_events::<A>().await,
            StoreRepository::Sqlite(repo) => repo.stream_all_events::<A>().await,
        }
    }
}

/// The events with any password hash an older history holds taken out, so
/// that the aggregate reads the version-2 shape (a credential's id).
/// `stream_events` and `stream_all_events` (cqrs-es replays, which chamdiem
/// does not use) are not upcast: a version-1 account event read through
/// them fails to parse, it never yields a hash.
fn without_password_hashes(mut events: Vec<SerializedEvent>) -> Vec<SerializedEvent> {
    for event in &mut events {
        let key = StoredEventKey {
            aggregate_type: &event.aggregate_type,
            aggregate_id: &event.aggregate_id,
            sequence: event.sequence as u64,
            event_type: &event.event_type,
            event_version: &event.event_version,
        };
        take_out_password_hash(key, &mut event.payload);
    }
    events
}
