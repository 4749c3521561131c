//! Periods: opening, deadlines, assignments and results.

use std::collections::BTreeSet;

use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};
use chamdiem_domain::period::DeadlineKind;
use chamdiem_domain::self_assessment::{Evidence, FreeText};
use chrono::NaiveDate;

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::handlers::OpenPeriodRequest;
use crate::policy::Action;

impl GateCommand for OpenPeriodRequest {
    type Output = PeriodId;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<PeriodId, CommandError> {
        on.write.open_period(on.metadata, self).await
    }
}

/// Move a deadline later, with a reason.
#[derive(Debug, Clone)]
pub struct ExtendDeadline {
    /// The period.
    pub period: PeriodId,
    /// Only this unit's deadline (self-assessment or explanation).
    pub unit: Option<UnitId>,
    /// Which deadline.
    pub kind: DeadlineKind,
    /// The new date.
    pub date: NaiveDate,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for ExtendDeadline {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .extend_deadline(
                on.metadata,
                self.period,
                self.unit,
                self.kind,
                self.date,
                self.reason.as_str(),
            )
            .await
    }
}

/// Assign an appraiser units and criteria of their department.
#[derive(Debug, Clone)]
pub struct AssignAppraiser {
    /// The period.
    pub period: PeriodId,
    /// The appraiser's account.
    pub appraiser: AccountId,
    /// The units.
    pub units: BTreeSet<UnitId>,
    /// The criteria.
    pub criteria: BTreeSet<CriterionCode>,
}

impl GateCommand for AssignAppraiser {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .assign_appraiser(
                on.metadata,
                self.period,
                self.appraiser,
                self.units,
                self.criteria,
            )
            .await
    }
}

/// Exempt from appraisal pairs nobody appraises, with a reason.
#[derive(Debug, Clone)]
pub struct ExemptFromAppraisal {
    /// The period.
    pub period: PeriodId,
    /// The units (every unit when empty).
    pub units: BTreeSet<UnitId>,
    /// The criteria (every leaf when empty).
    pub criteria: BTreeSet<CriterionCode>,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for ExemptFromAppraisal {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .exempt_from_appraisal(
                on.metadata,
                self.period,
                (self.units, self.criteria),
                self.reason.as_str(),
            )
            .await
    }
}

/// Move units from one appraiser to another of the same department.
#[derive(Debug, Clone)]
pub struct MoveAssignment {
    /// The period.
    pub period: PeriodId,
    /// The appraiser who had them.
    pub from: AccountId,
    /// The appraiser who takes them.
    pub to: AccountId,
    /// The units (every unit of `from` when empty).
    pub units: BTreeSet<UnitId>,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for MoveAssignment {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .move_assignment(
                on.metadata,
                self.period,
                (self.from, self.to),
                self.units,
                self.reason.as_str(),
            )
            .await
    }
}

/// Close an appraisal its appraiser never submitted.
#[derive(Debug, Clone)]
pub struct CloseAppraisal {
    /// The period.
    pub period: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for CloseAppraisal {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManagePeriods)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .close_appraisal(
                on.metadata,
                self.period,
                self.appraiser,
                self.reason.as_str(),
            )
            .await
    }
}

/// Finalize a period's aggregated results (a manager).
#[derive(Debug, Clone)]
pub struct FinalizeResults {
    /// The period.
    pub period: PeriodId,
}

impl GateCommand for FinalizeResults {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::DecideResults)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write.finalize_results(on.metadata, self.period).await
    }
}

/// Publish a period's finalized results with the People's Committee's
/// decision (a manager).
#[derive(Debug, Clone)]
pub struct PublishResults {
    /// The period.
    pub period: PeriodId,
    /// The decision's number.
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its signed scan, stored.
    pub signed: Evidence,
}

impl GateCommand for PublishResults {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::DecideResults)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .publish_results(
                on.metadata,
                self.period,
                (&self.number, self.date),
                self.signed,
            )
            .await
    }
}
