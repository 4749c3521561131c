//! A leaf nobody appraises (exempted from appraisal, so its self score
//! stands) can be corrected too, through the API on both stores: S02's
//! complaint on it is upheld by the council, the administrator reopens it
//! on S02's scorecard, S02's leader scores it again with a reason on the
//! complaints page in a real headless Chromium (its approved, signed report
//! untouched), and version 2 takes it in; refusals through the API are
//! coded with nothing appended; both versions equal figures worked out by
//! hand.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{ENTER, SMALL_YEAR_PASSWORD as PASSWORD, small_year_with};
use chamdiem_tests::{
    ADMIN_PASSWORD, Browser, TestApp, TestStore, both_stores, call, exempt_the_rest, noon, sign_in,
};
use serde_json::{Value, json};

both_stores!(a_leaf_nobody_appraises_is_reopened_on_the_units_scorecard);

/// The small year's two leaves and one Sở Tài chính appraises, for which
/// no appraiser is assigned.
const SET: &str =
    "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by
1,Công tác chỉ đạo điều hành cải cách hành chính,4,,,,,Sở Nội vụ
1.1,Kế hoạch cải cách hành chính năm,2,range,,no,no,Sở Nội vụ
1.2,Báo cáo cải cách hành chính định kỳ,2,range,,no,yes,Sở Nội vụ
2,Cải cách tài chính công,2,,,,,Sở Tài chính
2.1,Công khai dự toán ngân sách,2,range,,no,no,Sở Tài chính
";

const CORRECT_OWN: &str =
    "mutation($i: CorrectSelfScoreInput!) { correctSelfScore(input: $i) { __typename } }";
const RANKING: &str = "query($p: ID!) { ranking(periodId: $p) { rank unit { code } total applicableMaximum index state } }";

