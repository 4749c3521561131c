use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::{
    AccountCommand, AccountError, AccountEvent, AccountIssued, AccountLocked,
    AccountPasswordChanged, AccountPasswordReset, AccountPermissionsChanged, AccountSignInFailed,
    AccountUnlocked, CredentialId, DisplayName, IssueAccount, LockReason, Permission, Role,
    Username,
};
use crate::criteria::Department;
use crate::ids::{AccountId, UnitId};

/// The window failed sign-ins are counted in, in minutes. They slow the
/// next sign-in down (see the session layer); they never lock the account,
/// so that a stranger who knows a username cannot lock its holder out.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// The account aggregate. Its accessors are what sign-in and the
/// authorization policy look up.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Account {
    state: Option<State>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    id: AccountId,
    username: Username,
    display_name: DisplayName,
    role: Role,
    unit: Option<UnitId>,
    department: Option<Department>,
    permissions: BTreeSet<Permission>,
    credential: CredentialId,
    /// Counts password changes, resets and locks: a session made before one
    /// carries an older number and stops working for good.
    session_epoch: u32,
    must_change_password: bool,
    lock: Option<LockReason>,
    recent_failures: Vec<DateTime<Utc>>,
}

fn window() -> Duration {
    Duration::minutes(FAILURE_WINDOW_MINUTES)
}

impl Account {
    /// Its id, once issued.
    pub fn id(&self) -> Option<AccountId> {
        self.state.as_ref().map(|s| s.id)
    }

    /// Its username, once issued.
    pub fn username(&self) -> Option<&Username> {
        self.state.as_ref().map(|s| &s.username)
    }

    /// Its display name, once issued.
    pub fn display_name(&self) -> Option<&DisplayName> {
        self.state.as_ref().map(|s| &s.display_name)
    }

    /// Its role, once issued.
    pub fn role(&self) -> Option<Role> {
        self.state.as_ref().map(|s| s.role)
    }

    /// Its unit (data-entry accounts).
    pub fn unit(&self) -> Option<UnitId> {
        self.state.as_ref().and_then(|s| s.unit)
    }

    /// Its department (appraisers).
    pub fn department(&self) -> Option<&Department> {
        self.state.as_ref().and_then(|s| s.department.as_ref())
    }

    /// Its permissions.
    pub fn permissions(&self) -> BTreeSet<Permission> {
        self.state
            .as_ref()
            .map(|s| s.permissions.clone())
            .unwrap_or_default()
    }

    /// The stored password it signs in with, once issued.
    pub fn credential(&self) -> Option<CredentialId> {
        self.state.as_ref().map(|s| s.credential)
    }

    /// How many times its password was changed or reset or it was locked:
    /// sessions made under an older epoch no longer work.
    pub fn session_epoch(&self) -> u32 {
        self.state.as_ref().map_or(0, |s| s.session_epoch)
    }

