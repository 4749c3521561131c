//! What the account directory says of a lock, read at the moment it is
//! asked, on both stores.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_commands::metadata::CommandMetadata;
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{Account, AccountCommand, LockReason};
use chamdiem_tests::{TestApp, TestStore, admin_token, both_stores, call, issued_account, noon};
use chrono::Duration;
use serde_json::{Value, json};

both_stores!(a_lock_after_failed_sign_ins_reads_unlocked_once_it_has_ended);

/// Whether the directory lists `username` as locked, as `token` reads it.
async fn listed_as_locked(app: &TestApp, token: &str, username: &str) -> Value {
    let page = call(
        app,
        token,
        "{ accounts(first: 100) { nodes { username role permissions locked lock { kind until } } } }",
        json!({}),
        "accounts",
    )
    .await;
    page["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|node| node["username"] == username)
        .map(|node| {
            // Typed, not JSON text: the role and permissions as enums, the
            // lock as an object.
            assert_eq!(node["role"], "AUDITOR", "{node}");
            assert_eq!(node["permissions"], json!([]), "{node}");
            if !node["lock"].is_null() {
                assert_eq!(node["lock"]["kind"], "FAILED_SIGN_INS", "{node}");
                assert!(node["lock"]["until"].is_string(), "{node}");
            }
            node["locked"].clone()
        })
        .unwrap_or_else(|| panic!("{username} is not listed: {page}"))
}

async fn a_lock_after_failed_sign_ins_reads_unlocked_once_it_has_ended(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 10)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let admin = admin_token(&app).await;
    let (account, _) = issued_account(
        &app,
        &admin,
        json!({ "username": "kiemtoan", "displayName": "Kiểm toán viên", "role": "AUDITOR" }),
        "mật khẩu kiểm toán viên",
    )
    .await;
    // Histories from before decision 0013 hold locks that end by themselves.
    let write = WriteSide::new(
        app.database.database.clone(),
        clock.clone(),
        app.seal_key.clone(),
    );
    let until = noon(1, 10) + Duration::minutes(15);
    write
        .run::<Account>(
            &account,
            &CommandMetadata::operator("test"),
            AccountCommand::Lock(LockReason::FailedSignIns { until }),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut locked = Value::Null;
    for _ in 0..200 {
        locked = listed_as_locked(&app, &admin, "kiemtoan").await;
        if locked == true {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(locked, true, "locked until {until}");
    clock.set(until + Duration::seconds(1));
    assert_eq!(listed_as_locked(&app, &admin, "kiemtoan").await, false);
}
