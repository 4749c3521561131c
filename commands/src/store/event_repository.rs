use cqrs_es::Aggregate;
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use postgres_es::PostgresEventRepository;
use serde_json::Value;

use super::{Database, GroupCommit, SqliteEventRepository};

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
        match &self.store {
            StoreRepository::Postgres(repo) => repo.get_events::<A>(aggregate_id).await,
            StoreRepository::Sqlite(repo) => repo.get_events::<A>(aggregate_id).await,
        }
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        match &self.store {
            StoreRepository::Postgres(repo) => {
                repo.get_last_events::<A>(aggregate_id, last_sequence).await
            }
            StoreRepository::Sqlite(repo) => {
                repo.get_last_events::<A>(aggregate_id, last_sequence).await
            }
        }
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
