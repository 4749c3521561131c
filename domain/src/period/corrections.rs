//! Corrections after provisional results: a unit's complaint (kiến nghị)
//! on one leaf, its answer, a leaf reopened on its appraiser's worksheet,
//! and the corrections a new version of the results takes in.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::criteria::CriterionCode;
use crate::ids::{AccountId, UnitId};
use crate::scoring::Points;
use crate::self_assessment::Evidence;
use crate::unit::UnitCode;

/// A number given in order within a period (complaint no. 1, 2…), so that
/// officials can cite it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct SerialNo(pub u32);

impl SerialNo {
    /// The number after this one.
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl fmt::Display for SerialNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The number of a version of a period's results: 1 for the first
/// aggregation, one more for each aggregation after corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ResultsVersion(pub u32);

impl ResultsVersion {
    /// The first aggregation's.
    pub const FIRST: Self = Self(1);

    /// The version after this one.
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl Default for ResultsVersion {
    /// Events recorded before versions existed were the only aggregation.
    fn default() -> Self {
        Self::FIRST
    }
}

impl fmt::Display for ResultsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How a complaint was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintOutcome {
    /// The complaint stands: the leaf is to be reopened and scored again.
    #[serde(rename = "upheld")]
    Upheld,
    /// The complaint does not stand: the score stays.
    #[serde(rename = "rejected")]
    Rejected,
}

impl ComplaintOutcome {
    /// As officials say it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Upheld => "Chấp nhận kiến nghị",
            Self::Rejected => "Không chấp nhận kiến nghị",
        }
    }
}

/// A unit's complaint on one leaf of its provisional results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    /// Its number in the period.
    pub no: SerialNo,
    /// The unit.
    pub unit_id: UnitId,
    /// Its code, so that the trail names it.
    pub unit_code: UnitCode,
    /// The leaf complained about.
    pub leaf: CriterionCode,
    /// Why the unit asks for the score to change.
    pub reason: String,
    /// Files the unit gives in support.
    pub evidence: Vec<Evidence>,
    /// The results version it was lodged against.
    pub version: ResultsVersion,
    /// Its answer, once given.
    pub answer: Option<ComplaintAnswer>,
}

/// The answer to a complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintAnswer {
    /// Upheld or rejected.
    pub outcome: ComplaintOutcome,
    /// The answer's text.
    pub text: String,
    /// Who answered: the leaf's appraiser, or for the council an
    /// administrator or a manager.
    pub by: AccountId,
}

/// A leaf reopened on its appraiser's worksheet after provisional results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeafReopening {
    /// Its number in the period.
    pub no: SerialNo,
    /// The unit.
    pub unit_id: UnitId,
    /// Its code.
    pub unit_code: UnitCode,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The appraiser who scores it again; none when nobody appraises the
    /// leaf and the unit scores it again on its scorecard.
    pub appraiser: Option<AccountId>,
    /// Why.
    pub reason: String,
    /// The upheld complaint it answers, if any.
    pub complaint: Option<SerialNo>,
    /// The version that took its new score in, once aggregated.
    pub settled_in: Option<ResultsVersion>,
}

/// A reopened leaf scored again, as a new version of the results records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The reopening it settles.
    pub reopening: SerialNo,
    /// The unit.
    pub unit_id: UnitId,
    /// Its code.
    pub unit_code: UnitCode,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The appraiser's final score before.
    pub before: Option<Points>,
    /// Their corrected score.
    pub after: Points,
    /// The appraiser's reason for the corrected score.
    pub reason: String,
    /// The upheld complaint it answers, if any.
    pub complaint: Option<SerialNo>,
}
