//! The pure model of chamdiem.
//!
//! Everything here is synchronous in spirit and free of I/O: identifiers, value
//! objects parsed once at the edge, aggregates with their commands, events and
//! typed errors. What a decision needs from elsewhere (a password hash, the
//! clock) is computed by the write side in `chamdiem-commands` and passed in.

pub mod account;
pub mod appraisal;
pub mod criteria;
pub mod criteria_set;
mod error_code;
pub mod event_kind;
mod event_kind_label;
pub mod ids;
pub mod period;
pub mod results;
pub mod scoring;
pub mod self_assessment;
pub mod sub_account_request;
pub mod table_file;
pub mod time;
pub mod unit;

pub use error_code::{Code, ErrorCode};

#[cfg(test)]
mod test_support;
