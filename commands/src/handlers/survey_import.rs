use std::sync::Arc;

use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::Period;
use chamdiem_domain::self_assessment::{
    Scorecard, ScorecardAction, SurveySource, scorecard_id, survey_forms_from_table,
};
use chamdiem_domain::table_file::{ImportProblem, Table};

use super::unit_import::refused;
use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// What an imported survey file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SurveyImport {
    /// Forms recorded now.
    pub recorded: u32,
    /// Forms already recorded just as the file has them.
    pub unchanged: u32,
}

impl WriteSide {
    /// Records the survey forms of a file (XLSX or CSV table) for a unit in
    /// a period, all in one event batch: every form or none. Each form's id
    /// follows from its number, so forms already recorded as the file has
    /// them are skipped, and a number recorded with other answers is refused
    /// at its row.
    pub async fn import_survey_forms(
        &self,
        metadata: &CommandMetadata,
        (period_id, unit_id): (PeriodId, UnitId),
        source: SurveySource,
        table: &Table,
    ) -> Result<SurveyImport, CommandError> {
        let period: Arc<Period> = self.load(&period_id.to_string()).await?;
        let set = period
            .criteria_set_id()
            .ok_or_else(|| CommandError::not_found("không có kỳ đánh giá này"))?;
        let tree = self.published_tree(set).await?;
        let forms =
            survey_forms_from_table(table, &tree, (period_id, unit_id), source).map_err(refused)?;
        let card: Arc<Scorecard> = self.load(&scorecard_id(period_id, unit_id)).await?;
        let mut problems = Vec::new();
        let mut fresh = Vec::new();
        let mut unchanged = 0_u32;
        for form in forms {
            match card.survey_response(form.response.response_id) {
                None => fresh.push(form.response),
                Some(recorded) if *recorded == form.response => unchanged += 1,
                Some(_) => problems.push(ImportProblem::at(
                    form.row,
                    "form",
                    format!(
                        "phiếu số {} đã được ghi nhận với câu trả lời khác",
                        form.number
                    ),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(refused(table.problems(problems)));
        }
        let recorded = u32::try_from(fresh.len()).unwrap_or(u32::MAX);
        if recorded > 0 {
            let action = match source {
                SurveySource::Unit => ScorecardAction::RecordSurveyForms(fresh),
                SurveySource::Province => ScorecardAction::RecordProvinceSurveyForms {
                    forms: fresh,
                    results_exist: false,
                },
            };
            self.scorecard(metadata, period_id, unit_id, action).await?;
        }
        Ok(SurveyImport {
            recorded,
            unchanged,
        })
    }
}
