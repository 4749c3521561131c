//! What the process managers do about an event of the log, decided on the
//! typed event. Every variant of the events they read has its own arm (no
//! catch-all): an event added to a worksheet or a period does not compile
//! until someone has decided whether it calls for a reaction, and a renamed
//! event cannot silently stop recording submissions or the aggregation.

use chamdiem_domain::appraisal::{
    AppraisalSubmitted, Worksheet, WorksheetEvent, WorksheetEventKind,
};
use chamdiem_domain::event_kind::EventKind;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::{Period, PeriodEvent, PeriodEventKind};
use cqrs_es::Aggregate;

use crate::command_error::CommandError;
use crate::store::LoggedEvent;

/// An event of the log, typed for the aggregates the process managers
/// follow.
#[derive(Debug)]
pub enum Observed {
    /// An appraisal worksheet's event.
    Worksheet(WorksheetEvent),
    /// A period's event.
    Period(PeriodEvent),
    /// An event of an aggregate no process manager follows.
    Elsewhere,
}

impl Observed {
    /// Parses `event` when its aggregate is followed; a payload that does not
    /// parse is an error, never an event passed over.
    pub fn of(event: &LoggedEvent) -> Result<Self, CommandError> {
        let parse = |error: serde_json::Error| {
            CommandError::Internal(format!("event {} does not parse: {error}", event.position))
        };
        match event.aggregate_type.as_str() {
            Worksheet::TYPE => serde_json::from_str(&event.payload)
                .map(Self::Worksheet)
                .map_err(parse),
            Period::TYPE => serde_json::from_str(&event.payload)
                .map(Self::Period)
                .map_err(parse),
            _ => Ok(Self::Elsewhere),
        }
    }

    /// What it calls for.
    pub fn reaction(&self) -> Reaction<'_> {
        match self {
            Self::Worksheet(event) => match event {
                WorksheetEvent::Submitted(submitted) => {
                    Reaction::RecordAppraisalSubmission(submitted)
                }
                WorksheetEvent::Scored(_) | WorksheetEvent::Corrected(_) => Reaction::Nothing,
            },
            Self::Period(event) => match event {
                PeriodEvent::AppraisalSubmissionRecorded(recorded) if recorded.all_submitted => {
                    Reaction::AggregateResults(recorded.period_id)
                }
                PeriodEvent::AppraisalClosed(closed) if closed.all_submitted => {
                    Reaction::AggregateResults(closed.period_id)
                }
                PeriodEvent::AppraisalSubmissionRecorded(_)
                | PeriodEvent::AppraisalClosed(_)
                | PeriodEvent::AssignmentMoved(_)
                | PeriodEvent::Opened(_)
                | PeriodEvent::DeadlineExtended(_)
                | PeriodEvent::UnitDeadlineExtended(_)
                | PeriodEvent::AppraiserAssigned(_)
                | PeriodEvent::ComplaintWindowOpened(_)
                | PeriodEvent::ComplaintLodged(_)
                | PeriodEvent::ComplaintAnswered(_)
                | PeriodEvent::LeafReopened(_)
                | PeriodEvent::CouncilAgreementRecorded(_)
                | PeriodEvent::AppraisalExempted(_)
                | PeriodEvent::ResultsAggregated(_)
                | PeriodEvent::ResultsFinalized(_)
                | PeriodEvent::ResultsPublished(_) => Reaction::Nothing,
            },
            Self::Elsewhere => Reaction::Nothing,
        }
    }
}

