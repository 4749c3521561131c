//! Corrections after provisional results, through the API on both stores:
//! the window for complaints, a unit's complaint with its file, the
//! appraiser's answer (upheld) and the council's (rejected), the leaf
//! reopened and scored again, version 2 of the results with what changed
//! and why, version 1 still readable; every refusal coded with nothing
//! appended; the rankings of both versions equal figures worked out by
//! hand below.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{SMALL_YEAR_PASSWORD as PASSWORD, SmallYear, small_year};
use chamdiem_tests::{
    ADMIN_PASSWORD, TestApp, TestStore, audit_lines, both_stores, call, issued_account, noon,
    ranking_report_csv, sign_in,
};
use serde_json::{Value, json};

both_stores!(a_complaint_upheld_reopens_a_leaf_and_version_two_lists_the_change);

const LODGE: &str = "mutation($i: LodgeComplaintInput!, $f: Upload) { lodgeComplaint(input: $i, file: $f) { __typename } }";
const ANSWER: &str =
    "mutation($i: AnswerComplaintInput!) { answerComplaint(input: $i) { __typename } }";
const REOPEN_LEAF: &str = "mutation($i: ReopenLeafInput!) { reopenLeaf(input: $i) { __typename } }";
const CORRECT: &str =
    "mutation($i: CorrectAppraisalInput!) { correctAppraisal(input: $i) { __typename } }";
const REAGGREGATE: &str =
    "mutation($i: ReaggregateResultsInput!) { reaggregateResults(input: $i) { __typename } }";
const WINDOW: &str =
    "mutation($i: OpenComplaintWindowInput!) { openComplaintWindow(input: $i) { __typename } }";
const CORRECTIONS: &str = "query($p: ID!) { node(id: $p) { ... on Period { corrections {
    resultsVersion complaintsUntil
    complaints { no unitCode leafCode reason evidence { fileName contentHash } outcome answer }
    reopenings { no unitCode leafCode complaintNo settledIn }
    versions { version reason
      corrections { unitCode leafCode before after reason complaintNo }
      changes { unitCode rankBefore rankAfter indexBefore indexAfter leaves { leafCode before after } }
      ranking { rank unit { code } total index state } } } } } }";

/// Round 1 and 2 as the appraiser scores them: S02's plan (1.1) found
/// late, 1 of 2; everything else as the units scored it.
const APPRAISED: [(usize, &str, &str, Option<&str>); 4] = [
    (0, "1.1", "1", Some("Kế hoạch ban hành sau ngày 31/12")),
    (0, "1.2", "2", None),
    (1, "1.1", "1.5", None),
    (1, "1.2", "2", None),
];

fn lodge(year: &SmallYear<'_>, unit: &Value, leaf: &str, reason: &str) -> Value {
    json!({ "i": { "periodId": year.period, "unitId": unit, "leafCode": leaf, "reason": reason,
        "locator": "trang 1" }, "f": null })
}

async fn corrections(app: &TestApp, token: &str, year: &SmallYear<'_>) -> Value {
    call(
        app,
        token,
        CORRECTIONS,
        json!({ "p": year.period }),
        "node.corrections",
    )
    .await
}

