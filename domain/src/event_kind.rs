//! Every kind of event the history can hold, by aggregate: the list that
//! each consumer (read models, process managers) must answer for. The kinds
//! are derived from the event enums themselves, so a new event appears here
//! without anyone remembering to add it, and every exhaustive `match` on a
//! kind stops compiling until its consumer decides what to do with it.

use cqrs_es::Aggregate;
use strum::IntoEnumIterator;

use crate::account::Account;
use crate::appraisal::Worksheet;
use crate::criteria_set::CriteriaSet;
use crate::period::Period;
use crate::self_assessment::Scorecard;
use crate::sub_account_request::SubAccountRequest;
use crate::unit::Unit;

use crate::account::AccountEventKind;
use crate::appraisal::WorksheetEventKind;
use crate::criteria_set::CriteriaSetEventKind;
use crate::period::PeriodEventKind;
use crate::self_assessment::ScorecardEventKind;
use crate::sub_account_request::SubAccountRequestEventKind;
use crate::unit::UnitEventKind;

/// One kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// An account's.
    Account(AccountEventKind),
    /// A unit's.
    Unit(UnitEventKind),
    /// A criteria set's.
    CriteriaSet(CriteriaSetEventKind),
    /// A period's.
    Period(PeriodEventKind),
    /// A scorecard's.
    Scorecard(ScorecardEventKind),
    /// An appraiser's worksheet's.
    Worksheet(WorksheetEventKind),
    /// A sub-account request's.
    SubAccountRequest(SubAccountRequestEventKind),
}

impl EventKind {
    /// Every kind, aggregate by aggregate, in declaration order.
    pub fn all() -> Vec<Self> {
        let mut kinds: Vec<Self> = AccountEventKind::iter().map(Self::Account).collect();
        kinds.extend(UnitEventKind::iter().map(Self::Unit));
        kinds.extend(CriteriaSetEventKind::iter().map(Self::CriteriaSet));
        kinds.extend(PeriodEventKind::iter().map(Self::Period));
        kinds.extend(ScorecardEventKind::iter().map(Self::Scorecard));
        kinds.extend(WorksheetEventKind::iter().map(Self::Worksheet));
        kinds.extend(SubAccountRequestEventKind::iter().map(Self::SubAccountRequest));
        kinds
    }

    /// The kind of a stored event, by its aggregate type and event type as
    /// the log names them; `None` for a name this version does not know.
    pub fn parse(aggregate: &str, name: &str) -> Option<Self> {
        let kind = match aggregate {
            Account::TYPE => Self::Account(name.parse().ok()?),
            Unit::TYPE => Self::Unit(name.parse().ok()?),
            CriteriaSet::TYPE => Self::CriteriaSet(name.parse().ok()?),
            Period::TYPE => Self::Period(name.parse().ok()?),
            Scorecard::TYPE => Self::Scorecard(name.parse().ok()?),
            Worksheet::TYPE => Self::Worksheet(name.parse().ok()?),
            SubAccountRequest::TYPE => Self::SubAccountRequest(name.parse().ok()?),
            _ => return None,
        };
        Some(kind)
    }

    /// The stored event type (each variant's `serde` name, which is also
    /// what `DomainEvent::event_type` answers).
    pub fn name(self) -> &'static str {
        match self {
            Self::Account(kind) => kind.into(),
            Self::Unit(kind) => kind.into(),
            Self::CriteriaSet(kind) => kind.into(),
            Self::Period(kind) => kind.into(),
            Self::Scorecard(kind) => kind.into(),
            Self::Worksheet(kind) => kind.into(),
            Self::SubAccountRequest(kind) => kind.into(),
        }
    }

    /// The aggregate it belongs to, as the log names it.
    pub fn aggregate(self) -> &'static str {
        match self {
            Self::Account(_) => Account::TYPE,
            Self::Unit(_) => Unit::TYPE,
            Self::CriteriaSet(_) => CriteriaSet::TYPE,
            Self::Period(_) => Period::TYPE,
            Self::Scorecard(_) => Scorecard::TYPE,
            Self::Worksheet(_) => Worksheet::TYPE,
            Self::SubAccountRequest(_) => SubAccountRequest::TYPE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_again_by_its_stored_names() {
        let all = EventKind::all();
        assert_eq!(all.len(), 50, "a new event? add it to ops/events.md");
        for kind in all {
            assert_eq!(EventKind::parse(kind.aggregate(), kind.name()), Some(kind));
        }
        assert_eq!(EventKind::parse("scorecard", "Drafted"), None);
        assert_eq!(EventKind::parse("nowhere", "ScoreEntered"), None);
    }
}
