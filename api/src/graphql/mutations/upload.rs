use super::uploaded_file_name;
use chamdiem_domain::Code;
use std::io::Read as _;

use async_graphql::{Context, ID, Object, SimpleObject, Upload};
use bytes::Bytes;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::evidence_store::{EvidenceStore, check_file};
use chamdiem_commands::gate::{ImportCriteriaTable, OnScorecard};
use chamdiem_commands::policy::Action;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{EvidenceId, PeriodId, UnitId};
use chamdiem_domain::self_assessment::{Evidence, ReportEdit, ScorecardAction};
use chamdiem_domain::table_file::read_table_file;

use super::id;
use super::payloads::CriteriaSetPayload;
use crate::graphql::UploadLimit;
use crate::graphql::caller::{Caller, graphql_error};
use crate::graphql::command_runner::{field, invalid, run};

/// An evidence file just stored and attached.
#[derive(SimpleObject)]
pub struct UploadedEvidence {
    /// The attachment.
    pub evidence_id: ID,
    /// SHA-256 of the content: also its address (`GET /evidence/{hash}`).
    pub content_hash: String,
    /// Its name.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type.
    pub media_type: String,
}

/// File uploads (GraphQL multipart requests): evidence and criteria sets.
#[derive(Default)]
pub struct UploadMutation;

#[Object]
impl UploadMutation {
    /// Uploads an evidence file (PDF, JPEG/PNG image, Word, Excel; size
    /// limited) and attaches it to a leaf with the page or section it proves.
    async fn upload_evidence(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        file: Upload,
        locator: String,
    ) -> async_graphql::Result<UploadedEvidence> {
        let period: PeriodId = id("periodId", &period_id)?;
        let unit: UnitId = id("unitId", &unit_id)?;
        let leaf = field("leafCode", CriterionCode::parse(&leaf_code))?;
        // Nothing is stored for a caller who may not attach.
        Caller::of(context).authorized(&Action::EditSelfAssessment { unit })?;
        let limit = context.data::<UploadLimit>()?.0;
        let ReceivedFile {
            file_name,
            media_type,
            content,
        } = receive(context, &file)?;
        let size = content.len() as u64;
        check_file(&media_type, &content, limit).map_err(|e| invalid("file", e))?;
        let staged = context
            .data::<EvidenceStore>()?
            .stage(Bytes::from(content))
            .await
            .map_err(|e| invalid("file", e))?;
        let hash = staged.hash().to_owned();
        let evidence = match field(
            "file",
            Evidence::new(
                EvidenceId::new(),
                &hash,
                &file_name,
                size,
                &media_type,
                &locator,
            ),
        ) {
            Ok(evidence) => evidence,
            Err(refused) => {
                staged.discard().await;
                return Err(refused);
            }
        };
        let uploaded = UploadedEvidence {
            evidence_id: ID(evidence.evidence_id.to_string()),
            content_hash: hash,
            file_name: evidence.file_name.clone(),
            size,
            media_type: evidence.media_type.clone(),
        };
        let action = ScorecardAction::Edit(ReportEdit::AttachEvidence { leaf, evidence });
        let attached = run(
            context,
            OnScorecard {
                period,
                unit,
                action,
            },
        )
        .await;
        match attached {
            Ok(_) => {
                staged
                    .keep()
                    .await
                    .map_err(|e| graphql_error(CommandError::Internal(e.to_string())))?;
                Ok(uploaded)
            }
            Err(refused) => {
                staged.discard().await;
                Err(refused)
            }
        }
    }

    /// Gives a draft its tree from the appendix as a file: an XLSX workbook
    /// (its first worksheet) or a CSV file (UTF-8, with or without a
    /// byte-order mark), both with a header row naming the columns;
    /// problems name their sheet, row and column.
    async fn upload_criteria(
        &self,
        context: &Context<'_>,
        criteria_set_id: ID,
        file: Upload,
    ) -> async_graphql::Result<CriteriaSetPayload> {
        let set = id("criteriaSetId", &criteria_set_id)?;
        // A caller who may not import learns nothing about the file.
        Caller::of(context).authorized(&Action::ManageCriteriaSets)?;
        let ReceivedFile {
            media_type,
            content,
            ..
        } = receive(context, &file)?;
        let table = read_table_file(&content, &media_type).map_err(|e| invalid("file", e))?;
        run(context, ImportCriteriaTable { set, table })
            .await
            .map_err(name_the_file)?;
        Ok(CriteriaSetPayload(set))
    }
}

/// An uploaded file, read whole.
pub(super) struct ReceivedFile {
    /// The name the client gave it.
    pub(super) file_name: String,
    /// The media type the client declared (empty when none).
    pub(super) media_type: String,
    /// Its bytes.
    pub(super) content: Vec<u8>,
}

/// Reads an upload, refusing it (on `file`) when larger than the upload limit.
pub(super) fn receive(context: &Context<'_>, file: &Upload) -> async_graphql::Result<ReceivedFile> {
    let limit = context.data::<UploadLimit>()?.0;
    let upload = file.value(context)?;
    let size = upload.size().map_err(|e| invalid("file", e))?;
    if size > limit as u64 {
        return Err(invalid(
            "file",
            format!("tệp quá lớn (tối đa {limit} byte)"),
        ));
    }
    let file_name = uploaded_file_name::as_named(&upload.filename);
    let media_type = upload.content_type.clone().unwrap_or_default();
    // Both are kept in events; no store of ours can hold a NUL.
    if file_name.contains('\0') || media_type.contains('\0') {
        return Err(invalid(
            "file",
            "tên hoặc kiểu tệp chứa ký tự NUL (mã 0), không lưu được",
        ));
    }
    let mut content = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    upload
        .into_read()
        .read_to_end(&mut content)
        .map_err(|e| invalid("file", e))?;
    Ok(ReceivedFile {
        file_name,
        media_type,
        content,
    })
}

/// A file whose content is refused names `file` as the field at fault; the
/// message names the sheet, row and column.
pub(super) fn name_the_file(mut error: async_graphql::Error) -> async_graphql::Error {
    if let Some(extensions) = error.extensions.as_mut()
        && extensions.get("code") == Some(&async_graphql::Value::from(Code::Validation.as_str()))
    {
        extensions.set("field", "file");
    }
    error
}