async fn a_complaint_upheld_reopens_a_leaf_and_version_two_lists_the_change(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year(&app).await;
    let [s02, s03] = &year.units;
    let period = &year.period;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    issued_account(
        &app,
        &admin,
        json!({ "username": "lanhdao.snv", "displayName": "Lãnh đạo Sở Nội vụ", "role": "MANAGER" }),
        PASSWORD,
    )
    .await;

    clock.set(noon(1, 10));
    for (username, unit, first) in [("ld.s02", s02, "2"), ("ld.s03", s03, "1.5")] {
        let leader = sign_in(&app, username, PASSWORD).await;
        year.score_approve_submit(&leader, unit, first).await;
    }
    year.appraise_both_rounds_and_submit(&clock, &APPRAISED)
        .await;

    // Version 1, by hand: S02 1 + 2 = 3 of 4 = 75.00; S03 1.5 + 2 = 3.5 of
    // 4 = 87.50.
    let version_one = json!([
        { "rank": 1, "unit": { "code": "S03" }, "total": "3.5", "index": "87.50", "state": "PROVISIONAL" },
        { "rank": 2, "unit": { "code": "S02" }, "total": "3", "index": "75.00", "state": "PROVISIONAL" },
    ]);
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let ranking = year.aggregated_ranking(&admin).await;
    assert_eq!(ranking.as_array().map(Vec::len), Some(2), "{ranking}");

    // No complaint before the window opens; the window only from the
    // administrator, and not in the past.
    clock.set(noon(2, 21));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let s02_leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let s03_leader = sign_in(&app, "ld.s03", PASSWORD).await;
    let appraiser = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    let manager = sign_in(&app, "lanhdao.snv", PASSWORD).await;
    let why = "Kế hoạch CCHC năm 2024 ban hành ngày 28/12/2023, đúng hạn";
    let message = year
        .refused(
            &s02_leader,
            LODGE,
            lodge(&year, s02, "1.1", why),
            "CONFLICT",
        )
        .await;
    assert!(
        message.contains("chưa mở thời gian nhận kiến nghị"),
        "{message}"
    );
    let window = |until: &str| json!({ "i": { "periodId": period, "until": until } });
    year.refused(&s02_leader, WINDOW, window("2025-02-25"), "FORBIDDEN")
        .await;
    year.refused(&admin, WINDOW, window("2025-02-20"), "VALIDATION")
        .await;
    call(
        &app,
        &admin,
        WINDOW,
        window("2025-02-25"),
        "openComplaintWindow",
    )
    .await;

    // S02 complains about 1.1 with the plan as a file; a neighbour cannot
    // complain for it; one complaint per leaf awaits its answer.
    let pdf = b"%PDF-1.7\n% Ke hoach CCHC 2024, ban hanh 28/12/2023\n".to_vec();
    let answer = app
        .graphql_upload(
            &s02_leader,
            LODGE,
            lodge(&year, s02, "1.1", why),
            ("ke-hoach-cchc-2024.pdf", pdf.clone(), "application/pdf"),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
    year.refused(
        &s03_leader,
        LODGE,
        lodge(&year, s02, "1.2", "Thay"),
        "FORBIDDEN",
    )
    .await;
    year.refused(
        &s02_leader,
        LODGE,
        lodge(&year, s02, "1.1", why),
        "CONFLICT",
    )
    .await;
    year.refused(
        &s02_leader,
        LODGE,
        lodge(&year, s02, "9.9", why),
        "VALIDATION",
    )
    .await;
    year.refused(
        &s02_leader,
        LODGE,
        lodge(&year, s02, "1.2", "  "),
        "VALIDATION",
    )
    .await;
    call(
        &app,
        &s03_leader,
        LODGE,
        lodge(&year, s03, "1.2", "Báo cáo quý IV đã gửi qua hệ thống"),
        "lodgeComplaint",
    )
    .await;

    // Each unit reads its own complaint; the appraiser those on leaves
    // they appraise; the file is the unit's, downloadable by the Sở.
    let own = corrections(&app, &s02_leader, &year).await;
    assert_eq!(own["complaints"].as_array().map(Vec::len), Some(1), "{own}");
    assert_eq!(own["complaints"][0]["no"], 1);
    assert_eq!(own["complaints"][0]["leafCode"], "1.1");
    assert_eq!(own["complaints"][0]["outcome"], Value::Null, "{own}");
    assert_eq!(
        own["complaints"][0]["evidence"][0]["fileName"], "ke-hoach-cchc-2024.pdf",
        "{own}"
    );
    assert_eq!(own["complaintsUntil"], "2025-02-25");
    let hash = own["complaints"][0]["evidence"][0]["contentHash"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let download = app
        .client
        .get(format!("{}/evidence/{hash}", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.map(|b| b.to_vec()).ok(), Some(pdf));
    let seen = corrections(&app, &appraiser, &year).await;
    assert_eq!(
        seen["complaints"].as_array().map(Vec::len),
        Some(2),
        "{seen}"
    );

    // Finalization waits for the window and the answers.
    let finalize = "mutation($p: ID!) { finalizeResults(input: { periodId: $p }) { __typename } }";
    let message = year
        .refused(&manager, finalize, json!({ "p": period }), "CONFLICT")
        .await;
    assert!(message.contains("25/02/2025"), "{message}");

    // The appraiser upholds S02's; the council (the administrator)
    // rejects S03's; a unit may not answer, nor anyone twice.
    let answer_of = |no: u32, outcome: &str, text: &str| json!({ "i": { "periodId": period, "complaintNo": no, "outcome": outcome, "answer": text } });
    year.refused(
        &s02_leader,
        ANSWER,
        answer_of(1, "UPHELD", "Tự chấp nhận"),
        "FORBIDDEN",
    )
    .await;
    year.refused(
        &appraiser,
        ANSWER,
        answer_of(1, "UPHELD", " "),
        "VALIDATION",
    )
    .await;
    call(
        &app,
        &appraiser,
        ANSWER,
        answer_of(1, "UPHELD", "Đối chiếu văn bản: kế hoạch ban hành đúng hạn"),
        "answerComplaint",
    )
    .await;
    year.refused(
        &appraiser,
        ANSWER,
        answer_of(1, "REJECTED", "Đổi ý"),
        "CONFLICT",
    )
    .await;
    year.refused(
        &admin,
        ANSWER,
        answer_of(7, "REJECTED", "Không có"),
        "NOT_FOUND",
    )
    .await;
    call(
        &app,
        &admin,
        ANSWER,
        answer_of(
            2,
            "REJECTED",
            "Hội đồng thẩm định: báo cáo quý IV gửi sau thời hạn",
        ),
        "answerComplaint",
    )
    .await;

    // The administrator reopens S02's 1.1 for complaint 1; not for the
    // rejected one, not without a reason, not for a unit.
    let reopen = |unit: &Value, leaf: &str, reason: &str, no: Option<u32>| json!({ "i": { "periodId": period, "unitId": unit, "leafCode": leaf, "reason": reason, "complaintNo": no } });
    year.refused(
        &admin,
        REOPEN_LEAF,
        reopen(s03, "1.2", "Theo kiến nghị", Some(2)),
        "CONFLICT",
    )
    .await;
    year.refused(
        &admin,
        REOPEN_LEAF,
        reopen(s02, "1.1", " ", Some(1)),
        "VALIDATION",
    )
    .await;
    year.refused(
        &s02_leader,
        REOPEN_LEAF,
        reopen(s02, "1.1", "Tự mở", Some(1)),
        "FORBIDDEN",
    )
    .await;
    call(
        &app,
        &admin,
        REOPEN_LEAF,
        reopen(
            s02,
            "1.1",
            "Chấp nhận kiến nghị số 1 của Sở Tư pháp",
            Some(1),
        ),
        "reopenLeaf",
    )
    .await;

    // Nothing aggregates again while the leaf waits for its new score.
    let reaggregate = json!({ "i": { "periodId": period, "reason": "Chấm lại tiêu chí 1.1 của S02 theo kiến nghị số 1" } });
    let message = year
        .refused(&admin, REAGGREGATE, reaggregate.clone(), "CONFLICT")
        .await;
    assert!(message.contains("còn 1 tiêu chí"), "{message}");

    // The appraiser scores it again (their worksheet was sent: this is
    // the only change it takes), with a reason; nothing else reopens.
    let correction = |unit: &Value, leaf: &str, score: &str, reason: &str| {
        json!({ "i": { "periodId": period, "unitId": unit, "leafCode": leaf,
            "entry": { "score": score }, "reason": reason } })
    };
    year.refused(
        &appraiser,
        CORRECT,
        correction(s03, "1.1", "2", "Chấm lại"),
        "CONFLICT",
    )
    .await;
    year.refused(
        &s02_leader,
        CORRECT,
        correction(s02, "1.1", "2", "Chấm lại"),
        "FORBIDDEN",
    )
    .await;
    year.refused(
        &appraiser,
        CORRECT,
        correction(s02, "1.1", "2", " "),
        "VALIDATION",
    )
    .await;
    call(
        &app,
        &appraiser,
        CORRECT,
        correction(
            s02,
            "1.1",
            "2",
            "Kế hoạch ban hành ngày 28/12/2023, đúng hạn",
        ),
        "correctAppraisal",
    )
    .await;
    call(
        &app,
        &admin,
        REAGGREGATE,
        reaggregate.clone(),
        "reaggregateResults",
    )
    .await;
    // Nothing left to take in, nothing changed: no version 3.
    let message = year
        .refused(&admin, REAGGREGATE, reaggregate, "CONFLICT")
        .await;
    assert!(message.contains("phiên bản 2"), "{message}");

    // Version 2, by hand: S02 2 + 2 = 4 of 4 = 100.00, first; S03 87.50.
    let version_two = json!([
        { "rank": 1, "unit": { "code": "S02" }, "total": "4", "index": "100.00", "state": "PROVISIONAL" },
        { "rank": 2, "unit": { "code": "S03" }, "total": "3.5", "index": "87.50", "state": "PROVISIONAL" },
    ]);
    let current = call(
        &app,
        &admin,
        "query($p: ID!) { ranking(periodId: $p) { rank unit { code } total index state } }",
        json!({ "p": period }),
        "ranking",
    )
    .await;
    assert_eq!(current, version_two);
    let all = corrections(&app, &admin, &year).await;
    assert_eq!(all["resultsVersion"], 2);
    let versions = &all["versions"];
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[0]["reason"], Value::Null);
    assert_eq!(
        versions[0]["ranking"], version_one,
        "version 1 stays readable"
    );
    assert_eq!(versions[0]["changes"], json!([]));
    assert_eq!(versions[1]["version"], 2);
    assert_eq!(
        versions[1]["reason"],
        "Chấm lại tiêu chí 1.1 của S02 theo kiến nghị số 1"
    );
    assert_eq!(versions[1]["ranking"], version_two);
    assert_eq!(
        versions[1]["corrections"],
        json!([{ "unitCode": "S02", "leafCode": "1.1", "before": "1", "after": "2",
            "reason": "Kế hoạch ban hành ngày 28/12/2023, đúng hạn", "complaintNo": 1 }])
    );
    assert_eq!(
        versions[1]["changes"],
        json!([
            { "unitCode": "S02", "rankBefore": 2, "rankAfter": 1, "indexBefore": "75.00", "indexAfter": "100.00",
              "leaves": [{ "leafCode": "1.1", "before": "1", "after": "2" }] },
            { "unitCode": "S03", "rankBefore": 1, "rankAfter": 2, "indexBefore": "87.50", "indexAfter": "87.50",
              "leaves": [] },
        ])
    );
    assert_eq!(
        all["reopenings"],
        json!([{ "no": 1, "unitCode": "S02", "leafCode": "1.1", "complaintNo": 1, "settledIn": 2 }])
    );

    // Before publication a unit reads its own change only.
    let own = corrections(&app, &s03_leader, &year).await;
    let own_changes: Vec<&Value> = own["versions"][1]["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(own_changes.len(), 1, "{own}");
    assert_eq!(own_changes[0]["unitCode"], "S03");
    assert_eq!(own["versions"][1]["corrections"], json!([]));

    // Once the window has ended: the council agrees on version 2 (not
    // before: finalizing is refused without it), the results are
    // finalized, then published with the People's Committee's decision.
    clock.set(noon(2, 26));
    let manager = sign_in(&app, "lanhdao.snv", PASSWORD).await;
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let s02_leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let message = year
        .refused(&manager, finalize, json!({ "p": period }), "CONFLICT")
        .await;
    assert!(
        message.contains("Hội đồng thẩm định chưa thống nhất kết quả phiên bản 2"),
        "{message}"
    );
    let scan = |text: &str| format!("%PDF-1.7\n% {text}\n").into_bytes();
    let council = async |token: &str, members: Value| {
        app.graphql_upload_into(
            token,
            "mutation($i: RecordCouncilAgreementInput!, $m: Upload!) { recordCouncilAgreement(input: $i, minutes: $m) { __typename } }",
            json!({ "i": { "periodId": period, "date": "2025-02-26", "members": members }, "m": null }),
            "m",
            ("bien-ban-hoi-dong.pdf", scan("Bien ban hop Hoi dong"), "application/pdf"),
        )
        .await
    };
    let head = app.log_head().await;
    let refused = council(&s02_leader, json!(["Nguyễn Văn A"])).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    let refused = council(&admin, json!([" "])).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "VALIDATION",
        "{refused}"
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    let agreed = council(
        &admin,
        json!(["Giám đốc Sở Nội vụ", "Chánh Thanh tra tỉnh"]),
    )
    .await;
    assert!(agreed["errors"].is_null(), "{agreed}");
    call(
        &app,
        &manager,
        finalize,
        json!({ "p": period }),
        "finalizeResults",
    )
    .await;
    let publish = async |number: &str, date: &str| {
        app.graphql_upload_into(
            &manager,
            "mutation($i: PublishResultsInput!, $d: Upload!) { publishResults(input: $i, decision: $d) { __typename } }",
            json!({ "i": { "periodId": period, "decisionNumber": number, "decisionDate": date }, "d": null }),
            "d",
            ("quyet-dinh-125.pdf", scan("Quyet dinh 125"), "application/pdf"),
        )
        .await
    };
    let head = app.log_head().await;
    let refused = publish("125/QĐ-UBND", "2025-02-27").await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "VALIDATION",
        "in the future: {refused}"
    );
    let refused = publish("125/QĐ-UBND", "2025-02-25").await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "VALIDATION",
        "before the council: {refused}"
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    let published = publish("125/QĐ-UBND", "2025-02-26").await;
    assert!(published["errors"].is_null(), "{published}");

    // Every results report says which version, the council's agreement and
    // the decision.
    let report = ranking_report_csv(&app, &s02_leader, period).await;
    for line in [
        "Phiên bản kết quả: 2",
        "Hội đồng thẩm định thống nhất: ngày 26/02/2025, kết quả phiên bản 2 (2 thành viên dự họp)",
        "Quyết định công bố: Quyết định số 125/QĐ-UBND ngày 26/02/2025 của UBND tỉnh",
    ] {
        assert!(report.contains(line), "missing «{line}» in {report}");
    }
    // The decision and the minutes are public once published.
    let closing = call(
        &app,
        &s02_leader,
        "query($p: ID!) { node(id: $p) { ... on Period { corrections { councilAgreement { version date members minutes { contentHash } } publicationDecision { number date signed { contentHash fileName } } } } } }",
        json!({ "p": period }),
        "node.corrections",
    )
    .await;
    assert_eq!(closing["councilAgreement"]["version"], 2, "{closing}");
    assert_eq!(closing["publicationDecision"]["number"], "125/QĐ-UBND");
    let signed = closing["publicationDecision"]["signed"]["contentHash"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let download = app
        .client
        .get(format!("{}/evidence/{signed}", app.address))
        .bearer_auth(&s02_leader)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(download.status(), 200);
    let s03_leader = sign_in(&app, "ld.s03", PASSWORD).await;
    let public = corrections(&app, &s03_leader, &year).await;
    assert_eq!(
        public["versions"][1]["changes"].as_array().map(Vec::len),
        Some(2),
        "{public}"
    );
    assert_eq!(public["versions"][1]["corrections"][0]["unitCode"], "S02");

    // The trail says each step and why, in Vietnamese.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let lines = audit_lines(&app, &admin).await;
    for expected in [
        "Thông báo kết quả tạm thời, nhận kiến nghị đến hết ngày 25/02/2025",
        &format!("Đơn vị S02 kiến nghị (số 1) về điểm tiêu chí 1.1: {why}"),
        "Chấp nhận kiến nghị số 1 của đơn vị S02 về tiêu chí 1.1: Đối chiếu văn bản: kế hoạch ban hành đúng hạn",
        "Không chấp nhận kiến nghị số 2 của đơn vị S03 về tiêu chí 1.2: Hội đồng thẩm định: báo cáo quý IV gửi sau thời hạn",
        "Mở lại tiêu chí 1.1 của đơn vị S02 để thẩm định lại: Chấp nhận kiến nghị số 1 của Sở Tư pháp",
        "Thẩm định lại tiêu chí 1.1 được mở lại: 2 điểm (trước đó 1 điểm): Kế hoạch ban hành ngày 28/12/2023, đúng hạn",
        "Tổng hợp lại kết quả (phiên bản 2): Chấm lại tiêu chí 1.1 của S02 theo kiến nghị số 1",
        "Ghi nhận ý kiến thống nhất của Hội đồng thẩm định về kết quả phiên bản 2, họp ngày 26/02/2025 (2 thành viên dự họp)",
        "Công bố kết quả theo Quyết định số 125/QĐ-UBND ngày 26/02/2025 của UBND tỉnh",
    ] {
        assert!(
            lines.iter().any(|line| line == expected),
            "missing «{expected}» in {lines:#?}"
        );
    }
}
