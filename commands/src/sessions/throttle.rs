//! How failed sign-ins slow the next ones down (decision 0013).
//!
//! Nothing here locks an account: a stranger who knows a username could
//! otherwise lock its holder out at will. Instead each account's recent
//! failures make the next attempt on it wait, doubling from the fourth on up
//! to a ceiling, and attempts on one account are taken one at a time, so
//! that concurrent, aliased or batched guesses wait their turn like any
//! other. The holder, who knows the password, is only ever slowed down.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The throttle's settings.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleSettings {
    /// Failures within the window that cost nothing.
    pub free_failures: usize,
    /// The wait after the first failure beyond those; it doubles with each.
    pub first_delay: Duration,
    /// The longest wait.
    pub longest_delay: Duration,
    /// Failed sign-ins one client address may make within the window, on
    /// any accounts, before its attempts are refused without being checked.
    pub client_failures: usize,
    /// Sign-ins one client address may have in progress at once.
    pub client_in_flight: usize,
    /// The window a client's failures are counted in.
    pub client_window: Duration,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self {
            free_failures: 3,
            first_delay: Duration::from_secs(1),
            longest_delay: Duration::from_secs(30),
            client_failures: 30,
            client_in_flight: 8,
            client_window: Duration::from_secs(15 * 60),
        }
    }
}

impl ThrottleSettings {
    /// How long an attempt made `now` must wait, given the account's
    /// failures within the window (oldest first).
    pub fn wait(&self, recent_failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Duration {
        let Some(last) = recent_failures.last() else {
            return Duration::ZERO;
        };
        let Some(beyond) = recent_failures.len().checked_sub(self.free_failures) else {
            return Duration::ZERO;
        };
        if beyond == 0 {
            return Duration::ZERO;
        }
        let doublings = u32::try_from(beyond - 1).unwrap_or(u32::MAX).min(16);
        let delay = self
            .first_delay
            .saturating_mul(1_u32 << doublings)
            .min(self.longest_delay);
        let since = (now - *last).to_std().unwrap_or(Duration::ZERO);
        delay.saturating_sub(since)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn the_wait_doubles_after_the_free_failures_up_to_a_ceiling() {
        let settings = ThrottleSettings::default();
        let failures: Vec<_> = (0..10).map(at).collect();
        let wait_after = |n: usize| settings.wait(&failures[..n], at(9));
        assert_eq!(wait_after(0), Duration::ZERO);
        assert_eq!(wait_after(3), Duration::ZERO);
        // The fourth failure's last one was at 3 s, six seconds before.
        assert_eq!(settings.wait(&failures[..4], at(3)), Duration::from_secs(1));
        assert_eq!(settings.wait(&failures[..5], at(4)), Duration::from_secs(2));
        assert_eq!(settings.wait(&failures[..6], at(5)), Duration::from_secs(4));
        assert_eq!(
            settings.wait(&failures[..10], at(9)),
            Duration::from_secs(30)
        );
        // Time already passed since the last failure counts.
        assert_eq!(settings.wait(&failures[..6], at(7)), Duration::from_secs(2));
        assert_eq!(settings.wait(&failures[..6], at(60)), Duration::ZERO);
    }
}
