//! Citing an evidence file by its hash (`attachEvidence`, `answerAppraisal`)
//! without uploading it: allowed for a file the unit already has, or one no
//! unit has yet, never for another unit's file. Downloads are granted to
//! whoever may read a unit that lists the file, so listing another unit's
//! hash used to be enough to read that unit's evidence. Uploading the bytes
//! (`uploadEvidence`) proves possession and needs no such check.

use async_graphql::Context;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::store::Database;
use chamdiem_domain::Code;
use chamdiem_domain::ids::UnitId;
use chamdiem_domain::self_assessment::Evidence;
use chamdiem_projections::queries::evidence_owners;

use chamdiem_commands::policy::Action;

use crate::graphql::caller::{Caller, graphql_error};

/// Refuses when any of `evidence` is a file that other units have and
/// `unit` does not. `acting` is what the caller does with it, authorized
/// first, so that a caller who may not act learns nothing of the file.
pub(super) async fn ensure_citable(
    context: &Context<'_>,
    acting: &Action,
    unit: UnitId,
    evidence: &[Evidence],
) -> async_graphql::Result<()> {
    Caller::of(context).authorized(acting)?;
    let database = context.data::<Database>()?;
    for item in evidence {
        let owners = evidence_owners(database, &item.content_hash)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        if !owners.is_empty() && owners.iter().all(|owner| owner.unit_id != unit) {
            let mut error = graphql_error(CommandError::refused(
                Code::Forbidden,
                "tệp này là tài liệu của đơn vị khác: hãy tải tệp lên (uploadEvidence) thay vì dẫn mã băm",
            ));
            if let Some(extensions) = error.extensions.as_mut() {
                extensions.set("field", "evidence.contentHash");
            }
            return Err(error);
        }
    }
    Ok(())
}
