//! What one client address may spend on sign-in: so many failures within a
//! window, so many attempts at once. Past either, its attempts are refused
//! at once, without looking at the password (so the refusal says nothing
//! about it). An IPv6 client counts by its /64, which one machine holds.

use chamdiem_domain::Code;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::throttle::ThrottleSettings;
use crate::command_error::CommandError;

/// The most client addresses remembered at once; beyond it the quietest
/// are forgotten first.
const MAX_CLIENTS: usize = 65_536;

#[derive(Default)]
struct Spending {
    failures: VecDeque<Instant>,
    in_flight: usize,
}

/// The budgets of every client address, in this process.
#[derive(Clone)]
pub struct ClientBudget {
    settings: ThrottleSettings,
    clients: Arc<Mutex<HashMap<IpAddr, Spending>>>,
}

/// One admitted attempt; dropping it ends the attempt.
pub struct Admission {
    client: Option<IpAddr>,
    clients: Arc<Mutex<HashMap<IpAddr, Spending>>>,
}

impl ClientBudget {
    /// Budgets under `settings`.
    pub fn new(settings: ThrottleSettings) -> Self {
        Self {
            settings,
            clients: Arc::default(),
        }
    }

    /// Admits an attempt from `client` (an address as events record it),
    /// or refuses it with `RATE_LIMITED`. An attempt from nowhere known
    /// (the command line) is always admitted.
    pub fn admit(&self, client: Option<&str>) -> Result<Admission, CommandError> {
        let client = client
            .and_then(|c| c.parse::<IpAddr>().ok())
            .map(per_machine);
        let Some(key) = client else {
            return Ok(Admission {
                client: None,
                clients: self.clients.clone(),
            });
        };
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if clients.len() >= MAX_CLIENTS && !clients.contains_key(&key) {
            forget_quietest(&mut clients);
        }
        let spending = clients.entry(key).or_default();
        let window_start = Instant::now().checked_sub(self.settings.client_window);
        while spending
            .failures
            .front()
            .is_some_and(|at| window_start.is_some_and(|start| *at <= start))
        {
            spending.failures.pop_front();
        }
        if spending.failures.len() >= self.settings.client_failures {
            let minutes = self.settings.client_window.as_secs().div_ceil(60);
            return Err(CommandError::refused(
                Code::RateLimited,
                format!(
                    "có quá nhiều lần đăng nhập sai từ địa chỉ này; vui lòng thử lại sau {minutes} phút"
                ),
            ));
        }
        if spending.in_flight >= self.settings.client_in_flight {
            return Err(CommandError::refused(
                Code::RateLimited,
                "có quá nhiều yêu cầu đăng nhập cùng lúc từ địa chỉ này; vui lòng thử lại sau giây lát",
            ));
        }
        spending.in_flight += 1;
        Ok(Admission {
            client: Some(key),
            clients: self.clients.clone(),
        })
    }
}

impl Admission {
    /// Counts a failed attempt against the client.
    pub fn failed(&self) {
        let Some(client) = self.client else { return };
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients
            .entry(client)
            .or_default()
            .failures
            .push_back(Instant::now());
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let Some(client) = self.client else { return };
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(spending) = clients.get_mut(&client) {
            spending.in_flight = spending.in_flight.saturating_sub(1);
            if spending.in_flight == 0 && spending.failures.is_empty() {
                clients.remove(&client);
            }
        }
    }
}

/// The address that stands for one machine: IPv4 as it is, IPv6 by /64.
fn per_machine(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

/// Makes room: drops clients with nothing in progress, those whose last
/// failure is oldest first, down to three quarters of the limit.
fn forget_quietest(clients: &mut HashMap<IpAddr, Spending>) {
    let mut idle: Vec<(Option<Instant>, IpAddr)> = clients
        .iter()
        .filter(|(_, spending)| spending.in_flight == 0)
        .map(|(address, spending)| (spending.failures.back().copied(), *address))
        .collect();
    idle.sort_unstable();
    let excess = clients.len().saturating_sub(MAX_CLIENTS * 3 / 4);
    for (_, address) in idle.into_iter().take(excess) {
        clients.remove(&address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> ThrottleSettings {
        ThrottleSettings {
            client_failures: 3,
            client_in_flight: 2,
            ..ThrottleSettings::default()
        }
    }

    fn code(result: Result<Admission, CommandError>) -> &'static str {
        match result {
            Ok(_) => "ADMITTED",
            Err(error) => error.code().as_str(),
        }
    }

    #[test]
    fn a_client_past_its_failures_is_refused_and_others_are_not() {
        let budget = ClientBudget::new(settings());
        for _ in 0..3 {
            let admission = budget
                .admit(Some("10.0.0.7"))
                .unwrap_or_else(|e| panic!("{e}"));
            admission.failed();
        }
        assert_eq!(code(budget.admit(Some("10.0.0.7"))), "RATE_LIMITED");
        assert_eq!(code(budget.admit(Some("10.0.0.8"))), "ADMITTED");
        assert_eq!(code(budget.admit(None)), "ADMITTED");
    }

    #[test]
    fn a_client_has_only_so_many_attempts_at_once() {
        let budget = ClientBudget::new(settings());
        let first = budget.admit(Some("2001:db8::1"));
        let second = budget.admit(Some("2001:db8::2"));
        assert_eq!(
            code(budget.admit(Some("2001:db8::3"))),
            "RATE_LIMITED",
            "one /64 is one machine"
        );
        drop(first);
        assert_eq!(code(budget.admit(Some("2001:db8::4"))), "ADMITTED");
        drop(second);
    }

    #[test]
    fn successes_leave_nothing_behind() {
        let budget = ClientBudget::new(settings());
        drop(budget.admit(Some("10.0.0.9")));
        assert!(
            budget
                .clients
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_empty()
        );
    }
}
