use std::collections::BTreeMap;
use std::sync::Arc;

use chamdiem_domain::appraisal::{
    AppraisalContext, Round, UnitView, Worksheet, WorksheetAction, WorksheetCommand, worksheet_id,
};
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};
use chamdiem_domain::period::{DeadlineKind, Period};
use chamdiem_domain::self_assessment::{FreeText, Scorecard, scorecard_id};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

impl WriteSide {
    pub(super) async fn appraisal_context(
        &self,
        period: &Period,
        period_id: PeriodId,
        appraiser: AccountId,
    ) -> Result<AppraisalContext, CommandError> {
        let (Some(set_id), Some(deadlines)) = (period.criteria_set_id(), period.deadlines()) else {
            return Err(CommandError::not_found("không có kỳ đánh giá này"));
        };
        let tree = self.published_tree(set_id).await?;
        Ok(AppraisalContext {
            period_id,
            appraiser,
            assignment: period.assignment(appraiser).cloned().unwrap_or_default(),
            uncovered: period.uncovered_count(&tree),
            tree,
            deadlines,
            at: self.now(),
        })
    }

    /// Scores (unit, leaf) in a round of `appraiser`'s worksheet.
    #[expect(
        clippy::too_many_arguments,
        reason = "one parameter per field of the appraisal"
    )]
    pub async fn appraise(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        appraiser: AccountId,
        round: Round,
        unit_id: UnitId,
        leaf: CriterionCode,
        entry: LeafEntry,
        reason: Option<FreeText>,
    ) -> Result<(), CommandError> {
        let command = {
            let period: Arc<Period> = self.load(&period_id.to_string()).await?;
            let context = self
                .appraisal_context(&period, period_id, appraiser)
                .await?;
            let scorecard: Arc<Scorecard> = self.load(&scorecard_id(period_id, unit_id)).await?;
            let unit_view = UnitView {
                self_points: scorecard.self_points(&leaf),
                not_applicable: scorecard.is_not_applicable(&leaf),
                ready: scorecard.is_submitted()
                    || period.deadlines_for(unit_id).is_some_and(|own| {
                        own.has_passed(DeadlineKind::SelfAssessment, context.at)
                    }),
            };
            WorksheetCommand {
                context,
                action: WorksheetAction::Appraise {
                    round,
                    unit: unit_id,
                    leaf,
                    entry,
                    reason,
                    unit_view,
                },
            }
        };
        self.run::<Worksheet>(&worksheet_id(period_id, appraiser), metadata, command)
            .await
    }

    /// Submits `appraiser`'s worksheet; the process managers then lock the
    /// account and, after the last appraiser, aggregate the results.
    pub async fn submit_appraisal(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        appraiser: AccountId,
    ) -> Result<(), CommandError> {
        let command = {
            let period: Arc<Period> = self.load(&period_id.to_string()).await?;
            let context = self
                .appraisal_context(&period, period_id, appraiser)
                .await?;
            let mut not_applicable = BTreeMap::new();
            for unit in context.assignment.units() {
                let scorecard: Arc<Scorecard> = self.load(&scorecard_id(period_id, unit)).await?;
                not_applicable.insert(unit, scorecard.not_applicable_leaves());
            }
            WorksheetCommand {
                context,
                action: WorksheetAction::Submit { not_applicable },
            }
        };
        self.run::<Worksheet>(&worksheet_id(period_id, appraiser), metadata, command)
            .await
    }
}
