use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{Evidence, FreeText, SurveyResponse};
use crate::criteria::{CriterionCode, LeafEntry};
use crate::ids::{AccountId, EvidenceId, PeriodId, UnitId};
use crate::period::SerialNo;
use crate::scoring::Points;

/// What happened to a scorecard. Every event names its period and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(ScorecardEventKind),
    doc = "Which ScorecardEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum ScorecardEvent {
    /// A self score was entered or changed.
    #[serde(rename = "ScoreEntered")]
    #[strum_discriminants(strum(serialize = "ScoreEntered"))]
    ScoreEntered(ScoreEntered),
    /// A leaf was marked not applicable.
    #[serde(rename = "LeafMarkedNotApplicable")]
    #[strum_discriminants(strum(serialize = "LeafMarkedNotApplicable"))]
    LeafMarkedNotApplicable(LeafMarkedNotApplicable),
    /// A not-applicable mark was undone.
    #[serde(rename = "LeafMarkedApplicable")]
    #[strum_discriminants(strum(serialize = "LeafMarkedApplicable"))]
    LeafMarkedApplicable(LeafMarkedApplicable),
    /// An explanation was written.
    #[serde(rename = "ExplanationWritten")]
    #[strum_discriminants(strum(serialize = "ExplanationWritten"))]
    ExplanationWritten(ExplanationWritten),
    /// Evidence was attached.
    #[serde(rename = "EvidenceAttached")]
    #[strum_discriminants(strum(serialize = "EvidenceAttached"))]
    EvidenceAttached(EvidenceAttached),
    /// Evidence was removed.
    #[serde(rename = "EvidenceRemoved")]
    #[strum_discriminants(strum(serialize = "EvidenceRemoved"))]
    EvidenceRemoved(EvidenceRemoved),
    /// A survey form was recorded.
    #[serde(rename = "SurveyResponseRecorded")]
    #[strum_discriminants(strum(serialize = "SurveyResponseRecorded"))]
    SurveyResponseRecorded(SurveyResponseRecorded),
    /// The leader approved the report.
    #[serde(rename = "ReportApproved")]
    #[strum_discriminants(strum(serialize = "ReportApproved"))]
    ReportApproved(ReportApproved),
    /// A change after approval voided it.
    #[serde(rename = "ReportApprovalVoided")]
    #[strum_discriminants(strum(serialize = "ReportApprovalVoided"))]
    ReportApprovalVoided(ReportApprovalVoided),
    /// The self-assessment was submitted.
    #[serde(rename = "SelfAssessmentSubmitted")]
    #[strum_discriminants(strum(serialize = "SelfAssessmentSubmitted"))]
    SelfAssessmentSubmitted(SelfAssessmentSubmitted),
    /// Sở Nội vụ recorded a survey form for the unit.
    #[serde(rename = "ProvinceSurveyRecorded")]
    #[strum_discriminants(strum(serialize = "ProvinceSurveyRecorded"))]
    ProvinceSurveyRecorded(ProvinceSurveyRecorded),
    /// An administrator reopened a submitted self-assessment.
    #[serde(rename = "SelfAssessmentReopened")]
    #[strum_discriminants(strum(serialize = "SelfAssessmentReopened"))]
    SelfAssessmentReopened(SelfAssessmentReopened),
    /// The unit answered a round-1 appraisal score.
    #[serde(rename = "AppraisalAnswered")]
    #[strum_discriminants(strum(serialize = "AppraisalAnswered"))]
    AppraisalAnswered(AppraisalAnswered),
    /// A leaf nobody appraises, reopened after provisional results, was
    /// scored again by the unit.
    #[serde(rename = "SelfScoreCorrected")]
    #[strum_discriminants(strum(serialize = "SelfScoreCorrected"))]
    SelfScoreCorrected(SelfScoreCorrected),
}

/// A self score was entered or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreEntered {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// What was entered.
    pub entry: LeafEntry,
    /// The points it is worth.
    pub points: Points,
    /// The points before, if any.
    pub previous: Option<Points>,
}

/// A leaf was marked not applicable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeafMarkedNotApplicable {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// Why.
    pub reason: FreeText,
    /// The self score it had, now cleared.
    pub cleared: Option<Points>,
}

/// A not-applicable mark was undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeafMarkedApplicable {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
}

/// An explanation was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplanationWritten {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The explanation.
    pub text: FreeText,
}

/// Evidence was attached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceAttached {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The document.
    pub evidence: Evidence,
}

/// Evidence was removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRemoved {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The attachment.
    pub evidence_id: EvidenceId,
}

/// A survey form was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponseRecorded {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The form.
    pub response: SurveyResponse,
}

/// The leader approved the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportApproved {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The content hash approved.
    pub content_hash: String,
    /// The approving account.
    pub approved_by: AccountId,
}

/// A change after approval voided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportApprovalVoided {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The content hash that had been approved.
    pub content_hash: String,
}

/// The self-assessment was submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfAssessmentSubmitted {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The approved content hash submitted.
    pub content_hash: String,
    /// The signed report attached, a PDF scan (none in histories from
    /// before it was asked for).
    #[serde(default)]
    pub signed_report: Option<Evidence>,
}

/// Sở Nội vụ recorded a survey form for the unit: it scores the unit's
/// survey leaves with the unit's own forms, but is not part of the report
/// the unit's leader approves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceSurveyRecorded {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The form.
    pub response: SurveyResponse,
}

/// An administrator reopened a submitted self-assessment before any
/// results, with a reason: the unit may change it and must approve and
/// submit it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfAssessmentReopened {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The content hash that had been submitted.
    pub content_hash: String,
    /// Why.
    pub reason: FreeText,
}

/// The unit answered a round-1 appraisal score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalAnswered {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The round-1 score answered.
    pub round_one: Points,
    /// The answer.
    pub text: FreeText,
    /// Supplementary evidence.
    pub evidence: Vec<Evidence>,
}

/// A leaf nobody appraises, reopened on the unit's scorecard after
/// provisional results, was scored again by the unit: the new self score,
/// which the next version of the results takes in. The approved, signed
/// report is not touched: the correction is recorded beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfScoreCorrected {
    /// The period.
    pub period_id: PeriodId,
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
    /// The self score that stood before (none: not applicable or unscored).
    pub before: Option<Points>,
    /// Why.
    pub reason: FreeText,
}

impl DomainEvent for ScorecardEvent {
    fn event_type(&self) -> String {
        match self {
            Self::ScoreEntered(_) => "ScoreEntered",
            Self::LeafMarkedNotApplicable(_) => "LeafMarkedNotApplicable",
            Self::LeafMarkedApplicable(_) => "LeafMarkedApplicable",
            Self::ExplanationWritten(_) => "ExplanationWritten",
            Self::EvidenceAttached(_) => "EvidenceAttached",
            Self::EvidenceRemoved(_) => "EvidenceRemoved",
            Self::SurveyResponseRecorded(_) => "SurveyResponseRecorded",
            Self::ReportApproved(_) => "ReportApproved",
            Self::ReportApprovalVoided(_) => "ReportApprovalVoided",
            Self::SelfAssessmentSubmitted(_) => "SelfAssessmentSubmitted",
            Self::SelfAssessmentReopened(_) => "SelfAssessmentReopened",
            Self::ProvinceSurveyRecorded(_) => "ProvinceSurveyRecorded",
            Self::AppraisalAnswered(_) => "AppraisalAnswered",
            Self::SelfScoreCorrected(_) => "SelfScoreCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
