//! Điều 10.3: the software locks an appraisal account once its results are sent.

use chamdiem_domain::account::{Account, AccountCommand, AccountError, LockReason};
use chamdiem_domain::appraisal::AppraisalSubmitted;
use chamdiem_domain::period::{Period, PeriodCommand};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::store::LogPosition;
use crate::write_side::WriteSide;

/// Locks the appraiser's account, then records the submission in the period.
pub async fn react(
    write_side: &WriteSide,
    cause: LogPosition,
    submitted: &AppraisalSubmitted,
) -> Result<(), CommandError> {
    let metadata = CommandMetadata::process_manager("lock-appraiser", cause.get());
    let reason = LockReason::AppraisalSubmitted {
        period_id: submitted.period_id,
    };
    let command = AccountCommand::Lock(reason);
    let locked = write_side
        .run::<Account>(&submitted.appraiser.to_string(), &metadata, command)
        .await;
    match locked {
        // Locked already (a replay, or an administrator was quicker): fine.
        Err(CommandError::Refused { ref message, .. })
            if *message == AccountError::AlreadyLocked.to_string() => {}
        other => other?,
    }
    let metadata = CommandMetadata::process_manager("record-appraisal-submission", cause.get());
    let command = {
        PeriodCommand::RecordAppraisalSubmitted {
            appraiser: submitted.appraiser,
        }
    };
    write_side
        .run::<Period>(&submitted.period_id.to_string(), &metadata, command)
        .await
}
