//! Given/when/then tests of the account aggregate.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};

use super::*;
use crate::criteria::Department;
use crate::ids::{AccountId, PeriodId, UnitId};
use crate::self_assessment::FreeText;

type AccountTest = TestFramework<Account>;

fn id() -> AccountId {
    AccountId::for_username("nhaplieu.s02")
}

fn credential(n: u128) -> CredentialId {
    CredentialId::from_uuid(uuid::Uuid::from_u128(n))
}

fn issue(
    role: Role,
    unit_id: Option<UnitId>,
    department: Option<&str>,
    permissions: &[Permission],
) -> IssueAccount {
    IssueAccount {
        account_id: id(),
        username: Username::parse("nhaplieu.s02").unwrap_or_else(|e| panic!("{e}")),
        display_name: DisplayName::parse("Nhập liệu Sở Tư pháp").unwrap_or_else(|e| panic!("{e}")),
        role,
        unit_id,
        department: department.map(|d| Department::parse(d).unwrap_or_else(|e| panic!("{e}"))),
        permissions: permissions.iter().copied().collect(),
        credential: credential(1),
        must_change_password: true,
    }
}

fn issued(command: &IssueAccount) -> AccountEvent {
    AccountEvent::AccountIssued(AccountIssued {
        account_id: command.account_id,
        username: command.username.clone(),
        display_name: command.display_name.clone(),
        role: command.role,
        unit_id: command.unit_id,
        department: command.department.clone(),
        permissions: command.permissions.clone(),
        credential: command.credential,
        must_change_password: command.must_change_password,
    })
}

fn data_entry() -> IssueAccount {
    issue(
        Role::DataEntry,
        Some(UnitId::for_code("S02")),
        None,
        &[Permission::EntersScores],
    )
}

fn text(value: &str) -> FreeText {
    FreeText::parse(value).unwrap_or_else(|e| panic!("{e}"))
}

fn at(minutes: i64) -> DateTime<Utc> {
    "2025-01-10T02:00:00Z"
        .parse::<DateTime<Utc>>()
        .unwrap_or_default()
        + Duration::minutes(minutes)
}

fn failed(minutes: i64, recent: u32) -> AccountEvent {
    AccountEvent::SignInFailed(AccountSignInFailed {
        account_id: id(),
        at: at(minutes),
        recent_failures: recent,
    })
}

fn state_after(events: Vec<AccountEvent>) -> Account {
    let mut account = Account::default();
    for event in events {
        account.apply(event);
    }
    account
}

mod issuing {
    use super::*;

    #[tokio::test]
    async fn each_role_is_issued_with_what_it_needs() {
        for command in [
            issue(Role::Admin, None, None, &[]),
            issue(Role::Manager, None, None, &[]),
            issue(Role::Auditor, None, None, &[]),
            issue(Role::Appraiser, None, Some("Sở Tư pháp"), &[]),
            data_entry(),
        ] {
            let expected = issued(&command);
            AccountTest::with(())
                .given_no_previous_events()
                .when_async(AccountCommand::Issue(command))
                .await
                .then_expect_events(vec![expected]);
        }
    }

    #[tokio::test]
    async fn every_refusal_of_issuing() {
        let cases = [
            (
                issue(Role::DataEntry, None, None, &[]),
                AccountError::UnitRequired,
            ),
            (
                issue(Role::Appraiser, None, None, &[]),
                AccountError::DepartmentRequired,
            ),
            (
                issue(Role::Manager, Some(UnitId::for_code("S02")), None, &[]),
                AccountError::UnitNotForRole,
            ),
            (
                issue(Role::Auditor, None, None, &[Permission::ApprovesReports]),
                AccountError::PermissionNotForRole(Permission::ApprovesReports),
            ),
        ];
        for (command, error) in cases {
            AccountTest::with(())
                .given_no_previous_events()
                .when_async(AccountCommand::Issue(command))
                .await
                .then_expect_error(error);
        }
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::Issue(data_entry()))
            .await
            .then_expect_error(AccountError::AlreadyIssued);
    }

    #[test]
    fn stored_names_are_explicit() {
        let event = issued(&data_entry());
        let json = serde_json::to_value(&event).unwrap_or_default();
        assert_eq!(json["AccountIssued"]["role"], "data_entry");
        assert_eq!(json["AccountIssued"]["permissions"][0], "enters_scores");
        assert_eq!(
            (event.event_type().as_str(), event.event_version().as_str()),
            ("AccountIssued", "2")
        );
        assert!(
            json["AccountIssued"].get("password_hash").is_none(),
            "the event names a stored credential, never a hash"
        );
        assert_eq!(
            json["AccountIssued"]["credential"],
            "00000000-0000-0000-0000-000000000001"
        );
    }
}

