//! The read side of chamdiem: read-model tables fed from the global event
//! log, in commit order, by one projector at a time.
//!
//! - [`projector`]: reads the log from its checkpoint in batches and applies
//!   each batch and the new checkpoint in one transaction, so a crash can
//!   neither skip nor double-apply; rebuild replays everything;
//! - [`read_models`]: one file per read model;
//! - [`as_of`]: a scorecard or a ranking as it stood at a log position or
//!   time, computed from the log itself.

pub mod as_of;
pub mod event_consumers;
pub mod progress_board;
mod projection_error;
mod projection_tx;
pub mod projector;
pub mod queries;
pub mod read_models;
pub mod reports;
pub mod results_visibility;
mod summary;
mod table_dump;
pub mod unit_access;

pub use projection_error::ProjectionError;
pub use projection_tx::{ProjectionTx, Record, SqlValue};
pub use projector::Projector;
pub use table_dump::dump_read_models;
