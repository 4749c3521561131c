use async_graphql::{Context, ID, InputObject, Object};
use chamdiem_commands::gate::CommandRequest;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::self_assessment::FreeText;

use super::id;
use super::self_assessment::EntryInput;
use crate::graphql::command_runner::{acknowledged, field};
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
    ) -> async_graphql::Result<bool> {
        let command = CommandRequest::Appraise {
            period: id("periodId", &input.period_id)?,
            round: input.round.into(),
            unit: id("unitId", &input.unit_id)?,
            leaf: field("leafCode", CriterionCode::parse(&input.leaf_code))?,
            entry: input.entry.parse()?,
            reason: input
                .reason
                .as_deref()
                .map(|r| field("reason", FreeText::parse(r)))
                .transpose()?,
        };
        acknowledged(context, command).await
    }

    /// Submits one's own worksheet; the account is then locked.
    async fn submit_appraisal(
        &self,
        context: &Context<'_>,
        period_id: ID,
    ) -> async_graphql::Result<bool> {
        acknowledged(
            context,
            CommandRequest::SubmitAppraisal {
                period: id("periodId", &period_id)?,
            },
        )
        .await
    }

    /// A manager finalizes the aggregated results.
    async fn finalize_results(
        &self,
        context: &Context<'_>,
        period_id: ID,
    ) -> async_graphql::Result<bool> {
        acknowledged(
            context,
            CommandRequest::FinalizeResults {
                period: id("periodId", &period_id)?,
            },
        )
        .await
    }

    /// A manager publishes the finalized results.
    async fn publish_results(
        &self,
        context: &Context<'_>,
        period_id: ID,
    ) -> async_graphql::Result<bool> {
        acknowledged(
            context,
            CommandRequest::PublishResults {
                period: id("periodId", &period_id)?,
            },
        )
        .await
    }
}
