//! Given/when/then tests of sub-account requests.

use std::collections::BTreeSet;

use cqrs_es::test::TestFramework;

use super::*;
use crate::account::{DisplayName, Permission, Username};
use crate::ids::{AccountId, SubAccountRequestId, UnitId};
use crate::self_assessment::FreeText;

type RequestTest = TestFramework<SubAccountRequest>;

fn id() -> SubAccountRequestId {
    SubAccountRequestId::from_uuid(uuid::Uuid::from_u128(0x500))
}

fn wanted(name: &str) -> RequestedAccount {
    RequestedAccount {
        username: Username::parse(name).unwrap_or_else(|e| panic!("{e}")),
        display_name: DisplayName::parse("Nhập liệu Chi cục").unwrap_or_else(|e| panic!("{e}")),
        permissions: BTreeSet::from([Permission::EntersScores]),
    }
}

fn submit(accounts: Vec<RequestedAccount>) -> SubAccountCommand {
    SubAccountCommand::Submit {
        request_id: id(),
        requested_by: AccountId::for_username("lanhdao.s06"),
        unit_id: UnitId::for_code("S06-CC1"),
        accounts,
    }
}

fn requested() -> SubAccountRequestEvent {
    SubAccountRequestEvent::Requested(SubAccountsRequested {
        request_id: id(),
        requested_by: AccountId::for_username("lanhdao.s06"),
        unit_id: UnitId::for_code("S06-CC1"),
        accounts: vec![wanted("nhaplieu.cc1")],
    })
}

fn reason() -> FreeText {
    FreeText::parse("Chi cục chưa được giao nhiệm vụ chấm điểm").unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_unit_asks_for_accounts_for_a_subordinate_unit() {
    RequestTest::with(())
        .given_no_previous_events()
        .when_async(submit(vec![wanted("nhaplieu.cc1")]))
        .await
        .then_expect_events(vec![requested()]);
}

#[tokio::test]
async fn a_request_needs_distinct_accounts() {
    RequestTest::with(())
        .given_no_previous_events()
        .when_async(submit(vec![]))
        .await
        .then_expect_error(SubAccountError::Count { max: 20 });
    RequestTest::with(())
        .given_no_previous_events()
        .when_async(submit(vec![wanted("nhaplieu.cc1"), wanted("nhaplieu.cc1")]))
        .await
        .then_expect_error(SubAccountError::DuplicateUsername("nhaplieu.cc1".into()));
}

#[tokio::test]
async fn the_administrator_approves_once_unless_a_username_is_taken() {
    RequestTest::with(())
        .given(vec![requested()])
        .when_async(SubAccountCommand::Approve { taken: vec![] })
        .await
        .then_expect_events(vec![SubAccountRequestEvent::Approved(
            SubAccountRequestApproved {
                request_id: id(),
                accounts: vec![AccountId::for_username("nhaplieu.cc1")],
            },
        )]);
    RequestTest::with(())
        .given(vec![requested()])
        .when_async(SubAccountCommand::Approve {
            taken: vec![wanted("nhaplieu.cc1").username],
        })
        .await
        .then_expect_error(SubAccountError::UsernameTaken("nhaplieu.cc1".into()));
}

#[tokio::test]
async fn the_administrator_rejects_with_a_reason_and_decides_once() {
    let rejected = SubAccountRequestEvent::Rejected(SubAccountRequestRejected {
        request_id: id(),
        reason: reason(),
    });
    RequestTest::with(())
        .given(vec![requested()])
        .when_async(SubAccountCommand::Reject { reason: reason() })
        .await
        .then_expect_events(vec![rejected.clone()]);
    RequestTest::with(())
        .given(vec![requested(), rejected])
        .when_async(SubAccountCommand::Approve { taken: vec![] })
        .await
        .then_expect_error(SubAccountError::AlreadyDecided);
    RequestTest::with(())
        .given_no_previous_events()
        .when_async(SubAccountCommand::Reject { reason: reason() })
        .await
        .then_expect_error(SubAccountError::NotSubmitted);
}
