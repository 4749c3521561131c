use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{
    Complaint, ComplaintAnswer, Correction, CouncilAgreement, DeadlineKind, Deadlines,
    LeafReopening, PublicationDecision, ResultsVersion, ScopedUnit, SerialNo,
};
use crate::criteria::{CriterionCode, Department};
use crate::criteria_set::IndexKind;
use crate::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use crate::results::PeriodResults;
use crate::unit::UnitCode;

/// What happened to a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(PeriodEventKind),
    doc = "Which PeriodEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum PeriodEvent {
    /// The period was opened.
    #[serde(rename = "PeriodOpened")]
    #[strum_discriminants(strum(serialize = "PeriodOpened"))]
    Opened(PeriodOpened),
    /// A deadline was extended.
    #[serde(rename = "DeadlineExtended")]
    #[strum_discriminants(strum(serialize = "DeadlineExtended"))]
    DeadlineExtended(DeadlineExtended),
    /// One unit's deadline was extended.
    #[serde(rename = "UnitDeadlineExtended")]
    #[strum_discriminants(strum(serialize = "UnitDeadlineExtended"))]
    UnitDeadlineExtended(UnitDeadlineExtended),
    /// An appraiser was assigned units and leaves.
    #[serde(rename = "AppraiserAssigned")]
    #[strum_discriminants(strum(serialize = "AppraiserAssigned"))]
    AppraiserAssigned(AppraiserAssigned),
    /// Units moved from one appraiser to another.
    #[serde(rename = "AssignmentMoved")]
    #[strum_discriminants(strum(serialize = "AssignmentMoved"))]
    AssignmentMoved(AssignmentMoved),
    /// An administrator closed an appraisal that was never submitted.
    #[serde(rename = "AppraisalClosed")]
    #[strum_discriminants(strum(serialize = "AppraisalClosed"))]
    AppraisalClosed(AppraisalClosed),
    /// (Unit, leaf) pairs left without an appraiser, exempted with a reason.
    #[serde(rename = "AppraisalExempted")]
    #[strum_discriminants(strum(serialize = "AppraisalExempted"))]
    AppraisalExempted(AppraisalExempted),
    /// An appraiser's submission was recorded.
    #[serde(rename = "AppraisalSubmissionRecorded")]
    #[strum_discriminants(strum(serialize = "AppraisalSubmissionRecorded"))]
    AppraisalSubmissionRecorded(AppraisalSubmissionRecorded),
    /// Units may complain about the provisional results until a date.
    #[serde(rename = "ComplaintWindowOpened")]
    #[strum_discriminants(strum(serialize = "ComplaintWindowOpened"))]
    ComplaintWindowOpened(ComplaintWindowOpened),
    /// A unit complained about one leaf of its provisional results.
    #[serde(rename = "ComplaintLodged")]
    #[strum_discriminants(strum(serialize = "ComplaintLodged"))]
    ComplaintLodged(ComplaintLodged),
    /// A complaint was answered.
    #[serde(rename = "ComplaintAnswered")]
    #[strum_discriminants(strum(serialize = "ComplaintAnswered"))]
    ComplaintAnswered(ComplaintAnswered),
    /// A leaf was reopened on its appraiser's worksheet.
    #[serde(rename = "LeafReopened")]
    #[strum_discriminants(strum(serialize = "LeafReopened"))]
    LeafReopened(LeafReopened),
    /// The appraisal council agreed on a version of the results.
    #[serde(rename = "CouncilAgreementRecorded")]
    #[strum_discriminants(strum(serialize = "CouncilAgreementRecorded"))]
    CouncilAgreementRecorded(CouncilAgreementRecorded),
    /// Results were aggregated (provisional), first or again.
    #[serde(rename = "ResultsAggregated")]
    #[strum_discriminants(strum(serialize = "ResultsAggregated"))]
    ResultsAggregated(ResultsAggregated),
    /// A manager finalized the results.
    #[serde(rename = "ResultsFinalized")]
    #[strum_discriminants(strum(serialize = "ResultsFinalized"))]
    ResultsFinalized(ResultsFinalized),
    /// A manager published the results.
    #[serde(rename = "ResultsPublished")]
    #[strum_discriminants(strum(serialize = "ResultsPublished"))]
    ResultsPublished(ResultsPublished),
}

/// A period was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodOpened {
    /// The period.
    pub period_id: PeriodId,
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// The criteria set.
    pub criteria_set_id: CriteriaSetId,
    /// Its index kind.
    pub index_kind: IndexKind,
    /// The units in scope.
    pub units: Vec<ScopedUnit>,
    /// The deadlines.
    pub deadlines: Deadlines,
}

/// A deadline was extended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineExtended {
    /// The period.
    pub period_id: PeriodId,
    /// Which deadline.
    pub kind: DeadlineKind,
    /// Its date before.
    pub previous: NaiveDate,
    /// Its new date.
    pub date: NaiveDate,
    /// Why.
    pub reason: String,
}

