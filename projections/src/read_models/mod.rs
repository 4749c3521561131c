//! The read models, one file each, and the dispatch of one event to them.

pub mod audit_trail;
pub mod criteria_sets;
pub mod directory;
pub mod periods;
pub mod rankings;
pub mod scorecards;
pub mod sub_account_requests;
pub mod worksheets;

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Arc;

use chamdiem_commands::store::LoggedEvent;
use chamdiem_domain::account::Account;
use chamdiem_domain::appraisal::Worksheet;
use chamdiem_domain::criteria::CriteriaTree;
use chamdiem_domain::criteria_set::CriteriaSet;
use chamdiem_domain::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use chamdiem_domain::period::{Period, PeriodEvent};
use chamdiem_domain::self_assessment::Scorecard;
use chamdiem_domain::sub_account_request::SubAccountRequest;
use chamdiem_domain::unit::Unit;
use cqrs_es::Aggregate;
use lru::LruCache;
use serde::de::DeserializeOwned;

use crate::{ProjectionError, ProjectionTx, SqlValue};

/// Every read-model table, in an order that can be emptied.
pub const TABLES: [&str; 14] = [
    "rm_audit_trail",
    "rm_units",
    "rm_accounts",
    "rm_criteria_sets",
    "rm_criteria",
    "rm_periods",
    "rm_scorecards",
    "rm_scorecard_leaves",
    "rm_worksheets",
    "rm_rankings",
    "rm_results_versions",
    "rm_sub_account_requests",
    "projection_checkpoints",
    "projection_skipped",
];

/// Scorecards kept between batches: enough for every unit of a province
/// entering at once, a bounded fraction of a national deployment.
const KEPT_SCORECARDS: NonZeroUsize = match NonZeroUsize::new(1_024) {
    Some(capacity) => capacity,
    None => NonZeroUsize::MIN,
};

/// Worksheets kept between batches: an appraiser's holds every pair they
/// scored, so fewer of them.
const KEPT_WORKSHEETS: NonZeroUsize = match NonZeroUsize::new(64) {
    Some(capacity) => capacity,
    None => NonZeroUsize::MIN,
};

/// What the projector keeps between events and batches: the trees of
/// published sets, which never change; the periods' states, which every
/// scorecard and worksheet event needs and which only period events change;
/// and the scorecards and worksheets last written, so that the next batch
/// touching them need not read them back.
#[derive(Debug)]
pub struct ProjectionCache {
    trees: HashMap<CriteriaSetId, Arc<CriteriaTree>>,
    periods: HashMap<chamdiem_domain::ids::PeriodId, Arc<Period>>,
    scorecards: LruCache<(PeriodId, UnitId), scorecards::StagedScorecard>,
    worksheets: LruCache<(PeriodId, AccountId), worksheets::StagedWorksheet>,
    /// The checkpoint the kept states match: the one this cache's last
    /// committed batch wrote.
    applied_up_to: Option<i64>,
}

impl Default for ProjectionCache {
    fn default() -> Self {
        Self {
            trees: HashMap::new(),
            periods: HashMap::new(),
            scorecards: LruCache::new(KEPT_SCORECARDS),
            worksheets: LruCache::new(KEPT_WORKSHEETS),
            applied_up_to: None,
        }
    }
}

impl ProjectionCache {
    /// Called as a batch starts from `checkpoint`: kept states are trusted
    /// only if this cache's own last batch wrote that checkpoint (not after
    /// a failed batch, nor after another instance advanced).
    pub fn begin_batch(&mut self, checkpoint: i64) {
        if self.applied_up_to.take() != Some(checkpoint) {
            self.periods.clear();
            self.scorecards.clear();
            self.worksheets.clear();
        }
    }

    /// Called once a batch up to `position` is committed.
    pub fn committed(&mut self, position: i64) {
        self.applied_up_to = Some(position);
    }
}

/// What a batch changes in the busiest read models, held in memory and
/// written once, when the batch ends: a batch costs a few statements per
/// scorecard and worksheet it touches, not several per event.
#[derive(Debug, Default)]
pub struct BatchWrites {
    audit: audit_trail::AuditRows,
    scorecards: scorecards::StagedScorecards,
    worksheets: worksheets::StagedWorksheets,
}

