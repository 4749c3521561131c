//! A period's appraisal coverage: the (unit, leaf) pairs that have neither
//! an appraiser nor an exemption, and those exempted (Điều 10.2; round 1
//! opens once none is missing).

use async_graphql::{Context, ID, SimpleObject};
use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_projections::queries::{criteria_tree, period_state};
use std::collections::BTreeSet;

use super::read_queries::read_error;

/// The most pairs listed (the count is always whole).
const LISTED: usize = 500;

/// One unit's leaves in a list of pairs.
#[derive(SimpleObject)]
pub struct UnitLeaves {
    /// The unit.
    pub unit_id: ID,
    /// Its code.
    pub unit_code: String,
    /// The leaves.
    pub leaf_codes: Vec<String>,
}

/// Whether every (unit, leaf) has an appraiser or an exemption.
#[derive(SimpleObject)]
pub struct AppraisalCoverage {
    /// How many pairs have neither (round 1 opens at 0).
    pub missing_count: u32,
    /// Those pairs, unit by unit (the first 500).
    pub missing: Vec<UnitLeaves>,
    /// The pairs exempted, unit by unit.
    pub exempted: Vec<UnitLeaves>,
}

impl AppraisalCoverage {
    /// The coverage of `period` as the read models hold it.
    pub async fn of(context: &Context<'_>, period: PeriodId) -> async_graphql::Result<Self> {
        let database = context.data::<Database>()?;
        let Some(state) = period_state(database, period).await.map_err(read_error)? else {
            return Ok(Self {
                missing_count: 0,
                missing: Vec::new(),
                exempted: Vec::new(),
            });
        };
        let tree = match state.criteria_set_id() {
            Some(set) => criteria_tree(database, set).await.map_err(read_error)?,
            None => None,
        };
        let code_of = |unit: &UnitId| {
            state
                .unit(*unit)
                .map(|u| u.code.to_string())
                .unwrap_or_default()
        };
        let listed = |unit: &UnitId, leaves: &BTreeSet<CriterionCode>| UnitLeaves {
            unit_id: ID(unit.to_string()),
            unit_code: code_of(unit),
            leaf_codes: leaves.iter().map(ToString::to_string).collect(),
        };
        let uncovered = tree
            .as_ref()
            .map(|t| state.uncovered(t))
            .unwrap_or_default();
        let missing_count: usize = uncovered.values().map(BTreeSet::len).sum();
        let mut budget = LISTED;
        let missing = uncovered
            .iter()
            .map_while(|(unit, leaves)| {
                (budget > 0).then(|| {
                    let shown: BTreeSet<CriterionCode> =
                        leaves.iter().take(budget).cloned().collect();
                    budget -= shown.len();
                    listed(unit, &shown)
                })
            })
            .collect();
        Ok(Self {
            missing_count: u32::try_from(missing_count).unwrap_or(u32::MAX),
            missing,
            exempted: state
                .exemptions()
                .map(|(unit, leaves)| listed(unit, leaves))
                .collect(),
        })
    }
}
