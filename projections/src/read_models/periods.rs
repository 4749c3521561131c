//! Periods: status, current deadlines and the domain state that scorecards,
//! worksheets and rankings need.

use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::{Period, PeriodEvent};
use cqrs_es::Aggregate;

use std::sync::Arc;

use super::{ProjectionCache, json, load_state, state_json};
use crate::{ProjectionError, ProjectionTx};

const STATE: &str = "SELECT period_state FROM rm_periods WHERE period_id = $1";

/// The period's domain state as the read model holds it, kept in `cache`
/// between events.
pub async fn load(
    tx: &mut ProjectionTx,
    id: PeriodId,
    cache: &mut ProjectionCache,
) -> Result<Arc<Period>, ProjectionError> {
    if let Some(period) = cache.periods.get(&id) {
        return Ok(Arc::clone(period));
    }
    let period: Arc<Period> = Arc::new(load_state(tx, STATE, &[id.to_string().into()]).await?);
    cache.periods.insert(id, Arc::clone(&period));
    Ok(period)
}

/// The period an event belongs to.
pub fn period_of(event: &PeriodEvent) -> PeriodId {
    match event {
        PeriodEvent::Opened(e) => e.period_id,
        PeriodEvent::DeadlineExtended(e) => e.period_id,
        PeriodEvent::UnitDeadlineExtended(e) => e.period_id,
        PeriodEvent::AppraiserAssigned(e) => e.period_id,
        PeriodEvent::AssignmentMoved(e) => e.period_id,
        PeriodEvent::AppraisalClosed(e) => e.period_id,
        PeriodEvent::AppraisalSubmissionRecorded(e) => e.period_id,
        PeriodEvent::ComplaintWindowOpened(e) => e.period_id,
        PeriodEvent::ComplaintLodged(e) => e.period_id,
        PeriodEvent::ComplaintAnswered(e) => e.period_id,
        PeriodEvent::LeafReopened(e) => e.period_id,
        PeriodEvent::CouncilAgreementRecorded(e) => e.period_id,
        PeriodEvent::AppraisalExempted(e) => e.period_id,
        PeriodEvent::ResultsAggregated(e) => e.period_id,
        PeriodEvent::ResultsFinalized(e) => e.period_id,
        PeriodEvent::ResultsPublished(e) => e.period_id,
    }
}

/// Applies a period event.
pub async fn apply(
    tx: &mut ProjectionTx,
    event: &PeriodEvent,
    cache: &mut ProjectionCache,
) -> Result<(), ProjectionError> {
    let id = period_of(event);
    let mut period = Period::clone(&*load(tx, id, cache).await?);
    period.apply(event.clone());
    // Name and year are written once, when the period opens (the upsert
    // keeps them afterwards).
    let (name, year) = match event {
        PeriodEvent::Opened(opened) => (opened.name.clone(), i64::from(opened.year)),
        PeriodEvent::DeadlineExtended(_)
        | PeriodEvent::UnitDeadlineExtended(_)
        | PeriodEvent::AppraiserAssigned(_)
        | PeriodEvent::AssignmentMoved(_)
        | PeriodEvent::AppraisalClosed(_)
        | PeriodEvent::AppraisalSubmissionRecorded(_)
        | PeriodEvent::ComplaintWindowOpened(_)
        | PeriodEvent::ComplaintLodged(_)
        | PeriodEvent::ComplaintAnswered(_)
        | PeriodEvent::LeafReopened(_)
        | PeriodEvent::CouncilAgreementRecorded(_)
        | PeriodEvent::AppraisalExempted(_)
        | PeriodEvent::ResultsAggregated(_)
        | PeriodEvent::ResultsFinalized(_)
        | PeriodEvent::ResultsPublished(_) => (String::new(), 0),
    };
    tx.execute(
        "INSERT INTO rm_periods (period_id, name, year, criteria_set_id, status, deadlines, period_state) VALUES ($1, $6, $7, $2, $3, $4, $5)
         ON CONFLICT (period_id) DO UPDATE SET status = excluded.status, deadlines = excluded.deadlines, period_state = excluded.period_state",
        &[
            id.to_string().into(),
            period.criteria_set_id().map(|s| s.to_string()).unwrap_or_default().into(),
            json(&period.status())?.trim_matches('"').to_owned().into(),
            json(&period.deadlines())?.into(),
            state_json(&period)?.into(),
            name.into(),
            year.into(),
        ],
    )
    .await?;
    cache.periods.insert(id, Arc::new(period));
    Ok(())
}
