//! Assessment periods (kỳ đánh giá): a year, a published criteria set, the
//! units in scope with their ranking blocks, the deadlines and their
//! extensions, the appraisers' assignments, and the results.

mod aggregate;
mod assignment;
mod commands;
mod deadlines;
mod errors;
mod events;
mod scope;

pub use aggregate::{Period, PeriodStatus};
pub use assignment::{AppraiserAssignment, Assignment};
pub use commands::{
    AssignAppraiser, CloseAppraisal, ExtendDeadline, MoveAssignment, OpenPeriod, PeriodCommand,
    PublishedSet,
};
pub use deadlines::{DeadlineKind, DeadlinePassed, Deadlines};
pub use errors::PeriodError;
pub use events::{
    AppraisalClosed, AppraisalSubmissionRecorded, AppraiserAssigned, AssignmentMoved,
    DeadlineExtended, PeriodEvent, PeriodEventKind, PeriodOpened, ResultsAggregated,
    ResultsFinalized, ResultsPublished, UnitDeadlineExtended,
};
pub use scope::{RankingBlock, ScopedUnit};

#[cfg(test)]
mod tests;
