//! Corrections after provisional results (Kiến nghị về kết quả): the
//! window for complaints, a unit's complaint with its evidence, the answer
//! of the leaf's appraiser or the council, a leaf reopened and scored
//! again, and the results aggregated again as a new version.

use async_graphql::{Context, ID, InputObject, Object, Upload};
use bytes::Bytes;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::evidence_store::{EvidenceStore, check_file};
use chamdiem_commands::gate::{
    CorrectAppraisal, OpenComplaintWindow, ReaggregateResults, ReopenLeaf,
};
use chamdiem_commands::handlers::{ComplaintAnswerRequest, ComplaintRequest};
use chamdiem_commands::policy::Action;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{EvidenceId, PeriodId, UnitId};
use chamdiem_domain::period::SerialNo;
use chamdiem_domain::self_assessment::{Evidence, FreeText};
use chrono::NaiveDate;

use super::id;
use super::payloads::{AppraisalPayload, PeriodPayload};
use super::self_assessment::EntryInput;
use super::upload::{ReceivedFile, receive};
use crate::graphql::UploadLimit;
use crate::graphql::caller::{Caller, graphql_error};
use crate::graphql::command_runner::{field, invalid, run};
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
            Some(file) => Some(stage(context, file, input.locator.as_deref()).await?),
            None => None,
        };
        let request = ComplaintRequest {
            period,
            unit,
            leaf,
            reason,
            evidence: staged
                .iter()
                .map(|(evidence, _)| evidence.clone())
                .collect(),
        };
        let lodged = run(context, request).await;
        if let Some((_, staged)) = staged {
            match &lodged {
                Ok(_) => staged
                    .keep()
                    .await
                    .map_err(|e| graphql_error(CommandError::Internal(e.to_string())))?,
                Err(_) => staged.discard().await,
            }
        }
        lodged?;
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

/// Stores a complaint's file until the complaint is recorded or refused.
async fn stage(
    context: &Context<'_>,
    file: &Upload,
    locator: Option<&str>,
) -> async_graphql::Result<(Evidence, chamdiem_commands::evidence_store::StagedFile)> {
    let limit = context.data::<UploadLimit>()?.0;
    let ReceivedFile {
        file_name,
        media_type,
        content,
    } = receive(context, file)?;
    let size = content.len() as u64;
    check_file(&media_type, &content, limit).map_err(|e| invalid("file", e))?;
    let staged = context
        .data::<EvidenceStore>()?
        .stage(Bytes::from(content))
        .await
        .map_err(|e| invalid("file", e))?;
    let hash = staged.hash().to_owned();
    match field(
        "file",
        Evidence::new(
            EvidenceId::new(),
            &hash,
            &file_name,
            size,
            &media_type,
            locator.unwrap_or("Tài liệu kèm kiến nghị"),
        ),
    ) {
        Ok(evidence) => Ok((evidence, staged)),
        Err(refused) => {
            staged.discard().await;
            Err(refused)
        }
    }
}
