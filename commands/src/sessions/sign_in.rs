use chamdiem_domain::Code;
use std::sync::Arc;
use std::time::Duration;

use chamdiem_domain::account::{Account, AccountCommand, PasswordHash, Username};
use chamdiem_domain::ids::AccountId;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::OnceCell;

use super::account_turns::AccountTurns;
use super::client_budget::ClientBudget;
use super::principal::Principal;
use super::session_store::{self, NewSession};
use super::throttle::ThrottleSettings;
use super::token::{new_token, token_hash};
use crate::command_error::CommandError;
use crate::metadata::{CommandMetadata, RequestContext};
use crate::password_hasher::{hash_password, verify_password};
use crate::temporary_password::temporary_password;
use crate::write_side::WriteSide;

/// How sessions behave.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// How long a token lives.
    pub lifetime: chrono::Duration,
    /// The least time a refused sign-in takes, so that an unknown user, a
    /// wrong password (which also records the failure) and a locked account
    /// answer alike.
    pub failure_floor: Duration,
    /// How failed sign-ins slow the next ones down.
    pub throttle: ThrottleSettings,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            lifetime: chrono::Duration::hours(8),
            failure_floor: Duration::from_millis(400),
            throttle: ThrottleSettings::default(),
        }
    }
}

/// A successful sign-in.
#[derive(Debug)]
pub struct SignedIn {
    /// The bearer token, shown once.
    pub token: SecretString,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
    /// Who signed in.
    pub principal: Principal,
}

/// Sign-in, sign-out and token checks.
#[derive(Clone)]
pub struct Sessions {
    write: WriteSide,
    settings: SessionSettings,
    // Verified against when the username is unknown, so that the answer
    // takes an argon2 verification either way.
    decoy: Arc<OnceCell<PasswordHash>>,
    turns: AccountTurns,
    clients: ClientBudget,
}

fn bad_credentials() -> CommandError {
    CommandError::refused(
        Code::Unauthenticated,
        "tên đăng nhập hoặc mật khẩu không đúng",
    )
}

fn invalid_session() -> CommandError {
    CommandError::refused(
        Code::Unauthenticated,
        "phiên đăng nhập không hợp lệ hoặc đã hết hạn; vui lòng đăng nhập lại",
    )
}

impl Sessions {
    /// Sessions on `write`'s store and clock.
    pub fn new(write: WriteSide, settings: SessionSettings) -> Self {
        Self {
            write,
            settings,
            decoy: Arc::new(OnceCell::new()),
            turns: AccountTurns::default(),
            clients: ClientBudget::new(settings.throttle),
        }
    }

