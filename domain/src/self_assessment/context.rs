use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::criteria::CriteriaTree;
use crate::ids::{AccountId, PeriodId, UnitId};
use crate::period::Deadlines;

/// What a scorecard decision needs from outside, looked up by the write
/// side before the command: the period's tree and current deadlines, who
/// acts, and when.
#[derive(Debug, Clone)]
pub struct ScoringContext {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The period's criteria tree.
    pub tree: Arc<CriteriaTree>,
    /// The period's deadlines, extensions included.
    pub deadlines: Deadlines,
    /// Who acts.
    pub actor: AccountId,
    /// When.
    pub at: DateTime<Utc>,
}
