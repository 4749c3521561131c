//! A whole yearly cycle on the sample PAR set, through the command layer,
//! on both stores: criteria set, units, period, self-assessment, two rounds
//! of appraisal, submissions recorded and aggregation, ranking, publication. The
//! expected figures are worked out by hand below.

use chamdiem_commands::store::SealKey;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::handlers::{
    DraftCriteriaSetRequest, IssueAccountRequest, OpenPeriodRequest, UnitInScope,
};
use chamdiem_commands::metadata::{Actor, CommandMetadata, RequestContext};
use chamdiem_commands::process_managers::ProcessManagers;
use chamdiem_commands::sessions::{SessionSettings, Sessions};
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{Account, DisplayName, Role, Username};
use chamdiem_domain::appraisal::Round;
use chamdiem_domain::criteria::{
    CriteriaTree, Criterion, CriterionCode, Department, LeafEntry, ScoringMethod, Section,
    import_criteria_csv,
};
use chamdiem_domain::criteria_set::{IndexKind, IssuingDecision};
use chamdiem_domain::ids::{AccountId, EvidenceId, PeriodId, SurveyResponseId, UnitId};
use chamdiem_domain::period::{Deadlines, Period, PeriodStatus};
use chamdiem_domain::results::LeafSource;
use chamdiem_domain::scoring::{Percentage, Points};
use chamdiem_domain::self_assessment::{
    Evidence, FreeText, ReportEdit, ScorecardAction, SurveyAnswer, SurveyResponse,
};
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitKind, UnitName};
use chamdiem_tests::{TestDatabase, TestStore, both_stores};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;

both_stores!(a_whole_cycle_ranks_units_as_computed_by_hand);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");

fn noon(month: u32, day: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2025, month, day)
        .and_then(|d| d.and_hms_opt(5, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, d).unwrap_or_default()
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn code(text: &str) -> CriterionCode {
    ok(CriterionCode::parse(text))
}

fn points(text: &str) -> Points {
    ok(Points::parse(text))
}

fn text(value: &str) -> FreeText {
    ok(FreeText::parse(value))
}

fn as_account(id: AccountId, role: Role, unit: Option<UnitId>) -> CommandMetadata {
    CommandMetadata {
        actor: Actor::Account { id, role, unit },
        request_id: None,
        client: None,
        user_agent: None,
    }
}

/// Full marks for a leaf: its top level, 100 %, or its maximum.
fn full_marks(leaf: &Criterion) -> LeafEntry {
    match &leaf.method {
        Some(ScoringMethod::Levels { levels }) => {
            LeafEntry::Score(levels.iter().map(|l| l.score).max().unwrap_or(Points::ZERO))
        }
        Some(ScoringMethod::Ratio) => LeafEntry::Ratio(Percentage::FULL),
        _ => LeafEntry::Score(leaf.max),
    }
}

fn evidence_for(unit: &str, tag: &str) -> Evidence {
    let digest = format!("{unit}{tag}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    ok(Evidence::new(
        EvidenceId::new(),
        &format!("{digest:0<64}")[..64],
        &format!("{unit}-{tag}.pdf"),
        2_048,
        "application/pdf",
        "trang 1",
    ))
}

struct Cycle {
    write: WriteSide,
    clock: Arc<FixedClock>,
    tree: CriteriaTree,
    period: PeriodId,
    units: BTreeMap<&'static str, UnitId>,
    appraisers: BTreeMap<String, AccountId>,
}

impl Cycle {
    fn at(&self, when: DateTime<Utc>) {
        self.clock.set(when);
    }

    fn leader(&self, unit: &str) -> CommandMetadata {
        as_account(
            AccountId::for_username(&format!("lanhdao.{}", unit.to_lowercase())),
            Role::DataEntry,
            Some(self.units[unit]),
        )
    }

    async fn self_assess(&self, unit: &str, action: ScorecardAction) {
        ok(self
            .write
            .scorecard(&self.leader(unit), self.period, self.units[unit], action)
            .await);
    }

