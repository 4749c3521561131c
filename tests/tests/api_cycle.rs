//! A whole yearly cycle through HTTP only, on both stores: an administrator
//! imports the sample PAR set and registers the Thanh Hóa units, issues
//! accounts and opens a period; leaders score with evidence, approve and
//! submit; appraisers appraise two rounds and a unit answers round 1;
//! appraisers submit and their worksheets close; results aggregate; the manager
//! publishes; the ranking comes back in the expected order; the auditor
//! reads every event and verifies the history. Only the clock (deadlines)
//! and the first administrator (a command-line step) are set outside HTTP.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chamdiem_commands::bootstrap_admin::{BootstrapAdmin, bootstrap_admin};
use chamdiem_commands::clock::FixedClock;
use chamdiem_domain::account::{DisplayName, Password, Username};
use chamdiem_domain::criteria::{Criterion, ScoringMethod, Section, import_criteria_csv};
use chamdiem_tests::{
    SchemaWalk, TestApp, TestStore, both_stores, failing_fields, failing_nodes, noon,
};
use serde_json::{Value, json};

both_stores!(a_whole_cycle_over_http_ranks_units_in_the_expected_order);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const UNITS: &str = include_str!("../../domain/tests/data/units-thanh-hoa.csv");

struct Api<'a> {
    app: &'a TestApp,
}

impl Api<'_> {
    async fn call(&self, token: &str, query: &str, variables: Value) -> Value {
        self.app.graphql_as(Some(token), query, variables).await
    }

    /// Runs a query that must succeed and returns `data.field`.
    async fn ok(&self, token: &str, query: &str, variables: Value, field: &str) -> Value {
        let answer = self.call(token, query, variables).await;
        assert!(answer["errors"].is_null(), "{query}: {answer}");
        chamdiem_tests::at(&answer["data"], field).clone()
    }

    async fn sign_in(&self, username: &str, password: &str) -> String {
        let answer = self
            .app
            .graphql_as(None, "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }", json!({ "u": username, "p": password }))
            .await;
        answer["data"]["signIn"]["token"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("{username}: {answer}"))
    }

    /// Issues an account and changes its temporary password; returns its id
    /// and username (sessions last a working day, so each phase signs in).
    async fn account(&self, admin: &str, input: Value) -> (String, String) {
        let issued = self.ok(admin, "mutation($i: IssueAccountInput!) { issueAccount(input: $i) { accountId temporaryPassword } }", json!({ "i": input.clone() }), "issueAccount").await;
        let username = input["username"].as_str().unwrap_or_default();
        let first = self
            .sign_in(
                username,
                issued["temporaryPassword"].as_str().unwrap_or_default(),
            )
            .await;
        self.ok(&first, "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { __typename } }", json!({ "c": issued["temporaryPassword"], "n": PASSWORD }), "changePassword").await;
        (
            issued["accountId"].as_str().unwrap_or_default().to_owned(),
            username.to_owned(),
        )
    }

    /// Signs in with the password every test account chose.
    async fn session(&self, username: &str) -> String {
        self.sign_in(username, PASSWORD).await
    }
}

fn full_marks(leaf: &Criterion) -> Value {
    match &leaf.method {
        Some(ScoringMethod::Levels { levels }) => {
            json!({ "score": levels.iter().map(|l| l.score).max().map(|p| p.to_string()) })
        }
        Some(ScoringMethod::Ratio) => json!({ "percentage": "100" }),
        _ => json!({ "score": leaf.max.to_string() }),
    }
}

/// The unit's report file cited again on another leaf: what was uploaded
/// (hash, size, media type), under the name and page given.
fn cited(uploaded: &Value, name: &str, locator: &str) -> Value {
    json!({ "contentHash": uploaded["contentHash"], "fileName": name, "size": uploaded["size"],
        "mediaType": uploaded["mediaType"], "locator": locator })
}

const PASSWORD: &str = "mật khẩu riêng của người dùng";
const ENTER: &str = "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: $e }) { __typename } }";
const ATTACH: &str = "mutation($p: ID!, $u: ID!, $l: String!, $e: EvidenceInput!) { attachEvidence(input: { periodId: $p, unitId: $u, leafCode: $l, evidence: $e }) { __typename } }";
const UPLOAD: &str = "mutation($p: ID!, $u: ID!, $l: String!, $f: Upload!) { uploadEvidence(periodId: $p, unitId: $u, leafCode: $l, file: $f, locator: \"trang 1\") { contentHash size mediaType } }";
const APPRAISE: &str = "mutation($i: AppraiseInput!) { appraise(input: $i) { __typename } }";

