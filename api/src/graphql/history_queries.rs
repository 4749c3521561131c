//! The history for auditors: the raw event stream to replay, and rankings
//! as they stood at a position or a time.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::{Database, LogPosition};
use chamdiem_domain::ids::PeriodId;
use chamdiem_projections::as_of::{AsOf, ranking_as_of, scorecard_as_of};
use chamdiem_projections::queries::leaf_history;
use chrono::{DateTime, Utc};

use super::caller::{Caller, graphql_error};
use super::command_runner::invalid;
use super::decimal::Decimal;
use super::enums::ClassificationGql;
use super::history_page_read::HistoryPageRead;
use super::log_position::Position;
use super::mutations::id;
use super::paging::{CursorList, connection, page_size};
use super::result_figures::{FieldIndex, FinalLeaf};
use chamdiem_domain::results::UnitResult;

/// One event as stored.
#[derive(SimpleObject)]
pub struct StoredEvent {
    /// Its log position.
    pub position: Position,
    /// When it was recorded (UTC).
    pub recorded_at: DateTime<Utc>,
    /// The aggregate type.
    pub aggregate_type: String,
    /// The aggregate id.
    pub aggregate_id: String,
    /// Its sequence within the aggregate.
    pub sequence: i64,
    /// The stored event name.
    pub event_type: String,
    /// The stored event version.
    pub event_version: String,
    /// The payload as stored (JSON text); in events written before
    /// credentials left the history, the password hash is taken out.
    pub payload: String,
    /// The metadata as stored (JSON text).
    pub metadata: String,
}

/// The API's view of a logged event.
pub fn stored_event(e: chamdiem_commands::store::LoggedEvent) -> StoredEvent {
    StoredEvent {
        position: Position(e.position.get()),
        recorded_at: e.recorded_at,
        aggregate_type: e.aggregate_type,
        aggregate_id: e.aggregate_id,
        sequence: e.sequence,
        event_type: e.event_type,
        event_version: e.event_version,
        payload: e.payload,
        metadata: e.metadata,
    }
}

/// One unit of a ranking as it stood.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct PastRankingEntry {
    /// The block.
    pub block: String,
    /// The rank.
    pub rank: u32,
    /// The unit's id.
    pub unit_id: ID,
    /// Its total.
    pub total: Decimal,
    /// Its applicable maximum.
    pub applicable_maximum: Decimal,
    /// Its index in percent, two places as shown.
    pub index: Decimal,
    /// Component indexes per field.
    pub fields: Vec<FieldIndex>,
    /// Its classification, for task completion.
    pub classification: Option<ClassificationGql>,
    #[graphql(skip)]
    pub unit: chamdiem_domain::ids::UnitId,
}

