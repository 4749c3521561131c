//! The criteria set aggregate: drafted, given its tree (and bands for task
//! completion), then published and frozen. A change after publication is a
//! new version that supersedes the old one.

mod aggregate;
mod commands;
mod errors;
mod events;
mod index_kind;
mod issuing_decision;

pub use aggregate::CriteriaSet;
pub use commands::{CriteriaSetCommand, DraftCriteriaSet, Supersedes};
pub use errors::CriteriaSetError;
pub use events::{
    ClassificationBandsSet, CriteriaSetDrafted, CriteriaSetEvent, CriteriaSetEventKind,
    CriteriaSetPublished, CriteriaTreeDefined,
};
pub use index_kind::IndexKind;
pub use issuing_decision::{IssuingDecision, IssuingDecisionError};