async fn a_leaf_nobody_appraises_is_reopened_on_the_units_scorecard(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year_with(&app, SET).await;
    let [s02, s03] = &year.units;
    let period = &year.period;

    // S02 claims 2, 2 and 1 for its budget; S03 1.5, 2 and 2.
    clock.set(noon(1, 10));
    for (username, unit, first, budget) in [("ld.s02", s02, "2", "1"), ("ld.s03", s03, "1.5", "2")]
    {
        let leader = sign_in(&app, username, PASSWORD).await;
        call(
            &app,
            &leader,
            ENTER,
            json!({ "p": period, "u": unit, "l": "2.1", "s": budget }),
            "enterScore",
        )
        .await;
        year.score_approve_submit(&leader, unit, first).await;
    }
    // Nobody of Sở Tài chính appraises: the administrator exempts 2.1.
    clock.set(noon(1, 19));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    exempt_the_rest(&app, &admin, period).await;
    year.appraise_both_rounds_and_submit(
        &clock,
        &[
            (0, "1.1", "2", None),
            (0, "1.2", "2", None),
            (1, "1.1", "1.5", None),
            (1, "1.2", "2", None),
        ],
    )
    .await;
    // Version 1 by hand: S02 2 + 2 + 1 = 5 of 6 = 83.33; S03 1.5 + 2 + 2 =
    // 5.5 of 6 = 91.67.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    assert_eq!(
        year.aggregated_ranking(&admin).await,
        json!([
            { "rank": 1, "unit": { "code": "S03" }, "total": "5.5", "applicableMaximum": "6", "index": "91.67", "state": "PROVISIONAL" },
            { "rank": 2, "unit": { "code": "S02" }, "total": "5", "applicableMaximum": "6", "index": "83.33", "state": "PROVISIONAL" },
        ])
    );

    // The window; S02's complaint on 2.1, upheld by the council (nobody
    // appraises the leaf); the administrator reopens it.
    clock.set(noon(2, 21));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let s02_leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let s03_leader = sign_in(&app, "ld.s03", PASSWORD).await;
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    year.open_complaints_until_25_february(&admin).await;
    call(
        &app,
        &s02_leader,
        "mutation($i: LodgeComplaintInput!) { lodgeComplaint(input: $i) { __typename } }",
        json!({ "i": { "periodId": period, "unitId": s02, "leafCode": "2.1",
            "reason": "Dự toán đã công khai trên cổng thông tin ngày 10/01/2024" } }),
        "lodgeComplaint",
    )
    .await;
    year.uphold(&admin, 1, "Hội đồng thẩm định: đã công khai đúng hạn")
        .await;
    let hash_before = report_hash(&app, &s02_leader, period, s02).await;
    let correction = |unit: &Value, leaf: &str, score: &str, reason: &str| {
        json!({ "i": { "periodId": period, "unitId": unit, "leafCode": leaf,
            "entry": { "score": score }, "reason": reason } })
    };
    let why = "Bổ sung ảnh chụp trang công khai dự toán ngày 10/01/2024";
    // Not before it is reopened.
    let message = year
        .refused(
            &s02_leader,
            CORRECT_OWN,
            correction(s02, "2.1", "2", why),
            "CONFLICT",
        )
        .await;
    assert!(message.contains("không được mở lại"), "{message}");
    // A code that names no leaf is not reopened (it could never be scored
    // again, and would hold the results back).
    year.refused(
        &admin,
        "mutation($i: ReopenLeafInput!) { reopenLeaf(input: $i) { __typename } }",
        json!({ "i": { "periodId": period, "unitId": s02, "leafCode": "2",
            "reason": "Chấm lại cả lĩnh vực" } }),
        "VALIDATION",
    )
    .await;
    year.reopen_for_complaint(&admin, (s02, "2.1"), 1, "Chấp nhận kiến nghị số 1")
        .await;
    let reopenings = call(
        &app,
        &admin,
        "query($p: ID!) { node(id: $p) { ... on Period { corrections { reopenings { unitCode leafCode appraiserId } } } } }",
        json!({ "p": period }),
        "node.corrections.reopenings",
    )
    .await;
    assert_eq!(
        reopenings,
        json!([{ "unitCode": "S02", "leafCode": "2.1", "appraiserId": null }])
    );

    // Refused: the appraiser (not theirs), a neighbour, a leaf not
    // reopened, no reason, a score above the maximum.
    let correct_appraisal =
        "mutation($i: CorrectAppraisalInput!) { correctAppraisal(input: $i) { __typename } }";
    for (token, query, (leaf, score, reason), code) in [
        (
            &appraiser,
            correct_appraisal,
            ("2.1", "2", why),
            "FORBIDDEN",
        ),
        (&s03_leader, CORRECT_OWN, ("2.1", "2", why), "FORBIDDEN"),
        (&s02_leader, CORRECT_OWN, ("1.1", "2", why), "CONFLICT"),
        (&s02_leader, CORRECT_OWN, ("2.1", "2", " "), "VALIDATION"),
        (&s02_leader, CORRECT_OWN, ("2.1", "3", why), "VALIDATION"),
    ] {
        year.refused(token, query, correction(s02, leaf, score, reason), code)
            .await;
    }
    // S02's leader scores it again on the complaints page, the form
    // saying the unit does so for want of an appraiser.
    let browser = Browser::start().await;
    let at = |path: &str| format!("{}{path}", app.address);
    browser.open(&at("/dang-nhap")).await;
    browser.fill("#username", "ld.s02").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
    browser
        .open(&at(&format!(
            "/ky-danh-gia/{}/kien-nghi",
            period.as_str().unwrap_or_default()
        )))
        .await;
    assert!(
        browser
            .text("#mo-lai-1")
            .await
            .contains("đơn vị chấm lại trên phiếu tự đánh giá")
    );
    assert_eq!(
        browser.text("label[for=diem-cham-lai-1]").await,
        "Điểm đơn vị chấm lại"
    );
    browser.fill("#diem-cham-lai-1", "2,0").await;
    browser.fill("#ly-do-cham-lai-1", why).await;
    browser.click("#form-cham-lai-1 button").await;
    assert!(browser.text(".notice").await.contains("Đã chấm lại"));
    browser.stop().await;
    // The approved, signed report is as it was.
    assert_eq!(
        report_hash(&app, &s02_leader, period, s02).await,
        hash_before
    );
    let leaves = call(
        &app,
        &s02_leader,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { leaves { leafCode correctedPoints correctionReason } } }",
        json!({ "p": period, "u": s02 }),
        "scorecard.leaves",
    )
    .await;
    let leaf = leaves
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["leafCode"] == "2.1")
        .cloned()
        .unwrap_or_default();
    assert_eq!(leaf["correctedPoints"], "2", "{leaves}");
    assert_eq!(leaf["correctionReason"], why, "{leaves}");

    // Version 2 by hand: S02 2 + 2 + 2 = 6 of 6 = 100.00, first.
    year.reaggregate(&admin, "Tiêu chí 2.1 của S02 chấm lại theo kiến nghị số 1")
        .await;
    assert_eq!(
        call(&app, &admin, RANKING, json!({ "p": period }), "ranking").await,
        json!([
            { "rank": 1, "unit": { "code": "S02" }, "total": "6", "applicableMaximum": "6", "index": "100.00", "state": "PROVISIONAL" },
            { "rank": 2, "unit": { "code": "S03" }, "total": "5.5", "applicableMaximum": "6", "index": "91.67", "state": "PROVISIONAL" },
        ])
    );
    let versions = call(
        &app,
        &admin,
        "query($p: ID!) { node(id: $p) { ... on Period { corrections { versions { version corrections { unitCode leafCode before after reason complaintNo } } } } } }",
        json!({ "p": period }),
        "node.corrections.versions",
    )
    .await;
    assert_eq!(
        versions[1]["corrections"],
        json!([{ "unitCode": "S02", "leafCode": "2.1", "before": "1", "after": "2",
            "reason": why, "complaintNo": 1 }])
    );
    let trail = call(
        &app,
        &admin,
        "{ auditTrail(first: 500, filter: { eventType: \"SelfScoreCorrected\" }) { nodes { summary } } }",
        json!({}),
        "auditTrail.nodes",
    )
    .await;
    assert_eq!(
        trail,
        json!([{ "summary": format!("Đơn vị chấm lại tiêu chí 2.1 được mở lại: 2 điểm (trước đó 1 điểm): {why}") }])
    );
}

async fn report_hash(app: &TestApp, token: &str, period: &Value, unit: &Value) -> Value {
    call(
        app,
        token,
        "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) }",
        json!({ "p": period, "u": unit }),
        "reportContentHash",
    )
    .await
}
