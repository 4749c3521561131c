//! A unit's self-assessment.

use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::self_assessment::{ScorecardAction, SurveySource};
use chamdiem_domain::table_file::Table;

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::handlers::SurveyImport;
use crate::policy::Action;

/// Work on a unit's self-assessment: edit, approve, submit, answer, reopen.
#[derive(Debug, Clone)]
pub struct OnScorecard {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// What to do.
    pub action: ScorecardAction,
}

impl GateCommand for OnScorecard {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        let unit = self.unit;
        Ok(match &self.action {
            ScorecardAction::Edit(_)
            | ScorecardAction::RecordSurveyForms(_)
            | ScorecardAction::CorrectScore { .. } => Action::EditSelfAssessment { unit },
            ScorecardAction::RespondToAppraisal { .. } => Action::AnswerAppraisal { unit },
            ScorecardAction::ApproveReport { .. } | ScorecardAction::Submit { .. } => {
                Action::ApproveReport { unit }
            }
            // Sở Nội vụ runs the year: only its administrators reopen a
            // report or record the survey forms they collected.
            ScorecardAction::Reopen { .. } | ScorecardAction::RecordProvinceSurveyForms { .. } => {
                Action::ManagePeriods
            }
        })
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .scorecard(on.metadata, self.period, self.unit, self.action)
            .await
    }
}

/// Record the survey forms of a file (a table) for a unit in a period.
#[derive(Debug, Clone)]
pub struct ImportSurveyForms {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// The unit's own forms, or Sở Nội vụ's.
    pub source: SurveySource,
    /// The forms.
    pub table: Table,
}

impl GateCommand for ImportSurveyForms {
    type Output = SurveyImport;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(match self.source {
            SurveySource::Unit => Action::EditSelfAssessment { unit: self.unit },
            SurveySource::Province => Action::ManagePeriods,
        })
    }

    async fn run(self, on: Allowed<'_>) -> Result<SurveyImport, CommandError> {
        on.write
            .import_survey_forms(
                on.metadata,
                (self.period, self.unit),
                self.source,
                &self.table,
            )
            .await
    }
}
