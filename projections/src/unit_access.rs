//! Who may read a unit's scorecard, evidence and reports: the policy's rule
//! ([`Action::ReadUnit`]) with its one relation, "does the caller appraise
//! this unit in this period?", looked up in one place for every door
//! (GraphQL, evidence downloads, report downloads).

use std::collections::BTreeSet;

use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::policy::{Action, authorize};
use chamdiem_commands::sessions::Principal;
use chamdiem_commands::store::Database;
use chamdiem_domain::account::Role;
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};

use crate::ProjectionError;
use crate::queries::period_state;

/// The units `appraiser` is assigned in `period` (none when the period does
/// not exist or has no assignment for them).
pub async fn units_appraised_by(
    database: &Database,
    period: PeriodId,
    appraiser: AccountId,
) -> Result<BTreeSet<UnitId>, ProjectionError> {
    Ok(period_state(database, period)
        .await?
        .and_then(|state| state.assignment(appraiser).map(|a| a.units().collect()))
        .unwrap_or_default())
}

/// Refuses unless `caller` may read every one of `units` of `period`. The
/// assignment is read once, and only for an appraiser: no other role's
/// right depends on it.
pub async fn authorize_reading_units(
    database: &Database,
    caller: &Principal,
    period: PeriodId,
    units: &[UnitId],
) -> Result<(), CommandError> {
    let appraised = if caller.role == Role::Appraiser {
        units_appraised_by(database, period, caller.account_id).await?
    } else {
        BTreeSet::new()
    };
    for unit in units {
        let appraises_it = appraised.contains(unit);
        authorize(
            Some(caller),
            &Action::ReadUnit {
                unit: *unit,
                appraises_it,
            },
        )?;
    }
    Ok(())
}
