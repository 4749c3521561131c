//! Queries of the read models, each authorized by the policy first.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::{Database, canonical_time};
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::self_assessment::Scorecard;
use chamdiem_projections::queries::{AuditFilter, RankingRow, audit_trail, current_ranking};
use chamdiem_projections::{ProjectionTx, SqlValue};
use chrono::{DateTime, Utc};

use super::caller::{Caller, graphql_error};
use super::command_runner::invalid;
use super::decimal::Decimal;
use super::directory_queries::UnitNode;
use super::enums::{ClassificationGql, PermissionGql, RankingStateGql, RoleGql};
use super::history_page_read::HistoryPageRead;
use super::log_position::Position;
use super::mutations::id;
use super::paging::{CursorList, connection, page_size};
use super::result_figures::FieldIndex;
use chamdiem_projections::results_visibility::visible_ranking;

pub fn read_error(error: chamdiem_projections::ProjectionError) -> async_graphql::Error {
    graphql_error(error.into())
}

/// The signed-in account.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Me {
    /// Its id.
    pub account_id: ID,
    /// Its username.
    pub username: String,
    /// Its role.
    pub role: RoleGql,
    /// Its unit.
    pub unit_id: Option<ID>,
    /// Its department.
    pub department: Option<String>,
    /// Its permissions.
    pub permissions: Vec<PermissionGql>,
    /// Whether it must change its password first.
    pub must_change_password: bool,
}

#[async_graphql::ComplexObject]
impl Me {
    /// Its display name.
    async fn display_name(&self, context: &Context<'_>) -> async_graphql::Result<String> {
        let id = super::mutations::id("accountId", &self.account_id)?;
        chamdiem_projections::queries::account(context.data::<Database>()?, id)
            .await
            .map_err(read_error)?
            .map(|account| account.display_name)
            .ok_or_else(|| {
                graphql_error(chamdiem_commands::command_error::CommandError::Internal(
                    format!("the signed-in account {id} is missing from rm_accounts"),
                ))
            })
    }

    /// Its unit, if it has one.
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<Option<UnitNode>> {
        match &self.unit_id {
            Some(unit) => {
                let unit = super::mutations::id("unitId", unit)?;
                super::loaders::unit(context, unit).await.map(Some)
            }
            None => Ok(None),
        }
    }
}

/// One row of a ranking.
#[derive(SimpleObject, Clone, PartialEq)]
#[graphql(complex)]
pub struct RankingEntry {
    /// The block.
    pub block: String,
    /// The rank in the block (equal indexes share a rank).
    pub rank: u32,
    /// The unit's id.
    pub unit_id: ID,
    /// Its total (may be negative).
    pub total: Decimal,
    /// Its applicable maximum.
    pub applicable_maximum: Decimal,
    /// Its index in percent, two places as shown.
    pub index: Decimal,
    /// Component indexes per field.
    pub fields: Vec<FieldIndex>,
    /// Its classification, for task completion.
    pub classification: Option<ClassificationGql>,
    /// Where the ranking stands.
    pub state: RankingStateGql,
    #[graphql(skip)]
    pub unit: UnitId,
}

#[async_graphql::ComplexObject]
impl RankingEntry {
    /// The unit (batched: one read for the whole ranking).
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<UnitNode> {
        super::loaders::unit(context, self.unit).await
    }
}

/// The API's view of ranking rows.
pub fn ranking_entries(rows: Vec<RankingRow>) -> async_graphql::Result<Vec<RankingEntry>> {
    rows.into_iter()
        .map(|r| {
            Ok(RankingEntry {
                block: r.block.as_str().to_owned(),
                rank: r.rank,
                unit_id: ID(r.unit_id.to_string()),
                unit: r.unit_id,
                total: r.total.into(),
                applicable_maximum: r.applicable_maximum.into(),
                index: r.index.into(),
                fields: FieldIndex::all(&r.fields)?,
                classification: r.classification.map(Into::into),
                state: r.state.into(),
            })
        })
        .collect()
}

/// One event of the audit trail.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AuditEntry {
    /// Its log position.
    pub position: Position,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The account that acted, by id; `operator` for the command line and
    /// `process_manager` for the process managers.
    pub actor: Option<ID>,
    /// Their role.
    pub role: Option<RoleGql>,
    /// Their unit.
    pub unit_id: Option<ID>,
    /// The aggregate type.
    pub aggregate_type: String,
    /// The aggregate id.
    pub aggregate_id: String,
    /// The event type.
    pub event_type: String,
    /// What happened, in Vietnamese.
    pub summary: String,
    /// The stored payload (JSON), any password hash taken out.
    pub payload: String,
}

#[async_graphql::ComplexObject]
impl AuditEntry {
    /// Who acted, as a reader names them: the account's display name, "Người
    /// vận hành" for the command line, "Hệ thống" for the process managers.
    async fn actor_name(&self, context: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(actor) = &self.actor else {
            return Ok(None);
        };
        match actor.as_str() {
            "operator" => return Ok(Some("Người vận hành".to_owned())),
            "process_manager" => return Ok(Some("Hệ thống".to_owned())),
            _ => {}
        }
        let account = actor.parse().map_err(|_| {
            graphql_error(CommandError::Internal(format!(
                "rm_audit_trail.actor {actor:?} at {} names no account",
                self.position.0
            )))
        })?;
        super::loaders::account_name(context, account).await
    }
}

