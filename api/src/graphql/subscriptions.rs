//! Subscriptions over WebSocket (graphql-transport-ws): each yields the
//! current state at once, then again every time it changes, as the read
//! models move forward.

use async_graphql::{Context, ID, Subscription};
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::{Database, LogPosition};
use chamdiem_domain::ids::PeriodId;
use chamdiem_projections::Projector;
use chamdiem_projections::progress_board::progress_board;
use chamdiem_projections::queries::current_ranking;
use futures::Stream;

use super::caller::Caller;
use super::history_queries::{StoredEvent, stored_event};
use super::log_position::Position;
use super::mutations::id;
use super::read_queries::{RankingEntry, ranking_entries};
use super::scorecard_queries::ProgressBoardView;
use chamdiem_commands::results_view::ResultsView;
use chamdiem_projections::results_visibility::{visible_progress, visible_ranking};

/// The subscriptions.
#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// A period's ranking, now and whenever it changes; one `block` only
    /// when given, like `ranking`.
    async fn ranking_changed(
        &self,
        context: &Context<'_>,
        period_id: ID,
        block: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<Vec<RankingEntry>>>> {
        let caller = Caller::of(context)
            .authorized(&Action::ReadResults)?
            .clone();
        let period: PeriodId = id("periodId", &period_id)?;
        let database = context.data::<Database>()?.clone();
        let mut news = context.data::<Projector>()?.subscribe();
        Ok(async_stream::stream! {
            let mut last: Option<Vec<RankingEntry>> = None;
            loop {
                match current_ranking(&database, period, block.as_deref()).await {
                    Ok(rows) => match ranking_entries(visible_ranking(ResultsView::of(&caller), rows)) {
                        Ok(entries) => {
                            if last.as_ref() != Some(&entries) {
                                last = Some(entries.clone());
                                yield Ok(entries);
                            }
                        }
                        Err(error) => yield Err(error),
                    },
                    Err(error) => tracing::warn!(%error, "ranking subscription: read failed"),
                }
                if news.changed().await.is_err() {
                    break;
                }
            }
        })
    }

    /// A period's progress board, now and whenever it changes.
    async fn progress_changed(
        &self,
        context: &Context<'_>,
        period_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ProgressBoardView>> {
        let caller = Caller::of(context)
            .authorized(&Action::ReadResults)?
            .clone();
        let period: PeriodId = id("periodId", &period_id)?;
        let database = context.data::<Database>()?.clone();
        let mut news = context.data::<Projector>()?.subscribe();
        let gate = context.data::<chamdiem_commands::gate::Gate>()?.clone();
        Ok(async_stream::stream! {
            let mut last = None;
            loop {
                match progress_board(&database, period, gate.now()).await {
                    Ok(board) => {
                        let board = visible_progress(&caller, board);
                        if last.as_ref() != Some(&board) {
                            last = Some(board.clone());
                            yield ProgressBoardView::from(board);
                        }
                    }
                    Err(error) => tracing::warn!(%error, "progress subscription: read failed"),
                }
                if news.changed().await.is_err() {
                    break;
                }
            }
        })
    }

    /// Every new event of the global log after `after` (a position), as it
    /// is projected, for auditors who follow the history live.
    async fn new_events(
        &self,
        context: &Context<'_>,
        after: Option<Position>,
    ) -> async_graphql::Result<impl Stream<Item = StoredEvent>> {
        Caller::of(context).authorized(&Action::Audit)?;
        let database = context.data::<Database>()?.clone();
        let mut news = context.data::<Projector>()?.subscribe();
        let mut next = LogPosition::new(after.map_or(0, |Position(p)| p)).next();
        Ok(async_stream::stream! {
            loop {
                match database.read_from(next, 500).await {
                    Ok(batch) if !batch.is_empty() => {
                        for event in batch {
                            next = event.position.next();
                            yield stored_event(event);
                        }
                        continue;
                    }
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "event subscription: read failed"),
                }
                if news.changed().await.is_err() {
                    break;
                }
            }
        })
    }
}
