//! Corrections after provisional results (Kiến nghị về kết quả): the
//! window for complaints, a unit's complaint with its evidence, the answer
//! of the leaf's appraiser or the council, a leaf reopened and scored
//! again, and the results aggregated again as a new version.

use async_graphql::{Context, ID, InputObject, Object, Upload};
use chamdiem_commands::gate::{
    CorrectAppraisal, OpenComplaintWindow, ReaggregateResults, RecordCouncilAgreement, ReopenLeaf,
};
use chamdiem_commands::handlers::{ComplaintAnswerRequest, ComplaintRequest};
use chamdiem_commands::policy::Action;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::SerialNo;
use chamdiem_domain::self_assessment::FreeText;
use chrono::NaiveDate;

use super::id;
use super::payloads::{AppraisalPayload, PeriodPayload};
use super::self_assessment::EntryInput;
use super::staged_upload::{run_keeping, stage};
use crate::graphql::caller::Caller;
use crate::graphql::command_runner::{field, run};
use crate::graphql::enums::ComplaintOutcomeGql;

/// The window for complaints about provisional results.
#[derive(InputObject)]
pub struct OpenComplaintWindowInput {
    /// The period.
    pub period_id: ID,
    /// The last day complaints are taken (a later date extends it).
    pub until: NaiveDate,
}

/// A unit's complaint on one leaf of its provisional results.
#[derive(InputObject)]
pub struct LodgeComplaintInput {
    /// The period.
    pub period_id: ID,
    /// The unit (the caller's own).
    pub unit_id: ID,
    /// The leaf complained about.
    pub leaf_code: String,
    /// Why the score should change.
    pub reason: String,
    /// With a file: the page or section of it that proves the point.
    pub locator: Option<String>,
}

/// The answer to a complaint.
#[derive(InputObject)]
pub struct AnswerComplaintInput {
    /// The period.
    pub period_id: ID,
    /// The complaint's number in the period.
    pub complaint_no: u32,
    /// Upheld or rejected.
    pub outcome: ComplaintOutcomeGql,
    /// The answer, given to the unit.
    pub answer: String,
}

/// A leaf to reopen on its appraiser's worksheet.
#[derive(InputObject)]
pub struct ReopenLeafInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf.
    pub leaf_code: String,
    /// Why (kept in the history).
    pub reason: String,
    /// The upheld complaint it answers, if any.
    pub complaint_no: Option<u32>,
}

/// A reopened leaf scored again.
#[derive(InputObject)]
pub struct CorrectAppraisalInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf.
    pub leaf_code: String,
    /// The score or percentage.
    pub entry: EntryInput,
    /// Why (always required).
    pub reason: String,
}

/// The appraisal council's agreement.
#[derive(InputObject)]
pub struct RecordCouncilAgreementInput {
    /// The period.
    pub period_id: ID,
    /// The day the council met.
    pub date: NaiveDate,
    /// The members present, one name each.
    pub members: Vec<String>,
}

/// Results to aggregate again.
#[derive(InputObject)]
pub struct ReaggregateResultsInput {
    /// The period.
    pub period_id: ID,
    /// Why (printed with the version).
    pub reason: String,
}

fn text(name: &str, value: &str) -> async_graphql::Result<FreeText> {
    field(name, FreeText::parse(value))
}

/// Corrections mutations.
#[derive(Default)]
pub struct CorrectionMutation;