/// The API's view of an audit row.
pub fn audit_entry(r: chamdiem_projections::queries::AuditRow) -> AuditEntry {
    AuditEntry {
        position: Position(r.position),
        recorded_at: r.recorded_at,
        actor: r.actor.map(ID),
        role: r.role.map(Into::into),
        unit_id: r.unit_id.map(ID),
        aggregate_type: r.aggregate_type,
        aggregate_id: r.aggregate_id,
        event_type: r.event_type,
        summary: r.summary,
        payload: r.payload,
    }
}

/// Filters of the audit trail.
#[derive(InputObject, Default)]
pub struct AuditFilterInput {
    /// Only events by this account.
    pub actor: Option<ID>,
    /// Only events by accounts of this unit.
    pub unit_id: Option<ID>,
    /// Only this event type.
    pub event_type: Option<String>,
    /// Only events of this aggregate.
    pub aggregate_id: Option<String>,
    /// Only events recorded at or after this moment.
    pub since: Option<DateTime<Utc>>,
    /// Only events recorded before this moment.
    pub until: Option<DateTime<Utc>>,
}

/// The largest page of the audit trail.
const MAX_PAGE: u32 = 500;

/// Read-model queries.
#[derive(Default)]
pub struct ReadQuery;

#[Object]
impl ReadQuery {
    /// The signed-in account.
    async fn me(&self, context: &Context<'_>) -> async_graphql::Result<Me> {
        let me = Caller::of(context).authorized(&Action::ChangeOwnPassword)?;
        Ok(Me {
            account_id: ID(me.account_id.to_string()),
            username: me.username.to_string(),
            role: me.role.into(),
            unit_id: me.unit.map(|u| ID(u.to_string())),
            department: me.department.as_ref().map(ToString::to_string),
            permissions: me.permissions.iter().map(|p| (*p).into()).collect(),
            must_change_password: me.must_change_password,
        })
    }

    /// The content hash of a unit's self-assessment report as it stands: what
    /// its leader approves.
    async fn report_content_hash(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
    ) -> async_graphql::Result<String> {
        let period: PeriodId = id("periodId", &period_id)?;
        let unit: UnitId = id("unitId", &unit_id)?;
        Caller::of(context).authorized(&Action::ReadUnit {
            unit,
            appraises_it: false,
        })?;
        let database = context.data::<Database>()?;
        let mut tx = ProjectionTx::begin_read(database)
            .await
            .map_err(|e| read_error(e.into()))?;
        let state = tx
            .text(
                "SELECT scorecard_state FROM rm_scorecards WHERE period_id = $1 AND unit_id = $2",
                &[
                    SqlValue::from(period.to_string()),
                    SqlValue::from(unit.to_string()),
                ],
            )
            .await
            .map_err(|e| read_error(e.into()))?;
        tx.commit().await.map_err(|e| read_error(e.into()))?;
        let card: Scorecard = match state {
            Some(json) => serde_json::from_str(&json).map_err(|e| invalid("scorecard", e))?,
            None => Scorecard::default(),
        };
        Ok(card.content_hash(period, unit))
    }

    /// A period's ranking, block by block (or one `block`: `department`,
    /// `district`… or a period's own block name), best first: the
    /// aggregated results once they exist, before that the live ranking of
    /// the scores so far. Without signing in, where the server is started
    /// with `--public-results`: the published rows only.
    async fn ranking(
        &self,
        context: &Context<'_>,
        period_id: ID,
        block: Option<String>,
    ) -> async_graphql::Result<Vec<RankingEntry>> {
        let period: PeriodId = id("periodId", &period_id)?;
        let view = Caller::of(context).results_view(context)?;
        let rows = current_ranking(context.data::<Database>()?, period, block.as_deref())
            .await
            .map_err(read_error)?;
        ranking_entries(visible_ranking(view, rows))
    }

    /// The audit trail, oldest first, a page at a time (cursor: the log position).
    #[graphql(
        complexity = "super::paging::page_complexity(first, 100, MAX_PAGE, child_complexity)"
    )]
    async fn audit_trail(
        &self,
        context: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<AuditFilterInput>,
    ) -> async_graphql::Result<Connection<String, AuditEntry>> {
        let caller = Caller::of(context).authorized(&Action::Audit)?;
        let first = page_size(first, 100, MAX_PAGE)?;
        let after = CursorList::AuditTrail.position_after(after.as_deref())?;
        let filter = filter.unwrap_or_default();
        let filter = AuditFilter {
            actor: filter.actor.map(|a| a.0),
            unit_id: filter.unit_id.map(|u| u.0),
            event_type: filter.event_type,
            aggregate_id: filter.aggregate_id,
            // As the trail keeps them (UTC, microseconds), whatever offset
            // the client wrote: compared as text, they order as times.
            since: filter.since.map(canonical_time),
            until: filter.until.map(canonical_time),
        };
        let read = HistoryPageRead::begin(context, caller.account_id).await?;
        let rows = audit_trail(context.data::<Database>()?, after, first + 1, &filter)
            .await
            .map_err(read_error)?;
        read.spend(
            rows.iter()
                .map(|r| r.payload.len() + r.summary.len() + r.aggregate_id.len() + 256)
                .sum(),
        )?;
        Ok(connection(
            CursorList::AuditTrail,
            rows,
            first,
            after > 0,
            |r| r.position.to_string(),
            audit_entry,
        ))
    }
}
