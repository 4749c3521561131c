//! The event store: one interface over PostgreSQL and an embedded SQLite file.
//!
//! Both stores keep every event in one `events` table whose rows the database
//! itself refuses to update or delete, and give each event a gap-free,
//! commit-ordered `position` in the global log (see
//! `ops/decisions/0001-global-log-position.md`).

mod aggregate_cache;
mod cached_event_store;
mod config;
pub mod credentials;
mod database;
mod error;
mod event_chain;
mod event_repository;
mod event_seals;
mod global_log;
mod group_commit;
mod password_hash_redaction;
mod seal_key;
mod sqlite_event_repository;
mod unreachable;

pub use aggregate_cache::{AggregateCache, DEFAULT_CAPACITY};
pub use cached_event_store::CachedEventStore;
pub use config::StoreConfig;
pub use database::{Database, StoreKind};
pub use error::StoreError;
pub use event_chain::{GENESIS, canonical_time, entry_hash, parse_hash};
pub use event_repository::EventRepository;
pub use event_seals::{EventSeal, seal, seal_earlier_history, stored_seals};
pub use global_log::{LogPosition, LoggedEvent};
pub use group_commit::GroupCommit;
pub use password_hash_redaction::{
    StoredEventKey, payload_without_password_hash, take_out_password_hash,
};
pub use seal_key::{SealKey, SealKeyError};
pub use sqlite_event_repository::SqliteEventRepository;
pub use unreachable::{ProbeAnswer, caused_by_unreachable_database, database_unreachable};
