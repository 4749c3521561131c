use std::collections::BTreeSet;

use super::{IndexKind, IssuingDecision};
use crate::criteria::CriteriaTree;
use crate::ids::CriteriaSetId;
use crate::scoring::ClassificationBands;
use crate::unit::UnitKind;

/// What may be asked of a criteria set.
#[derive(Debug, Clone)]
pub enum CriteriaSetCommand {
    /// Start a draft.
    Draft(DraftCriteriaSet),
    /// Give the draft its tree (replacing any earlier one).
    DefineTree(CriteriaTree),
    /// Give a task-completion draft its classification bands.
    SetClassificationBands(ClassificationBands),
    /// Publish: the set is frozen from now on.
    Publish,
}

/// Start a criteria set draft.
#[derive(Debug, Clone)]
pub struct DraftCriteriaSet {
    /// The new set's id.
    pub criteria_set_id: CriteriaSetId,
    /// PAR index or task completion.
    pub index_kind: IndexKind,
    /// Its name.
    pub name: String,
    /// The decision that issues it.
    pub decision: IssuingDecision,
    /// The year it scores.
    pub year: i32,
    /// The unit kinds it applies to.
    pub unit_kinds: BTreeSet<UnitKind>,
    /// The published set it replaces, as looked up by the caller.
    pub supersedes: Option<Supersedes>,
}

/// The published set a new version replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supersedes {
    /// Its id.
    pub criteria_set_id: CriteriaSetId,
    /// Its version.
    pub version: u32,
    /// Its index kind (a new version scores the same index).
    pub index_kind: IndexKind,
}
