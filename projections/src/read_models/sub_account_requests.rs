//! Sub-account requests and what became of them.

use chamdiem_domain::sub_account_request::SubAccountRequestEvent;

use super::json;
use crate::{ProjectionError, ProjectionTx};

/// Applies a sub-account request event.
pub async fn apply(
    tx: &mut ProjectionTx,
    event: SubAccountRequestEvent,
) -> Result<(), ProjectionError> {
    match event {
        SubAccountRequestEvent::Requested(e) => {
            tx.execute(
                "INSERT INTO rm_sub_account_requests (request_id, unit_id, requested_by, accounts, status, reason)
                 VALUES ($1, $2, $3, $4, 'pending', NULL)",
                &[
                    e.request_id.to_string().into(),
                    e.unit_id.to_string().into(),
                    e.requested_by.to_string().into(),
                    json(&e.accounts)?.into(),
                ],
            )
            .await?;
        }
        SubAccountRequestEvent::Approved(e) => {
            tx.execute(
                "UPDATE rm_sub_account_requests SET status = 'approved' WHERE request_id = $1",
                &[e.request_id.to_string().into()],
            )
            .await?;
        }
        SubAccountRequestEvent::Rejected(e) => {
            tx.execute(
                "UPDATE rm_sub_account_requests SET status = 'rejected', reason = $2 WHERE request_id = $1",
                &[e.request_id.to_string().into(), e.reason.as_str().into()],
            )
            .await?;
        }
    }
    Ok(())
}
