//! What of a period's results (ranking rows, progress) each caller may see:
//! the policy's other half, beside it, so that every door (GraphQL queries
//! and subscriptions, report downloads) asks the same rule (decision 0010).
//!
//! Rankings are public once published, and the Sở Nội vụ, its leaders and
//! auditors follow everything as it happens. A unit's scores before then are
//! its own: a data-entry account sees its unit's row of a live or provisional
//! ranking, not its neighbours', and an appraiser sees the published rows
//! only.

use chamdiem_domain::account::Role;
use chamdiem_domain::ids::UnitId;

use crate::sessions::Principal;

/// How much of a period's results a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsView {
    /// Every unit, published or not (administrators, managers, auditors,
    /// and the operator on the command line).
    Everything,
    /// Published rows, and the rows of one's own unit before then.
    PublishedAndOwn {
        /// The caller's unit, if it has one.
        unit: Option<UnitId>,
    },
}

impl ResultsView {
    /// The view of `caller`.
    pub fn of(caller: &Principal) -> Self {
        match caller.role {
            Role::Admin | Role::Manager | Role::Auditor => Self::Everything,
            Role::DataEntry | Role::Appraiser => Self::PublishedAndOwn { unit: caller.unit },
        }
    }

    /// What anyone sees without signing in, where the server is set to
    /// let them (results are public once published): published rows only.
    pub fn public() -> Self {
        Self::PublishedAndOwn { unit: None }
    }

    /// Whether every unit's rows are seen, published or not.
    pub fn sees_every_unit(self) -> bool {
        self == Self::Everything
    }

    /// Whether the row of `unit_id` is seen, `published` or not.
    pub fn shows(self, unit_id: UnitId, published: bool) -> bool {
        match self {
            Self::Everything => true,
            Self::PublishedAndOwn { unit } => published || unit == Some(unit_id),
        }
    }
}
