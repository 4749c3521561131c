//! The year as a province really runs it, in one cycle through the API on
//! both stores: S02 marks a leaf not applicable and the appraiser overturns
//! it; an absent appraiser's unit moves to another; Sở Nội vụ records the
//! survey forms; the appraiser who also appraises a second period submits
//! the first and is locked there only; S02's complaint is upheld, its leaf
//! reopened and scored again, and version 2 of the results, with the
//! change listed and why, is agreed by the council and published under
//! the People's Committee's decision. The ranking of every version equals
//! an independent calculation below ([`oracle`]), written apart from the
//! domain's functions.

use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_tests::small_year::{
    SET_WITH_SURVEY, SMALL_YEAR_PASSWORD as PASSWORD, small_year_with,
};
use chamdiem_tests::{
    ADMIN_PASSWORD, TestApp, TestStore, audit_lines, both_stores, call, issued_account, noon,
    ranking_report_csv, sign_in,
};
use serde_json::{Value, json};

both_stores!(a_year_with_every_bend_ranks_each_version_as_calculated_apart);

/// The ranking worked out from the figures of the test alone: no function
/// of the domain is used, only the regulation's arithmetic as Đ8 states it.
mod oracle {
    use rust_decimal::{Decimal, RoundingStrategy};
    use serde_json::{Value, json};

    /// One leaf of a unit: its maximum and its final points (none when not
    /// applicable).
    pub struct Leaf {
        pub max: Decimal,
        pub points: Option<Decimal>,
    }

    /// A leaf that counts.
    pub fn scored(max: u32, points: &str) -> Leaf {
        Leaf {
            max: Decimal::from(max),
            points: Some(points.parse().unwrap_or_else(|e| panic!("{points}: {e}"))),
        }
    }

    /// A survey leaf scored from its forms: the mean of the answers' shares
    /// (A, B, C, D = 100, 60, 20, 0 %) of its maximum.
    pub fn survey(max: u32, answers: &[char]) -> Leaf {
        let share = |answer: &char| match answer {
            'A' => 100,
            'B' => 60,
            'C' => 20,
            _ => 0,
        };
        let sum: u32 = answers.iter().map(share).sum();
        let count = u32::try_from(answers.len()).unwrap_or(1);
        let points =
            Decimal::from(max) * Decimal::from(sum) / Decimal::from(count) / Decimal::ONE_HUNDRED;
        Leaf {
            max: Decimal::from(max),
            points: Some(points),
        }
    }

    /// The ranking rows: total and maximum of the applicable leaves, the
    /// index as a percentage to two places (half away from zero), ranked
    /// by index, highest first (the test's figures have no ties).
    pub fn ranking(units: &[(&str, Vec<Leaf>)], state: &str) -> Value {
        let mut rows: Vec<(String, Decimal, Decimal, Decimal)> = units
            .iter()
            .map(|(code, leaves)| {
                let applicable = leaves.iter().filter(|l| l.points.is_some());
                let total: Decimal = applicable.clone().filter_map(|l| l.points).sum();
                let maximum: Decimal = applicable.map(|l| l.max).sum();
                let index = (total * Decimal::ONE_HUNDRED / maximum)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                ((*code).to_owned(), total, maximum, index)
            })
            .collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.3));
        assert!(
            rows.windows(2).all(|w| w[0].3 != w[1].3),
            "the oracle ranks no ties"
        );
        Value::Array(
            rows.into_iter()
                .zip(1..)
                .map(|((code, total, maximum, index), rank)| {
                    json!({ "rank": rank, "unit": { "code": code }, "total": total.normalize().to_string(),
                        "applicableMaximum": maximum.normalize().to_string(),
                        "index": format!("{index:.2}"), "state": state })
                })
                .collect(),
        )
    }
}

const MOVE: &str =
    "mutation($i: MoveAssignmentInput!) { moveAssignment(input: $i) { __typename } }";
