//! Appraisal that never waits forever, through the API on both stores: an
//! appraiser who is away is replaced for one unit while round 1 is open
//! (the scores they gave it stop counting, the new appraiser's count), and
//! an appraiser who never submits is closed in their place after round 2, so
//! the results aggregate. The ranking equals figures worked out by hand
//! below; every refusal is coded and appends nothing; the trail says it in
//! Vietnamese.

use std::sync::Arc;
use std::time::Duration;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{
    APPRAISE_SCORE, SMALL_YEAR_PASSWORD as PASSWORD, SmallYear, small_year,
};
use chamdiem_tests::{
    ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, issued_account, noon, sign_in,
};
use serde_json::{Value, json};

both_stores!(an_absent_appraiser_is_replaced_and_a_silent_one_closed);

const MOVE: &str =
    "mutation($i: MoveAssignmentInput!) { moveAssignment(input: $i) { __typename } }";
const CLOSE: &str =
    "mutation($i: CloseAppraisalInput!) { closeAppraisal(input: $i) { __typename } }";

/// Scores (unit, leaf) in `round` as `token`, with the appraisers' reason.
async fn appraise(year: &SmallYear<'_>, token: &str, at: (&str, &Value, &str), score: &str) {
    year.appraise(token, at, score, Some("Đối chiếu hồ sơ lưu"))
        .await;
}

/// The units of an appraiser's worksheet, by code.
async fn worksheet_units(year: &SmallYear<'_>, token: &str) -> Vec<Value> {
    let progress = call(
        year.app,
        token,
        "query($p: ID!) { worksheetProgress(periodId: $p) { unit { code } } }",
        json!({ "p": year.period }),
        "worksheetProgress",
    )
    .await;
    progress
        .as_array()
        .into_iter()
        .flatten()
        .map(|line| line["unit"]["code"].clone())
        .collect()
}

