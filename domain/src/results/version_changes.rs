//! What changed from one version of a period's results to the next: the
//! published ranking lists it beside the corrections that caused it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{LeafSource, PeriodResults, RankedResult};
use crate::criteria::CriterionCode;
use crate::ids::UnitId;
use crate::scoring::{Index, Points};
use crate::unit::UnitCode;

/// One leaf's final score in two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeafChange {
    /// The leaf.
    pub code: CriterionCode,
    /// Its final score before.
    pub before: Points,
    /// Its final score after.
    pub after: Points,
    /// Where the score came from after.
    pub source: LeafSource,
}

/// One unit whose result differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChange {
    /// The unit.
    pub unit_id: UnitId,
    /// Its code.
    pub unit_code: UnitCode,
    /// Its rank before and after.
    pub rank: (u32, u32),
    /// Its index before and after.
    pub index: (Index, Index),
    /// The leaves whose final score or source changed, in tree order.
    pub leaves: Vec<LeafChange>,
}

/// Every unit whose rank, index or leaf scores differ from `previous` to
/// `next`, in the order of `next`; units only in one version are left out
/// (a period's units do not change between versions).
pub fn version_changes(previous: &PeriodResults, next: &PeriodResults) -> Vec<UnitChange> {
    let before: BTreeMap<UnitId, &RankedResult> = previous
        .iter()
        .map(|ranked| (ranked.result.unit.unit_id, ranked))
        .collect();
    next.iter()
        .filter_map(|after| {
            let before = before.get(&after.result.unit.unit_id)?;
            let old_leaves: BTreeMap<&CriterionCode, _> = before
                .result
                .leaves
                .iter()
                .map(|leaf| (&leaf.code, leaf))
                .collect();
            let leaves: Vec<LeafChange> = after
                .result
                .leaves
                .iter()
                .filter_map(|leaf| {
                    let old = old_leaves.get(&leaf.code)?;
                    (old.points != leaf.points || old.source != leaf.source).then(|| LeafChange {
                        code: leaf.code.clone(),
                        before: old.points,
                        after: leaf.points,
                        source: leaf.source,
                    })
                })
                .collect();
            let unchanged = leaves.is_empty()
                && before.rank == after.rank
                && before.result.index == after.result.index;
            (!unchanged).then(|| UnitChange {
                unit_id: after.result.unit.unit_id,
                unit_code: after.result.unit.code.clone(),
                rank: (before.rank, after.rank),
                index: (before.result.index, after.result.index),
                leaves,
            })
        })
        .collect()
}
