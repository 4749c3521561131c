//! Aggregates kept in memory between commands, with the sequence of the
//! last event they have applied. Loading an aggregate then reads only the
//! events after that sequence: its cost does not grow with its history.
//!
//! The store stays the source of truth: every load still asks it for newer
//! events, so another process's writes are seen, and a commit made from a
//! stale state fails on the store's optimistic lock as it would without
//! the cache. This replaces cqrs-es's snapshot mode, which applies each new
//! event twice when it saves a snapshot.

use std::any::Any;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use cqrs_es::Aggregate;
use lru::LruCache;

/// How many aggregates are kept by default: every unit's scorecard of a
/// province several times over, a fraction of a national deployment's
/// (those come back from the store on their next use).
pub const DEFAULT_CAPACITY: NonZeroUsize = match NonZeroUsize::new(4_096) {
    Some(capacity) => capacity,
    None => NonZeroUsize::MIN,
};

struct Entry {
    sequence: usize,
    state: Box<dyn Any + Send + Sync>,
}

/// The most recently used aggregates of every type.
pub struct AggregateCache {
    entries: Mutex<LruCache<(&'static str, String), Entry>>,
    events_loaded: AtomicU64,
}

impl AggregateCache {
    /// A cache of at most `capacity` aggregates.
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self {
            entries: Mutex::new(LruCache::new(capacity)),
            events_loaded: AtomicU64::new(0),
        }
    }

    /// The kept state of an aggregate and the sequence it has applied,
    /// shared: reading it copies nothing (a national period's state is
    /// large, and every command of its units looks it up).
    pub fn get<A>(&self, aggregate_id: &str) -> Option<(usize, Arc<A>)>
    where
        A: Aggregate + Clone + 'static,
    {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(&(A::TYPE, aggregate_id.to_owned()))?;
        let state = entry.state.downcast_ref::<Arc<A>>()?;
        Some((entry.sequence, Arc::clone(state)))
    }

    /// Keeps an aggregate's state after `sequence`, unless a newer one is kept.
    pub fn put<A>(&self, aggregate_id: &str, sequence: usize, aggregate: Arc<A>)
    where
        A: Aggregate + Clone + 'static,
    {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (A::TYPE, aggregate_id.to_owned());
        if entries.peek(&key).is_some_and(|e| e.sequence > sequence) {
            return;
        }
        entries.put(
            key,
            Entry {
                sequence,
                state: Box::new(aggregate),
            },
        );
    }

    /// Counts events read from the store to bring aggregates up to date.
    pub fn count_loaded(&self, events: usize) {
        self.events_loaded
            .fetch_add(u64::try_from(events).unwrap_or(u64::MAX), Ordering::Relaxed);
        metrics::counter!("aggregate_events_loaded_total")
            .increment(u64::try_from(events).unwrap_or(u64::MAX));
    }

    /// Events read from the store so far (tests and benchmarks).
    pub fn events_loaded(&self) -> u64 {
        self.events_loaded.load(Ordering::Relaxed)
    }
}

impl Default for AggregateCache {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}
