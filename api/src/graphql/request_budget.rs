//! What one request (a batch counts as one) may make the server read and
//! hold for its answer, shared by all its operations and aliases: history
//! pages are read one at a time and their bytes are counted against a
//! budget; the history is verified at most once.

use chamdiem_domain::Code;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chamdiem_commands::command_error::CommandError;
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::caller::graphql_error;

/// The most bytes of history (payloads, metadata, summaries) one request may
/// be answered with.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// One request's budget; clones share it.
#[derive(Clone, Default)]
pub struct RequestBudget {
    spent: Arc<AtomicUsize>,
    verified: Arc<AtomicBool>,
    reading: Arc<Mutex<()>>,
}

impl RequestBudget {
    /// The budget of the request being resolved (a fresh one where none was
    /// given, as in tests that run the schema directly).
    pub fn of(context: &async_graphql::Context<'_>) -> Self {
        context.data_opt::<Self>().cloned().unwrap_or_default()
    }

    /// Waits until no other page of this request is being read.
    pub async fn one_page_at_a_time(&self) -> OwnedMutexGuard<()> {
        self.reading.clone().lock_owned().await
    }

    /// Counts `bytes` of answer; refused once the request has spent more
    /// than [`MAX_ANSWER_BYTES`].
    pub fn spend(&self, bytes: usize) -> async_graphql::Result<()> {
        let before = self.spent.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > MAX_ANSWER_BYTES {
            return Err(graphql_error(CommandError::refused(
                Code::PayloadTooLarge,
                format!(
                    "câu trả lời vượt quá {} MiB: hãy hỏi trang nhỏ hơn (first) hoặc ít trường, bí danh hơn",
                    MAX_ANSWER_BYTES / (1024 * 1024)
                ),
            )));
        }
        Ok(())
    }

    /// Allows one verification of the history per request.
    pub fn verify_once(&self) -> async_graphql::Result<()> {
        if self.verified.swap(true, Ordering::Relaxed) {
            return Err(graphql_error(CommandError::refused(
                Code::RateLimited,
                "mỗi yêu cầu chỉ được kiểm tra lịch sử một lần",
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_budget() {
        let budget = RequestBudget::default();
        let alias = budget.clone();
        assert!(budget.spend(MAX_ANSWER_BYTES - 10).is_ok());
        assert!(alias.spend(11).is_err());
        assert!(budget.verify_once().is_ok());
        assert!(alias.verify_once().is_err());
    }
}