const PROVINCE_FORMS: &str = "mutation($p: ID!, $u: ID!, $f: Upload!) { uploadProvinceSurveyForms(periodId: $p, unitId: $u, file: $f) { added unchanged } }";
const LODGE: &str = "mutation($i: LodgeComplaintInput!, $f: Upload) { lodgeComplaint(input: $i, file: $f) { __typename } }";
const RANKING: &str = "query($p: ID!) { ranking(periodId: $p) { rank unit { code } total applicableMaximum index state } }";
const VERSIONS: &str = "query($p: ID!) { node(id: $p) { ... on Period { corrections {
    resultsVersion
    complaints { no unitCode leafCode outcome }
    reopenings { no unitCode leafCode complaintNo settledIn }
    versions { version reason
      corrections { unitCode leafCode before after reason complaintNo }
      changes { unitCode rankBefore rankAfter indexBefore indexAfter leaves { leafCode before after } }
      ranking { rank unit { code } total applicableMaximum index state } } } } } }";

/// S02's and S03's leaves as appraised in version 1: S02's plan (1.1)
/// found late (0.5 of 2), its report (1.2) owed after all (1.5, the unit
/// had marked it not applicable), its survey forms A and C; S03's plan
/// 1.5, its report 1 of 2, its forms A and B.
fn version_one() -> Vec<(&'static str, Vec<oracle::Leaf>)> {
    use oracle::{scored, survey};
    vec![
        (
            "S02",
            vec![scored(2, "0.5"), scored(2, "1.5"), survey(4, &['A', 'C'])],
        ),
        (
            "S03",
            vec![scored(2, "1.5"), scored(2, "1"), survey(4, &['A', 'B'])],
        ),
    ]
}

/// Version 2: S02's complaint upheld, its plan scored 2 of 2.
fn version_two() -> Vec<(&'static str, Vec<oracle::Leaf>)> {
    use oracle::{scored, survey};
    let mut units = version_one();
    units[0].1 = vec![scored(2, "2"), scored(2, "1.5"), survey(4, &['A', 'C'])];
    units
}

fn forms(rows: &str) -> (&'static str, Vec<u8>, &'static str) {
    (
        "phieu-khao-sat.csv",
        format!("form,respondent_group,2.1\n{rows}").into_bytes(),
        "text/csv",
    )
}

fn scan(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {text}\n").into_bytes()
}

