//! A year that bends, through the API on both stores: a unit that missed its
//! self-assessment deadline gets an extension of its own, with a reason,
//! and submits while its neighbour stays closed; a submitted
//! self-assessment is reopened by the administrator, with a reason, changed,
//! approved and submitted again. Each refusal on the way (wrong role,
//! outside the window, missing reason, the wrong kind of deadline) is a
//! coded error with nothing appended, and the audit trail says what was
//! done in Vietnamese.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{
    APPRAISE, ENTER, EXTEND, REOPEN, SMALL_YEAR_PASSWORD as PASSWORD, small_year,
};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, noon, sign_in};
use serde_json::{Value, json};

both_stores!(one_unit_gets_more_time_and_a_submitted_report_is_reopened);

async fn one_unit_gets_more_time_and_a_submitted_report_is_reopened(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let period = &year.period;

    // 10 January: S02 submits; S03 scores but does not.
    clock.set(noon(1, 10));
    let leader_s02 = sign_in(&app, "ld.s02", PASSWORD).await;
    let leader_s03 = sign_in(&app, "ld.s03", PASSWORD).await;
    year.score_approve_submit(&leader_s02, s02, "2").await;
    for leaf in ["1.1", "1.2"] {
        let v = json!({ "p": period, "u": s03, "l": leaf, "s": "1.5" });
        call(&app, &leader_s03, ENTER, v, "enterScore").await;
    }
    year.approve(&leader_s03, s03).await;

    // 16 January: S03 has missed its deadline.
    clock.set(noon(1, 16));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let leader_s02 = sign_in(&app, "ld.s02", PASSWORD).await;
    let leader_s03 = sign_in(&app, "ld.s03", PASSWORD).await;
    year.submit_refused(&leader_s03, s03, "DEADLINE_PASSED")
        .await;
    assert_eq!(
        year.statuses(&admin).await,
        vec![json!("SUBMITTED"), json!("LATE")]
    );
    let extension = |unit: &Value, kind: &str, date: &str, reason: &str| json!({ "i": { "periodId": period, "unitId": unit, "kind": kind, "date": date, "reason": reason } });
    // Refused: a unit extending itself, no reason, an appraisal round for
    // one unit, a date past appraisal round 1, a unit not in the period.
    year.refused(
        &leader_s03,
        EXTEND,
        extension(s03, "SELF_ASSESSMENT", "2025-01-20", "Xin thêm thời gian"),
        "FORBIDDEN",
    )
    .await;
    let message = year
        .refused(
            &admin,
            EXTEND,
            extension(s03, "SELF_ASSESSMENT", "2025-01-20", "  "),
            "VALIDATION",
        )
        .await;
    assert!(message.contains("không được để trống"), "{message}");
    let message = year
        .refused(
            &admin,
            EXTEND,
            extension(s03, "APPRAISAL_ROUND_1", "2025-02-02", "Lý do"),
            "VALIDATION",
        )
        .await;
    assert!(message.contains("tự đánh giá hoặc giải trình"), "{message}");
    year.refused(
        &admin,
        EXTEND,
        extension(s03, "SELF_ASSESSMENT", "2025-02-01", "Lý do"),
        "VALIDATION",
    )
    .await;
    year.refused(
        &admin,
        EXTEND,
        extension(period, "SELF_ASSESSMENT", "2025-01-20", "Lý do"),
        "VALIDATION",
    )
    .await;
    // Extended for S03 alone.
    let reason = "Lãnh đạo sở đi công tác nước ngoài đến ngày 18/01";
    call(
        &app,
        &admin,
        EXTEND,
        extension(s03, "SELF_ASSESSMENT", "2025-01-20", reason),
        "extendDeadline",
    )
    .await;
    assert_eq!(
        year.own_deadline(&leader_s03, s03).await,
        (json!("2025-01-20"), json!(4))
    );
    assert_eq!(
        year.own_deadline(&leader_s02, s02).await,
        (json!("2025-01-15"), Value::Null)
    );
    // S03 reads S02's deadlines no more than its scorecard.
    let other = app
        .graphql_as(
            Some(&leader_s03),
            "query($p: ID!, $u: ID!) { node(id: $p) { ... on Period { deadlinesFor(unitId: $u) { date } } } }",
            json!({ "p": period, "u": s02 }),
        )
        .await;
    assert_eq!(
        other["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{other}"
    );
    let listed = call(
        &app,
        &admin,
        "query($p: ID!) { node(id: $p) { ... on Period { unitExtensions { unit { code } kind date } } } }",
        json!({ "p": period }),
        "node.unitExtensions",
    )
    .await;
    assert_eq!(
        listed,
        json!([{ "unit": { "code": "S03" }, "kind": "SELF_ASSESSMENT", "date": "2025-01-20" }])
    );
    assert_eq!(
        year.statuses(&admin).await,
        vec![json!("SUBMITTED"), json!("APPROVED")],
        "S03 is not late until its own day ends"
    );
    // Its appraiser waits for it: S03 is not ready until it submits or its
    // own day ends, while S02 is.
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    let appraise = |unit: &Value, leaf: &str| json!({ "p": period, "u": unit, "l": leaf });
    let message = year
        .refused(&appraiser, APPRAISE, appraise(s03, "1.1"), "CONFLICT")
        .await;
    assert!(message.contains("chưa gửi"), "{message}");
    call(&app, &appraiser, APPRAISE, appraise(s02, "1.1"), "appraise").await;
    year.submit(&leader_s03, s03).await;
    call(&app, &appraiser, APPRAISE, appraise(s03, "1.1"), "appraise").await;
    // S02's own deadline did not move.
    year.refused(
        &leader_s02,
        ENTER,
        json!({ "p": period, "u": s02, "l": "1.1", "s": "1.5" }),
        "DEADLINE_PASSED",
    )
    .await;

    // S02 asks to correct its submitted report. Reopening needs the unit's
    // deadline to run, a reason, and an administrator.
    let reopen = |unit: &Value, reason: &str| json!({ "i": { "periodId": period, "unitId": unit, "reason": reason } });
    let why = "Đơn vị đề nghị sửa điểm tiêu chí 1.1 theo Công văn 15/STP";
    let message = year
        .refused(&admin, REOPEN, reopen(s02, why), "DEADLINE_PASSED")
        .await;
    assert!(message.contains("gia hạn riêng"), "{message}");
    call(
        &app,
        &admin,
        EXTEND,
        extension(s02, "SELF_ASSESSMENT", "2025-01-18", why),
        "extendDeadline",
    )
    .await;
    year.refused(&leader_s02, REOPEN, reopen(s02, why), "FORBIDDEN")
        .await;
    year.refused(&admin, REOPEN, reopen(s02, " "), "VALIDATION")
        .await;
    let reopened = call(
        &app,
        &admin,
        REOPEN,
        reopen(s02, why),
        "reopenSelfAssessment",
    )
    .await;
    assert_eq!(reopened["scorecard"]["status"], "APPROVED", "{reopened}");
    year.refused(&admin, REOPEN, reopen(s02, why), "CONFLICT")
        .await;
    // Reopened, S02 is not ready for its appraiser until it submits again.
    year.refused(&appraiser, APPRAISE, appraise(s02, "1.2"), "CONFLICT")
        .await;
    // The unit corrects 1.1 (the approval lapses), approves and submits.
    let v = json!({ "p": period, "u": s02, "l": "1.1", "s": "1.5" });
    call(&app, &leader_s02, ENTER, v, "enterScore").await;
    year.submit_refused(&leader_s02, s02, "CONFLICT").await;
    year.approve(&leader_s02, s02).await;
    year.submit(&leader_s02, s02).await;
    let card = call(
        &app,
        &admin,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { status } }",
        json!({ "p": period, "u": s02 }),
        "scorecard",
    )
    .await;
    assert_eq!(card["status"], "SUBMITTED", "{card}");
    call(&app, &appraiser, APPRAISE, appraise(s02, "1.2"), "appraise").await;

    // The trail says what the administrator did, and why, in Vietnamese.
    let trail = call(
        &app,
        &admin,
        "{ auditTrail(first: 100) { nodes { eventType summary actorName } } }",
        json!({}),
        "auditTrail.nodes",
    )
    .await;
    let line = |event_type: &str| -> Vec<String> {
        trail
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["eventType"] == event_type)
            .map(|entry| entry["summary"].as_str().unwrap_or_default().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    assert_eq!(
        line("UnitDeadlineExtended"),
        vec![
            format!("Gia hạn riêng cho đơn vị S02 thời hạn tự đánh giá đến ngày 18/01/2025: {why}"),
            format!(
                "Gia hạn riêng cho đơn vị S03 thời hạn tự đánh giá đến ngày 20/01/2025: {reason}"
            ),
        ]
    );
    assert_eq!(
        line("SelfAssessmentReopened"),
        vec![format!("Mở lại báo cáo tự đánh giá đã gửi: {why}")]
    );
}
