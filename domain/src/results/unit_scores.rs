use std::collections::{BTreeMap, BTreeSet};

use crate::appraisal::Worksheet;
use crate::criteria::{CriteriaTree, CriterionCode};
use crate::period::ScopedUnit;
use crate::scoring::Points;
use crate::self_assessment::Scorecard;

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

impl UnitScores {
    /// A unit's scores from its scorecard and every worksheet of the period
    /// (each (unit, leaf) has at most one appraiser).
    pub fn gather<'a>(
        unit: ScopedUnit,
        tree: &CriteriaTree,
        scorecard: &Scorecard,
        worksheets: impl IntoIterator<Item = &'a Worksheet>,
    ) -> Self {
        let appraised_points = worksheets
            .into_iter()
            .flat_map(|worksheet| worksheet.appraised_for(unit.unit_id))
            .collect();
        Self {
            unit,
            not_applicable: scorecard.not_applicable_leaves(),
            self_points: scorecard.all_self_points(tree),
            appraised_points,
        }
    }
}
