use std::collections::BTreeSet;

use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{DeadlineKind, Deadlines, ScopedUnit};
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
    /// An appraiser's submission was recorded.
    #[serde(rename = "AppraisalSubmissionRecorded")]
    #[strum_discriminants(strum(serialize = "AppraisalSubmissionRecorded"))]
    AppraisalSubmissionRecorded(AppraisalSubmissionRecorded),
    /// Results were aggregated (provisional).
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

/// Results were aggregated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsAggregated {
    /// The period.
    pub period_id: PeriodId,
    /// Every unit's result, ranked within its block.
    pub results: PeriodResults,
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
            Self::AppraisalSubmissionRecorded(_) => "AppraisalSubmissionRecorded",
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
