//! Sở Nội vụ records the survey forms it collected about any unit, through
//! the API on both stores: after the unit has submitted (its approved report
//! and its hash untouched), refused to the unit itself and past round 2,
//! a bad file refused at its row and column, all with nothing appended;
//! the forms score the unit's survey leaf with the unit's own, and the
//! aggregated ranking equals figures worked out by hand below.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{
    SET_WITH_SURVEY as SET, SMALL_YEAR_PASSWORD as PASSWORD, small_year_with,
};
use chamdiem_tests::{ADMIN_PASSWORD, TestApp, TestStore, both_stores, call, noon, sign_in};
use serde_json::{Value, json};

both_stores!(so_noi_vu_records_survey_forms_for_a_unit_and_they_score_it);

const PROVINCE: &str = "mutation($p: ID!, $u: ID!, $f: Upload!) { uploadProvinceSurveyForms(periodId: $p, unitId: $u, file: $f) { added unchanged } }";
const OWN: &str = "mutation($p: ID!, $u: ID!, $f: Upload!) { uploadSurveyForms(periodId: $p, unitId: $u, file: $f) { added unchanged } }";

fn csv(rows: &str) -> (&'static str, Vec<u8>, &'static str) {
    (
        "phieu-khao-sat.csv",
        format!("form,respondent_group,2.1\n{rows}").into_bytes(),
        "text/csv",
    )
}

async fn so_noi_vu_records_survey_forms_for_a_unit_and_they_score_it(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year_with(&app, SET).await;
    let [s02, s03] = &year.units;
    let period = &year.period;
    let at = |unit: &Value| json!({ "p": period, "u": unit, "f": null });

    // S02 submits without forms; S03 records one form of its own (A).
    clock.set(noon(1, 10));
    let s02_leader = sign_in(&app, "ld.s02", PASSWORD).await;
    year.score_approve_submit(&s02_leader, s02, "2").await;
    let s03_leader = sign_in(&app, "ld.s03", PASSWORD).await;
    let own = app
        .graphql_upload(&s03_leader, OWN, at(s03), csv("1,Người dân,A\n"))
        .await;
    assert_eq!(own["data"]["uploadSurveyForms"]["added"], 1, "{own}");
    year.score_approve_submit(&s03_leader, s03, "2").await;
    let before = report_of(&app, &s02_leader, period, s02).await;

    // 20 January, S02 long submitted: Sở Nội vụ brings its forms.
    clock.set(noon(1, 20));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let s02_leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let head = app.log_head().await;
    let refused = app
        .graphql_upload(&s02_leader, PROVINCE, at(s02), csv("1,Người dân,A\n"))
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    let bad = app
        .graphql_upload(
            &admin,
            PROVINCE,
            at(s02),
            csv("1,Người dân,A\n2,Người dân,E\n"),
        )
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["code"], "VALIDATION",
        "{bad}"
    );
    let message = bad["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("dòng 3") && message.contains("cột 2.1"),
        "{message}"
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    let forms = csv("1,Người dân,A\n2,Doanh nghiệp,C\n");
    let added = app
        .graphql_upload(&admin, PROVINCE, at(s02), forms.clone())
        .await;
    assert_eq!(
        added["data"]["uploadProvinceSurveyForms"],
        json!({ "added": 2, "unchanged": 0 }),
        "{added}"
    );
    let again = app.graphql_upload(&admin, PROVINCE, at(s02), forms).await;
    assert_eq!(
        again["data"]["uploadProvinceSurveyForms"],
        json!({ "added": 0, "unchanged": 2 }),
        "{again}"
    );
    // The unit's approved, submitted report is untouched.
    let s02_leader = sign_in(&app, "ld.s02", PASSWORD).await;
    assert_eq!(report_of(&app, &s02_leader, period, s02).await, before);
    assert_eq!(before["scorecard"]["status"], "SUBMITTED");

    // Both rounds confirm the self scores; the appraiser submits.
    for (round, day) in [("ONE", noon(1, 21)), ("TWO", noon(2, 15))] {
        clock.set(day);
        let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
        for unit in [s02, s03] {
            for leaf in ["1.1", "1.2"] {
                year.appraise(&appraiser, (round, unit, leaf), "2", None)
                    .await;
            }
        }
    }
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    year.submit_appraisal(&appraiser).await;

    // By hand: S02 2 + 2 + 2.1 from Sở Nội vụ's A (100) and C (20), mean 60 %
    // of 4 = 2.4: 6.4 of 8 = 80.00. S03 2 + 2 + its own A, 4: 8 of 8 = 100.00.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let ranking = year.aggregated_ranking(&admin).await;
    // Once results exist, Sở Nội vụ records no more (past round 2 neither:
    // the domain's tests).
    let late = app
        .graphql_upload(&admin, PROVINCE, at(s03), csv("9,Người dân,D\n"))
        .await;
    assert_eq!(
        late["errors"][0]["extensions"]["code"], "CONFLICT",
        "{late}"
    );
    assert_eq!(
        ranking,
        json!([
            { "rank": 1, "unit": { "code": "S03" }, "total": "8", "applicableMaximum": "8", "index": "100.00", "state": "PROVISIONAL" },
            { "rank": 2, "unit": { "code": "S02" }, "total": "6.4", "applicableMaximum": "8", "index": "80.00", "state": "PROVISIONAL" },
        ])
    );
    let trail = call(
        &app,
        &admin,
        "{ auditTrail(first: 100, filter: { eventType: \"ProvinceSurveyRecorded\" }) { nodes { summary actorName } } }",
        json!({}),
        "auditTrail.nodes",
    )
    .await;
    assert_eq!(trail.as_array().map(Vec::len), Some(2), "{trail}");
    assert_eq!(
        trail[0]["summary"], "Sở Nội vụ ghi nhận một phiếu khảo sát của đơn vị",
        "{trail}"
    );
}

/// A unit's report content hash and status, as `token` reads them.
async fn report_of(app: &TestApp, token: &str, period: &Value, unit: &Value) -> Value {
    let answer = app
        .graphql_as(
            Some(token),
            "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) scorecard(periodId: $p, unitId: $u) { status } }",
            json!({ "p": period, "u": unit }),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
    answer["data"].clone()
}
