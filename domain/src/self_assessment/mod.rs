//! Self-assessment (tự đánh giá) per (period, unit): scores, not-applicable
//! leaves, explanations, evidence, bonus and penalty items, survey forms,
//! the leader's approval of the report by its content hash, submission, and
//! the unit's answers to round-1 appraisal.

mod aggregate;
mod commands;
mod context;
mod errors;
mod events;
mod evidence;
mod report_digest;
mod submission_readiness;
mod survey;
mod survey_import;
mod text;

pub use aggregate::Scorecard;
pub use commands::{ReportEdit, ScorecardAction, ScorecardCommand};
pub use context::ScoringContext;
pub use errors::ScorecardError;
pub use events::{
    AppraisalAnswered, EvidenceAttached, EvidenceRemoved, ExplanationWritten, LeafMarkedApplicable,
    LeafMarkedNotApplicable, ProvinceSurveyRecorded, ReportApprovalVoided, ReportApproved,
    ScoreEntered, ScorecardEvent, ScorecardEventKind, SelfAssessmentReopened,
    SelfAssessmentSubmitted, SelfScoreCorrected, SurveyResponseRecorded,
};
pub use evidence::{Evidence, EvidenceError};
pub use submission_readiness::MissingBeforeSubmission;
pub use survey::{SurveyAnswer, SurveyResponse, SurveyWeights, survey_points};
pub use survey_import::{SURVEY_COLUMNS, SurveyForm, SurveySource, survey_forms_from_table};
pub use text::{FreeText, FreeTextError};

/// The aggregate id of the scorecard of `unit` in `period`.
pub fn scorecard_id(period: crate::ids::PeriodId, unit: crate::ids::UnitId) -> String {
    format!("{period}:{unit}")
}

#[cfg(test)]
mod tests;