    /// Whether the holder must change the password before anything else.
    pub fn must_change_password(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.must_change_password)
    }

    /// The lock on it, if any (a lock after failed sign-ins may have ended).
    pub fn lock_reason(&self) -> Option<&LockReason> {
        self.state.as_ref().and_then(|s| s.lock.as_ref())
    }

    /// The failed sign-ins within [`FAILURE_WINDOW_MINUTES`] before `at`,
    /// oldest first.
    pub fn recent_failures(&self, at: DateTime<Utc>) -> &[DateTime<Utc>] {
        let Some(state) = &self.state else {
            return &[];
        };
        let first = state
            .recent_failures
            .partition_point(|failure| *failure <= at - window());
        &state.recent_failures[first..]
    }

    /// Whether it is locked at `at`.
    pub fn is_locked_at(&self, at: DateTime<Utc>) -> bool {
        self.lock_reason().is_some_and(|lock| lock.holds_at(at))
    }

    fn issued(&self) -> Result<&State, AccountError> {
        self.state.as_ref().ok_or(AccountError::NotIssued)
    }

    fn decide(&self, command: AccountCommand) -> Result<Vec<AccountEvent>, AccountError> {
        match command {
            AccountCommand::Issue(issue) => self.issue(issue).map(|e| vec![e]),
            AccountCommand::GrantPermission(permission) => {
                let state = self.issued()?;
                if !permission.fits(state.role) {
                    return Err(AccountError::PermissionNotForRole(permission));
                }
                let mut permissions = state.permissions.clone();
                if !permissions.insert(permission) {
                    return Err(AccountError::Unchanged);
                }
                Ok(vec![AccountEvent::PermissionsChanged(
                    AccountPermissionsChanged {
                        account_id: state.id,
                        granted: Some(permission),
                        revoked: None,
                        permissions,
                    },
                )])
            }
            AccountCommand::RevokePermission(permission) => {
                let state = self.issued()?;
                let mut permissions = state.permissions.clone();
                if !permissions.remove(&permission) {
                    return Err(AccountError::Unchanged);
                }
                Ok(vec![AccountEvent::PermissionsChanged(
                    AccountPermissionsChanged {
                        account_id: state.id,
                        granted: None,
                        revoked: Some(permission),
                        permissions,
                    },
                )])
            }
            AccountCommand::ChangePassword {
                current_password_verified,
                new_credential,
            } => {
                let state = self.issued()?;
                if !current_password_verified {
                    return Err(AccountError::WrongPassword);
                }
                Ok(vec![AccountEvent::PasswordChanged(
                    AccountPasswordChanged {
                        account_id: state.id,
                        credential: new_credential,
                    },
                )])
            }
            AccountCommand::ResetPassword {
                temporary_credential,
            } => {
                let state = self.issued()?;
                Ok(vec![AccountEvent::PasswordReset(AccountPasswordReset {
                    account_id: state.id,
                    credential: temporary_credential,
                })])
            }
            AccountCommand::Lock(reason) => {
                let state = self.issued()?;
                // A lock that ends by itself may be replaced by a lasting one.
                if state
                    .lock
                    .as_ref()
                    .is_some_and(|lock| lock.until().is_none())
                {
                    return Err(AccountError::AlreadyLocked);
                }
                Ok(vec![AccountEvent::AccountLocked(AccountLocked {
                    account_id: state.id,
                    reason,
                })])
            }
            AccountCommand::Unlock { reason } => {
                let state = self.issued()?;
                if state.lock.is_none() {
                    return Err(AccountError::NotLocked);
                }
                Ok(vec![AccountEvent::AccountUnlocked(AccountUnlocked {
                    account_id: state.id,
                    reason,
                })])
            }
            AccountCommand::RecordFailedSignIn { at } => {
                let state = self.issued()?;
                let recent = self.recent_failures(at).len();
                let recent_failures = u32::try_from(recent).unwrap_or(u32::MAX).saturating_add(1);
                Ok(vec![AccountEvent::SignInFailed(AccountSignInFailed {
                    account_id: state.id,
                    at,
                    recent_failures,
                })])
            }
        }
    }

    fn issue(&self, command: IssueAccount) -> Result<AccountEvent, AccountError> {
        if self.state.is_some() {
            return Err(AccountError::AlreadyIssued);
        }
        match (command.role, command.unit_id.is_some()) {
            (Role::DataEntry, false) => return Err(AccountError::UnitRequired),
            (role, true) if role != Role::DataEntry => return Err(AccountError::UnitNotForRole),
            _ => {}
        }
        if command.role == Role::Appraiser && command.department.is_none() {
            return Err(AccountError::DepartmentRequired);
        }
        if let Some(permission) = command.permissions.iter().find(|p| !p.fits(command.role)) {
            return Err(AccountError::PermissionNotForRole(*permission));
        }
        Ok(AccountEvent::AccountIssued(AccountIssued {
            account_id: command.account_id,
            username: command.username,
            display_name: command.display_name,
            role: command.role,
            unit_id: command.unit_id,
            department: command.department,
            permissions: command.permissions,
            credential: command.credential,
            must_change_password: command.must_change_password,
        }))
    }
}

impl Aggregate for Account {
    const TYPE: &'static str = "account";
    type Command = AccountCommand;
    type Event = AccountEvent;
    type Error = AccountError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        if let AccountEvent::AccountIssued(issued) = event {
            self.state = Some(State {
                id: issued.account_id,
                username: issued.username,
                display_name: issued.display_name,
                role: issued.role,
                unit: issued.unit_id,
                department: issued.department,
                permissions: issued.permissions,
                credential: issued.credential,
                session_epoch: 0,
                must_change_password: issued.must_change_password,
                lock: None,
                recent_failures: Vec::new(),
            });
            return;
        }
        let Some(state) = &mut self.state else {
            return;
        };
        match event {
            AccountEvent::AccountIssued(_) => {}
            AccountEvent::PermissionsChanged(e) => state.permissions = e.permissions,
            AccountEvent::PasswordChanged(e) => {
                state.credential = e.credential;
                state.session_epoch += 1;
                state.must_change_password = false;
            }
            AccountEvent::PasswordReset(e) => {
                state.credential = e.credential;
                state.session_epoch += 1;
                state.must_change_password = true;
                state.recent_failures.clear();
            }
            AccountEvent::AccountLocked(e) => {
                state.lock = Some(e.reason);
                state.session_epoch += 1;
                state.recent_failures.clear();
            }
            AccountEvent::AccountUnlocked(_) => {
                state.lock = None;
                state.recent_failures.clear();
            }
            AccountEvent::SignInFailed(e) => {
                state.recent_failures.retain(|t| *t > e.at - window());
                state.recent_failures.push(e.at);
            }
        }
    }
}
