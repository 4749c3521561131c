//! Điều 10.3: once an appraiser sends their results, their appraisal of the
//! period is closed. The worksheet itself refuses every change after its
//! submission; this records the submission in the period, which aggregates
//! the results once every appraiser is in. The account is not locked: the
//! same person may appraise another period (decision 0021).

use chamdiem_domain::appraisal::AppraisalSubmitted;
use chamdiem_domain::period::{Period, PeriodCommand};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::store::LogPosition;
use crate::write_side::WriteSide;

/// Records the submission in the period.
pub async fn react(
    write_side: &WriteSide,
    cause: LogPosition,
    submitted: &AppraisalSubmitted,
) -> Result<(), CommandError> {
    let metadata = CommandMetadata::process_manager("record-appraisal-submission", cause.get());
    let command = PeriodCommand::RecordAppraisalSubmitted {
        appraiser: submitted.appraiser,
    };
    write_side
        .run::<Period>(&submitted.period_id.to_string(), &metadata, command)
        .await
}