async fn a_whole_cycle_over_http_ranks_units_in_the_expected_order(store: TestStore) {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let app = TestApp::spawn_with_clock(store, clock.clone()).await;
    let api = Api { app: &app };
    let username = Username::parse("quantri").unwrap_or_else(|e| panic!("{e}"));
    bootstrap_admin(
        &app.database,
        &app.seal_key,
        BootstrapAdmin {
            password: Password::parse("mật khẩu quản trị 2026".into(), &username)
                .unwrap_or_else(|e| panic!("{e}")),
            username,
            display_name: DisplayName::parse("Quản trị Sở Nội vụ")
                .unwrap_or_else(|e| panic!("{e}")),
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let admin = api.sign_in("quantri", "mật khẩu quản trị 2026").await;
    let tree = import_criteria_csv(PAR).unwrap_or_else(|e| panic!("{e}"));

    // The criteria set and every Thanh Hóa unit.
    let set = api.ok(&admin, "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }", json!({ "i": {
        "indexKind": "PAR", "name": "Bộ chỉ số CCHC sở, ban, ngành", "decisionNumber": "4606/QĐ-UBND",
        "decisionDate": "2025-01-02", "year": 2024, "unitKinds": ["DEPARTMENT"] } }), "draftCriteriaSet.criteriaSet.id").await;
    api.ok(
        &admin,
        "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { __typename } }",
        json!({ "s": set, "c": PAR }),
        "importCriteriaCsv",
    )
    .await;
    api.ok(
        &admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { __typename } }",
        json!({ "s": set }),
        "publishCriteriaSet",
    )
    .await;
    let mut units = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(UNITS.as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        let kind = record[2].to_uppercase();
        let id = api
            .ok(
                &admin,
                "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }",
                json!({ "i": { "code": &record[0], "name": &record[1], "kind": kind } }),
                "registerUnit.unit.id",
            )
            .await;
        units.insert(
            record[0].to_owned(),
            id.as_str().unwrap_or_default().to_owned(),
        );
    }
    assert!(units.len() >= 50, "every unit of the list is registered");
    let scope = ["S01", "S02", "S03", "S04"];

    // Accounts: a leader per unit in scope, an appraiser per department (but
    // Sở Thông tin và Truyền thông), a manager and an auditor.
    let mut leaders = BTreeMap::new();
    for code in scope {
        let (_, username) = api.account(&admin, json!({ "username": format!("lanhdao.{}", code.to_lowercase()), "displayName": format!("Lãnh đạo {code}"),
            "role": "DATA_ENTRY", "unitId": units[code], "permissions": ["ENTERS_SCORES", "APPROVES_REPORTS"] })).await;
        leaders.insert(code, username);
    }
    let departments: BTreeSet<String> = tree
        .leaves()
        .map(|l| l.appraised_by.to_string())
        .filter(|d| d != "Sở Thông tin và Truyền thông")
        .collect();
    let mut appraisers = Vec::new();
    for (n, department) in departments.iter().enumerate() {
        let (id, username) = api.account(&admin, json!({ "username": format!("thamdinh{n}"), "displayName": department, "role": "APPRAISER", "department": department })).await;
        appraisers.push((id, username, department.clone()));
    }
    let (_, manager) = api.account(&admin, json!({ "username": "lanhdao.snv", "displayName": "Lãnh đạo Sở Nội vụ", "role": "MANAGER" })).await;
    let (_, auditor) = api
        .account(
            &admin,
            json!({ "username": "kiemtoan", "displayName": "Kiểm toán", "role": "AUDITOR" }),
        )
        .await;

    // The period, and each appraiser's leaves for the four units.
    let in_scope: Vec<Value> = scope
        .iter()
        .map(|c| json!({ "unitId": units[*c] }))
        .collect();
    let period = api.ok(&admin, "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }", json!({ "i": { "name": "Chỉ số CCHC năm 2024", "year": 2024,
        "criteriaSetId": set, "units": in_scope,
        "deadlines": { "selfAssessment": "2025-01-15", "appraisalRound1": "2025-01-31", "explanation": "2025-02-10", "appraisalRound2": "2025-02-20" } } }), "openPeriod.period.id").await;
    let unit_ids: Vec<&str> = scope.iter().map(|c| units[*c].as_str()).collect();
    let mut assigned: Vec<(String, String, Vec<String>)> = Vec::new();
    for (id, username, department) in &appraisers {
        let leaves: Vec<String> = tree
            .leaves()
            .filter(|l| {
                l.appraised_by.as_str() == department
                    && !l.method.as_ref().is_some_and(ScoringMethod::is_survey)
            })
            .map(|l| l.code.to_string())
            .collect();
        api.ok(&admin, "mutation($p: ID!, $a: ID!, $u: [ID!]!, $c: [String!]!) { assignAppraiser(input: { periodId: $p, appraiserId: $a, unitIds: $u, criteria: $c }) { __typename } }",
            json!({ "p": period, "a": id, "u": unit_ids, "c": leaves }), "assignAppraiser").await;
        assigned.push((id.clone(), username.clone(), leaves));
    }
    // The departments without an appraiser here are exempted, with a
    // reason, so that round 1 opens (Điều 10.2 has every leaf covered).
    chamdiem_tests::exempt_the_rest(&app, &admin, &period).await;

    // Self-assessment on 10 January: full marks; S02 marks 1.3.2 not
    // applicable; S04 declares a 0.5 penalty; everyone's survey is all A.
    clock.set(noon(1, 10));
    let mut s03_report = Value::Null;
    for code in scope {
        let token = &api.session(&leaders[code]).await;
        let unit = &units[code];
        // One report file uploaded on the first leaf that needs evidence,
        // cited again (by its hash) on every other.
        let mut report: Option<Value> = None;
        for leaf in tree.leaves().filter(|l| {
            l.code.section() == Section::Main
                && !l.method.as_ref().is_some_and(ScoringMethod::is_survey)
        }) {
            if code == "S02" && leaf.code.as_str() == "1.3.2" {
                api.ok(token, "mutation($p: ID!, $u: ID!, $l: String!, $r: String!) { markNotApplicable(input: { periodId: $p, unitId: $u, leafCode: $l, reason: $r }) { __typename } }",
                    json!({ "p": period, "u": unit, "l": "1.3.2", "r": "Không có đơn vị trực thuộc" }), "markNotApplicable").await;
                continue;
            }
            api.ok(
                token,
                ENTER,
                json!({ "p": period, "u": unit, "l": leaf.code.as_str(), "e": full_marks(leaf) }),
                "enterScore",
            )
            .await;
            if leaf.evidence_required {
                let variables =
                    json!({ "p": period, "u": unit, "l": leaf.code.as_str(), "f": null });
                match &report {
                    Some(file) => {
                        let locator = format!("mục {}", leaf.code);
                        let e = cited(file, &format!("Báo cáo CCHC {code}.pdf"), &locator);
                        api.ok(
                            token,
                            ATTACH,
                            json!({ "p": period, "u": unit, "l": leaf.code.as_str(), "e": e }),
                            "attachEvidence",
                        )
                        .await;
                    }
                    None => {
                        let pdf = format!("%PDF-1.7 báo cáo cải cách hành chính của {code}");
                        let answer = app
                            .graphql_upload(
                                token,
                                UPLOAD,
                                variables,
                                (
                                    &format!("Báo cáo CCHC {code}.pdf"),
                                    pdf.into_bytes(),
                                    "application/pdf",
                                ),
                            )
                            .await;
                        assert!(answer["errors"].is_null(), "{answer}");
                        report = Some(answer["data"]["uploadEvidence"].clone());
                    }
                }
            }
        }
        if code == "S04" {
            api.ok(
                token,
                ENTER,
                json!({ "p": period, "u": unit, "l": "P.1", "e": { "score": "0.5" } }),
                "enterScore",
            )
            .await;
            let file = report
                .as_ref()
                .unwrap_or_else(|| panic!("S04 uploaded its report"));
            api.ok(
                token,
                ATTACH,
                json!({ "p": period, "u": unit, "l": "P.1", "e": cited(file, "Báo cáo CCHC S04.pdf", "mục P.1") }),
                "attachEvidence",
            )
            .await;
            // A hash no one uploaded, and S03's report, are not S04's to
            // cite: refused alike, nothing appended.
            let head = app.log_head().await;
            let dangling = json!({ "contentHash": "ab".repeat(32), "fileName": "khong-co.pdf", "size": 4096, "mediaType": "application/pdf", "locator": "trang 1" });
            for e in [
                dangling,
                cited(&s03_report, "Báo cáo của S03.pdf", "trang 1"),
            ] {
                let refused = api
                    .call(
                        token,
                        ATTACH,
                        json!({ "p": period, "u": unit, "l": "P.1", "e": e }),
                    )
                    .await;
                assert_eq!(
                    refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
                    "{refused}"
                );
                assert_eq!(
                    refused["errors"][0]["extensions"]["field"], "evidence.contentHash",
                    "{refused}"
                );
            }
            assert_eq!(app.log_head().await, head, "nothing appended");
        }
        if code == "S03" {
            s03_report = report.clone().unwrap_or_default();
        }
        api.ok(token, "mutation($p: ID!, $u: ID!, $a: [SurveyAnswerInput!]!) { recordSurveyResponse(input: { periodId: $p, unitId: $u, respondentGroup: \"Người dân\", answers: $a }) { __typename } }",
            json!({ "p": period, "u": unit, "a": [{ "leafCode": "8.1", "answer": "A" }, { "leafCode": "8.2", "answer": "A" }] }), "recordSurveyResponse").await;
        let hash = api
            .ok(
                token,
                "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) }",
                json!({ "p": period, "u": unit }),
                "reportContentHash",
            )
            .await;
        api.ok(token, "mutation($p: ID!, $u: ID!, $h: String!) { approveReport(input: { periodId: $p, unitId: $u, contentHash: $h }) { __typename } }", json!({ "p": period, "u": unit, "h": hash }), "approveReport").await;
        let submitted = app
            .graphql_upload_into(
                token,
                "mutation($p: ID!, $u: ID!, $s: Upload!) { submitSelfAssessment(input: { periodId: $p, unitId: $u }, signedReport: $s) { scorecard { signedReport { fileName mediaType } } } }",
                json!({ "p": period, "u": unit, "s": null }),
                "s",
                chamdiem_tests::small_year::signed_report_pdf(),
            )
            .await;
        assert_eq!(
            submitted["data"]["submitSelfAssessment"]["scorecard"]["signedReport"],
            json!({ "fileName": "bao-cao-tu-danh-gia-da-ky.pdf", "mediaType": "application/pdf" }),
            "{submitted}"
        );
    }

    // Two rounds: S01's 1.1.1 is 0 in round 1 and 0.5 in round 2.
    let appraise_all = async |round: &str, changed: &str| {
        for (_, username, leaves) in &assigned {
            let token = &api.session(username).await;
            for code in scope {
                for leaf_code in leaves {
                    if code == "S02" && leaf_code == "1.3.2" {
                        continue;
                    }
                    let leaf = tree
                        .leaves()
                        .find(|l| l.code.as_str() == leaf_code)
                        .unwrap_or_else(|| panic!("{leaf_code}"));
                    let (entry, reason) = if code == "S01" && leaf_code == "1.1.1" {
                        (json!({ "score": changed }), json!("Kế hoạch ban hành chậm"))
                    } else if leaf.code.section() != Section::Main {
                        let claimed = if code == "S04" && leaf_code == "P.1" {
                            "0.5"
                        } else {
                            "0"
                        };
                        (json!({ "score": claimed }), Value::Null)
                    } else {
                        (full_marks(leaf), Value::Null)
                    };
                    let input = json!({ "periodId": period, "round": round, "unitId": units[code], "leafCode": leaf_code, "entry": entry, "reason": reason });
                    api.ok(token, APPRAISE, json!({ "i": input }), "appraise")
                        .await;
                }
            }
        }
    };
    clock.set(noon(1, 20));
    appraise_all("ONE", "0").await;
    clock.set(noon(2, 5));
    api.ok(&api.session(&leaders["S01"]).await, "mutation($p: ID!, $u: ID!, $l: String!, $t: String!) { answerAppraisal(input: { periodId: $p, unitId: $u, leafCode: $l, text: $t }) { __typename } }",
        json!({ "p": period, "u": units["S01"], "l": "1.1.1", "t": "Kế hoạch đã ban hành ngày 20/01" }), "answerAppraisal").await;
    clock.set(noon(2, 15));
    appraise_all("TWO", "0.5").await;
    // An appraiser's worksheet: every assigned leaf has its round-2 score
    // (but S02's 1.3.2, marked not applicable).
    let first = api.session(&assigned[0].1).await;
    let items = api
        .ok(
            &first,
            "query($p: ID!) { worksheet(periodId: $p) { leafCode unitId notApplicable round2Points } }",
            json!({ "p": period }),
            "worksheet",
        )
        .await;
    assert!(!items.as_array().map(Vec::is_empty).unwrap_or(true));
    assert!(
        items
            .as_array()
            .into_iter()
            .flatten()
            .all(|i| i["notApplicable"] == true || i["round2Points"].is_string()),
        "{items}"
    );
    // Every field an appraiser can select answers, before the submission
    // closes the worksheet.
    let schema = SchemaWalk::of(&app).await;
    let head = app.log_head().await;
    let values = |appraiser: &str| -> serde_json::Map<String, Value> {
        [
            ("periodId", json!(period)),
            ("unitId", json!(units["S01"])),
            ("leafCode", json!("1.1.1")),
            ("criteriaSetId", json!(set)),
            ("appraiserId", json!(appraiser)),
            ("block", json!("department")),
            ("position", json!(head)),
            ("first", json!(5)),
            ("id", json!(period)),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
    };
    let (failing, answered) = failing_fields(&app, &schema, &first, &values(&assigned[0].0)).await;
    assert!(
        failing.is_empty(),
        "as an appraiser:\n{}",
        failing.join("\n")
    );
    assert!(
        answered >= 5,
        "an appraiser reads its worksheet and more: {answered}"
    );
    let mut appraiser_sessions = Vec::new();
    for (_, username, _) in &assigned {
        let token = api.session(username).await;
        api.ok(
            &token,
            "mutation($p: ID!) { submitAppraisal(input: { periodId: $p }) { __typename } }",
            json!({ "p": period }),
            "submitAppraisal",
        )
        .await;
        appraiser_sessions.push(token);
    }
    let manager = api.session(&manager).await;
    let auditor = api.session(&auditor).await;

    // Results aggregate (process managers run beside the server).
    let ranking_query = "query($p: ID!) { ranking(periodId: $p) { rank unit { code } total applicableMaximum index state } }";
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let ranking = loop {
        let ranking = api
            .ok(&manager, ranking_query, json!({ "p": period }), "ranking")
            .await;
        // Before aggregation the ranking is live; afterwards provisional.
        let aggregated = ranking.as_array().is_some_and(|rows| {
            rows.len() == scope.len() && rows.iter().all(|r| r["state"] == "PROVISIONAL")
        });
        if aggregated {
            break ranking;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "results never aggregated"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // A submission closes the worksheet of this period, not the account
    // (decision 0021): the session goes on, the worksheet says it is
    // closed, and a change to it is refused with nothing appended.
    for ((_, username, leaves), token) in assigned.iter().zip(&appraiser_sessions) {
        let me = api.ok(token, "{ me { username } }", json!({}), "me").await;
        assert_eq!(me["username"], username.as_str(), "the session goes on");
        let closed = api
            .ok(
                token,
                "query($p: ID!) { worksheetSubmitted(periodId: $p) }",
                json!({ "p": period }),
                "worksheetSubmitted",
            )
            .await;
        assert_eq!(closed, true, "{username}");
        let head = app.log_head().await;
        let input = json!({ "periodId": period, "round": "TWO", "unitId": units["S03"], "leafCode": leaves[0], "entry": { "score": "0" }, "reason": "sửa sau khi gửi" });
        let refused = api.call(token, APPRAISE, json!({ "i": input })).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "CONFLICT",
            "{refused}"
        );
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("phiếu thẩm định đã khoá")),
            "{refused}"
        );
        assert_eq!(app.log_head().await, head, "nothing appended");
    }

    // S02: 99 / 99 (1.3.2 not applicable) and S03: 100 / 100 tie at 100.00;
    // S01: 100 − 0.5 and S04: 100 − 0.5 penalty tie at 99.50.
    let rows: Vec<(i64, String, String, String)> = ranking
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["rank"].as_i64().unwrap_or_default(),
                r["unit"]["code"].as_str().unwrap_or_default().to_owned(),
                r["index"].as_str().unwrap_or_default().to_owned(),
                r["state"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        (1, "S02", "100.00"),
        (1, "S03", "100.00"),
        (3, "S01", "99.50"),
        (3, "S04", "99.50"),
    ];
    let expected: Vec<(i64, String, String, String)> = expected
        .iter()
        .map(|(r, u, i)| {
            (
                *r,
                (*u).to_owned(),
                (*i).to_owned(),
                "PROVISIONAL".to_owned(),
            )
        })
        .collect();
    assert_eq!(rows, expected);
    // One block at a time: these four are departments; no district is in scope.
    let block_query = "query($p: ID!, $b: String) { ranking(periodId: $p, block: $b) { rank unit { code } total applicableMaximum index state } }";
    for (block, expected) in [("department", ranking.clone()), ("district", json!([]))] {
        let rows = api
            .ok(
                &manager,
                block_query,
                json!({ "p": period, "b": block }),
                "ranking",
            )
            .await;
        assert_eq!(rows, expected, "block {block}");
    }

    // The administrator records the council's agreement with its minutes;
    // the manager finalizes, and publishes with the People's Committee's
    // signed decision.
    let admin = api.sign_in("quantri", "mật khẩu quản trị 2026").await;
    let scan = |text: &str| format!("%PDF-1.7\n% {text}\n").into_bytes();
    let agreed = app
        .graphql_upload_into(
            &admin,
            "mutation($i: RecordCouncilAgreementInput!, $m: Upload!) { recordCouncilAgreement(input: $i, minutes: $m) { __typename } }",
            json!({ "i": { "periodId": period, "date": "2025-02-15", "members": ["Giám đốc Sở Nội vụ", "Chánh Văn phòng UBND tỉnh"] }, "m": null }),
            "m",
            ("bien-ban-hoi-dong.pdf", scan("Bien ban hop Hoi dong tham dinh"), "application/pdf"),
        )
        .await;
    assert!(agreed["errors"].is_null(), "{agreed}");
    api.ok(
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
            json!({ "i": { "periodId": period, "decisionNumber": "125/QĐ-UBND", "decisionDate": "2025-02-15" }, "d": null }),
            "d",
            ("quyet-dinh-125.pdf", scan("Quyet dinh 125/QD-UBND"), "application/pdf"),
        )
        .await;
    assert!(published["errors"].is_null(), "{published}");
    let published = api
        .ok(&manager, ranking_query, json!({ "p": period }), "ranking")
        .await;
    assert!(
        published
            .as_array()
            .into_iter()
            .flatten()
            .all(|r| r["state"] == "PUBLISHED"),
        "{published}"
    );

    // The auditor reads every event and verifies the history.
    let mut after = Value::Null;
    let mut read = 0_i64;
    loop {
        let page = api.ok(&auditor, "query($a: String) { events(first: 500, after: $a) { edges { node { position } } pageInfo { hasNextPage endCursor } } }", json!({ "a": after }), "events").await;
        for edge in page["edges"].as_array().into_iter().flatten() {
            read += 1;
            assert_eq!(
                edge["node"]["position"].as_i64(),
                Some(read),
                "in order, without a gap"
            );
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        read,
        app.database
            .log_head()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .get()
    );
    let verified = api
        .ok(
            &auditor,
            "{ verifyHistory { intact verified } }",
            json!({}),
            "verifyHistory",
        )
        .await;
    assert_eq!(verified, json!({ "intact": true, "verified": read }));

    // Years and versions are numbers, not text.
    let periods = api
        .ok(
            &auditor,
            "{ periods { year } criteriaSets { year version } }",
            json!({}),
            "periods",
        )
        .await;
    assert_eq!(periods, json!([{ "year": 2024 }]));

    // Once the year is published, every field each role can select answers:
    // refused as a whole (FORBIDDEN) or resolved, never a failing field.
    let leader = api.session(&leaders["S01"]).await;
    let admin = api.sign_in("quantri", "mật khẩu quản trị 2026").await;
    for (role, token) in [
        ("administrator", &admin),
        ("manager", &manager),
        ("auditor", &auditor),
        ("unit leader", &leader),
    ] {
        let (failing, answered) =
            failing_fields(&app, &schema, token, &values(&assigned[0].0)).await;
        assert!(failing.is_empty(), "as the {role}:\n{}", failing.join("\n"));
        assert!(answered >= 5, "the {role} reads something: {answered}");
        // Every type implementing `Node`, fetched by its id alone.
        let ids = [
            json!(units["S01"]),
            json!(period),
            json!(set),
            json!(assigned[0].0),
        ];
        let failing = failing_nodes(&app, &schema, token, &ids).await;
        assert!(failing.is_empty(), "as the {role}:\n{}", failing.join("\n"));
    }
}
