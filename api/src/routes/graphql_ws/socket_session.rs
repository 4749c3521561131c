//! The session a WebSocket stands for, checked again and again.
//!
//! A token given in `connection_init` is not trusted for the life of the
//! socket: every operation the client starts and every message pushed to it
//! asks the session store again (a sign-out, a lock or a password change
//! ends a session at once over HTTP, and must over the socket too). When the
//! session has ended the socket is told to close, with a coded reason.
//!
//! A check is one indexed look-up; it is not cached, so that no event is
//! pushed after the one that locked the account, however fast they come.

use std::sync::{Mutex, OnceLock};

use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::sessions::{Principal, Sessions};
use secrecy::SecretString;
use tokio::sync::watch;

use crate::graphql::Caller;
use crate::per_account_limit::AccountSlot as SocketSlot;

/// Why the server closes a socket: a close code and its reason, the
/// refusal's code first, within a close frame's 123 bytes.
pub type CloseReason = (u16, &'static str);

/// The session has ended (graphql-transport-ws's 4401, "unauthorized").
pub const SESSION_ENDED: CloseReason = (4401, "UNAUTHENTICATED: phiên đăng nhập đã kết thúc");

/// The session behind one socket.
pub struct SocketSession {
    sessions: Sessions,
    token: OnceLock<SecretString>,
    slot: Mutex<Option<SocketSlot>>,
    ended: watch::Sender<Option<CloseReason>>,
}

impl SocketSession {
    /// A socket's session, before `connection_init`.
    pub fn new(sessions: Sessions) -> Self {
        Self {
            sessions,
            token: OnceLock::new(),
            slot: Mutex::new(None),
            ended: watch::channel(None).0,
        }
    }

    /// Remembers the token of `connection_init` (the protocol sends it once).
    pub fn set_token(&self, token: SecretString) {
        // A second init is refused by the protocol layer before this runs.
        let _ = self.token.set(token);
    }

    /// The caller as the session stands now: anonymous without a token, the
    /// principal while the session holds, the refusal once it has ended (and
    /// then the socket is told to close).
    pub async fn caller(&self) -> Caller {
        match self.check().await {
            Ok(principal) => Caller {
                principal,
                refused: None,
            },
            Err(refused) => Caller {
                principal: None,
                refused: Some(refused),
            },
        }
    }

    /// Whether a message may still be pushed: `Ok` while the session holds.
    pub async fn may_push(&self) -> Result<(), CommandError> {
        self.check().await.map(|_| ())
    }

    /// Asks the session store; a refusal ends the socket.
    pub async fn check(&self) -> Result<Option<Principal>, CommandError> {
        let Some(token) = self.token.get() else {
            return Ok(None);
        };
        match self.sessions.authenticate(token).await {
            Ok(principal) => Ok(Some(principal)),
            Err(error) => {
                // The database being away says nothing about the session:
                // the socket stays, the push waits for the next check.
                if !matches!(error, CommandError::Unavailable(_)) {
                    self.close(SESSION_ENDED);
                }
                Err(error)
            }
        }
    }

    /// Keeps the account's socket slot for as long as the socket lives.
    pub fn hold(&self, slot: SocketSlot) {
        if let Ok(mut held) = self.slot.lock() {
            *held = Some(slot);
        }
    }

    /// Tells the socket to close, with `reason`.
    pub fn close(&self, reason: CloseReason) {
        self.ended.send_if_modified(|ended| {
            let first = ended.is_none();
            if first {
                *ended = Some(reason);
            }
            first
        });
    }

    /// Completes, with why, once the socket is to close.
    pub async fn ended(&self) -> CloseReason {
        let mut ended = self.ended.subscribe();
        // The sender lives as long as `self`, so this cannot fail early.
        match ended.wait_for(Option::is_some).await {
            Ok(reason) => (*reason).unwrap_or(SESSION_ENDED),
            Err(_) => SESSION_ENDED,
        }
    }
}
