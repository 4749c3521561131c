//! Complete appraisal (Điều 10.2: every criterion of every unit is
//! appraised): which (unit, leaf) pairs have neither an appraiser nor an
//! exemption, and the exemption the administrator gives, with a reason, to
//! pairs nobody will appraise. Appraisal round 1 opens only when no pair is
//! left (the worksheet refuses its scores before).

use std::collections::{BTreeMap, BTreeSet};

use super::{Period, PeriodStatus, State, leaves_under};
use crate::criteria::{CriteriaTree, CriterionCode};
use crate::ids::UnitId;
use crate::period::{AppraisalExempted, ExemptFromAppraisal, PeriodError, PeriodEvent};

impl Period {
    /// Every (unit, leaf) pair of `tree` (survey leaves aside: forms score
    /// them) with neither an appraiser nor an exemption, unit by unit.
    pub fn uncovered(&self, tree: &CriteriaTree) -> BTreeMap<UnitId, BTreeSet<CriterionCode>> {
        let Some(state) = &self.state else {
            return BTreeMap::new();
        };
        state
            .units
            .keys()
            .filter_map(|unit| {
                let leaves: BTreeSet<CriterionCode> = appraised_leaves(tree)
                    .filter(|leaf| !state.covers(*unit, leaf))
                    .cloned()
                    .collect();
                (!leaves.is_empty()).then_some((*unit, leaves))
            })
            .collect()
    }

    /// How many pairs have neither an appraiser nor an exemption, counted
    /// without listing them (assignments and exemptions never overlap, so
    /// the pairs they hold add up): what a worksheet asks before every
    /// round-1 score.
    pub fn uncovered_count(&self, tree: &CriteriaTree) -> usize {
        let Some(state) = &self.state else {
            return 0;
        };
        let pairs = state.units.len() * appraised_leaves(tree).count();
        let assigned: usize = state.assignments.values().map(|a| a.pair_count()).sum();
        let exempt: usize = state.exemptions.values().map(BTreeSet::len).sum();
        pairs.saturating_sub(assigned + exempt)
    }

    /// The pairs exempted, unit by unit.
    pub fn exemptions(&self) -> impl Iterator<Item = (&UnitId, &BTreeSet<CriterionCode>)> {
        self.state.iter().flat_map(|s| s.exemptions.iter())
    }

    pub(super) fn exempt(&self, command: ExemptFromAppraisal) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        if state.status != PeriodStatus::Open {
            return Err(PeriodError::ResultsExist);
        }
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        if let Some(unit) = command.units.iter().find(|u| !state.units.contains_key(u)) {
            return Err(PeriodError::UnitNotInScope(*unit));
        }
        let leaves: BTreeSet<CriterionCode> = if command.criteria.is_empty() {
            appraised_leaves(&command.tree).cloned().collect()
        } else {
            leaves_under(&command.tree, &command.criteria)?
        };
        let pairs: BTreeMap<UnitId, BTreeSet<CriterionCode>> = self
            .uncovered(&command.tree)
            .into_iter()
            .filter(|(unit, _)| command.units.is_empty() || command.units.contains(unit))
            .filter_map(|(unit, missing)| {
                let chosen: BTreeSet<_> = missing.intersection(&leaves).cloned().collect();
                (!chosen.is_empty()).then_some((unit, chosen))
            })
            .collect();
        if pairs.is_empty() {
            return Err(PeriodError::NothingToExempt);
        }
        let unit_codes = state.codes_of(pairs.keys());
        Ok(PeriodEvent::AppraisalExempted(AppraisalExempted {
            period_id: state.id,
            pairs,
            unit_codes,
            reason: reason.to_owned(),
        }))
    }
}

impl State {
    /// Whether (unit, leaf) has an appraiser or an exemption.
    fn covers(&self, unit: UnitId, leaf: &CriterionCode) -> bool {
        self.exemptions
            .get(&unit)
            .is_some_and(|leaves| leaves.contains(leaf))
            || self.assignments.values().any(|a| a.covers(unit, leaf))
    }
}

/// The leaves appraisers score: every leaf but the survey leaves.
fn appraised_leaves(tree: &CriteriaTree) -> impl Iterator<Item = &CriterionCode> {
    tree.leaves()
        .filter(|leaf| !leaf.method.as_ref().is_some_and(|m| m.is_survey()))
        .map(|leaf| &leaf.code)
}
