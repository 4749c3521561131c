//! A period's ranking: the aggregated results once they exist, before that
//! the live ranking of the scores so far.

use std::collections::{BTreeSet, HashMap};

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::RankingBlock;
use chamdiem_domain::results::FieldResult;
use chamdiem_domain::scoring::{Classification, Index, Points, rank};
use chamdiem_domain::unit::UnitCode;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::period_state;
use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx};

/// Where a ranking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RankingState {
    /// Before aggregation: the scores so far, changing as they are entered.
    #[serde(rename = "live")]
    Live,
    /// Aggregated, not yet finalized.
    #[serde(rename = "provisional")]
    Provisional,
    /// Finalized by a manager.
    #[serde(rename = "final")]
    Final,
    /// Published: public.
    #[serde(rename = "published")]
    Published,
}

/// One row of a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankingRow {
    /// The block.
    pub block: RankingBlock,
    /// The rank in the block.
    pub rank: u32,
    /// The unit's id.
    pub unit_id: UnitId,
    /// The unit's code.
    pub unit_code: UnitCode,
    /// Its total (may be negative).
    pub total: Decimal,
    /// Its applicable maximum.
    pub applicable_maximum: Points,
    /// Its index as shown, two places.
    pub index: Decimal,
    /// Component indexes per field.
    pub fields: Vec<FieldResult>,
    /// Its classification, for task completion.
    pub classification: Option<Classification>,
    /// Where it stands.
    pub state: RankingState,
}

/// A row of `rm_rankings`, by column name.
#[derive(sqlx::FromRow)]
struct RankingRecord {
    block: String,
    rank: i64,
    unit_id: String,
    unit_code: String,
    total: String,
    applicable_maximum: String,
    index_value: String,
    fields: String,
    classification: Option<String>,
    state: String,
}

impl RankingRecord {
    fn read(self) -> Result<RankingRow, ProjectionError> {
        let at = RowAt::new("rm_rankings", &self.unit_id);
        Ok(RankingRow {
            block: at.named("block", &self.block)?,
            rank: at.count("rank", self.rank)?,
            unit_id: at.parsed("unit_id", &self.unit_id, str::parse)?,
            unit_code: at.parsed("unit_code", &self.unit_code, UnitCode::parse)?,
            total: at.parsed("total", &self.total, str::parse::<Decimal>)?,
            applicable_maximum: at.parsed(
                "applicable_maximum",
                &self.applicable_maximum,
                Points::parse,
            )?,
            index: at.parsed("index_value", &self.index_value, str::parse::<Decimal>)?,
            fields: at.json("fields", &self.fields)?,
            classification: match &self.classification {
                Some(text) => Some(at.known("classification", text, Classification::parse)?),
                None => None,
            },
            state: at.named("state", &self.state)?,
        })
    }
}

/// A period's aggregated ranking, block by block (or of one `block`), best first.
pub async fn ranking(
    database: &Database,
    period: PeriodId,
    block: Option<&str>,
) -> Result<Vec<RankingRow>, ProjectionError> {
    let records: Vec<RankingRecord> = ProjectionTx::read_records(
        database,
        "SELECT block, rank, unit_id, unit_code, total, applicable_maximum, index_value, fields, classification, state
         FROM rm_rankings WHERE period_id = $1 AND ($2 IS NULL OR block = $2)
         ORDER BY rm_rankings.block, rm_rankings.rank, rm_rankings.unit_code",
        &[period.to_string().into(), block.into()],
    )
    .await?;
    records.into_iter().map(RankingRecord::read).collect()
}

/// The totals of a unit's scorecard, as far as the live ranking needs them.
#[derive(sqlx::FromRow)]
struct LiveRecord {
    unit_id: String,
    total: String,
    applicable_maximum: String,
    index_value: String,
    fields: String,
}

/// A unit's live standing before it is ranked.
struct Standing {
    total: Decimal,
    applicable_maximum: Points,
    index: Decimal,
    fields: Vec<FieldResult>,
}

impl Standing {
    /// A unit in scope that has entered nothing yet.
    fn nothing() -> Self {
        Self {
            total: Decimal::ZERO,
            applicable_maximum: Points::ZERO,
            // As an index is shown: two places.
            index: Decimal::new(0, 2),
            fields: Vec::new(),
        }
    }

    fn read(record: &LiveRecord) -> Result<Self, ProjectionError> {
        let at = RowAt::new("rm_scorecards", &record.unit_id);
        Ok(Self {
            total: at.parsed("total", &record.total, str::parse::<Decimal>)?,
            applicable_maximum: at.parsed(
                "applicable_maximum",
                &record.applicable_maximum,
                Points::parse,
            )?,
            index: at.parsed("index_value", &record.index_value, str::parse::<Decimal>)?,
            fields: at.json("fields", &record.fields)?,
        })
    }
}

/// The live ranking of a period before its results are aggregated: every
/// unit in scope ranked within its block on its current scorecard (self
/// scores, and appraised scores where there are some), compared exactly.
pub async fn live_ranking(
    database: &Database,
    period: PeriodId,
) -> Result<Vec<RankingRow>, ProjectionError> {
    let Some(state) = period_state(database, period).await? else {
        return Ok(Vec::new());
    };
    let records: Vec<LiveRecord> = ProjectionTx::read_records(
        database,
        "SELECT unit_id, total, applicable_maximum, index_value, fields FROM rm_scorecards WHERE period_id = $1",
        &[period.to_string().into()],
    )
    .await?;
    let nothing = Standing::nothing();
    let mut standings = HashMap::new();
    for record in &records {
        standings.insert(record.unit_id.as_str(), Standing::read(record)?);
    }
    let entries: Vec<_> = state
        .units()
        .map(|unit| {
            let standing = standings
                .get(unit.unit_id.to_string().as_str())
                .unwrap_or(&nothing);
            (unit, standing)
        })
        .collect();
    let blocks: BTreeSet<&RankingBlock> = entries.iter().map(|(unit, _)| &unit.block).collect();
    let mut ranked = Vec::new();
    for block in blocks {
        let in_block = entries.iter().filter(|(unit, _)| &unit.block == block);
        for item in rank(
            in_block.collect(),
            |(_, standing)| Index::new(standing.total, standing.applicable_maximum),
            |(unit, _)| unit.code.clone(),
        ) {
            let (unit, standing) = item.item;
            ranked.push(RankingRow {
                block: block.clone(),
                rank: item.rank,
                unit_id: unit.unit_id,
                unit_code: unit.code.clone(),
                total: standing.total,
                applicable_maximum: standing.applicable_maximum,
                index: standing.index,
                fields: standing.fields.clone(),
                classification: None,
                state: RankingState::Live,
            });
        }
    }
    Ok(ranked)
}

/// The ranking a reader sees, of every block or of one `block`: the
/// aggregated results once they exist, before that the live ranking.
/// (Aggregation ranks every unit in scope, so a block with no aggregated
/// row has no unit, live or not.)
pub async fn current_ranking(
    database: &Database,
    period: PeriodId,
    block: Option<&str>,
) -> Result<Vec<RankingRow>, ProjectionError> {
    let aggregated = ranking(database, period, block).await?;
    if !aggregated.is_empty() {
        return Ok(aggregated);
    }
    let mut live = live_ranking(database, period).await?;
    if let Some(block) = block {
        live.retain(|row| row.block.as_str() == block);
    }
    Ok(live)
}
