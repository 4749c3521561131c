//! What of a period's ranking and progress a caller sees, by the rule of
//! [`ResultsView`] (one rule, beside the policy, for every door: GraphQL
//! queries and subscriptions, report downloads). The progress board also
//! shows an appraiser their own counts only.

use chamdiem_commands::results_view::ResultsView;
use chamdiem_commands::sessions::Principal;

use crate::progress_board::ProgressBoard;
use crate::queries::{RankingRow, RankingState};

/// The rows of a ranking `view` shows.
pub fn visible_ranking(view: ResultsView, mut rows: Vec<RankingRow>) -> Vec<RankingRow> {
    rows.retain(|row| view.shows(row.unit_id, row.state == RankingState::Published));
    rows
}

/// The part of a progress board `caller` sees.
pub fn visible_progress(caller: &Principal, mut board: ProgressBoard) -> ProgressBoard {
    let view = ResultsView::of(caller);
    if !view.sees_every_unit() {
        board.units.retain(|unit| view.shows(unit.unit_id, false));
        board
            .appraisers
            .retain(|appraiser| appraiser.appraiser_id == caller.account_id);
    }
    board
}
