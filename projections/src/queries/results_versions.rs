//! Every version of a period's results: the first aggregation and each one
//! after corrections, with why and the corrections it took in.

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::{Correction, ResultsVersion};
use chamdiem_domain::results::PeriodResults;
use chrono::{DateTime, Utc};

use super::ranking::{RankingRow, RankingState};
use super::row_at::RowAt;
use crate::read_models::rankings::shown_index;
use crate::{ProjectionError, ProjectionTx};

/// One version of a period's results, without its ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsVersionRow {
    /// Its number.
    pub version: ResultsVersion,
    /// When it was aggregated.
    pub aggregated_at: DateTime<Utc>,
    /// Why it was aggregated again (none for the first).
    pub reason: Option<String>,
    /// The reopened leaves it took in.
    pub corrections: Vec<Correction>,
}

#[derive(sqlx::FromRow)]
struct VersionRecord {
    version: i64,
    aggregated_at: String,
    reason: Option<String>,
    corrections: String,
}

#[derive(sqlx::FromRow)]
struct ContentRecord {
    results: String,
}

/// Every version of `period`'s results, oldest first.
pub async fn results_versions(
    database: &Database,
    period: PeriodId,
) -> Result<Vec<ResultsVersionRow>, ProjectionError> {
    let records: Vec<VersionRecord> = ProjectionTx::read_records(
        database,
        "SELECT version, aggregated_at, reason, corrections FROM rm_results_versions
         WHERE period_id = $1 ORDER BY version",
        &[period.to_string().into()],
    )
    .await?;
    records
        .into_iter()
        .map(|record| {
            let key = format!("{period}/{}", record.version);
            let at = RowAt::new("rm_results_versions", &key);
            Ok(ResultsVersionRow {
                version: ResultsVersion(at.count("version", record.version)?),
                aggregated_at: at.parsed("aggregated_at", &record.aggregated_at, |text| {
                    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
                })?,
                reason: record.reason,
                corrections: at.json("corrections", &record.corrections)?,
            })
        })
        .collect()
}

/// The whole results of one version, if it exists.
pub async fn results_version_content(
    database: &Database,
    period: PeriodId,
    version: ResultsVersion,
) -> Result<Option<PeriodResults>, ProjectionError> {
    let records: Vec<ContentRecord> = ProjectionTx::read_records(
        database,
        "SELECT results FROM rm_results_versions WHERE period_id = $1 AND version = $2",
        &[period.to_string().into(), i64::from(version.0).into()],
    )
    .await?;
    let key = format!("{period}/{version}");
    records
        .into_iter()
        .next()
        .map(|record| RowAt::new("rm_results_versions", &key).json("results", &record.results))
        .transpose()
}

/// A version's results as ranking rows, each in `state` (the period's:
/// every version of a published period is public).
pub fn version_rows(
    results: &PeriodResults,
    state: RankingState,
) -> Result<Vec<RankingRow>, ProjectionError> {
    results
        .blocks
        .iter()
        .flat_map(|block| block.units.iter().map(move |ranked| (block, ranked)))
        .map(|(block, ranked)| {
            let result = &ranked.result;
            Ok(RankingRow {
                block: block.block.clone(),
                rank: ranked.rank,
                unit_id: result.unit.unit_id,
                unit_code: result.unit.code.clone(),
                total: result.total.normalize(),
                applicable_maximum: result.applicable_maximum,
                index: shown_index(result)?.parse().map_err(|e| {
                    ProjectionError::corrupt(format!("the index of {}", result.unit.code), e)
                })?,
                fields: result.fields.clone(),
                classification: result.classification,
                state,
            })
        })
        .collect()
}
