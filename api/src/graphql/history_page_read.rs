//! Reading one page of the history for a request: the request's pages one
//! at a time, each in one of the server's slots for costly work, its bytes
//! counted against the request's answer budget.

use async_graphql::Context;
use chamdiem_domain::ids::AccountId;
use tokio::sync::OwnedMutexGuard;

use super::costly_work::{CostlySlot, CostlyWork};
use super::request_budget::RequestBudget;

/// A page being read; the next one may start when it is dropped.
pub struct HistoryPageRead {
    budget: RequestBudget,
    _one_page: OwnedMutexGuard<()>,
    _slot: CostlySlot,
}

impl HistoryPageRead {
    /// Waits for this request's turn and a slot for `account`.
    pub async fn begin(context: &Context<'_>, account: AccountId) -> async_graphql::Result<Self> {
        let budget = RequestBudget::of(context);
        let one_page = budget.one_page_at_a_time().await;
        let slot = context.data::<CostlyWork>()?.begin(account).await?;
        Ok(Self {
            budget,
            _one_page: one_page,
            _slot: slot,
        })
    }

    /// Counts the page's `bytes` against the request's budget.
    pub fn spend(&self, bytes: usize) -> async_graphql::Result<()> {
        self.budget.spend(bytes)
    }
}
