use chamdiem_domain::Code;
use std::collections::BTreeSet;
use std::sync::Arc;

use chamdiem_domain::account::{Account, Role};
use chamdiem_domain::criteria::{CriterionCode, Department};
use chamdiem_domain::criteria_set::CriteriaSet;
use chamdiem_domain::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use chamdiem_domain::period::{
    AssignAppraiser, CloseAppraisal, DeadlineKind, Deadlines, ExemptFromAppraisal, ExtendDeadline,
    MoveAssignment, OpenPeriod, Period, PeriodCommand, PublishResults, PublishedSet, RankingBlock,
    ScopedUnit,
};
use chamdiem_domain::self_assessment::Evidence;
use chamdiem_domain::unit::Unit;
use chrono::NaiveDate;

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// A unit to score in a period, and its block when not its kind's.
#[derive(Debug, Clone)]
pub struct UnitInScope {
    /// The unit.
    pub unit_id: UnitId,
    /// Its ranking block, when the period groups it otherwise.
    pub block: Option<RankingBlock>,
}

/// Open a period.
#[derive(Debug, Clone)]
pub struct OpenPeriodRequest {
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// The published criteria set.
    pub criteria_set_id: CriteriaSetId,
    /// The units in scope.
    pub units: Vec<UnitInScope>,
    /// The deadlines.
    pub deadlines: Deadlines,
}

impl WriteSide {
    /// Opens a period on a published set for registered, active units.
    pub async fn open_period(
        &self,
        metadata: &CommandMetadata,
        request: OpenPeriodRequest,
    ) -> Result<PeriodId, CommandError> {
        let set: Arc<CriteriaSet> = self.load(&request.criteria_set_id.to_string()).await?;
        let (Some(index_kind), Some(set_year)) = (set.index_kind(), set.year()) else {
            return Err(CommandError::not_found("không có bộ tiêu chí này"));
        };
        let mut units = Vec::with_capacity(request.units.len());
        for in_scope in &request.units {
            let unit: Arc<Unit> = self.load(&in_scope.unit_id.to_string()).await?;
            let (Some(code), Some(kind)) = (unit.code(), unit.kind()) else {
                return Err(CommandError::not_found(format!(
                    "không có đơn vị {}",
                    in_scope.unit_id
                )));
            };
            if !unit.is_active() {
                return Err(CommandError::refused(
                    Code::Conflict,
                    format!("đơn vị {code} đã ngừng hoạt động"),
                ));
            }
            units.push(ScopedUnit {
                unit_id: in_scope.unit_id,
                code: code.clone(),
                kind,
                block: in_scope
                    .block
                    .clone()
                    .unwrap_or_else(|| RankingBlock::of_kind(kind)),
            });
        }
        let period_id = PeriodId::new();
        let command = PeriodCommand::Open(OpenPeriod {
            period_id,
            name: request.name,
            year: request.year,
            criteria_set: PublishedSet {
                criteria_set_id: request.criteria_set_id,
                published: set.is_published(),
                year: set_year,
                index_kind,
                unit_kinds: set.unit_kinds(),
            },
            units,
            deadlines: request.deadlines,
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await?;
        Ok(period_id)
    }

    /// Moves a deadline later, with a reason: every unit's, or `unit`'s
    /// alone.
    pub async fn extend_deadline(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        unit: Option<UnitId>,
        kind: DeadlineKind,
        date: NaiveDate,
        reason: &str,
    ) -> Result<(), CommandError> {
        let command = {
            PeriodCommand::ExtendDeadline(ExtendDeadline {
                unit,
                kind,
                date,
                reason: reason.to_owned(),
            })
        };
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// The department of an active appraiser account; refused for any
    /// other account, since only such an account can do the work.
    async fn appraisers_department(
        &self,
        appraiser: AccountId,
    ) -> Result<Department, CommandError> {
        let account: Arc<Account> = self.load(&appraiser.to_string()).await?;
        match (account.role(), account.department()) {
            (Some(Role::Appraiser), Some(department)) if !account.is_locked_at(self.now()) => {
                Ok(department.clone())
            }
            _ => Err(CommandError::refused(
                Code::Validation,
                "chỉ phân công được tài khoản thẩm định đang hoạt động",
            )),
        }
    }

    /// Assigns an appraiser (an active appraiser account) units and criteria
    /// of the department their account belongs to.
    pub async fn assign_appraiser(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        appraiser: AccountId,
        units: BTreeSet<UnitId>,
        criteria: BTreeSet<CriterionCode>,
    ) -> Result<(), CommandError> {
        let department = self.appraisers_department(appraiser).await?;
        let period: Arc<Period> = self.load(&period_id.to_string()).await?;
        let set_id = period
            .criteria_set_id()
            .ok_or_else(|| CommandError::not_found("không có kỳ đánh giá này"))?;
        let command = PeriodCommand::AssignAppraiser(AssignAppraiser {
            appraiser,
            department,
            units,
            criteria,
            tree: self.published_tree(set_id).await?,
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// Exempts from appraisal the pairs nobody appraises among `units` (every
    /// unit when empty) × `criteria` (every leaf when empty), with a reason.
    pub async fn exempt_from_appraisal(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        (units, criteria): (BTreeSet<UnitId>, BTreeSet<CriterionCode>),
        reason: &str,
    ) -> Result<(), CommandError> {
        let period: Arc<Period> = self.load(&period_id.to_string()).await?;
        let set_id = period
            .criteria_set_id()
            .ok_or_else(|| CommandError::not_found("không có kỳ đánh giá này"))?;
        let command = PeriodCommand::ExemptFromAppraisal(ExemptFromAppraisal {
            units,
            criteria,
            tree: self.published_tree(set_id).await?,
            reason: reason.to_owned(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// Moves `units` (every unit when empty) from one appraiser to another
    /// active appraiser of the same department, with a reason.
    pub async fn move_assignment(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        (from, to): (AccountId, AccountId),
        units: BTreeSet<UnitId>,
        reason: &str,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::MoveAssignment(MoveAssignment {
            from,
            to,
            to_department: self.appraisers_department(to).await?,
            units,
            reason: reason.to_owned(),
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// Closes the appraisal of an appraiser who did not submit, with a
    /// reason, once round 2 has ended.
    pub async fn close_appraisal(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        appraiser: AccountId,
        reason: &str,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::CloseAppraisal(CloseAppraisal {
            appraiser,
            reason: reason.to_owned(),
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// A manager finalizes the aggregated results.
    pub async fn finalize_results(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::FinalizeResults { at: self.now() };
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }

    /// A manager publishes the finalized results with the People's
    /// Committee's decision approving them (its number, date and signed
    /// scan, stored).
    pub async fn publish_results(
        &self,
        metadata: &CommandMetadata,
        period_id: PeriodId,
        (number, date): (&str, NaiveDate),
        signed: Evidence,
    ) -> Result<(), CommandError> {
        let command = PeriodCommand::PublishResults(PublishResults {
            number: number.to_owned(),
            date,
            signed,
            at: self.now(),
        });
        self.run::<Period>(&period_id.to_string(), metadata, command)
            .await
    }
}