/// What the process managers do about an event of `kind`, in words, for
/// the catalog of consumers (`ops/events.md`). Exhaustive like
/// [`Observed::reaction`], which it describes.
pub fn reaction_to(kind: EventKind) -> Option<&'static str> {
    match kind {
        EventKind::Worksheet(kind) => match kind {
            WorksheetEventKind::Submitted => Some(
                "records the submission in the period (the worksheet is closed; the account stays open)",
            ),
            WorksheetEventKind::Scored | WorksheetEventKind::Corrected => None,
        },
        EventKind::Period(kind) => match kind {
            PeriodEventKind::AppraisalSubmissionRecorded | PeriodEventKind::AppraisalClosed => {
                Some("aggregates the results once every appraiser has submitted")
            }
            PeriodEventKind::Opened
            | PeriodEventKind::DeadlineExtended
            | PeriodEventKind::AssignmentMoved
            | PeriodEventKind::UnitDeadlineExtended
            | PeriodEventKind::AppraiserAssigned
            | PeriodEventKind::ComplaintWindowOpened
            | PeriodEventKind::ComplaintLodged
            | PeriodEventKind::ComplaintAnswered
            | PeriodEventKind::LeafReopened
            | PeriodEventKind::CouncilAgreementRecorded
            | PeriodEventKind::AppraisalExempted
            | PeriodEventKind::ResultsAggregated
            | PeriodEventKind::ResultsFinalized
            | PeriodEventKind::ResultsPublished => None,
        },
        EventKind::Account(_)
        | EventKind::Unit(_)
        | EventKind::CriteriaSet(_)
        | EventKind::Scorecard(_)
        | EventKind::SubAccountRequest(_) => None,
    }
}

/// A reaction of the process managers.
#[derive(Debug, PartialEq)]
pub enum Reaction<'a> {
    /// Điều 10.3: the appraisal was sent; record it in the period.
    RecordAppraisalSubmission(&'a AppraisalSubmitted),
    /// Điều 11.1: every appraisal is in; aggregate the period's results.
    AggregateResults(PeriodId),
    /// Nothing to do.
    Nothing,
}

#[cfg(test)]
mod tests {
    use chamdiem_domain::appraisal::AppraisalSubmitted;
    use chamdiem_domain::ids::AccountId;
    use chamdiem_domain::period::AppraisalSubmissionRecorded;
    use cqrs_es::DomainEvent;

    use super::*;
    use crate::store::LogPosition;

    fn logged<E: DomainEvent>(aggregate_type: &str, event: &E) -> LoggedEvent {
        LoggedEvent {
            position: LogPosition::new(7),
            recorded_at: chrono::DateTime::UNIX_EPOCH,
            aggregate_type: aggregate_type.to_owned(),
            aggregate_id: "a".to_owned(),
            sequence: 1,
            event_type: event.event_type(),
            event_version: event.event_version(),
            payload: serde_json::to_string(event).unwrap_or_default(),
            metadata: "{}".to_owned(),
            stored_payload_digest: None,
        }
    }

    fn reaction_to(event: &LoggedEvent) -> String {
        match Observed::of(event) {
            Ok(observed) => format!("{:?}", observed.reaction()),
            Err(error) => format!("error: {error:?}"),
        }
    }

    #[test]
    fn a_submission_locks_and_the_last_one_recorded_aggregates() {
        let period = PeriodId::new();
        let appraiser = AccountId::for_username("thamdinh");
        let submitted = WorksheetEvent::Submitted(AppraisalSubmitted {
            period_id: period,
            appraiser,
            final_scores: Vec::new(),
        });
        assert!(
            reaction_to(&logged(Worksheet::TYPE, &submitted))
                .starts_with("RecordAppraisalSubmission")
        );
        let recorded = |all_submitted| {
            PeriodEvent::AppraisalSubmissionRecorded(AppraisalSubmissionRecorded {
                period_id: period,
                appraiser,
                all_submitted,
            })
        };
        assert_eq!(
            reaction_to(&logged(Period::TYPE, &recorded(true))),
            format!("{:?}", Reaction::AggregateResults(period))
        );
        assert_eq!(
            reaction_to(&logged(Period::TYPE, &recorded(false))),
            "Nothing"
        );
    }

    #[test]
    fn other_aggregates_pass_and_an_unreadable_event_is_an_error() {
        let mut other = logged(
            Period::TYPE,
            &PeriodEvent::AppraisalSubmissionRecorded(AppraisalSubmissionRecorded {
                period_id: PeriodId::new(),
                appraiser: AccountId::for_username("x"),
                all_submitted: true,
            }),
        );
        other.aggregate_type = "unit".to_owned();
        assert_eq!(reaction_to(&other), "Nothing");
        other.aggregate_type = Worksheet::TYPE.to_owned();
        assert!(
            reaction_to(&other).starts_with("error"),
            "{}",
            reaction_to(&other)
        );
    }
}
