//! A small year set up through the API for the tests of a year that bends:
//! two departments, a criteria set of two leaves that need no evidence, a
//! period, a leader for each unit and one appraiser, so that each step of a
//! test is the one under test.

use serde_json::{Value, json};

use crate::{TestApp, admin_token, call, issued_account, noon, sign_in};

/// Two leaves of Sở Nội vụ, scored on a range, no evidence required (1.2
/// may be marked not applicable): as small as a set gets, so that every
/// step is the one under test.
const SET: &str =
    "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by
1,Công tác chỉ đạo điều hành cải cách hành chính,4,,,,,Sở Nội vụ
1.1,Kế hoạch cải cách hành chính năm,2,range,,no,no,Sở Nội vụ
1.2,Báo cáo cải cách hành chính định kỳ,2,range,,no,yes,Sở Nội vụ
";
/// The two leaves and a survey field (2.1, 4 points), for the tests of
/// survey forms.
pub const SET_WITH_SURVEY: &str =
    "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by
1,Công tác chỉ đạo điều hành cải cách hành chính,4,,,,,Sở Nội vụ
1.1,Kế hoạch cải cách hành chính năm,2,range,,no,no,Sở Nội vụ
1.2,Báo cáo cải cách hành chính định kỳ,2,range,,no,yes,Sở Nội vụ
2,Mức độ hài lòng của người dân,4,,,,,Sở Nội vụ
2.1,Hài lòng với việc giải quyết thủ tục hành chính,4,survey,,no,no,Sở Nội vụ
";

/// Every account's password in the small year.
pub const SMALL_YEAR_PASSWORD: &str = "mật khẩu lãnh đạo đơn vị";
/// Enters a self score.
pub const ENTER: &str = "mutation($p: ID!, $u: ID!, $l: String!, $s: Decimal!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: { score: $s } }) { __typename } }";
/// Submits a self-assessment with its signed report (`$s`, uploaded:
/// [`SmallYear::submit`]).
pub const SUBMIT: &str = "mutation($p: ID!, $u: ID!, $s: Upload!) { submitSelfAssessment(input: { periodId: $p, unitId: $u }, signedReport: $s) { __typename } }";

/// A signed report's scan, as a unit uploads it.
pub fn signed_report_pdf() -> (&'static str, Vec<u8>, &'static str) {
    (
        "bao-cao-tu-danh-gia-da-ky.pdf",
        b"%PDF-1.7\n% Bao cao tu danh gia da ky\n".to_vec(),
        "application/pdf",
    )
}
/// Extends a deadline.
pub const EXTEND: &str =
    "mutation($i: ExtendDeadlineInput!) { extendDeadline(input: $i) { __typename } }";
/// Scores a leaf in round 1 (2 points, with a reason).
pub const APPRAISE: &str = "mutation($p: ID!, $u: ID!, $l: String!) { appraise(input: { periodId: $p, round: ONE, unitId: $u, leafCode: $l, entry: { score: \"2\" }, reason: \"Đối chiếu hồ sơ\" }) { __typename } }";
/// Scores a leaf in a round ([`SmallYear::appraisal`] gives its variables).
pub const APPRAISE_SCORE: &str =
    "mutation($i: AppraiseInput!) { appraise(input: $i) { __typename } }";
/// Reopens a self-assessment.
pub const REOPEN: &str = "mutation($i: ReopenSelfAssessmentInput!) { reopenSelfAssessment(input: $i) { scorecard { status } } }";

/// The small year: its period and its two units (S02, S03).
pub struct SmallYear<'a> {
    /// The server.
    pub app: &'a TestApp,
    /// The period's id.
    pub period: Value,
    /// S02's and S03's ids.
    pub units: [Value; 2],
}

