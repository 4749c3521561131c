//! What of a period's ranking and progress each caller may see, by the rule
//! of [`ResultsView`] (one rule for every door). The progress board also
//! shows an appraiser their own counts only.

use chamdiem_commands::results_view::ResultsView;
use chamdiem_commands::sessions::Principal;
use chamdiem_projections::progress_board::ProgressBoard;
use chamdiem_projections::queries::{RankingRow, RankingState};

/// The rows of a ranking `caller` may see.
pub fn visible_ranking(caller: &Principal, mut rows: Vec<RankingRow>) -> Vec<RankingRow> {
    let view = ResultsView::of(caller);
    rows.retain(|row| view.shows(row.unit_id, row.state == RankingState::Published));
    rows
}

/// The part of a progress board `caller` may see.
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
