use async_graphql::{Context, ID, InputObject, Object, Upload};
use chamdiem_commands::gate::{Appraise, FinalizeResults, PublishResults, SubmitAppraisal};
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::self_assessment::FreeText;
use chrono::NaiveDate;

use chamdiem_commands::policy::Action;

use super::id;
use super::payloads::{AppraisalPayload, PeriodPayload, SubmitAppraisalPayload};
use super::self_assessment::EntryInput;
use super::staged_upload::{run_keeping, stage};
use crate::graphql::caller::Caller;
use crate::graphql::command_runner::{field, run};
use crate::graphql::enums::RoundGql;

/// One appraisal score.
#[derive(InputObject)]
pub struct AppraiseInput {
    /// The period.
    pub period_id: ID,
    /// The round.
    pub round: RoundGql,
    /// The unit.
    pub unit_id: ID,
    /// The leaf.
    pub leaf_code: String,
    /// The score or percentage.
    pub entry: EntryInput,
    /// Why it differs from the self score.
    pub reason: Option<String>,
}

/// The results to publish, with the People's Committee's decision.
#[derive(InputObject)]
pub struct PublishResultsInput {
    /// The period.
    pub period_id: ID,
    /// The decision's number ("125/QĐ-UBND").
    pub decision_number: String,
    /// Its date.
    pub decision_date: NaiveDate,
}

/// A period.
#[derive(InputObject)]
pub struct PeriodInput {
    /// The period.
    pub period_id: ID,
}

/// Appraisal and results mutations.
#[derive(Default)]
pub struct AppraisalMutation;

#[Object]
impl AppraisalMutation {
    /// Scores an assigned (unit, leaf) in a round on one's own worksheet; a
    /// reason is required when the score differs from the self score.
    async fn appraise(
        &self,
        context: &Context<'_>,
        input: AppraiseInput,
    ) -> async_graphql::Result<AppraisalPayload> {
        let period = id("periodId", &input.period_id)?;
        let unit = id("unitId", &input.unit_id)?;
        let leaf = field("leafCode", CriterionCode::parse(&input.leaf_code))?;
        let command = Appraise {
            period,
            round: input.round.into(),
            unit,
            leaf: leaf.clone(),
            entry: input.entry.parse()?,
            reason: input
                .reason
                .as_deref()
                .map(|r| field("reason", FreeText::parse(r)))
                .transpose()?,
        };
        run(context, command).await?;
        Ok(AppraisalPayload { period, unit, leaf })
    }

    /// Submits one's own worksheet, which is then closed for the period
    /// (Điều 10.3); the account stays open for other periods.
    async fn submit_appraisal(
        &self,
        context: &Context<'_>,
        input: PeriodInput,
    ) -> async_graphql::Result<SubmitAppraisalPayload> {
        let period = id("periodId", &input.period_id)?;
        let appraiser = Caller::of(context)
            .authorized(&Action::SubmitAppraisal)?
            .account_id;
        run(context, SubmitAppraisal { period }).await?;
        Ok(SubmitAppraisalPayload { period, appraiser })
    }

    /// A manager finalizes the aggregated results.
    async fn finalize_results(
        &self,
        context: &Context<'_>,
        input: PeriodInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        run(context, FinalizeResults { period }).await?;
        Ok(PeriodPayload(period))
    }

    /// A manager publishes the finalized results with the People's
    /// Committee's decision approving them: its number, date and signed
    /// scan (a PDF).
    async fn publish_results(
        &self,
        context: &Context<'_>,
        input: PublishResultsInput,
        decision: Upload,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        // Nothing is stored for a caller who may not publish.
        Caller::of(context).authorized(&Action::DecideResults)?;
        let (signed, staged) = stage(context, &decision, "Quyết định của UBND tỉnh").await?;
        let command = PublishResults {
            period,
            number: input.decision_number,
            date: input.decision_date,
            signed,
        };
        run_keeping(context, command, vec![staged]).await?;
        Ok(PeriodPayload(period))
    }
}
