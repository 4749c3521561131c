//! Sign-in attempts on one account, one at a time in this process, so that
//! each sees the failures of the ones before it (and waits for them).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as TurnLock, OwnedMutexGuard};

/// The queues of attempts, by username. A queue exists only while someone
/// is in it, so the map is as large as the attempts in progress.
#[derive(Default, Clone)]
pub struct AccountTurns {
    queues: Arc<Mutex<HashMap<String, Arc<TurnLock<()>>>>>,
}

/// A turn on one account; the next attempt goes when it is dropped.
pub struct Turn {
    username: String,
    queues: Arc<Mutex<HashMap<String, Arc<TurnLock<()>>>>>,
    guard: Option<OwnedMutexGuard<()>>,
}

impl AccountTurns {
    /// Waits for `username`'s turn.
    pub async fn take(&self, username: &str) -> Turn {
        let queue = {
            let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
            queues.entry(username.to_owned()).or_default().clone()
        };
        let guard = queue.lock_owned().await;
        Turn {
            username: username.to_owned(),
            queues: self.queues.clone(),
            guard: Some(guard),
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
        // Let the next one go before deciding whether the queue is empty.
        drop(self.guard.take());
        if queues
            .get(&self.username)
            .is_some_and(|queue| Arc::strong_count(queue) == 1)
        {
            queues.remove(&self.username);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn attempts_on_one_account_take_turns_and_leave_nothing_behind() {
        let turns = AccountTurns::default();
        let first = turns.take("ld.s01").await;
        let other = turns.take("ld.s02").await;
        let waiting = tokio::spawn({
            let turns = turns.clone();
            async move { turns.take("ld.s01").await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "the second attempt waits its turn");
        drop(first);
        let second = waiting.await.unwrap_or_else(|e| panic!("{e}"));
        drop((second, other));
        let queues = turns.queues.lock().unwrap_or_else(|p| p.into_inner());
        assert!(queues.is_empty());
    }
}
