//! Scoring periods and sub-account requests: what administrators pick from.

use async_graphql::connection::Connection;
use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use chamdiem_commands::gate::Gate;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::{DeadlineKind, Deadlines, PeriodStatus};
use chamdiem_domain::sub_account_request::RequestedAccount;
use chamdiem_projections::queries::period_state;
use chamdiem_projections::queries::{
    PeriodRow, SubAccountRequestRow, periods, sub_account_requests,
};
use chamdiem_projections::unit_access::authorize_reading_units;
use chrono::NaiveDate;

use super::caller::{Caller, graphql_error};
use super::deadline::{Deadline, deadlines};
use super::directory_queries::UnitNode;
use super::enums::{DeadlineKindGql, PeriodStatusGql, PermissionGql, RequestStatusGql};
use super::paging::{CursorList, connection, page_size};
use super::read_queries::read_error;

/// A scoring period.
#[derive(SimpleObject, Clone)]
#[graphql(name = "Period", complex)]
pub struct PeriodNode {
    /// Its id.
    pub id: ID,
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// Its criteria set.
    pub criteria_set_id: ID,
    /// Where its results stand.
    pub status: PeriodStatusGql,
    #[graphql(skip)]
    pub current_deadlines: Deadlines,
}

/// A deadline extended for one unit alone.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct UnitExtension {
    /// The unit.
    pub unit_id: ID,
    /// Which deadline.
    pub kind: DeadlineKindGql,
    /// The unit's date.
    pub date: NaiveDate,
}

#[ComplexObject]
impl UnitExtension {
    /// The unit (batched).
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<UnitNode> {
        let unit: UnitId = super::mutations::id("unitId", &self.unit_id)?;
        super::loaders::unit(context, unit).await
    }
}

/// One appraiser's assignment in a period.
#[derive(SimpleObject)]
pub struct AppraiserAssignment {
    /// The appraiser's account.
    pub appraiser_id: ID,
    /// Their department.
    pub department: Option<String>,
    /// The units they appraise.
    pub unit_ids: Vec<ID>,
    /// Every leaf they appraise for some unit (which for which: `units`).
    pub leaf_codes: Vec<String>,
    /// Each unit with the leaves they appraise for it.
    pub units: Vec<AssignedUnit>,
}

/// A unit of an appraiser's assignment, with its leaves.
#[derive(SimpleObject)]
pub struct AssignedUnit {
    /// The unit.
    pub unit_id: ID,
    /// The leaves appraised for it.
    pub leaf_codes: Vec<String>,
}

