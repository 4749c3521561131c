//! Điều 10.2 has every criterion of every unit appraised: an appraiser may
//! score a leaf the unit marked not applicable, with a reason, and the leaf
//! then counts. Through the API on both stores: refused without a reason
//! (coded, nothing appended), scored with one, and the aggregated ranking
//! equals figures worked out by hand below.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{APPRAISE_SCORE, SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, noon, sign_in};
use serde_json::json;

both_stores!(an_appraiser_overturns_a_not_applicable_mark_and_the_leaf_counts);

async fn an_appraiser_overturns_a_not_applicable_mark_and_the_leaf_counts(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let period = &year.period;

    // S02 scores 1.1 and marks 1.2 not applicable; S03 scores both.
    clock.set(noon(1, 10));
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    year.plan_only_submitted(&leader).await;
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    year.score_approve_submit(&leader, s03, "1.5").await;

    // Round 1: the appraiser finds S02 did owe the report.
    clock.set(noon(1, 20));
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    let message = year
        .refused(
            &appraiser,
            APPRAISE_SCORE,
            year.appraisal(("ONE", s02, "1.2"), "1", None),
            "VALIDATION",
        )
        .await;
    assert!(message.contains("cần nêu lý do"), "{message}");
    let why = "Sở có 3 đơn vị trực thuộc, phải báo cáo định kỳ";
    for round in ["ONE", "TWO"] {
        if round == "TWO" {
            clock.set(noon(2, 15));
        }
        let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
        for (unit, leaf, score, reason) in [
            (s02, "1.1", "2", None),
            (s02, "1.2", "1", Some(why)),
            (s03, "1.1", "1.5", None),
            (s03, "1.2", "2", None),
        ] {
            year.appraise(&appraiser, (round, unit, leaf), score, reason)
                .await;
        }
    }
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    year.submit_appraisal(&appraiser).await;

    // By hand: S02 1.1 = 2 and 1.2 = 1 (it counts again): 3 of 4 = 75.00;
    // had the mark stood it would be 2 of 2 = 100.00. S03 1.5 + 2 = 3.5 of
    // 4 = 87.50.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let ranking = year.aggregated_ranking(&admin).await;
    assert_eq!(
        ranking,
        json!([
            { "rank": 1, "unit": { "code": "S03" }, "total": "3.5", "applicableMaximum": "4", "index": "87.50", "state": "PROVISIONAL" },
            { "rank": 2, "unit": { "code": "S02" }, "total": "3", "applicableMaximum": "4", "index": "75.00", "state": "PROVISIONAL" },
        ])
    );
    // The unit's result names where 1.2's score came from.
    let leaves = call(
        &app,
        &admin,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { finalLeaves { leafCode points source } } }",
        json!({ "p": period, "u": s02 }),
        "scorecard.finalLeaves",
    )
    .await;
    let leaf = leaves
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["leafCode"] == "1.2")
        .cloned()
        .unwrap_or_default();
    assert_eq!(leaf["source"], "APPRAISED", "{leaves}");
    assert_eq!(leaf["points"], "1", "{leaves}");
}
