//! The write side's entry point: looks up what a decision needs, runs the
//! command on its aggregate with the request's metadata, and retries when
//! another writer won the race.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chamdiem_domain::ErrorCode;
use chamdiem_domain::criteria::CriteriaTree;
use chamdiem_domain::criteria_set::CriteriaSet;
use chamdiem_domain::ids::CriteriaSetId;
use cqrs_es::{Aggregate, AggregateError};

use crate::clock::Clock;
use crate::command_error::CommandError;
use crate::framework::{execute, framework};
use crate::metadata::CommandMetadata;
use crate::store::{AggregateCache, CachedEventStore, Database, GroupCommit, SealKey};

/// How many times a command is decided again after losing a race.
const ATTEMPTS: usize = 5;

/// Runs commands against the store. Cheap to clone.
#[derive(Clone)]
pub struct WriteSide {
    database: Database,
    clock: Arc<dyn Clock>,
    // Published criteria trees never change, so each is loaded once.
    trees: Arc<Mutex<HashMap<CriteriaSetId, Arc<CriteriaTree>>>>,
    // Aggregates as last loaded or committed: a load reads newer events only.
    cache: Arc<AggregateCache>,
    // Concurrent commands' appends, committed together.
    appends: GroupCommit,
}

impl WriteSide {
    /// A write side on `database`, deciding deadlines by `clock`, sealing
    /// what it appends with `seal_key` (ops/decisions/0018).
    pub fn new(database: Database, clock: Arc<dyn Clock>, seal_key: SealKey) -> Self {
        Self {
            appends: GroupCommit::new(database.clone(), seal_key),
            database,
            clock,
            trees: Arc::default(),
            cache: Arc::default(),
        }
    }

    /// The aggregates kept in memory.
    pub fn cache(&self) -> &AggregateCache {
        &self.cache
    }

    /// The store.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// The time now.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The current state of aggregate `A` with this id (the default state
    /// when it has no events), shared with the cache.
    pub async fn load<A>(&self, aggregate_id: &str) -> Result<Arc<A>, CommandError>
    where
        A: Aggregate + Clone + 'static,
    {
        let store = CachedEventStore::<A>::new(
            &self.database,
            Arc::clone(&self.cache),
            self.appends.clone(),
        );
        let (_, aggregate) = store
            .load_shared(aggregate_id)
            .await
            .map_err(CommandError::from_store_failure)?;
        Ok(aggregate)
    }

    /// Like [`WriteSide::load`], when the caller already knows the
    /// aggregate's last sequence: a kept state that recent is returned
    /// without asking the store.
    pub async fn load_at<A>(
        &self,
        aggregate_id: &str,
        sequence: i64,
    ) -> Result<Arc<A>, CommandError>
    where
        A: Aggregate + Clone + 'static,
    {
        match self.cache.get::<A>(aggregate_id) {
            Some((kept, aggregate)) if i64::try_from(kept).ok() == Some(sequence) => Ok(aggregate),
            _ => self.load(aggregate_id).await,
        }
    }

    /// The tree of a published criteria set.
    pub async fn published_tree(
        &self,
        id: CriteriaSetId,
    ) -> Result<Arc<CriteriaTree>, CommandError> {
        if let Some(tree) = self.cached_tree(id) {
            return Ok(tree);
        }
        let set: Arc<CriteriaSet> = self.load(&id.to_string()).await?;
        let tree = match (set.is_published(), set.tree()) {
            (true, Some(tree)) => Arc::new(tree.clone()),
            _ => return Err(CommandError::not_found("bộ tiêu chí chưa được ban hành")),
        };
        self.trees
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, Arc::clone(&tree));
        Ok(tree)
    }

    fn cached_tree(&self, id: CriteriaSetId) -> Option<Arc<CriteriaTree>> {
        self.trees
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned()
    }

    /// Runs a command on aggregate `A`. When another writer wins the race,
    /// the aggregate decides again on its fresh state, up to a few times,
    /// before the answer is `Conflict`. What the command needs from other
    /// aggregates is looked up by the caller before.
    pub async fn run<A>(
        &self,
        aggregate_id: &str,
        metadata: &CommandMetadata,
        command: A::Command,
    ) -> Result<(), CommandError>
    where
        A: Aggregate<Services = ()> + Clone + 'static,
        A::Command: Clone,
        A::Error: ErrorCode + std::error::Error,
    {
        let framework = framework::<A>(&self.database, &self.cache, &self.appends, ());
        for attempt in 1..=ATTEMPTS {
            match execute(&framework, aggregate_id, command.clone(), metadata.clone()).await {
                Ok(()) => return Ok(()),
                Err(AggregateError::AggregateConflict) if attempt < ATTEMPTS => {
                    tracing::debug!(
                        aggregate = A::TYPE,
                        aggregate_id,
                        attempt,
                        "lost a race; deciding again"
                    );
                }
                Err(error) => return Err(CommandError::from_aggregate(error)),
            }
        }
        Err(CommandError::Conflict)
    }
}
