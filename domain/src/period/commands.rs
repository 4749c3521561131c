use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::{ComplaintOutcome, Correction, DeadlineKind, Deadlines, ScopedUnit, SerialNo};
use crate::criteria::{CriteriaTree, CriterionCode, Department};
use crate::criteria_set::IndexKind;
use crate::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use crate::results::PeriodResults;
use crate::self_assessment::Evidence;
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
    /// Exempt from appraisal (unit, leaf) pairs nobody appraises, with a
    /// reason.
    ExemptFromAppraisal(ExemptFromAppraisal),
    /// Note that an appraiser has submitted (from the process manager).
    RecordAppraisalSubmitted {
        /// The appraiser.
        appraiser: AccountId,
    },
    /// Store the aggregated results (from the process manager).
    RecordResults(PeriodResults),
    /// Take complaints about the provisional results until a date.
    OpenComplaintWindow(OpenComplaintWindow),
    /// A unit complains about one leaf of its provisional results.
    LodgeComplaint(LodgeComplaint),
    /// The leaf's appraiser, or the council, answers a complaint.
    AnswerComplaint(AnswerComplaint),
    /// Reopen a leaf on its appraiser's worksheet, with a reason.
    ReopenLeaf(ReopenLeaf),
    /// Store results aggregated again after corrections.
    Reaggregate(Reaggregate),
    /// A manager finalizes the results.
    FinalizeResults {
        /// When the command is given.
        at: DateTime<Utc>,
    },
    /// Record the appraisal council's agreement on the current version.
    RecordCouncilAgreement(RecordCouncilAgreement),
    /// A manager publishes the finalized results with the People's
    /// Committee's decision.
    PublishResults(PublishResults),
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

/// Take complaints about the provisional results until a date (a later
/// date extends the window).
#[derive(Debug, Clone)]
pub struct OpenComplaintWindow {
    /// The last day.
    pub until: NaiveDate,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// A unit's complaint on one leaf.
#[derive(Debug, Clone)]
pub struct LodgeComplaint {
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// Whether `leaf` is a leaf of the period's criteria set, as looked up.
    pub is_a_leaf: bool,
    /// Why.
    pub reason: String,
    /// Files in support.
    pub evidence: Vec<Evidence>,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// Answer a complaint.
#[derive(Debug, Clone)]
pub struct AnswerComplaint {
    /// The complaint.
    pub no: SerialNo,
    /// Upheld or rejected.
    pub outcome: ComplaintOutcome,
    /// The answer.
    pub text: String,
    /// Who answers.
    pub by: AccountId,
    /// Whether they answer for the council (an administrator or a manager);
    /// otherwise only the leaf's appraiser may.
    pub for_the_council: bool,
}

/// Reopen a leaf on its appraiser's worksheet, or on the unit's scorecard
/// when nobody appraises it.
#[derive(Debug, Clone)]
pub struct ReopenLeaf {
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// Whether the code names a leaf of the period's set, as looked up.
    pub is_a_leaf: bool,
    /// Whether the leaf is scored from survey forms, as looked up: such a
    /// leaf nobody appraises has no score to enter again.
    pub survey: bool,
    /// Why.
    pub reason: String,
    /// The upheld complaint it answers, if any.
    pub complaint: Option<SerialNo>,
}

/// Results aggregated again, with the corrections they take in.
#[derive(Debug, Clone)]
pub struct Reaggregate {
    /// Every unit's result.
    pub results: PeriodResults,
    /// Each unsettled reopening scored again, as read off the worksheets.
    pub corrections: Vec<Correction>,
    /// Why.
    pub reason: String,
}

/// The council's agreement on the current version, as given.
#[derive(Debug, Clone)]
pub struct RecordCouncilAgreement {
    /// The day of the meeting.
    pub date: NaiveDate,
    /// The members present.
    pub members: Vec<String>,
    /// The signed minutes, stored.
    pub minutes: Evidence,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// Publish the finalized results with the decision approving them.
#[derive(Debug, Clone)]
pub struct PublishResults {
    /// The decision's number.
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// The signed decision, stored.
    pub signed: Evidence,
    /// When the command is given.
    pub at: DateTime<Utc>,
}

/// Exempt from appraisal pairs nobody appraises.
#[derive(Debug, Clone)]
pub struct ExemptFromAppraisal {
    /// The units (every unit in scope when empty).
    pub units: BTreeSet<UnitId>,
    /// Criteria codes, a group standing for every leaf under it (every
    /// leaf when empty).
    pub criteria: BTreeSet<CriterionCode>,
    /// The period's criteria tree, as looked up.
    pub tree: Arc<CriteriaTree>,
    /// Why.
    pub reason: String,
}
