//! A period whose self-assessment opens on a later day, through the API on
//! both stores: before that day a unit's entry is refused (CONFLICT, the
//! day named, nothing appended); from that day it is taken; an opening day
//! after the self-assessment deadline is refused when the period opens.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{ENTER, SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, noon, sign_in};
use serde_json::json;

both_stores!(the_self_assessment_opens_on_its_day);

const OPEN: &str = "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id selfAssessmentOpens } } }";

async fn the_self_assessment_opens_on_its_day(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let s02 = &year.units[0];
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let too_late = year.second_period_input(&admin, Some("2025-01-16")).await;
    let message = year.refused(&admin, OPEN, too_late, "VALIDATION").await;
    assert!(
        message.contains("bắt đầu tự đánh giá ≤ tự đánh giá"),
        "{message}"
    );
    let input = year.second_period_input(&admin, Some("2025-01-08")).await;
    let opened = call(&app, &admin, OPEN, input, "openPeriod.period").await;
    assert_eq!(opened["selfAssessmentOpens"], "2025-01-08");
    let period = &opened["id"];

    clock.set(noon(1, 7));
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let entry = json!({ "p": period, "u": s02, "l": "1.1", "s": "2" });
    let message = year
        .refused(&leader, ENTER, entry.clone(), "CONFLICT")
        .await;
    assert!(
        message.contains("chưa đến thời gian tự đánh giá: bắt đầu từ ngày 08/01/2025"),
        "{message}"
    );
    clock.set(noon(1, 8));
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    call(&app, &leader, ENTER, entry, "enterScore").await;
}
