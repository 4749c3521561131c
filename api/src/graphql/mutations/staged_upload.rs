//! A file uploaded with a command that records it (a complaint's evidence,
//! the council's minutes, the People's Committee's signed decision): stored
//! first, kept only when the command succeeds.

use async_graphql::{Context, Upload};
use bytes::Bytes;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::evidence_store::{EvidenceStore, StagedFile, check_file};
use chamdiem_commands::gate::GateCommand;
use chamdiem_domain::ids::EvidenceId;
use chamdiem_domain::self_assessment::Evidence;

use super::upload::{ReceivedFile, receive};
use crate::graphql::UploadLimit;
use crate::graphql::caller::graphql_error;
use crate::graphql::command_runner::{field, invalid, run};

/// Stores an uploaded file until the command that records it runs: kept
/// if it succeeds, discarded if it is refused ([`run_keeping`]).
pub(super) async fn stage(
    context: &Context<'_>,
    file: &Upload,
    locator: &str,
) -> async_graphql::Result<(Evidence, StagedFile)> {
    let limit = context.data::<UploadLimit>()?.0;
    let ReceivedFile {
        file_name,
        media_type,
        content,
    } = receive(context, file)?;
    let size = content.len() as u64;
    check_file(&media_type, &content, limit).map_err(|e| invalid("file", e))?;
    let staged = context
        .data::<EvidenceStore>()?
        .stage(Bytes::from(content))
        .await
        .map_err(|e| invalid("file", e))?;
    let hash = staged.hash().to_owned();
    match field(
        "file",
        Evidence::new(
            EvidenceId::new(),
            &hash,
            &file_name,
            size,
            &media_type,
            locator,
        ),
    ) {
        Ok(evidence) => Ok((evidence, staged)),
        Err(refused) => {
            staged.discard().await;
            Err(refused)
        }
    }
}

/// Runs `command`, keeping the `staged` files if it succeeds and
/// discarding them if it is refused.
pub(super) async fn run_keeping<C>(
    context: &Context<'_>,
    command: C,
    staged: Vec<StagedFile>,
) -> async_graphql::Result<C::Output>
where
    C: GateCommand + 'static,
{
    let outcome = run(context, command).await;
    for file in staged {
        match &outcome {
            Ok(_) => file
                .keep()
                .await
                .map_err(|e| graphql_error(CommandError::Internal(e.to_string())))?,
            Err(_) => file.discard().await,
        }
    }
    outcome
}
