use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::criteria::{CriteriaTree, CriterionCode, LeafEntry};
use crate::ids::{AccountId, PeriodId, UnitId};
use crate::period::{Assignment, Deadlines, SerialNo};
use crate::scoring::Points;
use crate::self_assessment::FreeText;

/// A worksheet command: the action, with the context it is decided in.
#[derive(Debug, Clone)]
pub struct WorksheetCommand {
    /// Period, appraiser, assignment, tree, deadlines and time.
    pub context: AppraisalContext,
    /// What to do.
    pub action: WorksheetAction,
}

/// What a worksheet decision needs from outside, looked up before.
#[derive(Debug, Clone)]
pub struct AppraisalContext {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// Their assignment in the period.
    pub assignment: Assignment,
    /// The period's criteria tree.
    pub tree: Arc<CriteriaTree>,
    /// The period's deadlines, extensions included.
    pub deadlines: Deadlines,
    /// How many (unit, leaf) pairs of the period have neither an appraiser
    /// nor an exemption: round 1 opens at none.
    pub uncovered: usize,
    /// When.
    pub at: DateTime<Utc>,
}

/// The appraisal round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Round {
    /// Vòng 1.
    #[serde(rename = "1")]
    One,
    /// Vòng 2: the final appraised score.
    #[serde(rename = "2")]
    Two,
}

/// What the appraiser's decision needs to know of the unit's scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitView {
    /// The unit's self score for the leaf.
    pub self_points: Option<Points>,
    /// Whether the unit marked the leaf not applicable.
    pub not_applicable: bool,
    /// Whether appraisal may begin: the unit submitted, or its deadline passed.
    pub ready: bool,
}

/// What may be asked of a worksheet.
#[derive(Debug, Clone)]
pub enum WorksheetAction {
    /// Score a (unit, leaf) in a round.
    Appraise {
        /// The round.
        round: Round,
        /// The unit.
        unit: UnitId,
        /// The leaf.
        leaf: CriterionCode,
        /// The score or percentage.
        entry: LeafEntry,
        /// Why it differs from the self score (required when it does).
        reason: Option<FreeText>,
        /// The unit's side, as looked up.
        unit_view: UnitView,
    },
    /// Score again a (unit, leaf) the administrator reopened after
    /// provisional results; the only change a submitted worksheet takes.
    Correct {
        /// The unit.
        unit: UnitId,
        /// The leaf.
        leaf: CriterionCode,
        /// The score or percentage.
        entry: LeafEntry,
        /// Why (always required).
        reason: Option<FreeText>,
        /// The period's unsettled reopening of (unit, leaf) for this
        /// appraiser, as looked up.
        reopening: Option<SerialNo>,
    },
    /// Submit the worksheet; it is then closed for good (the account is not
    /// locked: decision 0021).
    Submit {
        /// Each assigned unit's not-applicable leaves, as looked up.
        not_applicable: BTreeMap<UnitId, BTreeSet<CriterionCode>>,
    },
}
