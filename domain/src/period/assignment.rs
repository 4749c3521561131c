use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::criteria::{CriterionCode, Department};
use crate::ids::{AccountId, UnitId};

/// What one appraiser appraises in a period: for each unit, the leaves.
///
/// Kept as (unit, leaves) pairs, not as every assigned unit × every
/// assigned leaf: work moved to another appraiser leaves the rest, and two
/// assignments of one appraiser do not cover each other's units with each
/// other's leaves. A state written when it was a rectangle (`units`,
/// `leaves`) still reads, as that rectangle.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "AssignmentRecord")]
pub struct Assignment {
    /// The appraiser's department.
    pub department: Option<Department>,
    /// Each unit and its leaves (never an empty set).
    items: BTreeMap<UnitId, BTreeSet<CriterionCode>>,
}

/// An assignment as stored, in either shape.
#[derive(Deserialize)]
struct AssignmentRecord {
    department: Option<Department>,
    #[serde(default)]
    items: BTreeMap<UnitId, BTreeSet<CriterionCode>>,
    #[serde(default)]
    units: BTreeSet<UnitId>,
    #[serde(default)]
    leaves: BTreeSet<CriterionCode>,
}

impl From<AssignmentRecord> for Assignment {
    fn from(record: AssignmentRecord) -> Self {
        let mut assignment = Self {
            department: record.department,
            items: record.items,
        };
        assignment.add(&record.units, &record.leaves);
        assignment
    }
}

impl Assignment {
    /// An assignment of `leaves` for each of `units`.
    pub fn of(
        department: Option<Department>,
        units: &BTreeSet<UnitId>,
        leaves: &BTreeSet<CriterionCode>,
    ) -> Self {
        let mut assignment = Self {
            department,
            items: BTreeMap::new(),
        };
        assignment.add(units, leaves);
        assignment
    }

    /// Whether (unit, leaf) is this appraiser's.
    pub fn covers(&self, unit: UnitId, leaf: &CriterionCode) -> bool {
        self.items.get(&unit).is_some_and(|l| l.contains(leaf))
    }

    /// Every (unit, leaf) pair.
    pub fn pairs(&self) -> impl Iterator<Item = (UnitId, &CriterionCode)> {
        self.items
            .iter()
            .flat_map(|(unit, leaves)| leaves.iter().map(move |leaf| (*unit, leaf)))
    }

    /// How many (unit, leaf) pairs it holds.
    pub fn pair_count(&self) -> usize {
        self.items.values().map(BTreeSet::len).sum()
    }

    /// The units with at least one leaf.
    pub fn units(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.items.keys().copied()
    }

    /// The leaves of one unit.
    pub fn leaves_of(&self, unit: UnitId) -> impl Iterator<Item = &CriterionCode> {
        self.items.get(&unit).into_iter().flatten()
    }

    /// Every leaf assigned for some unit.
    pub fn leaves(&self) -> BTreeSet<&CriterionCode> {
        self.items.values().flatten().collect()
    }

    /// Whether nothing is assigned.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds `leaves` for each of `units`.
    pub fn add(&mut self, units: &BTreeSet<UnitId>, leaves: &BTreeSet<CriterionCode>) {
        if leaves.is_empty() {
            return;
        }
        for unit in units {
            self.items
                .entry(*unit)
                .or_default()
                .extend(leaves.iter().cloned());
        }
    }

    /// Takes out every leaf of `units` and answers what was taken.
    pub fn take_units(&mut self, units: &BTreeSet<UnitId>) -> Self {
        let taken = units
            .iter()
            .filter_map(|unit| self.items.remove_entry(unit))
            .collect();
        Self {
            department: self.department.clone(),
            items: taken,
        }
    }

    /// Adds every pair of `other`.
    pub fn absorb(&mut self, other: &Self) {
        for (unit, leaves) in &other.items {
            self.items
                .entry(*unit)
                .or_default()
                .extend(leaves.iter().cloned());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> CriterionCode {
        CriterionCode::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_state_written_as_a_rectangle_reads_as_its_pairs() {
        let stored = r#"{"department":"Sở Nội vụ","units":["S01","S02"],"leaves":["1.1","1.2"]}"#
            .replace("S01", &UnitId::for_code("S01").to_string())
            .replace("S02", &UnitId::for_code("S02").to_string());
        let read: Assignment = serde_json::from_str(&stored).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.pairs().count(), 4);
        assert!(read.covers(UnitId::for_code("S02"), &code("1.2")));
        // Written again, it reads the same.
        let again: Assignment =
            serde_json::from_str(&serde_json::to_string(&read).unwrap_or_default())
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, read);
    }

    #[test]
    fn two_assignments_do_not_cover_each_others_pairs() {
        let (s01, s02) = (UnitId::for_code("S01"), UnitId::for_code("S02"));
        let mut assignment =
            Assignment::of(None, &BTreeSet::from([s01]), &BTreeSet::from([code("1.1")]));
        assignment.add(&BTreeSet::from([s02]), &BTreeSet::from([code("2.1")]));
        assert!(!assignment.covers(s01, &code("2.1")));
        assert!(!assignment.covers(s02, &code("1.1")));
        let taken = assignment.take_units(&BTreeSet::from([s02]));
        assert_eq!(taken.pairs().count(), 1);
        assert_eq!(assignment.units().collect::<Vec<_>>(), vec![s01]);
    }
}