#[Object]
impl CorrectionMutation {
    /// Announces the provisional results and takes units' complaints until
    /// `until` (administrators); finalization waits for the day to end.
    async fn open_complaint_window(
        &self,
        context: &Context<'_>,
        input: OpenComplaintWindowInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        run(
            context,
            OpenComplaintWindow {
                period,
                until: input.until,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// A unit leader complains about one leaf of the unit's provisional
    /// results, with the reason and, optionally, a file in support (PDF,
    /// image, Word, Excel; size limited), while the window is open.
    async fn lodge_complaint(
        &self,
        context: &Context<'_>,
        input: LodgeComplaintInput,
        file: Option<Upload>,
    ) -> async_graphql::Result<PeriodPayload> {
        let period: PeriodId = id("periodId", &input.period_id)?;
        let unit: UnitId = id("unitId", &input.unit_id)?;
        let leaf = field("leafCode", CriterionCode::parse(&input.leaf_code))?;
        let reason = text("reason", &input.reason)?;
        // Nothing is stored for a caller who may not complain.
        Caller::of(context).authorized(&Action::LodgeComplaint { unit })?;
        let staged = match &file {
            Some(file) => {
                let locator = input.locator.as_deref().unwrap_or("Tài liệu kèm kiến nghị");
                Some(stage(context, file, locator).await?)
            }
            None => None,
        };
        let (evidence, staged): (Vec<_>, Vec<_>) = staged.into_iter().unzip();
        let request = ComplaintRequest {
            period,
            unit,
            leaf,
            reason,
            evidence,
        };
        run_keeping(context, request, staged).await?;
        Ok(PeriodPayload(period))
    }

    /// Answers a complaint: the appraiser of its leaf, or an administrator
    /// or a manager for the appraisal council.
    async fn answer_complaint(
        &self,
        context: &Context<'_>,
        input: AnswerComplaintInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        run(
            context,
            ComplaintAnswerRequest {
                period,
                no: SerialNo(input.complaint_no),
                outcome: input.outcome.into(),
                text: text("answer", &input.answer)?,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// Reopens a leaf of a unit on its appraiser's worksheet, with a reason
    /// (and the upheld complaint it answers), while results are provisional.
    async fn reopen_leaf(
        &self,
        context: &Context<'_>,
        input: ReopenLeafInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        run(
            context,
            ReopenLeaf {
                period,
                unit: id("unitId", &input.unit_id)?,
                leaf: field("leafCode", CriterionCode::parse(&input.leaf_code))?,
                reason: text("reason", &input.reason)?,
                complaint: input.complaint_no.map(SerialNo),
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// Scores again, with a reason, a leaf reopened on one's own worksheet
    /// (even after submitting it: the only change it then takes).
    async fn correct_appraisal(
        &self,
        context: &Context<'_>,
        input: CorrectAppraisalInput,
    ) -> async_graphql::Result<AppraisalPayload> {
        let period = id("periodId", &input.period_id)?;
        let unit = id("unitId", &input.unit_id)?;
        let leaf = field("leafCode", CriterionCode::parse(&input.leaf_code))?;
        run(
            context,
            CorrectAppraisal {
                period,
                unit,
                leaf: leaf.clone(),
                entry: input.entry.parse()?,
                reason: Some(text("reason", &input.reason)?),
            },
        )
        .await?;
        Ok(AppraisalPayload { period, unit, leaf })
    }

    /// Records the appraisal council's agreement on the current version of
    /// the results (administrators): the day it met, the members present
    /// and the signed minutes (a PDF scan); finalization waits for it.
    async fn record_council_agreement(
        &self,
        context: &Context<'_>,
        input: RecordCouncilAgreementInput,
        minutes: Upload,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        // Nothing is stored for a caller who may not record it.
        Caller::of(context).authorized(&Action::ManagePeriods)?;
        let (minutes, staged) = stage(context, &minutes, "Biên bản họp Hội đồng thẩm định").await?;
        let command = RecordCouncilAgreement {
            period,
            date: input.date,
            members: input.members,
            minutes,
        };
        run_keeping(context, command, vec![staged]).await?;
        Ok(PeriodPayload(period))
    }

    /// Aggregates the results again as the next version, taking in every
    /// reopened leaf scored again (administrators); refused while one
    /// waits for its score, or when nothing would change.
    async fn reaggregate_results(
        &self,
        context: &Context<'_>,
        input: ReaggregateResultsInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        run(
            context,
            ReaggregateResults {
                period,
                reason: text("reason", &input.reason)?,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }
}
