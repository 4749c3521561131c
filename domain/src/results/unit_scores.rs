use std::collections::{BTreeMap, BTreeSet};

use crate::criteria::CriterionCode;
use crate::period::ScopedUnit;
use crate::scoring::Points;

/// Everything known of one unit when results are aggregated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitScores {
    /// The unit and its block.
    pub unit: ScopedUnit,
    /// Leaves the unit marked not applicable.
    pub not_applicable: BTreeSet<CriterionCode>,
    /// The unit's own scores, survey leaves included (scored from responses).
    pub self_points: BTreeMap<CriterionCode, Points>,
    /// The last appraised score of each appraised leaf (round 2, else round 1).
    pub appraised_points: BTreeMap<CriterionCode, Points>,
}
