use async_graphql::{Context, ID, InputObject, Object};
use chamdiem_commands::gate::{CommandOutcome, CommandRequest};
use chamdiem_commands::handlers::{DraftCriteriaSetRequest, OpenPeriodRequest, UnitInScope};
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::criteria_set::IssuingDecision;
use chamdiem_domain::period::{Deadlines, RankingBlock};
use chamdiem_domain::scoring::ClassificationBands;
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitName};
use chrono::NaiveDate;

use super::id;
use crate::graphql::command_runner::{acknowledged, field, invalid, run};
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

/// The four deadlines, local dates in Vietnam.
#[derive(InputObject)]
pub struct DeadlinesInput {
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

fn reason(text: &str) -> async_graphql::Result<FreeText> {
    field("reason", FreeText::parse(text))
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
    ) -> async_graphql::Result<ID> {
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
        match run(context, CommandRequest::RegisterUnit(command)).await? {
            CommandOutcome::Unit(unit) => Ok(ID(unit.to_string())),
            _ => Err("no unit registered".into()),
        }
    }

    /// Renames a unit.
    async fn rename_unit(
        &self,
        context: &Context<'_>,
        unit_id: ID,
        name: String,
    ) -> async_graphql::Result<bool> {
        let unit = id("unitId", &unit_id)?;
        let name = field("name", UnitName::parse(&name))?;
        acknowledged(context, CommandRequest::RenameUnit { unit, name }).await
    }

    /// Deactivates a unit, with a reason.
    async fn deactivate_unit(
        &self,
        context: &Context<'_>,
        unit_id: ID,
        reason_text: String,
    ) -> async_graphql::Result<bool> {
        let unit = id("unitId", &unit_id)?;
        acknowledged(
            context,
            CommandRequest::DeactivateUnit {
                unit,
                reason: reason(&reason_text)?,
            },
        )
        .await
    }

    /// Starts a criteria set draft.
    async fn draft_criteria_set(
        &self,
        context: &Context<'_>,
        input: DraftCriteriaSetInput,
    ) -> async_graphql::Result<ID> {
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
        match run(context, CommandRequest::DraftCriteriaSet(request)).await? {
            CommandOutcome::CriteriaSet(set) => Ok(ID(set.to_string())),
            _ => Err("no set drafted".into()),
        }
    }

    /// Gives a draft its tree from the CSV layout of a decision's appendix;
    /// problems name their row and column.
    async fn import_criteria_csv(
        &self,
        context: &Context<'_>,
        criteria_set_id: ID,
        csv: String,
    ) -> async_graphql::Result<bool> {
        let set = id("criteriaSetId", &criteria_set_id)?;
        acknowledged(context, CommandRequest::ImportCriteriaCsv { set, csv }).await
    }

    /// Gives a task-completion draft the standard bands (≥ 90, ≥ 75, ≥ 50).
    async fn set_standard_classification_bands(
        &self,
        context: &Context<'_>,
        criteria_set_id: ID,
    ) -> async_graphql::Result<bool> {
        let set = id("criteriaSetId", &criteria_set_id)?;
        acknowledged(
            context,
            CommandRequest::SetClassificationBands {
                set,
                bands: ClassificationBands::standard(),
            },
        )
        .await
    }

    /// Publishes a draft: it is frozen from now on.
    async fn publish_criteria_set(
        &self,
        context: &Context<'_>,
        criteria_set_id: ID,
    ) -> async_graphql::Result<bool> {
        let set = id("criteriaSetId", &criteria_set_id)?;
        acknowledged(context, CommandRequest::PublishCriteriaSet { set }).await
    }

    /// Opens an assessment period.
    async fn open_period(
        &self,
        context: &Context<'_>,
        input: OpenPeriodInput,
    ) -> async_graphql::Result<ID> {
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
                self_assessment: d.self_assessment,
                appraisal_round_1: d.appraisal_round_1,
                explanation: d.explanation,
                appraisal_round_2: d.appraisal_round_2,
            },
        };
        match run(context, CommandRequest::OpenPeriod(request)).await? {
            CommandOutcome::Period(period) => Ok(ID(period.to_string())),
            _ => Err("no period opened".into()),
        }
    }

    /// Moves a deadline later, with a reason.
    async fn extend_deadline(
        &self,
        context: &Context<'_>,
        period_id: ID,
        kind: DeadlineKindGql,
        date: NaiveDate,
        reason_text: String,
    ) -> async_graphql::Result<bool> {
        let period = id("periodId", &period_id)?;
        acknowledged(
            context,
            CommandRequest::ExtendDeadline {
                period,
                kind: kind.into(),
                date,
                reason: reason(&reason_text)?,
            },
        )
        .await
    }

    /// Assigns an appraiser units and criteria of their department.
    async fn assign_appraiser(
        &self,
        context: &Context<'_>,
        period_id: ID,
        appraiser_id: ID,
        unit_ids: Vec<ID>,
        criteria: Vec<String>,
    ) -> async_graphql::Result<bool> {
        let period = id("periodId", &period_id)?;
        let appraiser = id("appraiserId", &appraiser_id)?;
        let units = unit_ids
            .iter()
            .map(|u| id("unitIds", u))
            .collect::<async_graphql::Result<_>>()?;
        let criteria = criteria
            .iter()
            .map(|c| field("criteria", CriterionCode::parse(c)))
            .collect::<async_graphql::Result<_>>()?;
        acknowledged(
            context,
            CommandRequest::AssignAppraiser {
                period,
                appraiser,
                units,
                criteria,
            },
        )
        .await
    }
}
