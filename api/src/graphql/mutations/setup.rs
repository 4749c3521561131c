use std::collections::BTreeSet;

use async_graphql::{Context, ID, InputObject, Object};
use chamdiem_commands::gate::{
    AssignAppraiser, CloseAppraisal, DeactivateUnit, ExemptFromAppraisal, ExtendDeadline,
    ImportCriteriaCsv, MoveAssignment, PublishCriteriaSet, RenameUnit, SetClassificationBands,
};
use chamdiem_commands::handlers::{DraftCriteriaSetRequest, OpenPeriodRequest, UnitInScope};
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::criteria_set::IssuingDecision;
use chamdiem_domain::period::{Deadlines, RankingBlock};
use chamdiem_domain::scoring::ClassificationBands;
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitName};
use chrono::NaiveDate;

use super::id;
use super::payloads::{CriteriaSetPayload, PeriodPayload, UnitPayload};
use crate::graphql::command_runner::{field, invalid, run};
use crate::graphql::enums::{DeadlineKindGql, IndexKindGql, UnitKindGql};

/// A unit to register.
#[derive(InputObject)]
pub struct RegisterUnitInput {
    /// Its code (S01, H27…).
    pub code: String,
    /// Its Vietnamese name.
    pub name: String,
    /// Its kind.
    pub kind: UnitKindGql,
    /// The unit it belongs to.
    pub parent_id: Option<ID>,
}

/// A criteria set draft.
#[derive(InputObject)]
pub struct DraftCriteriaSetInput {
    /// PAR index or task completion.
    pub index_kind: IndexKindGql,
    /// Its name.
    pub name: String,
    /// The issuing decision's number ("4606/QĐ-UBND").
    pub decision_number: String,
    /// The issuing decision's date.
    pub decision_date: NaiveDate,
    /// The year it scores.
    pub year: i32,
    /// The unit kinds it applies to.
    pub unit_kinds: Vec<UnitKindGql>,
    /// The published set it replaces.
    pub supersedes: Option<ID>,
}

/// The four deadlines, local dates in Vietnam, and the day the
/// self-assessment opens.
#[derive(InputObject)]
pub struct DeadlinesInput {
    /// First day of the self-assessment; the day the period opens when
    /// left out.
    pub self_assessment_opens: Option<NaiveDate>,
    /// Self-assessment.
    pub self_assessment: NaiveDate,
    /// Appraisal round 1.
    pub appraisal_round_1: NaiveDate,
    /// The units' explanation of round-1 scores.
    pub explanation: NaiveDate,
    /// Appraisal round 2.
    pub appraisal_round_2: NaiveDate,
}

/// A unit in a period, with its block when not its kind's.
#[derive(InputObject)]
pub struct UnitInScopeInput {
    /// The unit.
    pub unit_id: ID,
    /// Its ranking block.
    pub block: Option<String>,
}

/// A period to open.
#[derive(InputObject)]
pub struct OpenPeriodInput {
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// The published criteria set.
    pub criteria_set_id: ID,
    /// The units in scope.
    pub units: Vec<UnitInScopeInput>,
    /// The deadlines.
    pub deadlines: DeadlinesInput,
}

/// A unit's new name.
#[derive(InputObject)]
pub struct RenameUnitInput {
    /// The unit.
    pub unit_id: ID,
    /// Its new Vietnamese name.
    pub name: String,
}

/// A unit to deactivate.
#[derive(InputObject)]
pub struct DeactivateUnitInput {
    /// The unit.
    pub unit_id: ID,
    /// Why.
    pub reason: String,
}

/// A criteria set draft's tree, as the CSV layout of a decision's appendix.
#[derive(InputObject)]
pub struct ImportCriteriaCsvInput {
    /// The draft.
    pub criteria_set_id: ID,
    /// The CSV text.
    pub csv: String,
}

/// A criteria set.
#[derive(InputObject)]
pub struct CriteriaSetInput {
    /// The criteria set.
    pub criteria_set_id: ID,
}

/// A deadline moved later.
#[derive(InputObject)]
pub struct ExtendDeadlineInput {
    /// The period.
    pub period_id: ID,
    /// Only this unit's deadline (its self-assessment or its explanation),
    /// leaving every other unit's as it is; every unit's when left out.
    pub unit_id: Option<ID>,
    /// Which deadline.
    pub kind: DeadlineKindGql,
    /// Its new date (later than the current one).
    pub date: NaiveDate,
    /// Why.
    pub reason: String,
}

/// An appraiser's assignment: units and criteria of their department.
#[derive(InputObject)]
pub struct AssignAppraiserInput {
    /// The period.
    pub period_id: ID,
    /// The appraiser's account.
    pub appraiser_id: ID,
    /// The units they appraise.
    pub unit_ids: Vec<ID>,
    /// The criteria (leaf or parent codes) they appraise.
    pub criteria: Vec<String>,
}

