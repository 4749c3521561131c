use std::collections::{BTreeMap, BTreeSet};

use crate::appraisal::Worksheet;
use crate::criteria::{CriteriaTree, CriterionCode};
use crate::period::{Assignment, ScopedUnit};
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
    /// Whether `leaf` is left out of the unit's maximum: the unit marked it
    /// not applicable and no appraiser scored it. An appraiser who scores
    /// such a leaf (with a reason: Điều 10.2 has every criterion appraised)
    /// overturns the mark, and the leaf counts with the appraised score.
    pub fn is_not_applicable(&self, leaf: &CriterionCode) -> bool {
        self.not_applicable.contains(leaf) && !self.appraised_points.contains_key(leaf)
    }

    /// A unit's scores from its scorecard and every worksheet of the period
    /// with its appraiser's assignment: a worksheet's score counts only for
    /// the (unit, leaf) its appraiser is assigned now (work moved to another
    /// appraiser leaves its first scores behind), and each (unit, leaf) has
    /// at most one appraiser.
    pub fn gather<'a>(
        unit: ScopedUnit,
        tree: &CriteriaTree,
        scorecard: &Scorecard,
        worksheets: impl IntoIterator<Item = (&'a Assignment, &'a Worksheet)>,
    ) -> Self {
        let unit_id = unit.unit_id;
        let appraised_points = worksheets
            .into_iter()
            .flat_map(|(assignment, worksheet)| {
                worksheet
                    .appraised_for(unit_id)
                    .into_iter()
                    .filter(|(leaf, _)| assignment.covers(unit_id, leaf))
            })
            .collect();
        Self {
            unit,
            not_applicable: scorecard.not_applicable_leaves(),
            self_points: scorecard.all_self_points(tree),
            appraised_points,
        }
    }
}