mod permissions {
    use super::*;

    #[tokio::test]
    async fn a_leader_gets_the_approval_permission_and_loses_it() {
        let granted = AccountEvent::PermissionsChanged(AccountPermissionsChanged {
            account_id: id(),
            granted: Some(Permission::ApprovesReports),
            revoked: None,
            permissions: BTreeSet::from([Permission::EntersScores, Permission::ApprovesReports]),
        });
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::GrantPermission(Permission::ApprovesReports))
            .await
            .then_expect_events(vec![granted.clone()]);
        AccountTest::with(())
            .given(vec![issued(&data_entry()), granted])
            .when_async(AccountCommand::RevokePermission(Permission::EntersScores))
            .await
            .then_expect_events(vec![AccountEvent::PermissionsChanged(
                AccountPermissionsChanged {
                    account_id: id(),
                    granted: None,
                    revoked: Some(Permission::EntersScores),
                    permissions: BTreeSet::from([Permission::ApprovesReports]),
                },
            )]);
    }

    #[tokio::test]
    async fn nothing_to_change_or_the_wrong_role_is_refused() {
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::GrantPermission(Permission::EntersScores))
            .await
            .then_expect_error(AccountError::Unchanged);
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::RevokePermission(
                Permission::ApprovesReports,
            ))
            .await
            .then_expect_error(AccountError::Unchanged);
        AccountTest::with(())
            .given(vec![issued(&issue(Role::Manager, None, None, &[]))])
            .when_async(AccountCommand::GrantPermission(Permission::ApprovesReports))
            .await
            .then_expect_error(AccountError::PermissionNotForRole(
                Permission::ApprovesReports,
            ));
        AccountTest::with(())
            .given_no_previous_events()
            .when_async(AccountCommand::GrantPermission(Permission::ApprovesReports))
            .await
            .then_expect_error(AccountError::NotIssued);
    }
}

mod passwords {
    use super::*;

    #[tokio::test]
    async fn the_holder_changes_the_password_with_the_current_one() {
        let changed = AccountEvent::PasswordChanged(AccountPasswordChanged {
            account_id: id(),
            credential: credential(2),
        });
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::ChangePassword {
                current_password_verified: true,
                new_credential: credential(2),
            })
            .await
            .then_expect_events(vec![changed.clone()]);
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::ChangePassword {
                current_password_verified: false,
                new_credential: credential(2),
            })
            .await
            .then_expect_error(AccountError::WrongPassword);
        let account = state_after(vec![issued(&data_entry()), changed]);
        assert_eq!(
            (account.session_epoch(), account.must_change_password()),
            (1, false)
        );
    }

    #[tokio::test]
    async fn a_reset_gives_a_temporary_password_to_change_at_next_sign_in() {
        let reset = AccountEvent::PasswordReset(AccountPasswordReset {
            account_id: id(),
            credential: credential(3),
        });
        AccountTest::with(())
            .given(vec![issued(&data_entry())])
            .when_async(AccountCommand::ResetPassword {
                temporary_credential: credential(3),
            })
            .await
            .then_expect_events(vec![reset.clone()]);
        let changed = AccountEvent::PasswordChanged(AccountPasswordChanged {
            account_id: id(),
            credential: credential(4),
        });
        let account = state_after(vec![issued(&data_entry()), changed, reset]);
        assert_eq!(
            (account.session_epoch(), account.must_change_password()),
            (2, true)
        );
    }
}

mod locks {
    use super::*;