/// Work moved from one appraiser to another of the same department.
#[derive(InputObject)]
pub struct MoveAssignmentInput {
    /// The period.
    pub period_id: ID,
    /// The appraiser who has the work.
    pub from_appraiser_id: ID,
    /// The appraiser who takes it.
    pub to_appraiser_id: ID,
    /// The units moved, each with every leaf the first appraiser had for
    /// it; every unit when left out.
    pub unit_ids: Option<Vec<ID>>,
    /// Why (kept in the history).
    pub reason: String,
}

/// Pairs to exempt from appraisal.
#[derive(InputObject)]
pub struct ExemptFromAppraisalInput {
    /// The period.
    pub period_id: ID,
    /// The units; every unit when left out.
    pub unit_ids: Option<Vec<ID>>,
    /// Criteria codes, a group standing for its leaves; every leaf when
    /// left out.
    pub criteria: Option<Vec<String>>,
    /// Why (kept in the history).
    pub reason: String,
}

/// An appraisal closed in place of an appraiser who did not submit.
#[derive(InputObject)]
pub struct CloseAppraisalInput {
    /// The period.
    pub period_id: ID,
    /// The appraiser.
    pub appraiser_id: ID,
    /// Why (kept in the history).
    pub reason: String,
}

fn reason(text: &str) -> async_graphql::Result<FreeText> {
    field("reason", FreeText::parse(text))
}

/// The units named by `unitIds`, each id read or refused.
fn unit_ids<'a>(
    ids: impl IntoIterator<Item = &'a ID>,
) -> async_graphql::Result<BTreeSet<chamdiem_domain::ids::UnitId>> {
    ids.into_iter().map(|u| id("unitIds", u)).collect()
}

/// The criteria named by `criteria`, each code read or refused.
fn criterion_codes<'a>(
    codes: impl IntoIterator<Item = &'a String>,
) -> async_graphql::Result<BTreeSet<CriterionCode>> {
    codes
        .into_iter()
        .map(|c| field("criteria", CriterionCode::parse(c)))
        .collect()
}

/// Set-up mutations: units, criteria sets, periods (administrators).
#[derive(Default)]
pub struct SetupMutation;

#[Object]
impl SetupMutation {
    /// Registers a unit; its id derives from its code.
    async fn register_unit(
        &self,
        context: &Context<'_>,
        input: RegisterUnitInput,
    ) -> async_graphql::Result<UnitPayload> {
        let command = RegisterUnit {
            code: field("code", UnitCode::parse(&input.code))?,
            name: field("name", UnitName::parse(&input.name))?,
            kind: input.kind.into(),
            parent: input
                .parent_id
                .as_ref()
                .map(|p| id("parentId", p))
                .transpose()?,
        };
        Ok(UnitPayload(run(context, command).await?))
    }

    /// Renames a unit.
    async fn rename_unit(
        &self,
        context: &Context<'_>,
        input: RenameUnitInput,
    ) -> async_graphql::Result<UnitPayload> {
        let unit = id("unitId", &input.unit_id)?;
        let name = field("name", UnitName::parse(&input.name))?;
        run(context, RenameUnit { unit, name }).await?;
        Ok(UnitPayload(unit))
    }

    /// Deactivates a unit, with a reason.
    async fn deactivate_unit(
        &self,
        context: &Context<'_>,
        input: DeactivateUnitInput,
    ) -> async_graphql::Result<UnitPayload> {
        let unit = id("unitId", &input.unit_id)?;
        let reason = reason(&input.reason)?;
        run(context, DeactivateUnit { unit, reason }).await?;
        Ok(UnitPayload(unit))
    }

    /// Starts a criteria set draft.
    async fn draft_criteria_set(
        &self,
        context: &Context<'_>,
        input: DraftCriteriaSetInput,
    ) -> async_graphql::Result<CriteriaSetPayload> {
        let request = DraftCriteriaSetRequest {
            index_kind: input.index_kind.into(),
            name: input.name,
            decision: field(
                "decisionNumber",
                IssuingDecision::new(&input.decision_number, input.decision_date),
            )?,
            year: input.year,
            unit_kinds: input.unit_kinds.into_iter().map(Into::into).collect(),
            supersedes: input
                .supersedes
                .as_ref()
                .map(|s| id("supersedes", s))
                .transpose()?,
        };
        Ok(CriteriaSetPayload(run(context, request).await?))
    }

    /// Gives a draft its tree from the CSV layout of a decision's appendix;
    /// problems name their row and column.
    async fn import_criteria_csv(
        &self,
        context: &Context<'_>,
        input: ImportCriteriaCsvInput,
    ) -> async_graphql::Result<CriteriaSetPayload> {
        let set = id("criteriaSetId", &input.criteria_set_id)?;
        let csv = input.csv;
        run(context, ImportCriteriaCsv { set, csv }).await?;
        Ok(CriteriaSetPayload(set))
    }