impl BatchWrites {
    /// Writes the scorecards and worksheets: their totals and progress
    /// depend on the period's state, so this runs before every period event
    /// too, and a batch's result does not depend on where it starts or ends.
    async fn flush_period_dependent(
        &mut self,
        tx: &mut ProjectionTx,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        self.scorecards.flush(tx, cache).await?;
        self.worksheets.flush(tx, cache).await
    }

    /// Writes everything held.
    pub async fn flush(
        &mut self,
        tx: &mut ProjectionTx,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        self.flush_period_dependent(tx, cache).await?;
        self.audit.flush(tx).await
    }
}

/// Applies one event to every read model, inside `tx`; the busiest read
/// models keep their changes in `batch` until [`BatchWrites::flush`].
pub async fn apply(
    tx: &mut ProjectionTx,
    event: &LoggedEvent,
    cache: &mut ProjectionCache,
    batch: &mut BatchWrites,
) -> Result<(), ProjectionError> {
    batch.audit.add(event)?;
    match event.aggregate_type.as_str() {
        Unit::TYPE => directory::apply_unit(tx, parse(event)?).await,
        Account::TYPE => directory::apply_account(tx, parse(event)?).await,
        CriteriaSet::TYPE => criteria_sets::apply(tx, parse(event)?).await,
        Period::TYPE => {
            let logged = event;
            let event = parse(logged)?;
            batch.flush_period_dependent(tx, cache).await?;
            if let PeriodEvent::AssignmentMoved(moved) = &event {
                batch.scorecards.apply_moved(tx, moved, cache).await?;
            }
            periods::apply(tx, &event, cache).await?;
            rankings::apply(tx, &event, logged.recorded_at).await?;
            batch.worksheets.apply_period(tx, &event, cache).await
        }
        Scorecard::TYPE => batch.scorecards.apply(tx, parse(event)?, cache).await,
        Worksheet::TYPE => {
            let BatchWrites {
                scorecards,
                worksheets,
                ..
            } = batch;
            worksheets.apply(tx, parse(event)?, scorecards, cache).await
        }
        SubAccountRequest::TYPE => sub_account_requests::apply(tx, parse(event)?).await,
        _ => Ok(()),
    }
}

/// Parses an event's stored payload.
pub fn parse<E: DeserializeOwned>(event: &LoggedEvent) -> Result<E, ProjectionError> {
    serde_json::from_str(&event.payload)
        .map_err(|e| ProjectionError::corrupt(format!("event {}", event.position), e))
}

/// Loads an aggregate's state kept in a read-model column (default when absent).
pub async fn load_state<A: Aggregate>(
    tx: &mut ProjectionTx,
    sql: &str,
    key: &[SqlValue],
) -> Result<A, ProjectionError> {
    match tx.text(sql, key).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| ProjectionError::corrupt(A::TYPE, e)),
        None => Ok(A::default()),
    }
}

/// Serialises an aggregate's state for a read-model column.
pub fn state_json<A: Aggregate>(aggregate: &A) -> Result<String, ProjectionError> {
    serde_json::to_string(aggregate).map_err(|e| ProjectionError::corrupt(A::TYPE, e))
}

/// The tree of a criteria set, from the cache once published.
pub async fn tree(
    tx: &mut ProjectionTx,
    id: CriteriaSetId,
    cache: &mut ProjectionCache,
) -> Result<Option<Arc<CriteriaTree>>, ProjectionError> {
    if let Some(tree) = cache.trees.get(&id) {
        return Ok(Some(Arc::clone(tree)));
    }
    let set = criteria_sets::load(tx, id).await?;
    let Some(tree) = set.tree().cloned().map(Arc::new) else {
        return Ok(None);
    };
    if set.is_published() {
        cache.trees.insert(id, Arc::clone(&tree));
    }
    Ok(Some(tree))
}

/// The JSON text of a value (for read-model columns).
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, ProjectionError> {
    serde_json::to_string(value).map_err(|e| ProjectionError::corrupt("json", e))
}
