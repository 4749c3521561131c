//! How many WebSockets each account holds open: a few (a page or two, a
//! client), not hundreds, since every open socket costs the server its
//! subscriptions' reads whenever the log moves.

use crate::per_account_limit::PerAccountLimit;

/// The most sockets one account may hold open at once.
pub const MAX_SOCKETS_PER_ACCOUNT: usize = 8;

/// Open sockets by account, shared by all of the server's sockets.
#[derive(Clone)]
pub struct AccountSockets(pub PerAccountLimit);

impl Default for AccountSockets {
    fn default() -> Self {
        Self(PerAccountLimit::new(MAX_SOCKETS_PER_ACCOUNT))
    }
}