    /// Gives a task-completion draft the standard bands (≥ 90, ≥ 75, ≥ 50).
    async fn set_standard_classification_bands(
        &self,
        context: &Context<'_>,
        input: CriteriaSetInput,
    ) -> async_graphql::Result<CriteriaSetPayload> {
        let set = id("criteriaSetId", &input.criteria_set_id)?;
        let bands = ClassificationBands::standard();
        run(context, SetClassificationBands { set, bands }).await?;
        Ok(CriteriaSetPayload(set))
    }

    /// Publishes a draft: it is frozen from now on.
    async fn publish_criteria_set(
        &self,
        context: &Context<'_>,
        input: CriteriaSetInput,
    ) -> async_graphql::Result<CriteriaSetPayload> {
        let set = id("criteriaSetId", &input.criteria_set_id)?;
        run(context, PublishCriteriaSet { set }).await?;
        Ok(CriteriaSetPayload(set))
    }

    /// Opens an assessment period.
    async fn open_period(
        &self,
        context: &Context<'_>,
        input: OpenPeriodInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let mut units = Vec::with_capacity(input.units.len());
        for unit in &input.units {
            units.push(UnitInScope {
                unit_id: id("units.unitId", &unit.unit_id)?,
                block: match &unit.block {
                    Some(name) => Some(
                        RankingBlock::named(name)
                            .ok_or_else(|| invalid("units.block", "tên khối không hợp lệ"))?,
                    ),
                    None => None,
                },
            });
        }
        let d = &input.deadlines;
        let request = OpenPeriodRequest {
            name: input.name,
            year: input.year,
            criteria_set_id: id("criteriaSetId", &input.criteria_set_id)?,
            units,
            deadlines: Deadlines {
                self_assessment_opens: d.self_assessment_opens,
                self_assessment: d.self_assessment,
                appraisal_round_1: d.appraisal_round_1,
                explanation: d.explanation,
                appraisal_round_2: d.appraisal_round_2,
            },
        };
        Ok(PeriodPayload(run(context, request).await?))
    }

    /// Moves a deadline later, with a reason: every unit's, or (with
    /// `unitId`) one unit's self-assessment or explanation deadline alone.
    async fn extend_deadline(
        &self,
        context: &Context<'_>,
        input: ExtendDeadlineInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        let unit = input
            .unit_id
            .as_ref()
            .map(|unit| id("unitId", unit))
            .transpose()?;
        run(
            context,
            ExtendDeadline {
                period,
                unit,
                kind: input.kind.into(),
                date: input.date,
                reason: reason(&input.reason)?,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// Moves an appraiser's units (each with every leaf they had for it) to
    /// another appraiser of the same department, with a reason, while
    /// round 1 is open: an appraiser who is away is replaced, and the
    /// scores they gave those units no longer count.
    async fn move_assignment(
        &self,
        context: &Context<'_>,
        input: MoveAssignmentInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        let units = unit_ids(input.unit_ids.iter().flatten())?;
        run(
            context,
            MoveAssignment {
                period,
                from: id("fromAppraiserId", &input.from_appraiser_id)?,
                to: id("toAppraiserId", &input.to_appraiser_id)?,
                units,
                reason: reason(&input.reason)?,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// Closes, with a reason, the appraisal of an appraiser who did not
    /// submit by the end of round 2: it counts as sent with the scores it
    /// has (a leaf never appraised keeps the unit's own score), so the
    /// results need not wait for it.
    async fn close_appraisal(
        &self,
        context: &Context<'_>,
        input: CloseAppraisalInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        run(
            context,
            CloseAppraisal {
                period,
                appraiser: id("appraiserId", &input.appraiser_id)?,
                reason: reason(&input.reason)?,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// Assigns an appraiser units and criteria of their department.
    async fn assign_appraiser(
        &self,
        context: &Context<'_>,
        input: AssignAppraiserInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        let appraiser = id("appraiserId", &input.appraiser_id)?;
        let units = unit_ids(&input.unit_ids)?;
        let criteria = criterion_codes(&input.criteria)?;
        run(
            context,
            AssignAppraiser {
                period,
                appraiser,
                units,
                criteria,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }

    /// Exempts from appraisal, with a reason, the (unit, leaf) pairs nobody
    /// appraises among `unitIds` (every unit when left out) × `criteria`
    /// (groups stand for their leaves; every leaf when left out): round 1
    /// opens once no pair is left without an appraiser or an exemption
    /// (`Period.appraisalCoverage`); an exempted leaf keeps the unit's own
    /// score, flagged as not appraised.
    async fn exempt_from_appraisal(
        &self,
        context: &Context<'_>,
        input: ExemptFromAppraisalInput,
    ) -> async_graphql::Result<PeriodPayload> {
        let period = id("periodId", &input.period_id)?;
        let units = unit_ids(input.unit_ids.iter().flatten())?;
        let criteria = criterion_codes(input.criteria.iter().flatten())?;
        run(
            context,
            ExemptFromAppraisal {
                period,
                units,
                criteria,
                reason: reason(&input.reason)?,
            },
        )
        .await?;
        Ok(PeriodPayload(period))
    }
}