impl SmallYear<'_> {
    /// Runs `query`, which must be refused with `code`, appending nothing;
    /// answers the refusal's message.
    pub async fn refused(&self, token: &str, query: &str, variables: Value, code: &str) -> String {
        let head = self.app.log_head().await;
        let answer = self.app.graphql_as(Some(token), query, variables).await;
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], code,
            "{query}: {answer}"
        );
        assert_eq!(self.app.log_head().await, head, "nothing appended: {query}");
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Enters both scores, approves the report and submits it.
    pub async fn score_approve_submit(&self, token: &str, unit: &Value, first: &str) {
        for (leaf, score) in [("1.1", first), ("1.2", "2")] {
            let v = json!({ "p": self.period, "u": unit, "l": leaf, "s": score });
            call(self.app, token, ENTER, v, "enterScore").await;
        }
        self.approve(token, unit).await;
        self.submit(token, unit).await;
    }

    /// The answer to submitting `unit`'s self-assessment with its signed
    /// report.
    pub async fn submission(&self, token: &str, unit: &Value) -> Value {
        let variables = json!({ "p": self.period, "u": unit, "s": null });
        self.app
            .graphql_upload_into(token, SUBMIT, variables, "s", signed_report_pdf())
            .await
    }

    /// Submits `unit`'s self-assessment with its signed report (must
    /// succeed).
    pub async fn submit(&self, token: &str, unit: &Value) {
        let answer = self.submission(token, unit).await;
        assert!(answer["errors"].is_null(), "{answer}");
    }

    /// Submits `unit`'s self-assessment, which must be refused with
    /// `code`, appending nothing; answers the refusal's message.
    pub async fn submit_refused(&self, token: &str, unit: &Value, code: &str) -> String {
        let head = self.app.log_head().await;
        let answer = self.submission(token, unit).await;
        assert_eq!(answer["errors"][0]["extensions"]["code"], code, "{answer}");
        assert_eq!(self.app.log_head().await, head, "nothing appended");
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The period's ranking once its results are aggregated (the process
    /// managers run beside the server): rank, unit code, total, applicable
    /// maximum, index and state of every row.
    pub async fn aggregated_ranking(&self, token: &str) -> Value {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let rows = call(
                self.app,
                token,
                "query($p: ID!) { ranking(periodId: $p) { rank unit { code } total applicableMaximum index state } }",
                json!({ "p": self.period }),
                "ranking",
            )
            .await;
            if rows
                .as_array()
                .is_some_and(|r| r.iter().all(|row| row["state"] == "PROVISIONAL"))
            {
                return rows;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "never aggregated: {rows}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// The variables of [`APPRAISE_SCORE`]: `score` for (unit, leaf) in
    /// `round`, with `reason` when given.
    pub fn appraisal(
        &self,
        (round, unit, leaf): (&str, &Value, &str),
        score: &str,
        reason: Option<&str>,
    ) -> Value {
        json!({ "i": { "periodId": self.period, "round": round, "unitId": unit, "leafCode": leaf,
            "entry": { "score": score }, "reason": reason } })
    }

    /// Scores (unit, leaf) in `round` as `token` (must succeed).
    pub async fn appraise(
        &self,
        token: &str,
        at: (&str, &Value, &str),
        score: &str,
        reason: Option<&str>,
    ) {
        let variables = self.appraisal(at, score, reason);
        call(self.app, token, APPRAISE_SCORE, variables, "appraise").await;
    }

    /// Both rounds of the appraiser (`thamdinh.snv`), each signed in on
    /// its day (round 1 on 20 January, round 2 on 15 February), scoring
    /// `scores` (unit index, leaf, score, reason) in each, then the
    /// submission.
    pub async fn appraise_both_rounds_and_submit(
        &self,
        clock: &chamdiem_commands::clock::FixedClock,
        scores: &[(usize, &str, &str, Option<&str>)],
    ) {
        for (round, day) in [("ONE", noon(1, 20)), ("TWO", noon(2, 15))] {
            clock.set(day);
            let appraiser = sign_in(self.app, "thamdinh.snv", SMALL_YEAR_PASSWORD).await;
            for (unit, leaf, score, reason) in scores {
                let unit = &self.units[*unit];
                self.appraise(&appraiser, (round, unit, leaf), score, *reason)
                    .await;
            }
        }
        let appraiser = sign_in(self.app, "thamdinh.snv", SMALL_YEAR_PASSWORD).await;
        self.submit_appraisal(&appraiser).await;
    }

    /// Submits `token`'s worksheet of the period (must succeed).
    pub async fn submit_appraisal(&self, token: &str) {
        call(
            self.app,
            token,
            "mutation($p: ID!) { submitAppraisal(input: { periodId: $p }) { __typename } }",
            json!({ "p": self.period }),
            "submitAppraisal",
        )
        .await;
    }

    /// Approves the report as it stands.
    pub async fn approve(&self, token: &str, unit: &Value) {
        let v = json!({ "p": self.period, "u": unit });
        let hash = call(
            self.app,
            token,
            "query($p: ID!, $u: ID!) { reportContentHash(periodId: $p, unitId: $u) }",
            v.clone(),
            "reportContentHash",
        )
        .await;
        call(
            self.app,
            token,
            "mutation($p: ID!, $u: ID!, $h: String!) { approveReport(input: { periodId: $p, unitId: $u, contentHash: $h }) { __typename } }",
            json!({ "p": self.period, "u": unit, "h": hash }),
            "approveReport",
        )
        .await;
    }

    /// The status the progress board gives each unit (S02, S03).
    pub async fn statuses(&self, admin: &str) -> Vec<Value> {
        let board = call(
            self.app,
            admin,
            "query($p: ID!) { progressBoard(periodId: $p) { units { unit { code } status } } }",
            json!({ "p": self.period }),
            "progressBoard.units",
        )
        .await;
        board
            .as_array()
            .into_iter()
            .flatten()
            .map(|row| row["status"].clone())
            .collect()
    }

    /// The input of `openPeriod` for a second period of the same set and
    /// units, the same deadlines, its self-assessment opening on `opens`.
    pub async fn second_period_input(&self, admin: &str, opens: Option<&str>) -> Value {
        let set = call(
            self.app,
            admin,
            "query($p: ID!) { node(id: $p) { ... on Period { criteriaSetId } } }",
            json!({ "p": self.period }),
            "node.criteriaSetId",
        )
        .await;
        json!({ "i": { "name": "Chỉ số CCHC năm 2024 (bổ sung)", "year": 2024, "criteriaSetId": set,
            "units": [{ "unitId": self.units[0] }, { "unitId": self.units[1] }],
            "deadlines": { "selfAssessmentOpens": opens, "selfAssessment": "2025-01-15",
                "appraisalRound1": "2025-01-31", "explanation": "2025-02-10",
                "appraisalRound2": "2025-02-20" } } })
    }

    /// Opens a second period of the same set and units (nobody assigned
    /// yet) as `admin`; answers its id.
    pub async fn open_second_period(&self, admin: &str) -> Value {
        let input = self.second_period_input(admin, None).await;
        call(
            self.app,
            admin,
            "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }",
            input,
            "openPeriod.period.id",
        )
        .await
    }

    /// The appraiser the small year assigned (`thamdinh.snv`), by id.
    pub async fn first_appraiser(&self, admin: &str) -> Value {
        call(
            self.app,
            admin,
            "query($p: ID!) { node(id: $p) { ... on Period { assignments { appraiserId } } } }",
            json!({ "p": self.period }),
            "node.assignments",
        )
        .await[0]["appraiserId"]
            .clone()
    }

    /// A second period of the same set and units, its self-assessment
    /// opening on `opens`, that `thamdinh.snv` appraises too (field 1 of
    /// both units).
    pub async fn second_period_appraised_alike(
        &self,
        admin: &str,
        opens: Option<&str>,
    ) -> SmallYear<'_> {
        let input = self.second_period_input(admin, opens).await;
        let period = call(
            self.app,
            admin,
            "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }",
            input,
            "openPeriod.period.id",
        )
        .await;
        call(
            self.app,
            admin,
            "mutation($i: AssignAppraiserInput!) { assignAppraiser(input: $i) { __typename } }",
            json!({ "i": { "periodId": period, "appraiserId": self.first_appraiser(admin).await,
                "unitIds": self.units, "criteria": ["1"] } }),
            "assignAppraiser",
        )
        .await;
        SmallYear {
            app: self.app,
            period,
            units: self.units.clone(),
        }
    }

    /// S02's leader (`token`) scores the plan (1.1) 2, marks the report
    /// (1.2) not applicable for want of units below, approves and submits.
    pub async fn plan_only_submitted(&self, token: &str) {
        let s02 = &self.units[0];
        let v = json!({ "p": self.period, "u": s02, "l": "1.1", "s": "2" });
        call(self.app, token, ENTER, v, "enterScore").await;
        call(
            self.app,
            token,
            "mutation($p: ID!, $u: ID!, $l: String!, $r: String!) { markNotApplicable(input: { periodId: $p, unitId: $u, leafCode: $l, reason: $r }) { __typename } }",
            json!({ "p": self.period, "u": s02, "l": "1.2", "r": "Sở không có đơn vị trực thuộc phải báo cáo" }),
            "markNotApplicable",
        )
        .await;
        self.approve(token, s02).await;
        self.submit(token, s02).await;
    }

    /// Announces complaints until 25 February 2025 as `admin`.
    pub async fn open_complaints_until_25_february(&self, admin: &str) {
        call(
            self.app,
            admin,
            "mutation($i: OpenComplaintWindowInput!) { openComplaintWindow(input: $i) { __typename } }",
            json!({ "i": { "periodId": self.period, "until": "2025-02-25" } }),
            "openComplaintWindow",
        )
        .await;
    }

    /// Upholds complaint `no` as `token` (its appraiser or the council).
    pub async fn uphold(&self, token: &str, no: u32, answer: &str) {
        call(
            self.app,
            token,
            "mutation($i: AnswerComplaintInput!) { answerComplaint(input: $i) { __typename } }",
            json!({ "i": { "periodId": self.period, "complaintNo": no, "outcome": "UPHELD", "answer": answer } }),
            "answerComplaint",
        )
        .await;
    }

    /// Reopens (unit, leaf) for complaint `no` as `admin`, with `reason`.
    pub async fn reopen_for_complaint(
        &self,
        admin: &str,
        (unit, leaf): (&Value, &str),
        no: u32,
        reason: &str,
    ) {
        call(
            self.app,
            admin,
            "mutation($i: ReopenLeafInput!) { reopenLeaf(input: $i) { __typename } }",
            json!({ "i": { "periodId": self.period, "unitId": unit, "leafCode": leaf,
                "reason": reason, "complaintNo": no } }),
            "reopenLeaf",
        )
        .await;
    }

    /// Aggregates the results again as `admin`, with `reason`.
    pub async fn reaggregate(&self, admin: &str, reason: &str) {
        call(
            self.app,
            admin,
            "mutation($i: ReaggregateResultsInput!) { reaggregateResults(input: $i) { __typename } }",
            json!({ "i": { "periodId": self.period, "reason": reason } }),
            "reaggregateResults",
        )
        .await;
    }

    /// The self-assessment deadline as `unit` reads it (date, days left).
    pub async fn own_deadline(&self, token: &str, unit: &Value) -> (Value, Value) {
        let deadlines = call(
            self.app,
            token,
            "query($p: ID!, $u: ID!) { node(id: $p) { ... on Period { deadlinesFor(unitId: $u) { kind date daysLeft } } } }",
            json!({ "p": self.period, "u": unit }),
            "node.deadlinesFor",
        )
        .await;
        let own = &deadlines[0];
        assert_eq!(own["kind"], "SELF_ASSESSMENT");
        (own["date"].clone(), own["daysLeft"].clone())
    }
}

/// Sets the small year up on 5 January 2025 (the test's clock): the
/// administrator (`quantri`), S02 and S03, the two-leaf set published, the
/// period open (self-assessment until 15 January), leaders `ld.s02` and
/// `ld.s03` and the appraiser `thamdinh.snv` (Sở Nội vụ, both units, field
/// 1), each with [`SMALL_YEAR_PASSWORD`].
pub async fn small_year(app: &TestApp) -> SmallYear<'_> {
    small_year_with(app, SET).await
}

