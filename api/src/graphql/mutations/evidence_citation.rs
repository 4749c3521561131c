//! Citing an evidence file by its hash (`attachEvidence`, `answerAppraisal`)
//! without uploading it: allowed only for a file this unit already lists
//! (on another leaf, or in another answer) and whose bytes are stored, with
//! the media type it was stored under. Anything else is a dangling or
//! borrowed reference: a hash no one uploaded would count as evidence at
//! submission while nothing can be opened, and another unit's hash would
//! let the citing unit download that unit's file. Both are answered alike,
//! so the answer does not tell whether some other unit holds the file.
//! Uploading the bytes (`uploadEvidence`) proves possession and needs no
//! such check.

use async_graphql::Context;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::evidence_store::EvidenceStore;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::Code;
use chamdiem_domain::ids::UnitId;
use chamdiem_domain::self_assessment::Evidence;
use chamdiem_projections::queries::evidence_owners;

use crate::graphql::caller::{Caller, graphql_error};

/// Why a cited file is refused, in the words the official reads.
const NOT_THIS_UNITS: &str = "chỉ dẫn lại được tệp đã tải lên cho chính đơn vị này: hãy tải tệp lên (uploadEvidence) thay vì dẫn mã băm";
const NOT_STORED: &str =
    "tệp này không còn trong kho tài liệu kiểm chứng: hãy tải tệp lên lại (uploadEvidence)";
const OTHER_MEDIA_TYPE: &str =
    "loại tệp khác với loại của tệp đã tải lên (mediaType phải giữ nguyên)";

/// Refuses unless every one of `evidence` is a stored file that `unit`
/// already lists under the same media type. `acting` is what the caller
/// does with it, authorized first, so that a caller who may not act learns
/// nothing of the file.
pub(super) async fn ensure_citable(
    context: &Context<'_>,
    acting: &Action,
    unit: UnitId,
    evidence: &[Evidence],
) -> async_graphql::Result<()> {
    Caller::of(context).authorized(acting)?;
    let database = context.data::<Database>()?;
    let files = context.data::<EvidenceStore>()?;
    for item in evidence {
        let owners = evidence_owners(database, &item.content_hash)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        let Some(own) = owners.iter().find(|owner| owner.unit_id == unit) else {
            return Err(refusal(Code::Forbidden, NOT_THIS_UNITS, "contentHash"));
        };
        if own.media_type != item.media_type {
            return Err(refusal(Code::Validation, OTHER_MEDIA_TYPE, "mediaType"));
        }
        let stored = files
            .contains(&item.content_hash)
            .await
            .map_err(|e| graphql_error(CommandError::Internal(e.to_string())))?;
        if !stored {
            return Err(refusal(Code::NotFound, NOT_STORED, "contentHash"));
        }
    }
    Ok(())
}

/// A coded refusal naming the evidence field it is about.
fn refusal(code: Code, message: &str, field: &str) -> async_graphql::Error {
    let mut error = graphql_error(CommandError::refused(code, message));
    if let Some(extensions) = error.extensions.as_mut() {
        extensions.set("field", format!("evidence.{field}"));
    }
    error
}
