//! An appraiser's worksheet.

use std::sync::Arc;

use chamdiem_domain::appraisal::Round;
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::Period;
use chamdiem_domain::self_assessment::FreeText;

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::policy::Action;

/// Score (unit, leaf) in a round on one's own worksheet.
#[derive(Debug, Clone)]
pub struct Appraise {
    /// The period.
    pub period: PeriodId,
    /// The round.
    pub round: Round,
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
    /// The score or percentage.
    pub entry: LeafEntry,
    /// Why it differs from the self score.
    pub reason: Option<FreeText>,
}

impl GateCommand for Appraise {
    type Output = ();

    /// Allowed when (unit, leaf) is in the caller's assignment, read from
    /// the period itself.
    async fn action(&self, facts: Facts<'_>) -> Result<Action, CommandError> {
        appraising(facts, self.period, self.unit, &self.leaf).await
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .appraise(
                on.metadata,
                self.period,
                on.caller.account_id,
                self.round,
                self.unit,
                self.leaf,
                self.entry,
                self.reason,
            )
            .await
    }
}

/// The policy's view of scoring (unit, leaf) on one's own worksheet:
/// allowed when the pair is in the caller's assignment, read from the
/// period itself (a first score and a score given again alike).
pub(super) async fn appraising(
    facts: Facts<'_>,
    period: PeriodId,
    unit: UnitId,
    leaf: &CriterionCode,
) -> Result<Action, CommandError> {
    let assigned = match facts.caller {
        Some(caller) => {
            let period: Arc<Period> = facts.write.load(&period.to_string()).await?;
            period
                .assignment(caller.account_id)
                .is_some_and(|a| a.covers(unit, leaf))
        }
        None => false,
    };
    Ok(Action::Appraise { assigned })
}

/// Submit one's own worksheet.
#[derive(Debug, Clone)]
pub struct SubmitAppraisal {
    /// The period.
    pub period: PeriodId,
}

impl GateCommand for SubmitAppraisal {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::SubmitAppraisal)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .submit_appraisal(on.metadata, self.period, on.caller.account_id)
            .await
    }
}
