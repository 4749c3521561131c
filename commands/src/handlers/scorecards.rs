use chamdiem_domain::Code;
use std::sync::Arc;

use chamdiem_domain::appraisal::{Worksheet, worksheet_id};
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::Period;
use chamdiem_domain::self_assessment::{
    Scorecard, ScorecardAction, ScorecardCommand, ScoringContext, scorecard_id,
};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

impl WriteSide {
    /// Runs a self-assessment action on the scorecard of `unit_id` in
    /// `period_id`. For an answer to round 1, the round-1 score answered is
    /// looked up here, and for a reopening whether results exist, whatever
    /// the caller passed.
    pub async fn scorecard(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        unit_id: UnitId,
        action: ScorecardAction,
    ) -> Result<(), CommandError> {
        let actor = metadata.account_id().ok_or_else(|| {
            CommandError::refused(Code::Forbidden, "cần đăng nhập bằng tài khoản của đơn vị")
        })?;
        let command = {
            let period: Arc<Period> = self.load(&period_id.to_string()).await?;
            let (Some(set_id), Some(deadlines)) =
                (period.criteria_set_id(), period.deadlines_for(unit_id))
            else {
                return Err(CommandError::not_found("không có kỳ đánh giá này"));
            };
            if period.unit(unit_id).is_none() {
                return Err(CommandError::refused(
                    Code::Forbidden,
                    "đơn vị không thuộc kỳ đánh giá này",
                ));
            }
            let action = match action {
                ScorecardAction::RespondToAppraisal {
                    leaf,
                    text,
                    evidence,
                    ..
                } => {
                    let round_one = match period.appraiser_of(unit_id, &leaf) {
                        Some(appraiser) => {
                            let worksheet: Arc<Worksheet> =
                                self.load(&worksheet_id(period_id, appraiser)).await?;
                            worksheet.round_one(unit_id, &leaf)
                        }
                        None => None,
                    };
                    ScorecardAction::RespondToAppraisal {
                        leaf,
                        round_one,
                        text,
                        evidence,
                    }
                }
                // Whether results exist is the period's to say.
                ScorecardAction::Reopen { reason, .. } => ScorecardAction::Reopen {
                    reason,
                    results_exist: period.results().is_some(),
                },
                // The reopening is the period's to say: the leaf's, on the
                // scorecard (nobody appraises it), not yet in a version.
                ScorecardAction::CorrectScore {
                    leaf,
                    entry,
                    reason,
                    ..
                } => ScorecardAction::CorrectScore {
                    reopening: period
                        .unsettled_reopening(unit_id, &leaf)
                        .filter(|r| r.appraiser.is_none())
                        .map(|r| r.no),
                    leaf,
                    entry,
                    reason,
                },
                ScorecardAction::RecordProvinceSurveyForms { forms, .. } => {
                    ScorecardAction::RecordProvinceSurveyForms {
                        forms,
                        results_exist: period.results().is_some(),
                    }
                }
                other => other,
            };
            ScorecardCommand {
                context: ScoringContext {
                    period_id,
                    unit_id,
                    tree: self.published_tree(set_id).await?,
                    deadlines,
                    actor,
                    at: self.now(),
                },
                action,
            }
        };
        self.run::<Scorecard>(&scorecard_id(period_id, unit_id), metadata, command)
            .await
    }

    /// The current content hash of a unit's self-assessment report: what its
    /// leader approves.
    pub async fn report_content_hash(
        &self,
        period_id: PeriodId,
        unit_id: UnitId,
    ) -> Result<String, CommandError> {
        let scorecard: Arc<Scorecard> = self.load(&scorecard_id(period_id, unit_id)).await?;
        Ok(scorecard.content_hash(period_id, unit_id))
    }
}
