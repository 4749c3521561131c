//! Scoring periods and sub-account requests: what administrators pick from.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_projections::queries::{periods, sub_account_requests};

use super::caller::Caller;
use super::paging::{connection, page_size};
use super::read_queries::read_error;

/// A scoring period.
#[derive(SimpleObject)]
pub struct PeriodNode {
    /// Its id.
    pub id: ID,
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// Its criteria set.
    pub criteria_set_id: ID,
    /// open, aggregated, finalized or published.
    pub status: String,
    /// Its current deadlines, as JSON.
    pub deadlines: String,
}

/// A subordinate unit's request for accounts.
#[derive(SimpleObject)]
pub struct SubAccountRequestNode {
    /// Its id.
    pub id: ID,
    /// The subordinate unit.
    pub unit_id: ID,
    /// The account that asked.
    pub requested_by: ID,
    /// The accounts asked for, as JSON.
    pub accounts: String,
    /// pending, approved or rejected.
    pub status: String,
    /// Why it was rejected.
    pub reason: Option<String>,
}

/// Period and request queries.
#[derive(Default)]
pub struct PeriodQuery;

#[Object]
impl PeriodQuery {
    /// Every period, newest year first.
    async fn periods(&self, context: &Context<'_>) -> async_graphql::Result<Vec<PeriodNode>> {
        Caller::of(context).authorized(&Action::ReadResults)?;
        let rows = periods(context.data::<Database>()?)
            .await
            .map_err(read_error)?;
        Ok(rows
            .into_iter()
            .map(|r| PeriodNode {
                id: ID(r.period_id),
                name: r.name,
                year: r.year,
                criteria_set_id: ID(r.criteria_set_id),
                status: r.status,
                deadlines: r.deadlines,
            })
            .collect())
    }

    /// Sub-account requests in id order, a page at a time, optionally only
    /// those with a status (`pending`, `approved`, `rejected`); for those
    /// who decide them (cursor: the id).
    #[graphql(complexity = "super::paging::page_complexity(first, 100, 1_000, child_complexity)")]
    async fn sub_account_requests(
        &self,
        context: &Context<'_>,
        status: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, SubAccountRequestNode>> {
        Caller::of(context).authorized(&Action::DecideSubAccountRequest)?;
        let first = page_size(first, 100, 1_000)?;
        let rows = sub_account_requests(
            context.data::<Database>()?,
            status.as_deref(),
            after.as_deref(),
            first + 1,
        )
        .await
        .map_err(read_error)?;
        Ok(connection(
            rows,
            first,
            after.is_some(),
            |r| r.request_id.clone(),
            |r| SubAccountRequestNode {
                id: ID(r.request_id),
                unit_id: ID(r.unit_id),
                requested_by: ID(r.requested_by),
                accounts: r.accounts,
                status: r.status,
                reason: r.reason,
            },
        ))
    }
}
