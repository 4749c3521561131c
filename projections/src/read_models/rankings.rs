//! Rankings per (period, block): written when results are aggregated
//! (provisional), marked final and published as the manager decides.

use chamdiem_domain::period::PeriodEvent;
use chamdiem_domain::results::UnitResult;

use super::json;
use crate::{ProjectionError, ProjectionTx};

/// Applies a period event to the rankings.
pub async fn apply(tx: &mut ProjectionTx, event: &PeriodEvent) -> Result<(), ProjectionError> {
    match event {
        PeriodEvent::ResultsAggregated(e) => {
            let period = e.period_id.to_string();
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
        | PeriodEvent::AppraisalSubmissionRecorded(_) => {}
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
