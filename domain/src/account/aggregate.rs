use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::{
    AccountCommand, AccountError, AccountEvent, AccountIssued, AccountLocked, IssueAccount,
    LockReason, Role,
};
use crate::ids::AccountId;

/// The account aggregate: the state its decisions need, rebuilt from events.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Account {
    issued: Option<IssuedAccount>,
}

#[derive(Debug, Serialize, Deserialize)]
struct IssuedAccount {
    id: AccountId,
    role: Role,
    locked: bool,
}

impl Account {
    /// Whether the account exists and is locked.
    pub fn is_locked(&self) -> bool {
        self.issued.as_ref().is_some_and(|a| a.locked)
    }

    /// The account's role, once issued.
    pub fn role(&self) -> Option<Role> {
        self.issued.as_ref().map(|a| a.role)
    }

    fn lock(&self, reason: LockReason) -> Result<AccountEvent, AccountError> {
        let account = self.issued.as_ref().ok_or(AccountError::NotIssued)?;
        if account.locked {
            return Err(AccountError::AlreadyLocked);
        }
        Ok(AccountEvent::AccountLocked(AccountLocked {
            account_id: account.id,
            reason,
        }))
    }

    fn issue(&self, command: IssueAccount) -> Result<AccountEvent, AccountError> {
        if self.issued.is_some() {
            return Err(AccountError::AlreadyIssued);
        }
        if command.role == Role::DataEntry && command.unit_id.is_none() {
            return Err(AccountError::UnitRequired);
        }
        Ok(AccountEvent::AccountIssued(AccountIssued {
            account_id: command.account_id,
            username: command.username,
            display_name: command.display_name,
            role: command.role,
            unit_id: command.unit_id,
            password_hash: command.password_hash,
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
        let event = match command {
            AccountCommand::Issue(issue) => self.issue(issue)?,
            AccountCommand::Lock(reason) => self.lock(reason)?,
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            AccountEvent::AccountIssued(issued) => {
                self.issued = Some(IssuedAccount {
                    id: issued.account_id,
                    role: issued.role,
                    locked: false,
                });
            }
            AccountEvent::AccountLocked(_) => {
                if let Some(account) = &mut self.issued {
                    account.locked = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use cqrs_es::test::TestFramework;

    use super::*;
    use crate::account::{DisplayName, PasswordHash, Username};
    use crate::ids::UnitId;

    type AccountTest = TestFramework<Account>;

    fn issue(role: Role, unit_id: Option<UnitId>) -> IssueAccount {
        IssueAccount {
            account_id: AccountId::new(),
            username: Username::parse("quantri").unwrap_or_else(|e| panic!("{e}")),
            display_name: DisplayName::parse("Quản trị").unwrap_or_else(|e| panic!("{e}")),
            role,
            unit_id,
            password_hash: PasswordHash::from_phc("$argon2id$test".into()),
            must_change_password: false,
        }
    }

    fn issued(command: &IssueAccount) -> AccountEvent {
        AccountEvent::AccountIssued(AccountIssued {
            account_id: command.account_id,
            username: command.username.clone(),
            display_name: command.display_name.clone(),
            role: command.role,
            unit_id: command.unit_id,
            password_hash: command.password_hash.clone(),
            must_change_password: command.must_change_password,
        })
    }

    #[tokio::test]
    async fn an_administrator_is_issued() {
        let command = issue(Role::Admin, None);
        let expected = issued(&command);
        AccountTest::with(())
            .given_no_previous_events()
            .when_async(AccountCommand::Issue(command))
            .await
            .then_expect_events(vec![expected]);
    }

    #[tokio::test]
    async fn an_account_is_issued_only_once() {
        let first = issue(Role::Admin, None);
        let again = issue(Role::Admin, None);
        AccountTest::with(())
            .given(vec![issued(&first)])
            .when_async(AccountCommand::Issue(again))
            .await
            .then_expect_error(AccountError::AlreadyIssued);
    }

    #[tokio::test]
    async fn a_data_entry_account_needs_a_unit() {
        AccountTest::with(())
            .given_no_previous_events()
            .when_async(AccountCommand::Issue(issue(Role::DataEntry, None)))
            .await
            .then_expect_error(AccountError::UnitRequired);
    }

    #[tokio::test]
    async fn an_account_is_locked_once() {
        let command = issue(Role::Appraiser, None);
        let id = command.account_id;
        let reason = LockReason::AppraisalSubmitted {
            period_id: crate::ids::PeriodId::from_uuid(uuid::Uuid::nil()),
        };
        let locked = AccountEvent::AccountLocked(AccountLocked {
            account_id: id,
            reason: reason.clone(),
        });
        AccountTest::with(())
            .given(vec![issued(&command)])
            .when_async(AccountCommand::Lock(reason.clone()))
            .await
            .then_expect_events(vec![locked.clone()]);
        AccountTest::with(())
            .given(vec![issued(&command), locked])
            .when_async(AccountCommand::Lock(reason.clone()))
            .await
            .then_expect_error(AccountError::AlreadyLocked);
        AccountTest::with(())
            .given_no_previous_events()
            .when_async(AccountCommand::Lock(reason))
            .await
            .then_expect_error(AccountError::NotIssued);
    }

    #[test]
    fn stored_names_are_explicit() {
        let event = issued(&issue(Role::Admin, None));
        let json = serde_json::to_value(&event).unwrap_or_default();
        assert!(json.get("AccountIssued").is_some(), "{json}");
        assert_eq!(json["AccountIssued"]["role"], "admin");
        use cqrs_es::DomainEvent;
        assert_eq!(
            (event.event_type().as_str(), event.event_version().as_str()),
            ("AccountIssued", "1")
        );
    }
}