/// The small year with the criteria set `csv` instead of the two leaves
/// (the appraiser is assigned field 1 of it).
pub async fn small_year_with<'a>(app: &'a TestApp, csv: &str) -> SmallYear<'a> {
    small_year_of(app, "PAR", csv).await
}

/// The small year scoring the index `kind` (`PAR`, `TASK_COMPLETION`) with
/// the criteria set `csv`.
pub async fn small_year_of<'a>(app: &'a TestApp, kind: &str, csv: &str) -> SmallYear<'a> {
    let admin = admin_token(app).await;
    let mut units = Vec::new();
    for (code, name) in [("S02", "Sở Tư pháp"), ("S03", "Sở Xây dựng")] {
        units.push(
            call(
                app,
                &admin,
                "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }",
                json!({ "i": { "code": code, "name": name, "kind": "DEPARTMENT" } }),
                "registerUnit.unit.id",
            )
            .await,
        );
    }
    let set = call(
        app,
        &admin,
        "mutation($i: DraftCriteriaSetInput!) { draftCriteriaSet(input: $i) { criteriaSet { id } } }",
        json!({ "i": { "indexKind": kind, "name": "Bộ chỉ số CCHC rút gọn", "decisionNumber": "4606/QĐ-UBND",
            "decisionDate": "2025-01-02", "year": 2024, "unitKinds": ["DEPARTMENT"] } }),
        "draftCriteriaSet.criteriaSet.id",
    )
    .await;
    call(app, &admin, "mutation($s: ID!, $c: String!) { importCriteriaCsv(input: { criteriaSetId: $s, csv: $c }) { __typename } }",
        json!({ "s": set, "c": csv }), "importCriteriaCsv").await;
    call(
        app,
        &admin,
        "mutation($s: ID!) { publishCriteriaSet(input: { criteriaSetId: $s }) { __typename } }",
        json!({ "s": set }),
        "publishCriteriaSet",
    )
    .await;
    let period = call(
        app,
        &admin,
        "mutation($i: OpenPeriodInput!) { openPeriod(input: $i) { period { id } } }",
        json!({ "i": { "name": "Chỉ số CCHC năm 2024", "year": 2024, "criteriaSetId": set,
            "units": [{ "unitId": units[0] }, { "unitId": units[1] }],
            "deadlines": { "selfAssessment": "2025-01-15", "appraisalRound1": "2025-01-31",
                           "explanation": "2025-02-10", "appraisalRound2": "2025-02-20" } } }),
        "openPeriod.period.id",
    )
    .await;
    for (unit, username) in units.iter().zip(["ld.s02", "ld.s03"]) {
        issued_account(
            app,
            &admin,
            json!({ "username": username, "displayName": username, "role": "DATA_ENTRY",
                "unitId": unit, "permissions": ["ENTERS_SCORES", "APPROVES_REPORTS"] }),
            SMALL_YEAR_PASSWORD,
        )
        .await;
    }
    let (appraiser, _) = issued_account(
        app,
        &admin,
        json!({ "username": "thamdinh.snv", "displayName": "Chuyên viên Sở Nội vụ",
            "role": "APPRAISER", "department": "Sở Nội vụ" }),
        SMALL_YEAR_PASSWORD,
    )
    .await;
    call(
        app,
        &admin,
        "mutation($i: AssignAppraiserInput!) { assignAppraiser(input: $i) { __typename } }",
        json!({ "i": { "periodId": period, "appraiserId": appraiser, "unitIds": units, "criteria": ["1"] } }),
        "assignAppraiser",
    )
    .await;
    let [s02, s03] = [units[0].clone(), units[1].clone()];
    SmallYear {
        app,
        period,
        units: [s02, s03],
    }
}