#[async_graphql::ComplexObject]
impl PastRankingEntry {
    /// The unit (batched: one read for the whole ranking).
    async fn unit(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<super::directory_queries::UnitNode> {
        super::loaders::unit(context, self.unit).await
    }
}

/// A unit's result as it stood.
#[derive(SimpleObject)]
pub struct PastScorecard {
    /// Its total.
    pub total: Decimal,
    /// Its applicable maximum.
    pub applicable_maximum: Decimal,
    /// Its index in percent, two places as shown.
    pub index: Decimal,
    /// Component indexes per field.
    pub fields: Vec<FieldIndex>,
    /// Every leaf's final score and where it came from.
    pub leaves: Vec<FinalLeaf>,
}

/// The index of a result as shown: two places.
fn shown_index(result: &UnitResult) -> async_graphql::Result<Decimal> {
    result.index.rounded().map(Decimal).map_err(|_| {
        graphql_error(CommandError::Internal(format!(
            "the index of unit {} overflows",
            result.unit.code
        )))
    })
}

fn as_of(position: Option<Position>, time: Option<DateTime<Utc>>) -> async_graphql::Result<AsOf> {
    match (position, time) {
        (Some(Position(position)), None) => Ok(AsOf::Position(LogPosition::new(position))),
        (None, Some(time)) => Ok(AsOf::Time(time)),
        _ => Err(invalid(
            "position",
            "cho đúng một trong hai: position hoặc time",
        )),
    }
}

/// History queries (auditors, managers, administrators).
#[derive(Default)]
pub struct HistoryQuery;

#[Object]
impl HistoryQuery {
    /// The global log from a position on, in commit order, for replay
    /// (cursor: the position).
    #[graphql(complexity = "super::paging::page_complexity(first, 500, 5_000, child_complexity)")]
    async fn events(
        &self,
        context: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, StoredEvent>> {
        let caller = Caller::of(context).authorized(&Action::Audit)?;
        let first = page_size(first, 500, 5_000)?;
        let after = CursorList::Events.position_after(after.as_deref())?;
        let read = HistoryPageRead::begin(context, caller.account_id).await?;
        let events = context
            .data::<Database>()?
            .read_from(LogPosition::new(after).next(), first + 1)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        read.spend(
            events
                .iter()
                .map(|e| e.payload.len() + e.metadata.len() + e.aggregate_id.len() + 128)
                .sum(),
        )?;
        Ok(connection(
            CursorList::Events,
            events,
            first,
            after > 0,
            |e| e.position.to_string(),
            stored_event,
        ))
    }

    /// Every event about one leaf of one unit in a period: its scores, marks,
    /// explanations, evidence, the appraisers' rounds, the unit's answers.
    async fn leaf_history(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
    ) -> async_graphql::Result<Vec<super::read_queries::AuditEntry>> {
        Caller::of(context).authorized(&Action::Audit)?;
        let period: PeriodId = id("periodId", &period_id)?;
        let unit: chamdiem_domain::ids::UnitId = id("unitId", &unit_id)?;
        let rows = leaf_history(
            context.data::<Database>()?,
            period,
            &unit.to_string(),
            leaf_code.trim(),
        )
        .await
        .map_err(|e| graphql_error(e.into()))?;
        Ok(rows
            .into_iter()
            .map(super::read_queries::audit_entry)
            .collect())
    }

    /// A unit's result as it stood at a log position or a time (one of the
    /// two), computed from the log: total, applicable maximum, index, and
    /// every field's component index and every leaf's final score with its source.
    async fn scorecard_as_of(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        position: Option<Position>,
        time: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<Option<PastScorecard>> {
        Caller::of(context).authorized(&Action::Audit)?;
        let period: PeriodId = id("periodId", &period_id)?;
        let unit: chamdiem_domain::ids::UnitId = id("unitId", &unit_id)?;
        let at = as_of(position, time)?;
        let found = scorecard_as_of(context.data::<Database>()?, period, unit, at)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        let Some((result, _)) = found else {
            return Ok(None);
        };
        Ok(Some(PastScorecard {
            total: result.total.into(),
            applicable_maximum: result.applicable_maximum.into(),
            index: shown_index(&result)?,
            fields: FieldIndex::all(&result.fields)?,
            leaves: result.leaves.iter().map(Into::into).collect(),
        }))
    }

    /// A period's ranking as it stood at a log position or a time (one of
    /// the two), computed from the log.
    async fn ranking_as_of(
        &self,
        context: &Context<'_>,
        period_id: ID,
        position: Option<Position>,
        time: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<Vec<PastRankingEntry>> {
        Caller::of(context).authorized(&Action::Audit)?;
        let period: PeriodId = id("periodId", &period_id)?;
        let at = as_of(position, time)?;
        let results = ranking_as_of(context.data::<Database>()?, period, at)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        let Some(results) = results else {
            return Ok(Vec::new());
        };
        results
            .iter()
            .map(|ranked| {
                let result = &ranked.result;
                Ok(PastRankingEntry {
                    block: result.unit.block.as_str().to_owned(),
                    rank: ranked.rank,
                    unit_id: ID(result.unit.unit_id.to_string()),
                    unit: result.unit.unit_id,
                    total: result.total.into(),
                    applicable_maximum: result.applicable_maximum.into(),
                    index: shown_index(result)?,
                    fields: FieldIndex::all(&result.fields)?,
                    classification: result.classification.map(Into::into),
                })
            })
            .collect()
    }
}
