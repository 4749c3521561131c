use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::criteria::{CriterionCode, Department};
use crate::ids::{AccountId, UnitId};

/// What one appraiser appraises in a period: these leaves for these units.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assignment {
    /// The appraiser's department.
    pub department: Option<Department>,
    /// The units.
    pub units: BTreeSet<UnitId>,
    /// The leaves.
    pub leaves: BTreeSet<CriterionCode>,
}

impl Assignment {
    /// Whether (unit, leaf) is this appraiser's.
    pub fn covers(&self, unit: UnitId, leaf: &CriterionCode) -> bool {
        self.units.contains(&unit) && self.leaves.contains(leaf)
    }

    /// Every (unit, leaf) pair.
    pub fn pairs(&self) -> impl Iterator<Item = (UnitId, &CriterionCode)> {
        self.units
            .iter()
            .flat_map(move |unit| self.leaves.iter().map(move |leaf| (*unit, leaf)))
    }
}

/// One appraiser and their assignment, as a period records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraiserAssignment {
    /// The appraiser.
    pub appraiser: AccountId,
    /// What they appraise.
    pub assignment: Assignment,
}
