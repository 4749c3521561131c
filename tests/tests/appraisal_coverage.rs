//! Every criterion of every unit is appraised (Điều 10.2), through the API
//! on both stores: while a (unit, leaf) has neither an appraiser nor an
//! exemption, round 1 does not open (CONFLICT, the count named, nothing
//! appended) and `appraisalCoverage` lists what is missing; the
//! administrator exempts pairs with a reason (refused without one, to a
//! unit, or with nothing left to exempt); once nothing is missing round 1
//! opens; an exempted leaf keeps the unit's own score, flagged as not
//! appraised, and the ranking equals figures worked out by hand.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{APPRAISE_SCORE, SMALL_YEAR_PASSWORD as PASSWORD, small_year};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, noon, sign_in};
use serde_json::{Value, json};

both_stores!(round_one_opens_once_every_pair_is_appraised_or_exempted);

const EXEMPT: &str =
    "mutation($i: ExemptFromAppraisalInput!) { exemptFromAppraisal(input: $i) { __typename } }";
const COVERAGE: &str = "query($p: ID!) { node(id: $p) { ... on Period { appraisalCoverage { missingCount missing { unitCode leafCodes } exempted { unitCode leafCodes } } } } }";

async fn round_one_opens_once_every_pair_is_appraised_or_exempted(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    // A second period on the same set, where the appraiser has 1.1 only.
    let second = year.open_second_period(&admin).await;
    let appraiser_id = call(
        &app,
        &admin,
        "{ accounts(first: 100) { nodes { id username } } }",
        json!({}),
        "accounts.nodes",
    )
    .await
    .as_array()
    .into_iter()
    .flatten()
    .find(|a| a["username"] == "thamdinh.snv")
    .map(|a| a["id"].clone())
    .unwrap_or_default();
    call(
        &app,
        &admin,
        "mutation($i: AssignAppraiserInput!) { assignAppraiser(input: $i) { __typename } }",
        json!({ "i": { "periodId": second, "appraiserId": appraiser_id, "unitIds": [s02, s03], "criteria": ["1.1"] } }),
        "assignAppraiser",
    )
    .await;
    let coverage = |token: String| {
        let app = &app;
        let second = second.clone();
        async move {
            call(
                app,
                &token,
                COVERAGE,
                json!({ "p": second }),
                "node.appraisalCoverage",
            )
            .await
        }
    };
    assert_eq!(
        coverage(admin.clone()).await,
        json!({ "missingCount": 2, "exempted": [],
            "missing": [{ "unitCode": "S02", "leafCodes": ["1.2"] }, { "unitCode": "S03", "leafCodes": ["1.2"] }] })
    );

    // Both units score and submit by the 10th; round 1 waits.
    clock.set(noon(1, 10));
    for (username, unit) in [("ld.s02", s02), ("ld.s03", s03)] {
        let leader = sign_in(&app, username, PASSWORD).await;
        for (leaf, score) in [("1.1", "2"), ("1.2", "1.5")] {
            call(
                &app,
                &leader,
                chamdiem_tests::small_year::ENTER,
                json!({ "p": second, "u": unit, "l": leaf, "s": score }),
                "enterScore",
            )
            .await;
        }
    }
    clock.set(noon(1, 20));
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let score = |unit: &Value| {
        json!({ "i": { "periodId": second, "round": "ONE", "unitId": unit, "leafCode": "1.1",
            "entry": { "score": "2" } } })
    };
    let message = year
        .refused(&appraiser, APPRAISE_SCORE, score(s02), "CONFLICT")
        .await;
    assert!(
        message.contains("vòng thẩm định chưa mở: còn 2 ô"),
        "{message}"
    );

    // Exemptions: with a reason, by the administrator, where something is
    // missing.
    let exempt = |units: Value, criteria: Value, reason: &str| json!({ "i": { "periodId": second, "unitIds": units, "criteria": criteria, "reason": reason } });
    year.refused(
        &admin,
        EXEMPT,
        exempt(json!([s02]), json!(["1.2"]), " "),
        "VALIDATION",
    )
    .await;
    year.refused(
        &leader,
        EXEMPT,
        exempt(json!([s02]), json!(["1.2"]), "Tự miễn"),
        "FORBIDDEN",
    )
    .await;
    call(
        &app,
        &admin,
        EXEMPT,
        exempt(
            json!([s02]),
            json!(["1"]),
            "Sở không có báo cáo định kỳ phải thẩm định",
        ),
        "exemptFromAppraisal",
    )
    .await;
    year.refused(
        &admin,
        EXEMPT,
        exempt(json!([s02]), json!(["1.2"]), "Lần nữa"),
        "CONFLICT",
    )
    .await;
    let message = year
        .refused(&appraiser, APPRAISE_SCORE, score(s02), "CONFLICT")
        .await;
    assert!(message.contains("còn 1 ô"), "{message}");
    call(
        &app,
        &admin,
        EXEMPT,
        exempt(
            Value::Null,
            Value::Null,
            "Tiêu chí 1.2 không giao thẩm định năm nay",
        ),
        "exemptFromAppraisal",
    )
    .await;
    assert_eq!(
        coverage(admin.clone()).await,
        json!({ "missingCount": 0, "missing": [],
            "exempted": [{ "unitCode": "S02", "leafCodes": ["1.2"] }, { "unitCode": "S03", "leafCodes": ["1.2"] }] })
    );

    // Round 1 opens; both rounds, submission, results. By hand: each unit
    // 1.1 appraised 2 + 1.2 its own 1.5 (not appraised) = 3.5 of 4 = 87.50.
    for unit in [s02, s03] {
        call(&app, &appraiser, APPRAISE_SCORE, score(unit), "appraise").await;
    }
    clock.set(noon(2, 15));
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    for unit in [s02, s03] {
        let mut round_two = score(unit);
        round_two["i"]["round"] = json!("TWO");
        call(&app, &appraiser, APPRAISE_SCORE, round_two, "appraise").await;
    }
    call(
        &app,
        &appraiser,
        "mutation($p: ID!) { submitAppraisal(input: { periodId: $p }) { __typename } }",
        json!({ "p": second }),
        "submitAppraisal",
    )
    .await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    let ranking = loop {
        let rows = call(
            &app,
            &admin,
            "query($p: ID!) { ranking(periodId: $p) { rank unit { code } total index state } }",
            json!({ "p": second }),
            "ranking",
        )
        .await;
        if rows
            .as_array()
            .is_some_and(|r| r.iter().all(|row| row["state"] == "PROVISIONAL"))
        {
            break rows;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never aggregated: {rows}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(
        ranking,
        json!([
            { "rank": 1, "unit": { "code": "S02" }, "total": "3.5", "index": "87.50", "state": "PROVISIONAL" },
            { "rank": 1, "unit": { "code": "S03" }, "total": "3.5", "index": "87.50", "state": "PROVISIONAL" },
        ])
    );
    let leaves = call(
        &app,
        &admin,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { finalLeaves { leafCode points source } } }",
        json!({ "p": second, "u": s02 }),
        "scorecard.finalLeaves",
    )
    .await;
    assert!(
        leaves
            .as_array()
            .into_iter()
            .flatten()
            .any(|l| l["leafCode"] == "1.2"
                && l["source"] == "SELF_NOT_APPRAISED"
                && l["points"] == "1.5"),
        "{leaves}"
    );

    // The trail names the exemption and why.
    let trail = call(
        &app,
        &admin,
        "{ auditTrail(first: 500) { nodes { summary } } }",
        json!({}),
        "auditTrail.nodes",
    )
    .await;
    assert!(
        trail.to_string().contains(
            "Miễn thẩm định 1 tiêu chí của đơn vị S02: Sở không có báo cáo định kỳ phải thẩm định"
        ),
        "{trail}"
    );
}
