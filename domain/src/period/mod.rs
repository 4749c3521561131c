//! Assessment periods (kỳ đánh giá): a year, a published criteria set, the
//! units in scope with their ranking blocks, the deadlines and their
//! extensions, the appraisers' assignments, and the results.

mod aggregate;
mod assignment;
mod commands;
mod corrections;
mod council;
mod deadlines;
mod errors;
mod events;
mod scope;

pub use aggregate::{Period, PeriodStatus};
pub use assignment::{AppraiserAssignment, Assignment};
pub use commands::{
    AnswerComplaint, AssignAppraiser, CloseAppraisal, ExemptFromAppraisal, ExtendDeadline,
    LodgeComplaint, MoveAssignment, OpenComplaintWindow, OpenPeriod, PeriodCommand, PublishResults,
    PublishedSet, Reaggregate, RecordCouncilAgreement, ReopenLeaf,
};
pub use corrections::{
    Complaint, ComplaintAnswer, ComplaintOutcome, Correction, LeafReopening, ResultsVersion,
    SerialNo,
};
pub use council::{
    CouncilAgreement, MAX_MEMBERS, PublicationDecision, RecordError, decision_number, members,
};
pub use deadlines::{DeadlineKind, DeadlinePassed, Deadlines, NotOpenYet};
pub use errors::PeriodError;
pub use events::{
    AppraisalClosed, AppraisalExempted, AppraisalSubmissionRecorded, AppraiserAssigned,
    AssignmentMoved, ComplaintAnswered, ComplaintLodged, ComplaintWindowOpened,
    CouncilAgreementRecorded, DeadlineExtended, LeafReopened, PeriodEvent, PeriodEventKind,
    PeriodOpened, ResultsAggregated, ResultsFinalized, ResultsPublished, UnitDeadlineExtended,
};
pub use scope::{RankingBlock, ScopedUnit};

#[cfg(test)]
mod tests;
