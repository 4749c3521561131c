use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::{DeadlineKind, Deadlines, ScopedUnit};
use crate::criteria::{CriteriaTree, CriterionCode, Department};
use crate::criteria_set::IndexKind;
use crate::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use crate::results::PeriodResults;
use crate::unit::UnitKind;

/// What may be asked of a period.
#[derive(Debug, Clone)]
pub enum PeriodCommand {
    /// Open it.
    Open(OpenPeriod),
    /// Move a deadline later, with a reason.
    ExtendDeadline(ExtendDeadline),
    /// Give an appraiser units and criteria.
    AssignAppraiser(AssignAppraiser),
    /// Move some of an appraiser's units to another appraiser of the same
    /// department, with a reason, while round 1 is open.
    MoveAssignment(MoveAssignment),
    /// Close the appraisal of an appraiser who did not submit by the end
    /// of round 2, with a reason: their scores count as they stand.
    CloseAppraisal(CloseAppraisal),
    /// Note that an appraiser has submitted (from the process manager).
    RecordAppraisalSubmitted {
        /// The appraiser.
        appraiser: AccountId,
    },
    /// Store the aggregated results (from the process manager).
    RecordResults(PeriodResults),
    /// A manager finalizes the results.
    FinalizeResults,
    /// A manager publishes the finalized results.
    PublishResults,
}

/// The published criteria set a period scores with, as looked up.
#[derive(Debug, Clone)]
pub struct PublishedSet {
    /// Its id.
    pub criteria_set_id: CriteriaSetId,
    /// Whether it is published (only published sets can be used).
    pub published: bool,
    /// The year it scores.
    pub year: i32,
    /// Its index kind.
    pub index_kind: IndexKind,
    /// The unit kinds it applies to.
    pub unit_kinds: BTreeSet<UnitKind>,
}

/// Open a period.
#[derive(Debug, Clone)]
pub struct OpenPeriod {
    /// The new period's id.
    pub period_id: PeriodId,
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// The criteria set.
    pub criteria_set: PublishedSet,
    /// The units in scope, active ones only, with their blocks.
    pub units: Vec<ScopedUnit>,
    /// The deadlines.
    pub deadlines: Deadlines,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// Extend a deadline, for every unit or for one.
#[derive(Debug, Clone)]
pub struct ExtendDeadline {
    /// Only this unit's (its self-assessment or its explanation); every
    /// unit's when `None`.
    pub unit: Option<UnitId>,
    /// Which.
    pub kind: DeadlineKind,
    /// The new date.
    pub date: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Move units from one appraiser to another.
#[derive(Debug, Clone)]
pub struct MoveAssignment {
    /// The appraiser who had them.
    pub from: AccountId,
    /// The appraiser who takes them.
    pub to: AccountId,
    /// The department of `to`, as their account says.
    pub to_department: Department,
    /// The units moved (each with every leaf `from` had for it); every unit
    /// of `from` when empty.
    pub units: BTreeSet<UnitId>,
    /// Why.
    pub reason: String,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// Close an appraiser's appraisal in their place.
#[derive(Debug, Clone)]
pub struct CloseAppraisal {
    /// The appraiser.
    pub appraiser: AccountId,
    /// Why.
    pub reason: String,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// Assign an appraiser.
#[derive(Debug, Clone)]
pub struct AssignAppraiser {
    /// The appraiser's account.
    pub appraiser: AccountId,
    /// The appraiser's department, as their account says.
    pub department: Department,
    /// The units.
    pub units: BTreeSet<UnitId>,
    /// Criteria codes: a group stands for every leaf under it.
    pub criteria: BTreeSet<CriterionCode>,
    /// The period's criteria tree, as looked up.
    pub tree: Arc<CriteriaTree>,
    /// When the command is given.
    pub at: DateTime<Utc>,
}