    fn appraisal_lock() -> LockReason {
        LockReason::AppraisalSubmitted {
            period_id: PeriodId::from_uuid(uuid::Uuid::nil()),
        }
    }

    #[tokio::test]
    async fn an_account_is_locked_once_and_unlocked_by_an_administrator() {
        let appraiser = issue(Role::Appraiser, None, Some("Sở Tư pháp"), &[]);
        let locked = AccountEvent::AccountLocked(AccountLocked {
            account_id: id(),
            reason: appraisal_lock(),
        });
        AccountTest::with(())
            .given(vec![issued(&appraiser)])
            .when_async(AccountCommand::Lock(appraisal_lock()))
            .await
            .then_expect_events(vec![locked.clone()]);
        AccountTest::with(())
            .given(vec![issued(&appraiser), locked.clone()])
            .when_async(AccountCommand::Lock(LockReason::Administrator {
                reason: text("Nghỉ hưu"),
            }))
            .await
            .then_expect_error(AccountError::AlreadyLocked);
        AccountTest::with(())
            .given(vec![issued(&appraiser), locked])
            .when_async(AccountCommand::Unlock {
                reason: text("Thẩm định bổ sung"),
            })
            .await
            .then_expect_events(vec![AccountEvent::AccountUnlocked(AccountUnlocked {
                account_id: id(),
                reason: text("Thẩm định bổ sung"),
            })]);
        AccountTest::with(())
            .given(vec![issued(&appraiser)])
            .when_async(AccountCommand::Unlock { reason: text("x") })
            .await
            .then_expect_error(AccountError::NotLocked);
        AccountTest::with(())
            .given_no_previous_events()
            .when_async(AccountCommand::Lock(appraisal_lock()))
            .await
            .then_expect_error(AccountError::NotIssued);
    }

    #[tokio::test]
    async fn failed_sign_ins_are_recorded_and_never_lock() {
        let many: Vec<AccountEvent> = std::iter::once(issued(&data_entry()))
            .chain((1..=9).map(|n| failed(i64::from(n), n)))
            .collect();
        AccountTest::with(())
            .given(many.clone())
            .when_async(AccountCommand::RecordFailedSignIn { at: at(10) })
            .await
            .then_expect_events(vec![failed(10, 10)]);
        let after = state_after([many, vec![failed(10, 10)]].concat());
        assert!(!after.is_locked_at(at(10)));
        assert_eq!(after.recent_failures(at(10)).len(), 10);
        assert_eq!(
            after.recent_failures(at(20)).len(),
            5,
            "only the last fifteen minutes count"
        );
    }

    #[tokio::test]
    async fn a_lock_after_failed_sign_ins_in_an_older_history_ends_by_itself() {
        let locked = state_after(vec![
            issued(&data_entry()),
            AccountEvent::AccountLocked(AccountLocked {
                account_id: id(),
                reason: LockReason::FailedSignIns { until: at(27) },
            }),
        ]);
        assert!(locked.is_locked_at(at(26)));
        assert!(!locked.is_locked_at(at(27)));
    }

    #[tokio::test]
    async fn failures_older_than_fifteen_minutes_do_not_count() {
        let spread = vec![
            issued(&data_entry()),
            failed(0, 1),
            failed(5, 2),
            failed(10, 3),
            failed(14, 4),
        ];
        AccountTest::with(())
            .given(spread)
            .when_async(AccountCommand::RecordFailedSignIn { at: at(16) })
            .await
            .then_expect_events(vec![failed(16, 4)]);
    }

    #[tokio::test]
    async fn an_administrator_lock_replaces_a_lock_that_ends_by_itself() {
        let temporary = AccountEvent::AccountLocked(AccountLocked {
            account_id: id(),
            reason: LockReason::FailedSignIns { until: at(15) },
        });
        let reason = LockReason::Administrator {
            reason: text("Nghi lộ mật khẩu"),
        };
        AccountTest::with(())
            .given(vec![issued(&data_entry()), temporary])
            .when_async(AccountCommand::Lock(reason.clone()))
            .await
            .then_expect_events(vec![AccountEvent::AccountLocked(AccountLocked {
                account_id: id(),
                reason,
            })]);
    }
}
