//! The write side of chamdiem.
//!
//! - [`store`]: the event store on PostgreSQL (postgres-es) or an embedded
//!   SQLite file behind one interface, and the global commit-ordered log;
//! - [`framework`]: cqrs-es wired to that store in plain event-store mode;
//! - [`metadata`]: who did it, from where: attached to every event;
//! - [`password_hasher`]: argon2id hashing and verification;
//! - [`bootstrap_admin`]: issuing the first administrator.

pub mod bootstrap_admin;
pub mod framework;
pub mod metadata;
pub mod password_hasher;
pub mod store;