async fn an_absent_appraiser_is_replaced_and_a_silent_one_closed(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let period = &year.period;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let mut ids = Vec::new();
    for (username, department) in [
        ("thamdinh.snv2", "Sở Nội vụ"),
        ("thamdinh.stp", "Sở Tư pháp"),
    ] {
        let (id, _) = issued_account(
            &app,
            &admin,
            json!({ "username": username, "displayName": username, "role": "APPRAISER",
                "department": department }),
            PASSWORD,
        )
        .await;
        ids.push(json!(id));
    }
    let (second, other_department) = (&ids[0], &ids[1]);
    let first = call(
        &app,
        &admin,
        "query($p: ID!) { node(id: $p) { ... on Period { assignments { appraiserId } } } }",
        json!({ "p": period }),
        "node.assignments",
    )
    .await[0]["appraiserId"]
        .clone();

    // Self-assessment: S02 claims 2 + 2, S03 1.5 + 2.
    clock.set(noon(1, 10));
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    year.score_approve_submit(&leader, s02, "2").await;
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    year.score_approve_submit(&leader, s03, "1.5").await;

    // Round 1: the first appraiser scores S02 1.1 and S03 1.1, then is away.
    clock.set(noon(1, 20));
    let snv = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    appraise(&year, &snv, ("ONE", s02, "1.1"), "1.5").await;
    appraise(&year, &snv, ("ONE", s03, "1.1"), "0.5").await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    let moving = |from: &Value, to: &Value, units: Value, reason: &str| {
        json!({ "i": { "periodId": period, "fromAppraiserId": from, "toAppraiserId": to,
            "unitIds": units, "reason": reason } })
    };
    let why = "Chuyên viên Nguyễn Văn A nghỉ ốm dài ngày";
    // Refused: by a unit, without a reason, to the same appraiser, to
    // another department, a unit the appraiser does not have.
    year.refused(
        &leader,
        MOVE,
        moving(&first, second, json!([s03]), why),
        "FORBIDDEN",
    )
    .await;
    year.refused(
        &admin,
        MOVE,
        moving(&first, second, json!([s03]), " "),
        "VALIDATION",
    )
    .await;
    year.refused(
        &admin,
        MOVE,
        moving(&first, &first, json!([s03]), why),
        "VALIDATION",
    )
    .await;
    let message = year
        .refused(
            &admin,
            MOVE,
            moving(&first, other_department, json!([s03]), why),
            "VALIDATION",
        )
        .await;
    assert!(message.contains("Sở Tư pháp"), "{message}");
    year.refused(
        &admin,
        MOVE,
        moving(second, &first, json!([s03]), why),
        "VALIDATION",
    )
    .await;
    call(
        &app,
        &admin,
        MOVE,
        moving(&first, second, json!([s03]), why),
        "moveAssignment",
    )
    .await;

    // The first appraiser keeps S02 only; the second has S03, whose round-1
    // score by the first no longer shows.
    assert_eq!(worksheet_units(&year, &snv).await, vec![json!("S02")]);
    let snv2 = sign_in(&app, "thamdinh.snv2", PASSWORD).await;
    assert_eq!(worksheet_units(&year, &snv2).await, vec![json!("S03")]);
    let leaves = call(
        &app,
        &admin,
        "query($p: ID!, $u: ID!) { scorecard(periodId: $p, unitId: $u) { leaves { leafCode round1Points } } }",
        json!({ "p": period, "u": s03 }),
        "scorecard.leaves",
    )
    .await;
    assert!(
        leaves
            .as_array()
            .into_iter()
            .flatten()
            .all(|l| l["round1Points"].is_null()),
        "{leaves}"
    );
    let input = json!({ "i": { "periodId": period, "round": "ONE", "unitId": s03, "leafCode": "1.2",
        "entry": { "score": "1" }, "reason": "Đối chiếu" } });
    year.refused(&snv, APPRAISE_SCORE, input, "FORBIDDEN").await;
    appraise(&year, &snv2, ("ONE", s03, "1.1"), "1").await;
    appraise(&year, &snv, ("ONE", s02, "1.2"), "2").await;

    // After round 1, work no longer moves.
    clock.set(noon(2, 15));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    year.refused(
        &admin,
        MOVE,
        moving(second, &first, Value::Null, why),
        "DEADLINE_PASSED",
    )
    .await;
    // Round 2: the first appraiser finishes S02 and submits; the second
    // never submits.
    let snv = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    appraise(&year, &snv, ("TWO", s02, "1.1"), "1.5").await;
    appraise(&year, &snv, ("TWO", s02, "1.2"), "2").await;
    year.submit_appraisal(&snv).await;
    // The process managers record the submission in the period beside the
    // server: wait for it, so that it is not counted as a refusal's doing.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let recorded = call(
            &app,
            &admin,
            "{ auditTrail(first: 5, filter: { eventType: \"AppraisalSubmissionRecorded\" }) { nodes { position } } }",
            json!({}),
            "auditTrail.nodes",
        )
        .await;
        if recorded.as_array().is_some_and(|nodes| !nodes.is_empty()) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never recorded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let closing = |reason: &str| json!({ "i": { "periodId": period, "appraiserId": second, "reason": reason } });
    let gone = "Chuyên viên đã chuyển công tác, không gửi kết quả";
    let message = year.refused(&admin, CLOSE, closing(gone), "CONFLICT").await;
    assert!(
        message.contains("20/02/2025") || message.contains("2025-02-20"),
        "{message}"
    );

    // 21 February: round 2 is over; the second appraisal is closed.
    clock.set(noon(2, 21));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    year.refused(&admin, CLOSE, closing(" "), "VALIDATION")
        .await;
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    year.refused(&leader, CLOSE, closing(gone), "FORBIDDEN")
        .await;
    call(&app, &admin, CLOSE, closing(gone), "closeAppraisal").await;
    year.refused(&admin, CLOSE, closing(gone), "CONFLICT").await;

    // The results aggregate without waiting. Worked by hand: S02 1.1 is 1.5
    // (round 2), 1.2 is 2: 3.5 of 4 = 87.50. S03 1.1 is the second
    // appraiser's 1 (the first's 0.5 no longer counts), 1.2 was never
    // appraised and keeps its own 2: 3 of 4 = 75.00.
    let ranking = year.aggregated_ranking(&admin).await;
    assert_eq!(
        ranking,
        json!([
            { "rank": 1, "unit": { "code": "S02" }, "total": "3.5", "applicableMaximum": "4", "index": "87.50", "state": "PROVISIONAL" },
            { "rank": 2, "unit": { "code": "S03" }, "total": "3", "applicableMaximum": "4", "index": "75.00", "state": "PROVISIONAL" },
        ])
    );

    // The board counts the closed appraisal as in.
    let board = call(
        &app,
        &admin,
        "query($p: ID!) { progressBoard(periodId: $p) { appraisers { appraiserId submitted } } }",
        json!({ "p": period }),
        "progressBoard.appraisers",
    )
    .await;
    assert!(
        board
            .as_array()
            .is_some_and(|rows| rows.len() == 2 && rows.iter().all(|row| row["submitted"] == true)),
        "{board}"
    );
    let trail = call(
        &app,
        &admin,
        "{ auditTrail(first: 100) { nodes { eventType summary } } }",
        json!({}),
        "auditTrail.nodes",
    )
    .await;
    let summaries: Vec<&str> = trail
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["eventType"] == "AssignmentMoved" || e["eventType"] == "AppraisalClosed")
        .filter_map(|e| e["summary"].as_str())
        .collect();
    assert!(
        summaries.contains(
            &format!("Chuyển phần thẩm định của đơn vị S03 sang người thẩm định khác: {why}")
                .as_str()
        ),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(
            &format!("Kết thúc thẩm định thay người thẩm định chưa gửi kết quả: {gone}").as_str()
        ),
        "{summaries:?}"
    );
}
