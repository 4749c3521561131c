//! Whether an appraiser has sent their appraisal of a period (Điều 10.3):
//! from then on their worksheet of that period is closed, and the pages say
//! so instead of offering forms that would be refused.

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{AccountId, PeriodId};

use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

#[derive(sqlx::FromRow)]
struct SubmittedRecord {
    submitted: i64,
}

/// Whether `appraiser`'s worksheet of `period` is submitted, or closed in
/// their place (false while they have none).
pub async fn worksheet_submitted(
    database: &Database,
    period: PeriodId,
    appraiser: AccountId,
) -> Result<bool, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let records: Vec<SubmittedRecord> = tx
        .records(
            "SELECT submitted FROM rm_worksheets WHERE period_id = $1 AND appraiser_id = $2",
            &[
                SqlValue::from(period.to_string()),
                SqlValue::from(appraiser.to_string()),
            ],
        )
        .await?;
    tx.commit().await?;
    let key = format!("{period}/{appraiser}");
    records.into_iter().next().map_or(Ok(false), |record| {
        RowAt::new("rm_worksheets", &key).flag("submitted", record.submitted)
    })
}
