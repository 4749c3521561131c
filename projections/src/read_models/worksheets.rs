//! Appraisal worksheets per (period, appraiser): assignments and their
//! progress; each score also lands on the unit's scorecard leaf.

use chamdiem_domain::appraisal::{Round, Worksheet, WorksheetEvent};
use chamdiem_domain::ids::{AccountId, PeriodId};
use chamdiem_domain::period::PeriodEvent;
use cqrs_es::Aggregate;

use super::{ProjectionCache, load_state, periods, scorecards, state_json};
use crate::{ProjectionError, ProjectionTx, SqlValue};

const STATE: &str =
    "SELECT worksheet_state FROM rm_worksheets WHERE period_id = $1 AND appraiser_id = $2";

fn key(period: PeriodId, appraiser: AccountId) -> [SqlValue; 2] {
    [period.to_string().into(), appraiser.to_string().into()]
}

async fn ensure_row(
    tx: &mut ProjectionTx,
    period: PeriodId,
    appraiser: AccountId,
) -> Result<(), ProjectionError> {
    tx.execute(
        "INSERT INTO rm_worksheets (period_id, appraiser_id, assigned, round1_done, round2_done, submitted, worksheet_state)
         VALUES ($1, $2, 0, 0, 0, 0, $3) ON CONFLICT (period_id, appraiser_id) DO NOTHING",
        &[period.to_string().into(), appraiser.to_string().into(), state_json(&Worksheet::default())?.into()],
    )
    .await?;
    Ok(())
}

/// Applies a worksheet event.
pub async fn apply(
    tx: &mut ProjectionTx,
    event: WorksheetEvent,
    cache: &mut ProjectionCache,
) -> Result<(), ProjectionError> {
    let (period, appraiser) = match &event {
        WorksheetEvent::Scored(e) => (e.period_id, e.appraiser),
        WorksheetEvent::Submitted(e) => (e.period_id, e.appraiser),
    };
    ensure_row(tx, period, appraiser).await?;
    let mut worksheet: Worksheet = load_state(tx, STATE, &key(period, appraiser)).await?;
    worksheet.apply(event.clone());
    tx.execute(
        "UPDATE rm_worksheets SET worksheet_state = $3, submitted = $4 WHERE period_id = $1 AND appraiser_id = $2",
        &[period.to_string().into(), appraiser.to_string().into(), state_json(&worksheet)?.into(), worksheet.is_submitted().into()],
    )
    .await?;
    if let WorksheetEvent::Scored(scored) = event {
        let (points_column, reason_column) = match scored.round {
            Round::One => ("round1_points", "round1_reason"),
            Round::Two => ("round2_points", "round2_reason"),
        };
        let sql = format!(
            "INSERT INTO rm_scorecard_leaves (period_id, unit_id, code, evidence, answers, {points_column}, {reason_column}, appraiser_id)
             VALUES ($1, $2, $3, '[]', '[]', $4, $5, $6)
             ON CONFLICT (period_id, unit_id, code) DO UPDATE SET {points_column} = excluded.{points_column},
                 {reason_column} = excluded.{reason_column}, appraiser_id = excluded.appraiser_id"
        );
        tx.execute(
            &sql,
            &[
                period.to_string().into(),
                scored.unit_id.to_string().into(),
                scored.leaf.as_str().into(),
                scored.points.to_string().into(),
                scored.reason.map(|r| r.as_str().to_owned()).into(),
                appraiser.to_string().into(),
            ],
        )
        .await?;
        scorecards::ensure_row(tx, period, scored.unit_id).await?;
        scorecards::refresh_totals(tx, period, scored.unit_id, cache).await?;
    }
    refresh_progress(tx, period, appraiser, &worksheet, cache).await
}

/// Applies a period event: an assignment creates or grows a worksheet.
pub async fn apply_period(
    tx: &mut ProjectionTx,
    event: &PeriodEvent,
    cache: &mut ProjectionCache,
) -> Result<(), ProjectionError> {
    if let PeriodEvent::AppraiserAssigned(e) = event {
        ensure_row(tx, e.period_id, e.appraiser).await?;
        let worksheet: Worksheet = load_state(tx, STATE, &key(e.period_id, e.appraiser)).await?;
        refresh_progress(tx, e.period_id, e.appraiser, &worksheet, cache).await?;
    }
    Ok(())
}

async fn refresh_progress(
    tx: &mut ProjectionTx,
    period_id: PeriodId,
    appraiser: AccountId,
    worksheet: &Worksheet,
    cache: &mut ProjectionCache,
) -> Result<(), ProjectionError> {
    let period = periods::load(tx, period_id, cache).await?;
    let Some(assignment) = period.assignment(appraiser) else {
        return Ok(());
    };
    let pairs: Vec<_> = assignment.pairs().collect();
    let done = |round: Round| {
        pairs
            .iter()
            .filter(|(unit, leaf)| match round {
                Round::One => worksheet.round_one(*unit, leaf).is_some(),
                Round::Two => worksheet.round_two(*unit, leaf).is_some(),
            })
            .count()
    };
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    tx.execute(
        "UPDATE rm_worksheets SET assigned = $3, round1_done = $4, round2_done = $5 WHERE period_id = $1 AND appraiser_id = $2",
        &[
            period_id.to_string().into(),
            appraiser.to_string().into(),
            count(pairs.len()).into(),
            count(done(Round::One)).into(),
            count(done(Round::Two)).into(),
        ],
    )
    .await?;
    Ok(())
}
