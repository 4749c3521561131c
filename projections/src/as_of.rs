//! The past as it stood: a unit's result or a period's ranking at a log
//! position or a time, computed from the log itself (not from the read
//! models, which only know the present).

use std::collections::BTreeMap;

use chamdiem_commands::store::{Database, LogPosition, LoggedEvent};
use chamdiem_domain::appraisal::Worksheet;
use chamdiem_domain::criteria_set::CriteriaSet;
use chamdiem_domain::ids::{AccountId, PeriodId};
use chamdiem_domain::period::{Assignment, Period};
use chamdiem_domain::results::{
    PeriodResults, UnitResult, UnitScores, aggregate_results, unit_result,
};
use chamdiem_domain::self_assessment::Scorecard;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;

use crate::ProjectionError;
use crate::read_models::parse;

/// A moment in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// Everything up to and including this log position.
    Position(LogPosition),
    /// Everything recorded at or before this time.
    Time(DateTime<Utc>),
}

impl AsOf {
    fn includes(&self, event: &LoggedEvent) -> bool {
        match self {
            Self::Position(position) => event.position <= *position,
            Self::Time(at) => event.recorded_at <= *at,
        }
    }
}

/// A period's aggregates as they stood.
struct PeriodAt {
    period: Period,
    set: CriteriaSet,
    scorecards: BTreeMap<String, Scorecard>,
    /// By appraiser.
    worksheets: BTreeMap<AccountId, Worksheet>,
}

/// Reads the log up to `at` and rebuilds the period's aggregates.
async fn period_at(
    database: &Database,
    period_id: PeriodId,
    at: AsOf,
) -> Result<PeriodAt, ProjectionError> {
    let period_key = period_id.to_string();
    let prefix = format!("{period_id}:");
    let mut state = PeriodAt {
        period: Period::default(),
        set: CriteriaSet::default(),
        scorecards: BTreeMap::new(),
        worksheets: BTreeMap::new(),
    };
    let mut sets: BTreeMap<String, CriteriaSet> = BTreeMap::new();
    let mut from = LogPosition::START.next();
    'log: loop {
        let batch = database.read_from(from, 1_000).await?;
        let Some(last) = batch.last() else { break };
        from = last.position.next();
        for event in &batch {
            if !at.includes(event) {
                break 'log;
            }
            match event.aggregate_type.as_str() {
                Period::TYPE if event.aggregate_id == period_key => {
                    state.period.apply(parse(event)?)
                }
                CriteriaSet::TYPE => sets
                    .entry(event.aggregate_id.clone())
                    .or_default()
                    .apply(parse(event)?),
                Scorecard::TYPE if event.aggregate_id.starts_with(&prefix) => {
                    state
                        .scorecards
                        .entry(event.aggregate_id.clone())
                        .or_default()
                        .apply(parse(event)?);
                }
                Worksheet::TYPE if event.aggregate_id.starts_with(&prefix) => {
                    let appraiser: AccountId =
                        event.aggregate_id[prefix.len()..].parse().map_err(|e| {
                            ProjectionError::corrupt(
                                format!("the worksheet id {}", event.aggregate_id),
                                e,
                            )
                        })?;
                    state
                        .worksheets
                        .entry(appraiser)
                        .or_default()
                        .apply(parse(event)?);
                }
                _ => {}
            }
        }
    }
    if let Some(set) = state
        .period
        .criteria_set_id()
        .and_then(|id| sets.remove(&id.to_string()))
    {
        state.set = set;
    }
    Ok(state)
}

impl PeriodAt {
    /// Each worksheet with its appraiser's assignment as it stood.
    fn appraised(&self) -> impl Iterator<Item = (&Assignment, &Worksheet)> {
        self.worksheets.iter().filter_map(|(appraiser, worksheet)| {
            self.period
                .assignment(*appraiser)
                .map(|assignment| (assignment, worksheet))
        })
    }

    fn scores(&self) -> Option<Vec<UnitScores>> {
        let period_id = self.period.id()?;
        let tree = self.set.tree()?;
        Some(
            self.period
                .units()
                .map(|unit| {
                    let card = self
                        .scorecards
                        .get(&format!("{period_id}:{}", unit.unit_id))
                        .cloned()
                        .unwrap_or_default();
                    UnitScores::gather(unit.clone(), tree, &card, self.appraised())
                })
                .collect(),
        )
    }
}

/// The period's ranking as it stood at `at`: the aggregated results once
/// they exist, before that the provisional ranking of the scores so far.
/// `None` when the period did not exist yet.
pub async fn ranking_as_of(
    database: &Database,
    period_id: PeriodId,
    at: AsOf,
) -> Result<Option<PeriodResults>, ProjectionError> {
    let state = period_at(database, period_id, at).await?;
    if let Some(results) = state.period.results() {
        return Ok(Some(results.clone()));
    }
    let (Some(tree), Some(units)) = (state.set.tree(), state.scores()) else {
        return Ok(None);
    };
    Ok(Some(aggregate_results(tree, state.set.bands(), &units)))
}

/// One unit's result as it stood at `at`, with its scorecard.
pub async fn scorecard_as_of(
    database: &Database,
    period_id: PeriodId,
    unit_id: chamdiem_domain::ids::UnitId,
    at: AsOf,
) -> Result<Option<(UnitResult, Scorecard)>, ProjectionError> {
    let state = period_at(database, period_id, at).await?;
    let Some(tree) = state.set.tree() else {
        return Ok(None);
    };
    let Some(unit) = state.period.unit(unit_id).cloned() else {
        return Ok(None);
    };
    let card = state
        .scorecards
        .get(&format!("{period_id}:{unit_id}"))
        .cloned()
        .unwrap_or_default();
    let scores = UnitScores::gather(unit, tree, &card, state.appraised());
    Ok(Some((unit_result(tree, state.set.bands(), &scores), card)))
}
