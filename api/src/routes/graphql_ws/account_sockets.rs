//! How many WebSockets each account holds open: a few (a page or two, a
//! client), not hundreds, since every open socket costs the server its
//! subscriptions' reads whenever the log moves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chamdiem_domain::ids::AccountId;

/// The most sockets one account may hold open at once.
pub const MAX_SOCKETS_PER_ACCOUNT: usize = 8;

/// Open sockets by account, shared by all of the server's sockets.
#[derive(Clone, Default)]
pub struct AccountSockets {
    open: Arc<Mutex<HashMap<AccountId, usize>>>,
}

/// One account's open socket; given back when dropped.
pub struct SocketSlot {
    account: AccountId,
    open: Arc<Mutex<HashMap<AccountId, usize>>>,
}

impl AccountSockets {
    /// A slot for one more socket of `account`, unless it holds the most.
    pub fn take(&self, account: AccountId) -> Option<SocketSlot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(account).or_default();
        if *count >= MAX_SOCKETS_PER_ACCOUNT {
            return None;
        }
        *count += 1;
        Some(SocketSlot {
            account,
            open: self.open.clone(),
        })
    }
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.account) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.account);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_holds_a_few_sockets_and_gets_them_back() {
        let sockets = AccountSockets::default();
        let auditor = AccountId::for_username("kiemtoan");
        let held: Vec<SocketSlot> = (0..MAX_SOCKETS_PER_ACCOUNT)
            .filter_map(|_| sockets.take(auditor))
            .collect();
        assert_eq!(held.len(), MAX_SOCKETS_PER_ACCOUNT);
        assert!(sockets.take(auditor).is_none());
        assert!(sockets.take(AccountId::for_username("khac")).is_some());
        drop(held);
        assert!(sockets.take(auditor).is_some());
    }
}
