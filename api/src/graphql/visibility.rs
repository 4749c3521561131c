//! What of a period's ranking and progress each caller may see.
//!
//! Rankings are public once published, and the Sở Nội vụ, its leaders and
//! auditors follow everything as it happens. A unit's scores before then are
//! its own: a data-entry account sees its unit's row of a live or provisional
//! ranking, not its neighbours' (DOMAIN: "a user sees only what their role
//! and unit allow"), and an appraiser sees the published rows only. The
//! progress board follows the same rule: a unit sees its own status, an
//! appraiser their own counts.

use chamdiem_commands::sessions::Principal;
use chamdiem_domain::account::Role;
use chamdiem_projections::progress_board::ProgressBoard;
use chamdiem_projections::queries::RankingRow;

/// The state a ranking row has once the results are published.
const PUBLISHED: &str = "published";

/// Whether `caller` follows every unit (administrators, managers, auditors).
fn sees_every_unit(caller: &Principal) -> bool {
    matches!(caller.role, Role::Admin | Role::Manager | Role::Auditor)
}

/// Whether `caller`'s own unit is `unit_id`.
fn own_unit(caller: &Principal, unit_id: &str) -> bool {
    caller.unit.is_some_and(|unit| unit.to_string() == unit_id)
}

/// The rows of a ranking `caller` may see.
pub fn visible_ranking(caller: &Principal, mut rows: Vec<RankingRow>) -> Vec<RankingRow> {
    if !sees_every_unit(caller) {
        rows.retain(|row| row.state == PUBLISHED || own_unit(caller, &row.unit_id));
    }
    rows
}

/// The part of a progress board `caller` may see.
pub fn visible_progress(caller: &Principal, mut board: ProgressBoard) -> ProgressBoard {
    if !sees_every_unit(caller) {
        board.units.retain(|unit| own_unit(caller, &unit.unit_id));
        let me = caller.account_id.to_string();
        board
            .appraisers
            .retain(|appraiser| appraiser.appraiser_id == me);
    }
    board
}