    /// Every main non-survey leaf at full marks with evidence where required,
    /// except `changes` (a different entry) and `not_applicable` leaves.
    async fn enter_all(&self, unit: &str, changes: &[(&str, LeafEntry)], not_applicable: &[&str]) {
        for leaf in self.tree.leaves().filter(|l| {
            l.code.section() == Section::Main
                && !l.method.as_ref().is_some_and(ScoringMethod::is_survey)
        }) {
            if not_applicable.contains(&leaf.code.as_str()) {
                let reason = text("Đơn vị không có đơn vị trực thuộc");
                self.self_assess(
                    unit,
                    ScorecardAction::Edit(ReportEdit::MarkNotApplicable {
                        leaf: leaf.code.clone(),
                        reason,
                    }),
                )
                .await;
                continue;
            }
            let entry = changes
                .iter()
                .find(|(c, _)| *c == leaf.code.as_str())
                .map_or_else(|| full_marks(leaf), |(_, e)| *e);
            self.self_assess(
                unit,
                ScorecardAction::Edit(ReportEdit::EnterScore {
                    leaf: leaf.code.clone(),
                    entry,
                }),
            )
            .await;
            if leaf.evidence_required {
                self.self_assess(
                    unit,
                    ScorecardAction::Edit(ReportEdit::AttachEvidence {
                        leaf: leaf.code.clone(),
                        evidence: evidence_for(unit, leaf.code.as_str()),
                    }),
                )
                .await;
            }
        }
    }

    async fn survey(&self, unit: &str, answer: SurveyAnswer) {
        let form = SurveyResponse {
            response_id: SurveyResponseId::new(),
            respondent_group: "Tổ chức, cá nhân".into(),
            answers: BTreeMap::from([(code("8.1"), answer), (code("8.2"), answer)]),
        };
        self.self_assess(
            unit,
            ScorecardAction::Edit(ReportEdit::RecordSurveyResponse(form)),
        )
        .await;
    }

    async fn approve_and_submit(&self, unit: &str) {
        let hash = ok(self
            .write
            .report_content_hash(self.period, self.units[unit])
            .await);
        self.self_assess(unit, ScorecardAction::ApproveReport { content_hash: hash })
            .await;
        let signed_report = evidence_for(unit, "bao-cao-da-ky");
        self.self_assess(unit, ScorecardAction::Submit { signed_report })
            .await;
    }

    /// Appraises every assigned (unit, leaf) in `round`: the self entry, except `changes`.
    async fn appraise_all(&self, round: Round, changes: &[(&str, &str, LeafEntry)]) {
        let period: Arc<Period> = ok(self.write.load(&self.period.to_string()).await);
        for (appraiser, assignment) in period.assignments() {
            for (unit_id, leaf) in assignment.pairs() {
                let unit = self
                    .units
                    .iter()
                    .find(|(_, id)| **id == unit_id)
                    .map(|(u, _)| *u)
                    .unwrap_or_default();
                let scorecard: Arc<chamdiem_domain::self_assessment::Scorecard> = ok(self
                    .write
                    .load(&chamdiem_domain::self_assessment::scorecard_id(
                        self.period,
                        unit_id,
                    ))
                    .await);
                if scorecard.is_not_applicable(leaf) {
                    continue;
                }
                let node = self.tree.get(leaf).unwrap_or_else(|| panic!("{leaf}"));
                let change = changes
                    .iter()
                    .find(|(u, c, _)| *u == unit && *c == leaf.as_str());
                let entry = match change {
                    Some((_, _, entry)) => *entry,
                    None => self_entry(&scorecard, node),
                };
                let reason = change.map(|_| text("Chưa đủ tài liệu kiểm chứng"));
                let metadata = as_account(*appraiser, Role::Appraiser, None);
                ok(self
                    .write
                    .appraise(
                        &metadata,
                        self.period,
                        *appraiser,
                        round,
                        unit_id,
                        leaf.clone(),
                        entry,
                        reason,
                    )
                    .await);
            }
        }
    }
}

