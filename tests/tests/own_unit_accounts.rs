//! A unit leader asks Sở Nội vụ for accounts for the unit itself (Điều 8),
//! through the API on both stores: a neighbouring unit is refused
//! (FORBIDDEN, nothing appended); the administrator approves and the
//! account is issued to the leader's unit with a temporary password, which
//! signs in.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, noon, sign_in};
use serde_json::json;

both_stores!(a_leader_asks_for_an_account_of_the_own_unit);

const REQUEST: &str = "mutation($u: ID!, $a: [RequestedAccountInput!]!) { requestSubAccounts(input: { unitId: $u, accounts: $a }) { request { id } } }";

async fn a_leader_asks_for_an_account_of_the_own_unit(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let wanted = json!([{ "username": "nhaplieu.s02", "displayName": "Chuyên viên nhập liệu Sở Tư pháp",
        "permissions": ["ENTERS_SCORES"] }]);
    year.refused(
        &leader,
        REQUEST,
        json!({ "u": s03, "a": wanted }),
        "FORBIDDEN",
    )
    .await;
    let request = call(
        &app,
        &leader,
        REQUEST,
        json!({ "u": s02, "a": wanted }),
        "requestSubAccounts.request.id",
    )
    .await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let issued = call(
        &app,
        &admin,
        "mutation($r: ID!) { approveSubAccountRequest(input: { requestId: $r }) { issued { temporaryPassword account { username unit { code } role } } } }",
        json!({ "r": request }),
        "approveSubAccountRequest.issued",
    )
    .await;
    assert_eq!(issued[0]["account"]["username"], "nhaplieu.s02", "{issued}");
    assert_eq!(issued[0]["account"]["unit"]["code"], "S02", "{issued}");
    assert_eq!(issued[0]["account"]["role"], "DATA_ENTRY", "{issued}");
    let temporary = issued[0]["temporaryPassword"].as_str().unwrap_or_default();
    assert!(!sign_in(&app, "nhaplieu.s02", temporary).await.is_empty());
}
