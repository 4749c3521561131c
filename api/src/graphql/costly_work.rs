//! Work whose cost grows with the history (verifying it, reading pages of
//! it): a few at a time on the server, queued, and at most two at a time for
//! one account, refused beyond, so that one caller cannot hold the server's
//! memory or processors by sending many requests at once.

use chamdiem_domain::Code;
use std::sync::Arc;

use chamdiem_commands::command_error::CommandError;
use chamdiem_domain::ids::AccountId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::caller::graphql_error;
use crate::per_account_limit::{AccountSlot, PerAccountLimit};

/// Costly operations running at once on the server; others wait.
pub const SERVER_SLOTS: usize = 4;
/// Costly operations one account may have running at once.
pub const ACCOUNT_SLOTS: usize = 2;

/// The server's slots for costly work.
#[derive(Clone)]
pub struct CostlyWork {
    server: Arc<Semaphore>,
    accounts: PerAccountLimit,
}

impl Default for CostlyWork {
    fn default() -> Self {
        Self {
            server: Arc::new(Semaphore::new(SERVER_SLOTS)),
            accounts: PerAccountLimit::new(ACCOUNT_SLOTS),
        }
    }
}

/// A slot held; released when dropped.
pub struct CostlySlot {
    _server: OwnedSemaphorePermit,
    _account: AccountSlot,
}

impl CostlyWork {
    /// Takes a slot for `account`: refused at once when it already has
    /// [`ACCOUNT_SLOTS`], else waits for one of the server's.
    pub async fn begin(&self, account: AccountId) -> async_graphql::Result<CostlySlot> {
        // Given back on drop, also when the wait below is abandoned.
        let account = self.accounts.take(account).ok_or_else(|| {
            graphql_error(CommandError::refused(
                Code::RateLimited,
                format!(
                    "tài khoản đang có {ACCOUNT_SLOTS} truy vấn lịch sử chạy cùng lúc; hãy chờ chúng xong"
                ),
            ))
        })?;
        let permit = self
            .server
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| graphql_error(CommandError::Internal(e.to_string())))?;
        Ok(CostlySlot {
            _server: permit,
            _account: account,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_account_has_two_slots_and_gets_them_back() {
        let work = CostlyWork::default();
        let auditor = AccountId::for_username("kiemtoan");
        let first = work.begin(auditor).await;
        let second = work.begin(auditor).await;
        assert!(first.is_ok() && second.is_ok());
        assert!(work.begin(auditor).await.is_err());
        assert!(
            work.begin(AccountId::for_username("khac")).await.is_ok(),
            "others are not held back"
        );
        drop(first);
        assert!(work.begin(auditor).await.is_ok());
    }
}