/// The entry whose points equal the unit's self score (full marks, or the
/// recorded points as a score; ratio leaves use a percentage).
fn self_entry(
    scorecard: &chamdiem_domain::self_assessment::Scorecard,
    leaf: &Criterion,
) -> LeafEntry {
    let points = scorecard.self_points(&leaf.code).unwrap_or(Points::ZERO);
    match leaf.method {
        Some(ScoringMethod::Ratio) => {
            // points = p × max / 100 ⇒ p = points × 100 / max (exact for the sample's figures).
            let percentage = points.value() * Decimal::ONE_HUNDRED / leaf.max.value();
            LeafEntry::Ratio(Percentage::new(percentage.round_dp(2)).unwrap_or(Percentage::FULL))
        }
        _ => LeafEntry::Score(points),
    }
}

async fn a_whole_cycle_ranks_units_as_computed_by_hand(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let write = WriteSide::new(db.database.clone(), clock.clone(), SealKey::generate());
    let admin = as_account(AccountId::for_username("quantri"), Role::Admin, None);
    let tree = ok(import_criteria_csv(PAR));

    // The criteria set: drafted, imported from the appendix, published.
    let set = ok(write
        .draft_criteria_set(
            &admin,
            DraftCriteriaSetRequest {
                index_kind: IndexKind::Par,
                name: "Bộ chỉ số CCHC các sở, ban, ngành".into(),
                decision: ok(IssuingDecision::new("4606/QĐ-UBND", day(1, 2))),
                year: 2024,
                unit_kinds: BTreeSet::from([UnitKind::Department]),
                supersedes: None,
            },
        )
        .await);
    ok(write.import_criteria_csv(&admin, set, PAR).await);
    ok(write.publish_criteria_set(&admin, set).await);

    // Four departments.
    let mut units = BTreeMap::new();
    for (unit_code, name) in [
        ("S01", "Sở Nội vụ"),
        ("S02", "Sở Tư pháp"),
        ("S03", "Sở Tài chính"),
        ("S04", "Sở Y tế"),
    ] {
        let id = ok(write
            .register_unit(
                &admin,
                RegisterUnit {
                    code: ok(UnitCode::parse(unit_code)),
                    name: ok(UnitName::parse(name)),
                    kind: UnitKind::Department,
                    parent: None,
                },
            )
            .await);
        units.insert(unit_code, id);
    }

    // The period.
    let period = ok(write
        .open_period(
            &admin,
            OpenPeriodRequest {
                name: "Chỉ số CCHC năm 2024".into(),
                year: 2024,
                criteria_set_id: set,
                units: units
                    .values()
                    .map(|id| UnitInScope {
                        unit_id: *id,
                        block: None,
                    })
                    .collect(),
                deadlines: Deadlines {
                    self_assessment_opens: None,
                    self_assessment: day(1, 15),
                    appraisal_round_1: day(1, 31),
                    explanation: day(2, 10),
                    appraisal_round_2: day(2, 20),
                },
            },
        )
        .await);

    // One appraiser per department, each assigned that department's leaves
    // for every unit; Sở Thông tin và Truyền thông is left without one, so its
    // leaves keep the self score, flagged as not appraised.
    let mut appraisers = BTreeMap::new();
    let mut temporary_passwords = BTreeMap::new();
    let departments: BTreeSet<String> = tree.leaves().map(|l| l.appraised_by.to_string()).collect();
    for (n, department) in departments.iter().enumerate() {
        if department == "Sở Thông tin và Truyền thông" {
            continue;
        }
        let leaves: BTreeSet<CriterionCode> = tree
            .leaves()
            .filter(|l| {
                l.appraised_by.as_str() == department
                    && !l.method.as_ref().is_some_and(ScoringMethod::is_survey)
            })
            .map(|l| l.code.clone())
            .collect();
        if leaves.is_empty() {
            continue;
        }
        let username = ok(Username::parse(&format!("thamdinh{n}")));
        let issued = ok(write
            .issue_account(
                &admin,
                IssueAccountRequest {
                    username,
                    display_name: ok(DisplayName::parse(&format!("Thẩm định {department}"))),
                    role: Role::Appraiser,
                    unit_id: None,
                    department: Some(ok(Department::parse(department))),
                    permissions: None,
                },
            )
            .await);
        let account = issued.account_id;
        temporary_passwords.insert(account, issued.temporary_password);
        ok(write
            .assign_appraiser(
                &admin,
                period,
                account,
                units.values().copied().collect(),
                leaves,
            )
            .await);
        appraisers.insert(department.clone(), account);
    }
    // The departments with no appraiser here are exempted, with a reason,
    // so that round 1 opens.
    ok(write
        .exempt_from_appraisal(
            &admin,
            period,
            (BTreeSet::new(), BTreeSet::new()),
            "Cơ quan chưa có người thẩm định trong phép thử",
        )
        .await);
    let cycle = Cycle {
        write,
        clock,
        tree,
        period,
        units,
        appraisers,
    };

    // Self-assessment, on 10 January.
    cycle.at(noon(1, 10));
    let ratio_87_5 = LeafEntry::Ratio(ok(Percentage::parse("87.5")));
    cycle.enter_all("S01", &[], &[]).await;
    cycle
        .self_assess(
            "S01",
            ScorecardAction::Edit(ReportEdit::EnterScore {
                leaf: code("B.1"),
                entry: LeafEntry::Score(points("1")),
            }),
        )
        .await;
    cycle
        .self_assess(
            "S01",
            ScorecardAction::Edit(ReportEdit::AttachEvidence {
                leaf: code("B.1"),
                evidence: evidence_for("S01", "B.1"),
            }),
        )
        .await;
    cycle.survey("S01", SurveyAnswer::A).await;
    cycle.enter_all("S02", &[], &["1.3.2"]).await;
    cycle
        .self_assess(
            "S02",
            ScorecardAction::Edit(ReportEdit::EnterScore {
                leaf: code("P.2"),
                entry: LeafEntry::Score(points("0.25")),
            }),
        )
        .await;
    cycle
        .self_assess(
            "S02",
            ScorecardAction::Edit(ReportEdit::AttachEvidence {
                leaf: code("P.2"),
                evidence: evidence_for("S02", "P.2"),
            }),
        )
        .await;
    cycle.survey("S02", SurveyAnswer::B).await;
    for unit in ["S03", "S04"] {
        cycle.enter_all(unit, &[("1.3.1", ratio_87_5)], &[]).await;
        cycle.survey(unit, SurveyAnswer::A).await;
    }
    for unit in ["S01", "S02", "S03", "S04"] {
        cycle.approve_and_submit(unit).await;
    }

    // Round 1 on 20 January: S01's plan was not issued (0); S03's was late (0.5);
    // S04's plan was 80–100 % done (1.5 of 2).
    cycle.at(noon(1, 20));
    let round_one_changes = [
        ("S01", "1.1.1", LeafEntry::Score(points("0"))),
        ("S03", "1.1.1", LeafEntry::Score(points("0.5"))),
        ("S04", "1.1.2", LeafEntry::Score(points("1.5"))),
    ];
    cycle.appraise_all(Round::One, &round_one_changes).await;

    // S01 answers on 5 February; round 2 on 15 February raises it to 0.5.
    cycle.at(noon(2, 5));
    cycle
        .self_assess(
            "S01",
            ScorecardAction::RespondToAppraisal {
                leaf: code("1.1.1"),
                round_one: None,
                text: text("Kế hoạch ban hành ngày 20/01, chậm so với quy định"),
                evidence: vec![evidence_for("S01", "1.1.1-bo-sung")],
            },
        )
        .await;
    cycle.at(noon(2, 15));
    let round_two_changes = [
        ("S01", "1.1.1", LeafEntry::Score(points("0.5"))),
        ("S03", "1.1.1", LeafEntry::Score(points("0.5"))),
        ("S04", "1.1.2", LeafEntry::Score(points("1.5"))),
    ];
    cycle.appraise_all(Round::Two, &round_two_changes).await;
    // An appraiser signed in before submitting…
    let sessions = Sessions::new(cycle.write.clone(), SessionSettings::default());
    let (first_department, first_appraiser) = cycle
        .appraisers
        .iter()
        .next()
        .map(|(d, a)| (d.clone(), *a))
        .unwrap_or_default();
    let first_account: Arc<Account> = ok(cycle.write.load(&first_appraiser.to_string()).await);
    let first_username = first_account
        .username()
        .map(ToString::to_string)
        .unwrap_or_default();
    let first_password = temporary_passwords
        .get(&first_appraiser)
        .map(|p| p.expose_secret().to_owned())
        .unwrap_or_default();
    let session = ok(sessions
        .sign_in(
            &first_username,
            first_password.clone(),
            &RequestContext::default(),
        )
        .await);
    assert!(
        sessions.authenticate(&session.token).await.is_ok(),
        "{first_department}"
    );
    for (department, appraiser) in &cycle.appraisers {
        let metadata = as_account(*appraiser, Role::Appraiser, None);
        let submitted = cycle
            .write
            .submit_appraisal(&metadata, cycle.period, *appraiser)
            .await;
        assert!(submitted.is_ok(), "{department}: {submitted:?}");
    }

    // The process managers record every submission and aggregate the
    // results. A submission closes the worksheet of this period, not the
    // account (decision 0021): the session goes on, and signing in again
    // works.
    let managers = ProcessManagers::new(cycle.write.clone());
    ok(managers.catch_up().await);
    for appraiser in cycle.appraisers.values() {
        let account: Arc<Account> = ok(cycle.write.load(&appraiser.to_string()).await);
        assert!(
            account.lock_reason().is_none(),
            "no appraiser is locked after submitting"
        );
    }
    assert!(sessions.authenticate(&session.token).await.is_ok());
    let back = sessions
        .sign_in(&first_username, first_password, &RequestContext::default())
        .await;
    assert!(back.is_ok(), "{first_department}");
    let period: Arc<Period> = ok(cycle.write.load(&cycle.period.to_string()).await);
    assert_eq!(period.status(), Some(PeriodStatus::Aggregated));
    let results = period.results().cloned().unwrap_or_default();

    // By hand (fields total 100; the survey leaves 8.1 and 8.2 are worth 10 each):
    // S01: 100 − 0.5 (1.1.1 appraised 0.5) + 1 bonus          = 100.5 / 100 → 100.50, rank 1
    // S03: 100 − 0.5 (1.1.1) − 0.12 (87.5 % of 1 = 0.875 → 0.88) = 99.38 / 100 →  99.38, rank 2
    // S04: 100 − 0.5 (1.1.2 at 1.5 of 2) − 0.12                = 99.38 / 100 →  99.38, rank 2 (tie)
    // S02: 100 − 1 (1.3.2 not applicable) − 8 (survey B: 60 % of 20) − 0.25 penalty
    //      = 90.75 / 99 = 91.666… → 91.67, rank 4
    let table: Vec<(u32, String, String, String, String)> = results
        .iter()
        .map(|r| {
            (
                r.rank,
                r.result.unit.code.to_string(),
                r.result.total.normalize().to_string(),
                r.result.applicable_maximum.to_string(),
                r.result
                    .index
                    .rounded()
                    .map(|i| format!("{i:.2}"))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        (1, "S01", "100.5", "100", "100.50"),
        (2, "S03", "99.38", "100", "99.38"),
        (2, "S04", "99.38", "100", "99.38"),
        (4, "S02", "90.75", "99", "91.67"),
    ];
    let expected: Vec<(u32, String, String, String, String)> = expected
        .iter()
        .map(|(r, u, t, m, i)| {
            (
                *r,
                (*u).to_owned(),
                (*t).to_owned(),
                (*m).to_owned(),
                (*i).to_owned(),
            )
        })
        .collect();
    assert_eq!(table, expected);

    // Component indexes: S02's field 1 is 11/11 (1.3.2 not applicable), field 8 is 12/20.
    let s02 = results
        .iter()
        .find(|r| r.result.unit.code.as_str() == "S02")
        .map(|r| &r.result);
    let field = |n: &str| {
        s02.and_then(|r| r.fields.iter().find(|f| f.code.as_str() == n))
            .and_then(|f| f.index.rounded().ok())
    };
    assert_eq!(
        (field("1"), field("8")),
        (Some(Decimal::new(10_000, 2)), Some(Decimal::new(6_000, 2)))
    );
    // S01's 1.1.1 is the round-2 score; field 7 (no appraiser) keeps the self score, flagged.
    let s01 = results
        .iter()
        .find(|r| r.result.unit.code.as_str() == "S01")
        .map(|r| &r.result);
    let leaf = |c: &str| {
        s01.and_then(|r| r.leaves.iter().find(|l| l.code.as_str() == c))
            .map(|l| (l.points, l.source))
    };
    assert_eq!(leaf("1.1.1"), Some((points("0.5"), LeafSource::Appraised)));
    assert_eq!(
        leaf("7.1.1"),
        Some((points("2"), LeafSource::SelfNotAppraised))
    );
    assert_eq!(leaf("8.1"), Some((points("10"), LeafSource::Survey)));

    // Replaying the whole log through the process managers changes nothing.
    let head = ok(db.log_head().await);
    reset_checkpoint(&db).await;
    ok(managers.catch_up().await);
    assert_eq!(ok(db.log_head().await), head, "a replay appends nothing");

    // Late and repeated work is refused, and appends nothing.
    let late_score = ScorecardAction::Edit(ReportEdit::EnterScore {
        leaf: code("1.1.1"),
        entry: LeafEntry::Score(points("1")),
    });
    let late = cycle
        .write
        .scorecard(
            &cycle.leader("S01"),
            cycle.period,
            cycle.units["S01"],
            late_score,
        )
        .await;
    assert_eq!(late.map_err(|e| e.code().as_str()), Err("DEADLINE_PASSED"));
    let (department, appraiser) = cycle
        .appraisers
        .iter()
        .next()
        .map(|(d, a)| (d.clone(), *a))
        .unwrap_or_default();
    let again = cycle
        .write
        .submit_appraisal(
            &as_account(appraiser, Role::Appraiser, None),
            cycle.period,
            appraiser,
        )
        .await;
    assert!(
        matches!(
            again,
            Err(CommandError::Refused {
                code: chamdiem_domain::Code::Conflict,
                ..
            })
        ),
        "{department}: {again:?}"
    );
    assert_eq!(ok(db.log_head().await), head);

    // A manager finalizes and publishes.
    let manager = as_account(AccountId::for_username("lanhdao.snv"), Role::Manager, None);
    // The council agrees first (the administrator records its minutes);
    // the results are published with the People's Committee's decision.
    let today = chamdiem_domain::time::local_date(cycle.write.now());
    let scan = |name: &str| {
        ok(Evidence::new(
            EvidenceId::new(),
            &"c".repeat(64),
            name,
            2_048,
            "application/pdf",
            "toàn văn",
        ))
    };
    let refused = cycle.write.finalize_results(&manager, cycle.period).await;
    assert!(
        matches!(
            &refused,
            Err(CommandError::Refused {
                code: chamdiem_domain::Code::Conflict,
                ..
            })
        ),
        "no council yet: {refused:?}"
    );
    ok(cycle
        .write
        .record_council_agreement(
            &CommandMetadata::operator("test"),
            cycle.period,
            (today, vec!["Chủ tịch Hội đồng".into(), "Thư ký".into()]),
            scan("bien-ban-hoi-dong.pdf"),
        )
        .await);
    ok(cycle.write.finalize_results(&manager, cycle.period).await);
    ok(cycle
        .write
        .publish_results(
            &manager,
            cycle.period,
            ("125/QĐ-UBND", today),
            scan("quyet-dinh.pdf"),
        )
        .await);
    let period: Arc<Period> = ok(cycle.write.load(&cycle.period.to_string()).await);
    assert_eq!(period.status(), Some(PeriodStatus::Published));
}

async fn reset_checkpoint(db: &TestDatabase) {
    match &db.database {
        chamdiem_commands::store::Database::Postgres(pool) => {
            ok(sqlx::query("UPDATE process_checkpoints SET position = 0")
                .execute(pool)
                .await);
        }
        chamdiem_commands::store::Database::Sqlite(pool) => {
            ok(sqlx::query("UPDATE process_checkpoints SET position = 0")
                .execute(pool)
                .await);
        }
    }
}
