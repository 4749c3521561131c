//! Corrections after provisional results: the complaint window, a unit's
//! complaint and its answer, a leaf reopened, scored again by its
//! appraiser, and the results aggregated again as a new version.

use std::sync::Arc;

use chamdiem_domain::appraisal::{Worksheet, WorksheetAction, WorksheetCommand, worksheet_id};
use chamdiem_domain::criteria::{CriterionCode, LeafEntry, ScoringMethod};
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};
use chamdiem_domain::period::{
    AnswerComplaint, ComplaintOutcome, Correction, LodgeComplaint, OpenComplaintWindow, Period,
    PeriodCommand, Reaggregate, RecordCouncilAgreement, ReopenLeaf, SerialNo,
};
use chamdiem_domain::self_assessment::{Evidence, FreeText, Scorecard, scorecard_id};
use chrono::NaiveDate;

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// A unit's complaint, as the caller gives it.
#[derive(Debug, Clone)]
pub struct ComplaintRequest {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// Why.
    pub reason: FreeText,
    /// Files in support, stored already.
    pub evidence: Vec<Evidence>,
}

/// An answer to a complaint, as the caller gives it.
#[derive(Debug, Clone)]
pub struct ComplaintAnswerRequest {
    /// The period.
    pub period: PeriodId,
    /// The complaint.
    pub no: SerialNo,
    /// Upheld or rejected.
    pub outcome: ComplaintOutcome,
    /// The answer.
    pub text: FreeText,
}

impl WriteSide {
    /// Takes complaints about the provisional results until `until`.
    pub async fn open_complaint_window(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        until: NaiveDate,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::OpenComplaintWindow(OpenComplaintWindow {
            until,
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// Records a unit's complaint on one leaf.
    pub async fn lodge_complaint(
        &self,
        metadata: &CommandMetadata,
        request: ComplaintRequest,
    ) -> Result<(), CommandError> {
        let command = {
            let period: Arc<Period> = self.load(&request.period.to_string()).await?;
            let set_id = period
                .criteria_set_id()
                .ok_or_else(|| CommandError::not_found("không có kỳ đánh giá này"))?;
            let tree = self.published_tree(set_id).await?;
            PeriodCommand::LodgeComplaint(LodgeComplaint {
                unit: request.unit,
                is_a_leaf: tree.leaf(&request.leaf).is_some(),
                leaf: request.leaf,
                reason: request.reason.as_str().to_owned(),
                evidence: request.evidence,
                at: self.now(),
            })
        };
        self.run::<Period>(&request.period.to_string(), metadata, command)
            .await
    }

    /// Answers a complaint: `by` the leaf's appraiser, or for the council.
    pub async fn answer_complaint(
        &self,
        metadata: &CommandMetadata,
        request: ComplaintAnswerRequest,
        by: AccountId,
        for_the_council: bool,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::AnswerComplaint(AnswerComplaint {
            no: request.no,
            outcome: request.outcome,
            text: request.text.as_str().to_owned(),
            by,
            for_the_council,
        });
        self.run::<Period>(&request.period.to_string(), metadata, command)
            .await
    }

    /// Reopens (unit, leaf) on its appraiser's worksheet, or on the unit's
    /// scorecard when nobody appraises it, with a reason.
    pub async fn reopen_leaf(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        (unit, leaf): (UnitId, CriterionCode),
        reason: &str,
        complaint: Option<SerialNo>,
    ) -> Result<(), CommandError> {
        let method = {
            let period: Arc<Period> = self.load(&period_id.to_string()).await?;
            let set_id = period
                .criteria_set_id()
                .ok_or_else(|| CommandError::not_found("không có kỳ đánh giá này"))?;
            let tree = self.published_tree(set_id).await?;
            tree.leaf(&leaf).and_then(|node| node.method.clone())
        };
        let command = PeriodCommand::ReopenLeaf(ReopenLeaf {
            unit,
            leaf,
            is_a_leaf: method.is_some(),
            survey: method.as_ref().is_some_and(ScoringMethod::is_survey),
            reason: reason.to_owned(),
            complaint,
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// Scores again a leaf reopened on `appraiser`'s worksheet.
    pub async fn correct_appraisal(
        &self,
        metadata: &CommandMetadata,
        (period_id, appraiser): (PeriodId, AccountId),
        (unit, leaf): (UnitId, CriterionCode),
        entry: LeafEntry,
        reason: Option<FreeText>,
    ) -> Result<(), CommandError> {
        let command = {
            let period: Arc<Period> = self.load(&period_id.to_string()).await?;
            let context = self
                .appraisal_context(&period, period_id, appraiser)
                .await?;
            let reopening = period
                .unsettled_reopening(unit, &leaf)
                .filter(|r| r.appraiser == Some(appraiser))
                .map(|r| r.no);
            WorksheetCommand {
                context,
                action: WorksheetAction::Correct {
                    unit,
                    leaf,
                    entry,
                    reason,
                    reopening,
                },
            }
        };
        self.run::<Worksheet>(&worksheet_id(period_id, appraiser), metadata, command)
            .await
    }

    /// Records the appraisal council's agreement on the current version:
    /// the day it met, the members present and its signed minutes, stored.
    pub async fn record_council_agreement(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        (date, members): (NaiveDate, Vec<String>),
        minutes: Evidence,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::RecordCouncilAgreement(RecordCouncilAgreement {
            date,
            members,
            minutes,
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// Aggregates the results again, as a new version taking in every
    /// reopened leaf its appraiser scored again.
    pub async fn reaggregate_results(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        reason: &str,
    ) -> Result<(), CommandError> {
        let command = {
            let period: Arc<Period> = self.load(&period_id.to_string()).await?;
            let mut corrections = Vec::new();
            for reopening in period
                .reopenings()
                .iter()
                .filter(|r| r.settled_in.is_none())
            {
                // Scored again by its appraiser, or by the unit when nobody
                // appraises the leaf.
                let corrected = match reopening.appraiser {
                    Some(appraiser) => {
                        let worksheet: Arc<Worksheet> =
                            self.load(&worksheet_id(period_id, appraiser)).await?;
                        worksheet.corrected(reopening.unit_id, &reopening.leaf, reopening.no)
                    }
                    None => {
                        let scorecard: Arc<Scorecard> = self
                            .load(&scorecard_id(period_id, reopening.unit_id))
                            .await?;
                        scorecard.corrected(&reopening.leaf, reopening.no)
                    }
                };
                if let Some(score) = corrected {
                    corrections.push(Correction {
                        reopening: reopening.no,
                        unit_id: reopening.unit_id,
                        unit_code: reopening.unit_code.clone(),
                        leaf: reopening.leaf.clone(),
                        before: score.before,
                        after: score.after,
                        reason: score.reason,
                        complaint: reopening.complaint,
                    });
                }
            }
            PeriodCommand::Reaggregate(Reaggregate {
                results: self.aggregate_now(period_id).await?,
                corrections,
                reason: reason.to_owned(),
            })
        };
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }
}
