//! Rankings per (period, block): written when results are aggregated
//! (provisional) and replaced by each later version, marked final and
//! published as the manager decides. Every version is also kept whole in
//! `rm_results_versions`, so that none is lost when the next replaces it.

use chamdiem_domain::period::PeriodEvent;
use chamdiem_domain::results::UnitResult;
use chrono::{DateTime, Utc};

use super::json;
use crate::{ProjectionError, ProjectionTx};

/// Applies a period event to the rankings.
pub async fn apply(
    tx: &mut ProjectionTx,
    event: &PeriodEvent,
    recorded_at: DateTime<Utc>,
) -> Result<(), ProjectionError> {
    match event {
        PeriodEvent::ResultsAggregated(e) => {
            let period = e.period_id.to_string();
            tx.execute(
                "INSERT INTO rm_results_versions (period_id, version, aggregated_at, reason, corrections, results) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    period.clone().into(),
                    i64::from(e.version.0).into(),
                    recorded_at.to_rfc3339().into(),
                    e.reason.clone().into(),
                    json(&e.corrections)?.into(),
                    json(&e.results)?.into(),
                ],
            )
            .await?;
            tx.execute(
                "DELETE FROM rm_rankings WHERE period_id = $1",
                &[period.clone().into()],
            )
            .await?;
            for ranked in e.results.iter() {
                let result = &ranked.result;
                tx.execute(
                    "INSERT INTO rm_rankings (period_id, unit_id, block, unit_code, rank, total, applicable_maximum, index_value, fields, classification, state)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'provisional')",
                    &[
                        period.clone().into(),
                        result.unit.unit_id.to_string().into(),
                        result.unit.block.as_str().into(),
                        result.unit.code.as_str().into(),
                        i64::from(ranked.rank).into(),
                        result.total.normalize().to_string().into(),
                        result.applicable_maximum.to_string().into(),
                        shown_index(result)?.into(),
                        json(&result.fields)?.into(),
                        result.classification.map(|c| c.label_vi()).into(),
                    ],
                )
                .await?;
            }
        }
        PeriodEvent::ResultsFinalized(e) => {
            tx.execute(
                "UPDATE rm_rankings SET state = 'final' WHERE period_id = $1",
                &[e.period_id.to_string().into()],
            )
            .await?;
        }
        PeriodEvent::ResultsPublished(e) => {
            tx.execute(
                "UPDATE rm_rankings SET state = 'published' WHERE period_id = $1",
                &[e.period_id.to_string().into()],
            )
            .await?;
        }
        // Rankings exist from aggregation on.
        PeriodEvent::Opened(_)
        | PeriodEvent::DeadlineExtended(_)
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
        | PeriodEvent::AppraisalExempted(_) => {}
    }
    Ok(())
}

/// The index as shown, two places.
pub fn shown_index(result: &UnitResult) -> Result<String, ProjectionError> {
    result
        .index
        .rounded()
        .map(|i| format!("{i:.2}"))
        .map_err(|_| {
            ProjectionError::corrupt(
                format!("the index of unit {}", result.unit.code),
                "overflows",
            )
        })
}