/// One unit's deadline was extended: a unit that asked for more time, or
/// whose submitted self-assessment is to be reopened after its deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitDeadlineExtended {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// Its code, so that the trail names it.
    pub unit_code: UnitCode,
    /// Which deadline (self-assessment or explanation).
    pub kind: DeadlineKind,
    /// The unit's date before.
    pub previous: NaiveDate,
    /// The unit's new date.
    pub date: NaiveDate,
    /// Why.
    pub reason: String,
}

/// An appraiser was assigned (added to any earlier assignment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraiserAssigned {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// Their department.
    pub department: Department,
    /// The units added.
    pub units: BTreeSet<UnitId>,
    /// The leaves added.
    pub leaves: BTreeSet<CriterionCode>,
}

/// Units moved from one appraiser to another, each with every leaf the
/// first had for it. Scores the first gave them no longer count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentMoved {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser who had them.
    pub from: AccountId,
    /// The appraiser who takes them.
    pub to: AccountId,
    /// The department of `to`.
    pub to_department: Department,
    /// The units moved.
    pub units: BTreeSet<UnitId>,
    /// Their codes, so that the trail names them.
    pub unit_codes: Vec<UnitCode>,
    /// Why.
    pub reason: String,
}

/// An administrator closed the appraisal of an appraiser who did not
/// submit: the period counts it as in, with the scores it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalClosed {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// Why.
    pub reason: String,
    /// Whether every assigned appraiser is now in.
    pub all_submitted: bool,
}

/// (Unit, leaf) pairs nobody appraises, exempted from appraisal with a
/// reason: the round may open without them, and each keeps the unit's own
/// score (flagged as not appraised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalExempted {
    /// The period.
    pub period_id: PeriodId,
    /// The leaves exempted, unit by unit.
    pub pairs: BTreeMap<UnitId, BTreeSet<CriterionCode>>,
    /// The units' codes, so that the trail names them.
    pub unit_codes: Vec<UnitCode>,
    /// Why.
    pub reason: String,
}

/// An appraiser's submission was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalSubmissionRecorded {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// Whether every assigned appraiser has now submitted.
    pub all_submitted: bool,
}

/// Results were aggregated: version 1 once every appraiser is in, each
/// later version after corrections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsAggregated {
    /// The period.
    pub period_id: PeriodId,
    /// Every unit's result, ranked within its block.
    pub results: PeriodResults,
    /// Which version (events from before versions were the first).
    #[serde(default)]
    pub version: ResultsVersion,
    /// Why it was aggregated again (none for the first).
    #[serde(default)]
    pub reason: Option<String>,
    /// The reopened leaves it takes in, with their new scores.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// Units may complain about the provisional results until a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintWindowOpened {
    /// The period.
    pub period_id: PeriodId,
    /// The last day (local date).
    pub until: NaiveDate,
}

/// A unit complained about one leaf of its provisional results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintLodged {
    /// The period.
    pub period_id: PeriodId,
    /// The complaint, unanswered.
    pub complaint: Complaint,
}

/// A complaint was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintAnswered {
    /// The period.
    pub period_id: PeriodId,
    /// The complaint.
    pub no: SerialNo,
    /// Its unit's code and its leaf, so that the trail names them.
    pub unit_code: UnitCode,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The answer.
    pub answer: ComplaintAnswer,
}

/// A leaf was reopened on its appraiser's worksheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeafReopened {
    /// The period.
    pub period_id: PeriodId,
    /// The reopening, unsettled.
    pub reopening: LeafReopening,
}

/// The results were finalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsFinalized {
    /// The period.
    pub period_id: PeriodId,
}

/// The results were published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsPublished {
    /// The period.
    pub period_id: PeriodId,
    /// The People's Committee's decision published (none in histories
    /// from before decisions were recorded).
    #[serde(default)]
    pub decision: Option<PublicationDecision>,
}

/// The appraisal council agreed on a version of the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncilAgreementRecorded {
    /// The period.
    pub period_id: PeriodId,
    /// The agreement.
    pub agreement: CouncilAgreement,
}

impl DomainEvent for PeriodEvent {
    fn event_type(&self) -> String {
        match self {
            Self::Opened(_) => "PeriodOpened",
            Self::DeadlineExtended(_) => "DeadlineExtended",
            Self::UnitDeadlineExtended(_) => "UnitDeadlineExtended",
            Self::AppraiserAssigned(_) => "AppraiserAssigned",
            Self::AssignmentMoved(_) => "AssignmentMoved",
            Self::AppraisalClosed(_) => "AppraisalClosed",
            Self::AppraisalExempted(_) => "AppraisalExempted",
            Self::AppraisalSubmissionRecorded(_) => "AppraisalSubmissionRecorded",
            Self::ComplaintWindowOpened(_) => "ComplaintWindowOpened",
            Self::ComplaintLodged(_) => "ComplaintLodged",
            Self::ComplaintAnswered(_) => "ComplaintAnswered",
            Self::LeafReopened(_) => "LeafReopened",
            Self::CouncilAgreementRecorded(_) => "CouncilAgreementRecorded",
            Self::ResultsAggregated(_) => "ResultsAggregated",
            Self::ResultsFinalized(_) => "ResultsFinalized",
            Self::ResultsPublished(_) => "ResultsPublished",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
