//! The write side of chamdiem.
//!
//! - [`store`]: the event store on PostgreSQL (postgres-es) or an embedded
//!   SQLite file behind one interface, and the global commit-ordered log;
//! - [`framework`]: cqrs-es wired to that store in plain event-store mode;
//! - [`metadata`]: who did it, from where: attached to every event;
//! - [`password_hasher`]: argon2id hashing and verification;
//! - [`bootstrap_admin`]: issuing the first administrator;
//! - [`write_side`] and [`handlers`]: every command of the yearly cycle,
//!   with the lookups its decision needs, retried when a race is lost;
//! - [`process_managers`]: reactions to the global log (lock an appraiser
//!   who submitted, aggregate results when the last one has).

pub mod bootstrap_admin;
pub mod clock;
pub mod command_error;
pub mod demo;
pub mod evidence_check;
pub mod evidence_store;
pub mod framework;
pub mod gate;
pub mod handlers;
pub mod integrity;
pub mod metadata;
pub mod password_hasher;
pub mod policy;
pub mod process_managers;
pub mod results_view;
pub mod sessions;
pub mod store;
mod temporary_password;
pub mod write_side;
