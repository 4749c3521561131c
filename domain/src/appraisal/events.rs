use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::Round;
use crate::criteria::{CriterionCode, LeafEntry};
use crate::ids::{AccountId, PeriodId, UnitId};
use crate::period::SerialNo;
use crate::scoring::Points;
use crate::self_assessment::FreeText;

/// What happened to a worksheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(WorksheetEventKind),
    doc = "Which WorksheetEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum WorksheetEvent {
    /// A (unit, leaf) was scored in a round.
    #[serde(rename = "AppraisalScored")]
    #[strum_discriminants(strum(serialize = "AppraisalScored"))]
    Scored(AppraisalScored),
    /// The appraiser submitted.
    #[serde(rename = "AppraisalSubmitted")]
    #[strum_discriminants(strum(serialize = "AppraisalSubmitted"))]
    Submitted(AppraisalSubmitted),
    /// A reopened (unit, leaf) was scored again after provisional results.
    #[serde(rename = "AppraisalCorrected")]
    #[strum_discriminants(strum(serialize = "AppraisalCorrected"))]
    Corrected(AppraisalCorrected),
}

/// A (unit, leaf) was scored in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalScored {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The round.
    pub round: Round,
    /// What was entered.
    pub entry: LeafEntry,
    /// The points it is worth.
    pub points: Points,
    /// The unit's self score at the time.
    pub self_points: Option<Points>,
    /// Why it differs from the self score.
    pub reason: Option<FreeText>,
}

/// One final appraised score, as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalScore {
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The round-2 score.
    pub points: Points,
}

/// The appraiser submitted their worksheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalSubmitted {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// Every final score.
    pub final_scores: Vec<FinalScore>,
}

/// A reopened (unit, leaf) was scored again: the new final appraised
/// score, which the next version of the results takes in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalCorrected {
    /// The period.
    pub period_id: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The period's reopening it answers.
    pub reopening: SerialNo,
    /// What was entered.
    pub entry: LeafEntry,
    /// The points it is worth.
    pub points: Points,
    /// The final appraised score before.
    pub before: Option<Points>,
    /// Why.
    pub reason: FreeText,
}

impl DomainEvent for WorksheetEvent {
    fn event_type(&self) -> String {
        match self {
            Self::Scored(_) => "AppraisalScored",
            Self::Submitted(_) => "AppraisalSubmitted",
            Self::Corrected(_) => "AppraisalCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