async fn a_year_with_every_bend_ranks_each_version_as_calculated_apart(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let year = small_year_with(&app, SET_WITH_SURVEY).await;
    let [s02, s03] = &year.units;
    let period = &year.period;

    // 5 January: a leader of Sở Nội vụ, a second appraiser of Sở Nội vụ,
    // and a second period (the supplementary one) that the first
    // appraiser appraises too.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    issued_account(
        &app,
        &admin,
        json!({ "username": "lanhdao.snv", "displayName": "Lãnh đạo Sở Nội vụ", "role": "MANAGER" }),
        PASSWORD,
    )
    .await;
    let (second_appraiser, _) = issued_account(
        &app,
        &admin,
        json!({ "username": "thamdinh.snv2", "displayName": "Chuyên viên Sở Nội vụ 2",
            "role": "APPRAISER", "department": "Sở Nội vụ" }),
        PASSWORD,
    )
    .await;
    let first_appraiser = year.first_appraiser(&admin).await;
    let later = year.second_period_appraised_alike(&admin, None).await;

    // 10 January: S02 scores its plan and marks its report not applicable;
    // S03 scores both; each submits, in both periods.
    clock.set(noon(1, 10));
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    year.plan_only_submitted(&leader).await;
    later.score_approve_submit(&leader, s02, "2").await;
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    year.score_approve_submit(&leader, s03, "1.5").await;
    later.score_approve_submit(&leader, s03, "2").await;

    // 20 January, round 1. Sở Nội vụ (its administrator) records the survey
    // forms it collected about each unit (a unit may not record them as Sở
    // Nội vụ).
    clock.set(noon(1, 20));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let at = |unit: &Value| json!({ "p": period, "u": unit, "f": null });
    let head = app.log_head().await;
    let refused = app
        .graphql_upload(&leader, PROVINCE_FORMS, at(s02), forms("1,Người dân,A\n"))
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    assert_eq!(app.log_head().await, head, "nothing appended");
    for (unit, rows) in [
        (s02, "1,Người dân,A\n2,Doanh nghiệp,C\n"),
        (s03, "1,Người dân,A\n2,Doanh nghiệp,B\n"),
    ] {
        let added = app
            .graphql_upload(&admin, PROVINCE_FORMS, at(unit), forms(rows))
            .await;
        assert_eq!(
            added["data"]["uploadProvinceSurveyForms"],
            json!({ "added": 2, "unchanged": 0 }),
            "{added}"
        );
    }

    // The first appraiser overturns S02's mark (not without a reason), and
    // scores the plan late.
    let snv = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    let late = "Kế hoạch CCHC năm ban hành sau ngày 31/12";
    let owed = "Sở có 3 đơn vị trực thuộc, phải báo cáo định kỳ";
    let message = year
        .refused(
            &snv,
            chamdiem_tests::small_year::APPRAISE_SCORE,
            year.appraisal(("ONE", s02, "1.2"), "1.5", None),
            "VALIDATION",
        )
        .await;
    assert!(message.contains("cần nêu lý do"), "{message}");
    year.appraise(&snv, ("ONE", s02, "1.1"), "0.5", Some(late))
        .await;
    year.appraise(&snv, ("ONE", s02, "1.2"), "1.5", Some(owed))
        .await;

    // The first appraiser falls ill: S03 moves to the second, with a
    // reason; the first may no longer score S03.
    let away = "Chuyên viên nghỉ ốm dài ngày";
    call(
        &app,
        &admin,
        MOVE,
        json!({ "i": { "periodId": period, "fromAppraiserId": first_appraiser,
            "toAppraiserId": second_appraiser, "unitIds": [s03], "reason": away } }),
        "moveAssignment",
    )
    .await;
    year.refused(
        &snv,
        chamdiem_tests::small_year::APPRAISE_SCORE,
        year.appraisal(("ONE", s03, "1.1"), "1.5", None),
        "FORBIDDEN",
    )
    .await;
    let snv2 = sign_in(&app, "thamdinh.snv2", PASSWORD).await;
    let quarter = "Báo cáo quý IV gửi sau thời hạn";
    year.appraise(&snv2, ("ONE", s03, "1.1"), "1.5", None).await;
    year.appraise(&snv2, ("ONE", s03, "1.2"), "1", Some(quarter))
        .await;
    // In the second period the first appraiser agrees with both units.
    for unit in [s02, s03] {
        for leaf in ["1.1", "1.2"] {
            later.appraise(&snv, ("ONE", unit, leaf), "2", None).await;
        }
    }

    // 15 February, round 2: each confirms, and submits the first period.
    clock.set(noon(2, 15));
    let snv = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    let snv2 = sign_in(&app, "thamdinh.snv2", PASSWORD).await;
    year.appraise(&snv, ("TWO", s02, "1.1"), "0.5", Some(late))
        .await;
    year.appraise(&snv, ("TWO", s02, "1.2"), "1.5", Some(owed))
        .await;
    year.appraise(&snv2, ("TWO", s03, "1.1"), "1.5", None).await;
    year.appraise(&snv2, ("TWO", s03, "1.2"), "1", Some(quarter))
        .await;
    year.submit_appraisal(&snv).await;
    year.submit_appraisal(&snv2).await;

    // Version 1, as calculated apart: S02 0.5 + 1.5 + 2.4 = 4.4 of 8 =
    // 55.00; S03 1.5 + 1 + 3.2 = 5.7 of 8 = 71.25.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let first = year.aggregated_ranking(&admin).await;
    assert_eq!(first, oracle::ranking(&version_one(), "PROVISIONAL"));

    // Submitting locked the first appraiser's worksheet of that period
    // (checked once the results are in, so that nothing else appends
    // meanwhile): told so, nothing appended; the second period goes on and is
    // submitted by the same session.
    let message = year
        .refused(
            &snv,
            chamdiem_tests::small_year::APPRAISE_SCORE,
            year.appraisal(("TWO", s02, "1.1"), "1", Some("Sửa sau khi gửi")),
            "CONFLICT",
        )
        .await;
    assert!(message.contains("phiếu thẩm định đã khoá"), "{message}");
    for unit in [s02, s03] {
        for leaf in ["1.1", "1.2"] {
            later.appraise(&snv, ("TWO", unit, leaf), "2", None).await;
        }
    }
    later.submit_appraisal(&snv).await;

    // 21 February: the complaint window; S02 complains about its plan
    // with the plan itself; its appraiser upholds it; the administrator
    // reopens the leaf; the appraiser, locked for everything else, scores
    // it again; the results are aggregated again.
    clock.set(noon(2, 21));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let leader = sign_in(&app, "ld.s02", PASSWORD).await;
    let snv = sign_in(&app, "thamdinh.snv", PASSWORD).await;
    year.open_complaints_until_25_february(&admin).await;
    let why = "Kế hoạch CCHC năm 2024 ban hành ngày 28/12/2023, đúng hạn";
    let lodged = app
        .graphql_upload(
            &leader,
            LODGE,
            json!({ "i": { "periodId": period, "unitId": s02, "leafCode": "1.1", "reason": why,
                "locator": "trang 1" }, "f": null }),
            (
                "ke-hoach-cchc-2024.pdf",
                scan("Ke hoach CCHC 2024"),
                "application/pdf",
            ),
        )
        .await;
    assert!(lodged["errors"].is_null(), "{lodged}");
    let upheld = "Đối chiếu văn bản: kế hoạch ban hành đúng hạn";
    year.uphold(&snv, 1, upheld).await;
    year.reopen_for_complaint(
        &admin,
        (s02, "1.1"),
        1,
        "Chấp nhận kiến nghị số 1 của Sở Tư pháp",
    )
    .await;
    let corrected = "Kế hoạch ban hành ngày 28/12/2023, đúng hạn";
    call(
        &app,
        &snv,
        "mutation($i: CorrectAppraisalInput!) { correctAppraisal(input: $i) { __typename } }",
        json!({ "i": { "periodId": period, "unitId": s02, "leafCode": "1.1",
            "entry": { "score": "2" }, "reason": corrected } }),
        "correctAppraisal",
    )
    .await;
    let reason = "Chấm lại tiêu chí 1.1 của S02 theo kiến nghị số 1";
    year.reaggregate(&admin, reason).await;

    // Version 2, as calculated apart: S02 2 + 1.5 + 2.4 = 5.9 of 8 = 73.75,
    // now first; version 1 still reads as it was.
    let second = call(&app, &admin, RANKING, json!({ "p": period }), "ranking").await;
    assert_eq!(second, oracle::ranking(&version_two(), "PROVISIONAL"));
    let corrections = call(
        &app,
        &admin,
        VERSIONS,
        json!({ "p": period }),
        "node.corrections",
    )
    .await;
    assert_eq!(corrections["resultsVersion"], 2);
    assert_eq!(
        corrections["versions"][0]["ranking"],
        oracle::ranking(&version_one(), "PROVISIONAL")
    );
    assert_eq!(
        corrections["versions"][1]["ranking"],
        oracle::ranking(&version_two(), "PROVISIONAL")
    );
    assert_eq!(corrections["versions"][1]["reason"], reason);
    assert_eq!(
        corrections["versions"][1]["corrections"],
        json!([{ "unitCode": "S02", "leafCode": "1.1", "before": "0.5", "after": "2",
            "reason": corrected, "complaintNo": 1 }])
    );

    // 26 February: the window over, the council agrees on version 2, the
    // results are finalized and published under the decision.
    clock.set(noon(2, 26));
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let manager = sign_in(&app, "lanhdao.snv", PASSWORD).await;
    let agreed = app
        .graphql_upload_into(
            &admin,
            "mutation($i: RecordCouncilAgreementInput!, $m: Upload!) { recordCouncilAgreement(input: $i, minutes: $m) { __typename } }",
            json!({ "i": { "periodId": period, "date": "2025-02-26",
                "members": ["Giám đốc Sở Nội vụ", "Chánh Thanh tra tỉnh", "Giám đốc Sở Tư pháp"] }, "m": null }),
            "m",
            ("bien-ban-hoi-dong.pdf", scan("Bien ban hop Hoi dong"), "application/pdf"),
        )
        .await;
    assert!(agreed["errors"].is_null(), "{agreed}");
    call(
        &app,
        &manager,
        "mutation($p: ID!) { finalizeResults(input: { periodId: $p }) { __typename } }",
        json!({ "p": period }),
        "finalizeResults",
    )
    .await;
    let published = app
        .graphql_upload_into(
            &manager,
            "mutation($i: PublishResultsInput!, $d: Upload!) { publishResults(input: $i, decision: $d) { __typename } }",
            json!({ "i": { "periodId": period, "decisionNumber": "125/QĐ-UBND", "decisionDate": "2025-02-26" }, "d": null }),
            "d",
            ("quyet-dinh-125.pdf", scan("Quyet dinh 125"), "application/pdf"),
        )
        .await;
    assert!(published["errors"].is_null(), "{published}");

    // Published: every unit reads version 2, ranked as calculated apart,
    // and what changed from version 1 and why.
    let leader = sign_in(&app, "ld.s03", PASSWORD).await;
    let public = call(&app, &leader, RANKING, json!({ "p": period }), "ranking").await;
    assert_eq!(public, oracle::ranking(&version_two(), "PUBLISHED"));
    let read = call(
        &app,
        &leader,
        VERSIONS,
        json!({ "p": period }),
        "node.corrections",
    )
    .await;
    assert_eq!(
        read["versions"][1]["changes"],
        json!([
            { "unitCode": "S02", "rankBefore": 2, "rankAfter": 1, "indexBefore": "55.00", "indexAfter": "73.75",
              "leaves": [{ "leafCode": "1.1", "before": "0.5", "after": "2" }] },
            { "unitCode": "S03", "rankBefore": 1, "rankAfter": 2, "indexBefore": "71.25", "indexAfter": "71.25",
              "leaves": [] },
        ]),
        "{read}"
    );
    assert_eq!(
        read["versions"][1]["corrections"][0]["reason"], corrected,
        "{read}"
    );
    let report = ranking_report_csv(&app, &leader, period).await;
    for line in [
        "Phiên bản kết quả: 2",
        "Quyết định công bố: Quyết định số 125/QĐ-UBND ngày 26/02/2025 của UBND tỉnh",
        &format!("Lý do tổng hợp lại (phiên bản 2 thay phiên bản 1): {reason}"),
        &format!(
            "Điều chỉnh: đơn vị S02 tiêu chí 1.1: 2 điểm (trước đó 0.5 điểm, theo kiến nghị số 1): {corrected}"
        ),
    ] {
        assert!(report.contains(line), "missing «{line}» in {report}");
    }

    // The trail tells every bend in Vietnamese.
    let admin = sign_in(&app, "quantri", ADMIN_PASSWORD).await;
    let lines = audit_lines(&app, &admin).await;
    for expected in [
        "Sở Nội vụ ghi nhận một phiếu khảo sát của đơn vị",
        "Chấp nhận kiến nghị số 1 của đơn vị S02 về tiêu chí 1.1: Đối chiếu văn bản: kế hoạch ban hành đúng hạn",
        "Tổng hợp lại kết quả (phiên bản 2): Chấm lại tiêu chí 1.1 của S02 theo kiến nghị số 1",
        "Công bố kết quả theo Quyết định số 125/QĐ-UBND ngày 26/02/2025 của UBND tỉnh",
    ] {
        assert!(
            lines.iter().any(|line| line == expected),
            "missing «{expected}» in {lines:#?}"
        );
    }
    for fragment in [away, owed] {
        assert!(
            lines.iter().any(|line| line.contains(fragment)),
            "no line says «{fragment}» in {lines:#?}"
        );
    }
}