    /// The time now, by the clock sessions expire by.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.write.now()
    }

    async fn decoy(&self) -> Result<PasswordHash, CommandError> {
        self.decoy
            .get_or_try_init(|| async {
                let username =
                    Username::parse("decoy").map_err(|e| CommandError::Internal(e.to_string()))?;
                let (password, _) = temporary_password(&username);
                hash_password(password)
                    .await
                    .map_err(|e| CommandError::Internal(e.to_string()))
            })
            .await
            .cloned()
    }

    /// Signs in with a username and password (decision 0013). Attempts on
    /// one account take turns and wait as its recent failures say; a client
    /// address past its budget is refused without the password being looked
    /// at. A wrong password is recorded and answered alike whether or not
    /// the account exists or is locked, after the same least time. The
    /// password is never logged.
    pub async fn sign_in(
        &self,
        username: &str,
        password: String,
        request: &RequestContext,
    ) -> Result<SignedIn, CommandError> {
        let started = tokio::time::Instant::now();
        let admission = match self.clients.admit(request.client.as_deref()) {
            Ok(admission) => admission,
            Err(refused) => {
                metrics::counter!("sign_in_refused_total", "reason" => "client_budget")
                    .increment(1);
                tracing::warn!(client = ?request.client, "sign-in refused: the client's budget is spent");
                tokio::time::sleep_until(started + self.settings.failure_floor).await;
                return Err(refused);
            }
        };
        let name = Username::parse(username).ok();
        let turn = match &name {
            Some(name) => Some(self.turns.take(name.as_str()).await),
            None => None,
        };
        let account: Arc<Account> = match &name {
            Some(name) => {
                self.write
                    .load(&AccountId::for_username(name.as_str()).to_string())
                    .await?
            }
            None => Arc::default(),
        };
        let wait = self
            .settings
            .throttle
            .wait(account.recent_failures(self.write.now()), self.write.now());
        tokio::time::sleep(wait).await;
        let evaluated = tokio::time::Instant::now();
        let outcome = self.check_credentials(&account, password, request).await;
        // The next attempt on this account may go: its failure is recorded.
        drop(turn);
        if let Err(refused) = &outcome {
            if refused.code() == Code::Unauthenticated {
                admission.failed();
            }
            tokio::time::sleep_until(evaluated + self.settings.failure_floor).await;
        }
        outcome
    }

    async fn check_credentials(
        &self,
        account: &Account,
        password: String,
        request: &RequestContext,
    ) -> Result<SignedIn, CommandError> {
        let hash = match self.write.password_hash_of(account).await? {
            Some(hash) => hash,
            None => self.decoy().await?,
        };
        let verified = verify_password(password, hash)
            .await
            .map_err(|e| CommandError::Internal(e.to_string()))?;
        let now = self.write.now();
        let Some(principal) = Principal::of(account) else {
            return Err(bad_credentials());
        };
        if !verified {
            // Recorded even while the account is locked, so that every
            // guess is in the history and a lock changes nothing a guesser
            // can see.
            let metadata = CommandMetadata::for_account(
                principal.account_id,
                principal.role,
                principal.unit,
                request,
            );
            self.write
                .run::<Account>(
                    &principal.account_id.to_string(),
                    &metadata,
                    AccountCommand::RecordFailedSignIn { at: now },
                )
                .await?;
            return Err(bad_credentials());
        }
        if account.is_locked_at(now) {
            return Err(CommandError::refused(
                Code::Forbidden,
                "tài khoản đang bị khóa",
            ));
        }
        let token = new_token();
        let expires_at = now + self.settings.lifetime;
        session_store::insert(
            self.write.database(),
            NewSession {
                token_hash: &token_hash(&token),
                account_id: principal.account_id,
                session_epoch: account.session_epoch(),
                created_at: now,
                expires_at,
                client: request.client.as_deref(),
                user_agent: request.user_agent.as_deref(),
            },
        )
        .await?;
        Ok(SignedIn {
            token,
            expires_at,
            principal,
        })
    }

    /// The principal a bearer token stands for, checked against the account
    /// as it is now: locked, password changed or reset, expired or signed
    /// out all answer `UNAUTHENTICATED`.
    pub async fn authenticate(&self, token: &SecretString) -> Result<Principal, CommandError> {
        if token.expose_secret().len() != 64 {
            return Err(invalid_session());
        }
        let stored = session_store::find(self.write.database(), &token_hash(token))
            .await?
            .ok_or_else(invalid_session)?;
        let now = self.write.now();
        if stored.ended_at.is_some() || now >= stored.expires_at {
            return Err(invalid_session());
        }
        let account: Arc<Account> = self
            .write
            .load_at(&stored.account_id, stored.account_sequence)
            .await?;
        if account.is_locked_at(now) || i64::from(account.session_epoch()) != stored.session_epoch {
            return Err(invalid_session());
        }
        Principal::of(&account).ok_or_else(invalid_session)
    }

    /// Ends the session of `token`.
    pub async fn sign_out(&self, token: &SecretString) -> Result<(), CommandError> {
        session_store::end(self.write.database(), &token_hash(token), self.write.now()).await?;
        Ok(())
    }
}
