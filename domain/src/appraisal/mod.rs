//! Appraisal (thẩm định): one appraiser's worksheet in one period. Round-1
//! and round-2 scores per (unit, leaf) with a reason wherever the score
//! differs from the self score, then a final submission.

mod aggregate;
mod commands;
mod errors;
mod events;

pub use aggregate::{CorrectedScore, Worksheet};
pub use commands::{AppraisalContext, Round, UnitView, WorksheetAction, WorksheetCommand};
pub use errors::WorksheetError;
pub use events::{
    AppraisalCorrected, AppraisalScored, AppraisalSubmitted, FinalScore, WorksheetEvent,
    WorksheetEventKind,
};

/// The aggregate id of `appraiser`'s worksheet in `period`.
pub fn worksheet_id(period: crate::ids::PeriodId, appraiser: crate::ids::AccountId) -> String {
    format!("{period}:{appraiser}")
}

#[cfg(test)]
mod tests;
