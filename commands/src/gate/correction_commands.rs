//! Corrections after provisional results: the complaint window, complaints
//! and their answers, reopened leaves scored again, results aggregated
//! again.

use chamdiem_domain::account::Role;
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::SerialNo;
use chamdiem_domain::self_assessment::{Evidence, FreeText};
use chrono::NaiveDate;

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::handlers::{ComplaintAnswerRequest, ComplaintRequest};
use crate::policy::Action;

/// Take complaints about the provisional results until a date.
#[derive(Debug, Clone)]
pub struct OpenComplaintWindow {
    /// The period.
    pub period: PeriodId,
    /// The last day.
    pub until: NaiveDate,
}

impl GateCommand for OpenComplaintWindow {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .open_complaint_window(on.metadata, self.period, self.until)
            .await
    }
}

impl GateCommand for ComplaintRequest {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::LodgeComplaint { unit: self.unit })
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write.lodge_complaint(on.metadata, self).await
    }
}

impl GateCommand for ComplaintAnswerRequest {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::AnswerComplaint)
    }

    /// An administrator or a manager answers for the council; an appraiser
    /// only for a leaf they appraise, which the period checks.
    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        let for_the_council = matches!(on.caller.role, Role::Admin | Role::Manager);
        on.write
            .answer_complaint(on.metadata, self, on.caller.account_id, for_the_council)
            .await
    }
}

/// Reopen a leaf on its appraiser's worksheet.
#[derive(Debug, Clone)]
pub struct ReopenLeaf {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// Why.
    pub reason: FreeText,
    /// The upheld complaint it answers, if any.
    pub complaint: Option<SerialNo>,
}

impl GateCommand for ReopenLeaf {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .reopen_leaf(
                on.metadata,
                self.period,
                (self.unit, self.leaf),
                self.reason.as_str(),
                self.complaint,
            )
            .await
    }
}

/// Score again a leaf reopened on one's own worksheet.
#[derive(Debug, Clone)]
pub struct CorrectAppraisal {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The score or percentage.
    pub entry: LeafEntry,
    /// Why.
    pub reason: Option<FreeText>,
}

impl GateCommand for CorrectAppraisal {
    type Output = ();

    /// Allowed when (unit, leaf) is in the caller's assignment, read from
    /// the period itself.
    async fn action(&self, facts: Facts<'_>) -> Result<Action, CommandError> {
        super::appraisal_commands::appraising(facts, self.period, self.unit, &self.leaf).await
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .correct_appraisal(
                on.metadata,
                (self.period, on.caller.account_id),
                (self.unit, self.leaf),
                self.entry,
                self.reason,
            )
            .await
    }
}

/// Record the appraisal council's agreement on the current version.
#[derive(Debug, Clone)]
pub struct RecordCouncilAgreement {
    /// The period.
    pub period: PeriodId,
    /// The day it met.
    pub date: NaiveDate,
    /// The members present.
    pub members: Vec<String>,
    /// Its signed minutes, stored.
    pub minutes: Evidence,
}

impl GateCommand for RecordCouncilAgreement {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .record_council_agreement(
                on.metadata,
                self.period,
                (self.date, self.members),
                self.minutes,
            )
            .await
    }
}

/// Aggregate the results again, as a new version.
#[derive(Debug, Clone)]
pub struct ReaggregateResults {
    /// The period.
    pub period: PeriodId,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for ReaggregateResults {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .reaggregate_results(on.metadata, self.period, self.reason.as_str())
            .await
    }
}