#[ComplexObject]
impl PeriodNode {
    /// Its criteria set, with its tree under `criteria`.
    async fn criteria_set(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<super::criteria_queries::CriteriaSetNode> {
        let id: chamdiem_domain::ids::CriteriaSetId =
            super::mutations::id("criteriaSetId", &self.criteria_set_id)?;
        chamdiem_projections::queries::criteria_set(context.data::<Database>()?, id)
            .await
            .map_err(read_error)?
            .map(Into::into)
            .ok_or_else(|| {
                super::caller::graphql_error(
                    chamdiem_commands::command_error::CommandError::Internal(format!(
                        "the period's criteria set {id} is missing from rm_criteria_sets"
                    )),
                )
            })
    }

    /// Who appraises what: each appraiser's department, units and leaves,
    /// as far as the caller may read them (administrators, managers and
    /// auditors every appraiser's, an appraiser their own), in one read.
    async fn assignments(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Vec<AppraiserAssignment>> {
        let period: chamdiem_domain::ids::PeriodId = super::mutations::id("periodId", &self.id)?;
        let caller = Caller::of(context);
        let Some(state) =
            chamdiem_projections::queries::period_state(context.data::<Database>()?, period)
                .await
                .map_err(read_error)?
        else {
            return Ok(Vec::new());
        };
        Ok(state
            .assignments()
            .filter(|(appraiser, _)| {
                caller
                    .authorized(&Action::ReadWorksheet {
                        appraiser: **appraiser,
                    })
                    .is_ok()
            })
            .map(|(appraiser, assignment)| AppraiserAssignment {
                appraiser_id: ID(appraiser.to_string()),
                department: assignment
                    .department
                    .as_ref()
                    .map(|d| d.as_str().to_owned()),
                unit_ids: assignment.units().map(|u| ID(u.to_string())).collect(),
                leaf_codes: assignment
                    .leaves()
                    .into_iter()
                    .map(ToString::to_string)
                    .collect(),
                units: assignment
                    .units()
                    .map(|unit| AssignedUnit {
                        unit_id: ID(unit.to_string()),
                        leaf_codes: assignment
                            .leaves_of(unit)
                            .map(ToString::to_string)
                            .collect(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// What follows its provisional results: complaints, reopened leaves,
    /// every version of the results, the appraisal council's agreement and
    /// the People's Committee's decision.
    async fn corrections(
        &self,
    ) -> async_graphql::Result<super::correction_queries::PeriodCorrections> {
        Ok(super::correction_queries::PeriodCorrections {
            period: super::mutations::id("periodId", &self.id)?,
        })
    }

    /// The first day of the self-assessment, when it does not open with
    /// the period.
    async fn self_assessment_opens(&self) -> Option<NaiveDate> {
        self.current_deadlines.self_assessment_opens
    }

    /// Whether every (unit, leaf) has an appraiser or an exemption (round 1
    /// opens only then): what is missing and what was exempted, for
    /// administrators, managers and auditors.
    async fn appraisal_coverage(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<super::appraisal_coverage::AppraisalCoverage> {
        Caller::of(context).authorized(&Action::Audit)?;
        let period: PeriodId = super::mutations::id("periodId", &self.id)?;
        super::appraisal_coverage::AppraisalCoverage::of(context, period).await
    }

    /// Its current deadlines (as extended), in the order of the year.
    async fn deadlines(&self, context: &Context<'_>) -> async_graphql::Result<Vec<Deadline>> {
        Ok(deadlines(
            &self.current_deadlines,
            context.data::<Gate>()?.now(),
        ))
    }

    /// One unit's deadlines: the period's, with those extended for that
    /// unit alone; for whoever may read the unit.
    async fn deadlines_for(
        &self,
        context: &Context<'_>,
        unit_id: ID,
    ) -> async_graphql::Result<Vec<Deadline>> {
        let period: PeriodId = super::mutations::id("periodId", &self.id)?;
        let unit: UnitId = super::mutations::id("unitId", &unit_id)?;
        let database = context.data::<Database>()?;
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        authorize_reading_units(database, caller, period, &[unit])
            .await
            .map_err(graphql_error)?;
        let own = period_state(database, period)
            .await
            .map_err(read_error)?
            .and_then(|state| state.deadlines_for(unit))
            .unwrap_or(self.current_deadlines);
        Ok(deadlines(&own, context.data::<Gate>()?.now()))
    }

    /// The deadlines extended for one unit alone, unit by unit: for
    /// administrators, managers and auditors (each unit reads its own
    /// through `deadlinesFor`).
    async fn unit_extensions(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Vec<UnitExtension>> {
        Caller::of(context).authorized(&Action::Audit)?;
        let period: PeriodId = super::mutations::id("periodId", &self.id)?;
        let Some(state) = period_state(context.data::<Database>()?, period)
            .await
            .map_err(read_error)?
        else {
            return Ok(Vec::new());
        };
        let mut extensions = Vec::new();
        for (unit, own) in state.unit_deadlines() {
            for kind in [DeadlineKind::SelfAssessment, DeadlineKind::Explanation] {
                if own.get(kind) != self.current_deadlines.get(kind) {
                    extensions.push(UnitExtension {
                        unit_id: ID(unit.to_string()),
                        kind: kind.into(),
                        date: own.get(kind),
                    });
                }
            }
        }
        Ok(extensions)
    }
}

impl From<PeriodRow> for PeriodNode {
    fn from(period: PeriodRow) -> Self {
        Self {
            id: ID(period.period_id.to_string()),
            name: period.name,
            year: period.year,
            criteria_set_id: ID(period.criteria_set_id.to_string()),
            status: period.status.into(),
            current_deadlines: period.deadlines,
        }
    }
}

/// An account asked for.
#[derive(SimpleObject, Clone)]
#[graphql(name = "RequestedAccount")]
pub struct RequestedAccountNode {
    /// Sign-in name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Permissions.
    pub permissions: Vec<PermissionGql>,
}

impl From<&RequestedAccount> for RequestedAccountNode {
    fn from(account: &RequestedAccount) -> Self {
        Self {
            username: account.username.to_string(),
            display_name: account.display_name.to_string(),
            permissions: account.permissions.iter().map(|p| (*p).into()).collect(),
        }
    }
}

/// A subordinate unit's request for accounts.
#[derive(SimpleObject, Clone)]
#[graphql(name = "SubAccountRequest")]
pub struct SubAccountRequestNode {
    /// Its id.
    pub id: ID,
    /// The subordinate unit.
    pub unit_id: ID,
    /// The account that asked.
    pub requested_by: ID,
    /// The accounts asked for.
    pub accounts: Vec<RequestedAccountNode>,
    /// Where it stands.
    pub status: RequestStatusGql,
    /// Why it was rejected.
    pub reason: Option<String>,
}

impl From<SubAccountRequestRow> for SubAccountRequestNode {
    fn from(request: SubAccountRequestRow) -> Self {
        Self {
            id: ID(request.request_id.to_string()),
            unit_id: ID(request.unit_id.to_string()),
            requested_by: ID(request.requested_by.to_string()),
            accounts: request.accounts.iter().map(Into::into).collect(),
            status: request.status.into(),
            reason: request.reason,
        }
    }
}

/// Period and request queries.
#[derive(Default)]
pub struct PeriodQuery;

#[Object]
impl PeriodQuery {
    /// Every period, newest year first. Without signing in, where the
    /// server is started with `--public-results`: the published ones only.
    async fn periods(&self, context: &Context<'_>) -> async_graphql::Result<Vec<PeriodNode>> {
        let caller = Caller::of(context);
        caller.results_view(context)?;
        let rows = periods(context.data::<Database>()?)
            .await
            .map_err(read_error)?;
        // Without signing in (where allowed), only periods whose results
        // are published.
        let published_only = caller.is_anonymous();
        Ok(rows
            .into_iter()
            .filter(|row| !published_only || row.status == PeriodStatus::Published)
            .map(Into::into)
            .collect())
    }

    /// Sub-account requests in id order, a page at a time, optionally only
    /// those with a status; for those who decide them.
    #[graphql(complexity = "super::paging::page_complexity(first, 100, 1_000, child_complexity)")]
    async fn sub_account_requests(
        &self,
        context: &Context<'_>,
        status: Option<RequestStatusGql>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, SubAccountRequestNode>> {
        Caller::of(context).authorized(&Action::DecideSubAccountRequest)?;
        let first = page_size(first, 100, 1_000)?;
        let after = CursorList::SubAccountRequests.key_after(after.as_deref())?;
        let rows = sub_account_requests(
            context.data::<Database>()?,
            status.map(Into::into),
            after.as_deref(),
            first + 1,
        )
        .await
        .map_err(read_error)?;
        Ok(connection(
            CursorList::SubAccountRequests,
            rows,
            first,
            after.is_some(),
            |r| r.request_id.to_string(),
            SubAccountRequestNode::from,
        ))
    }
}
