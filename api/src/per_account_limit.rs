//! At most so many of something at once for each account (costly history
//! reads, open sockets): a slot is taken or refused at once, and given back
//! when dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chamdiem_domain::ids::AccountId;

/// The slots of every account, shared by clones.
#[derive(Clone)]
pub struct PerAccountLimit {
    limit: usize,
    held: Arc<Mutex<HashMap<AccountId, usize>>>,
}

/// One account's slot; given back when dropped.
pub struct AccountSlot {
    account: AccountId,
    held: Arc<Mutex<HashMap<AccountId, usize>>>,
}

impl PerAccountLimit {
    /// At most `limit` at once for each account.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            held: Arc::default(),
        }
    }

    /// A slot for `account`, unless it holds `limit` already.
    pub fn take(&self, account: AccountId) -> Option<AccountSlot> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let count = held.entry(account).or_default();
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(AccountSlot {
            account,
            held: self.held.clone(),
        })
    }
}

impl Drop for AccountSlot {
    fn drop(&mut self) {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = held.get_mut(&self.account) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.account);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_holds_its_slots_and_gets_them_back() {
        let limit = PerAccountLimit::new(2);
        let auditor = AccountId::for_username("kiemtoan");
        let held: Vec<AccountSlot> = (0..3).filter_map(|_| limit.take(auditor)).collect();
        assert_eq!(held.len(), 2);
        assert!(limit.take(AccountId::for_username("khac")).is_some());
        drop(held);
        assert!(limit.take(auditor).is_some());
        assert!(
            limit
                .held
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_empty(),
            "nothing is kept for an account holding nothing"
        );
    }
}
