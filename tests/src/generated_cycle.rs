use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_commands::handlers::{
    DraftCriteriaSetRequest, IssueAccountRequest, OpenPeriodRequest, UnitInScope,
};
use chamdiem_commands::metadata::{Actor, CommandMetadata};
use chamdiem_commands::process_managers::ProcessManagers;
use chamdiem_commands::store::{Database, SealKey};
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{DisplayName, Role, Username};
use chamdiem_domain::appraisal::Round;
use chamdiem_domain::criteria::{
    CriteriaTree, Criterion, CriterionCode, Department, LeafEntry, ScoringMethod, Section,
    import_criteria_csv,
};
use chamdiem_domain::criteria_set::{IndexKind, IssuingDecision};
use chamdiem_domain::ids::{AccountId, EvidenceId, PeriodId, SurveyResponseId, UnitId};
use chamdiem_domain::period::{Deadlines, Period};
use chamdiem_domain::scoring::{Percentage, Points};
use chamdiem_domain::self_assessment::{
    Evidence, FreeText, ReportEdit, ScorecardAction, SurveyAnswer, SurveyResponse, scorecard_id,
};
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitKind, UnitName};
use chamdiem_projections::Projector;
use chrono::{DateTime, NaiveDate, Utc};

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");

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

/// Noon in Vietnam, 2025.
pub fn noon(month: u32, day: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2025, month, day)
        .and_then(|d| d.and_hms_opt(5, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

/// The cycle's handles, for assertions.
pub struct GeneratedCycle {
    /// The write side it ran on.
    pub write: WriteSide,
    /// The period.
    pub period: PeriodId,
    /// Units by code.
    pub units: BTreeMap<&'static str, UnitId>,
    /// The unit and leaf whose round-2 score differs from round 1 (0 → 0.5).
    pub round_two_change: (UnitId, CriterionCode),
}

fn account(id: AccountId, role: Role, unit: Option<UnitId>) -> CommandMetadata {
    CommandMetadata {
        actor: Actor::Account { id, role, unit },
        request_id: None,
        client: None,
        user_agent: None,
    }
}

fn full_marks(leaf: &Criterion) -> LeafEntry {
    match &leaf.method {
        Some(ScoringMethod::Levels { levels }) => {
            LeafEntry::Score(levels.iter().map(|l| l.score).max().unwrap_or(Points::ZERO))
        }
        Some(ScoringMethod::Ratio) => LeafEntry::Ratio(Percentage::FULL),
        _ => LeafEntry::Score(leaf.max),
    }
}

fn evidence(tag: &str) -> Evidence {
    let hex: String = tag.bytes().map(|b| format!("{b:02x}")).collect();
    ok(Evidence::new(
        EvidenceId::new(),
        &format!("{hex:0<64}")[..64],
        &format!("{tag}.pdf"),
        1_000,
        "application/pdf",
        "trang 2",
    ))
}

/// Runs a whole cycle on the sample PAR set, for two blocks (four
/// departments, three districts) with ties, not-applicable leaves, bonus and
/// penalty, surveys and both rounds. When a projector is given, it catches
/// up after every phase, as it would run beside the server.
pub async fn generated_cycle(database: &Database, projector: Option<&Projector>) -> GeneratedCycle {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let write = WriteSide::new(database.clone(), clock.clone(), SealKey::generate());
    let managers = ProcessManagers::new(write.clone());
    let catch_up = async || {
        ok(managers.catch_up().await);
        if let Some(projector) = projector {
            ok(projector.catch_up().await);
        }
    };
    let admin = account(AccountId::for_username("quantri"), Role::Admin, None);
    let tree: CriteriaTree = ok(import_criteria_csv(PAR));
    let set = ok(write
        .draft_criteria_set(
            &admin,
            DraftCriteriaSetRequest {
                index_kind: IndexKind::Par,
                name: "Bộ chỉ số CCHC".into(),
                decision: ok(IssuingDecision::new(
                    "4606/QĐ-UBND",
                    NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default(),
                )),
                year: 2024,
                unit_kinds: BTreeSet::from([UnitKind::Department, UnitKind::District]),
                supersedes: None,
            },
        )
        .await);
    ok(write.import_criteria_csv(&admin, set, PAR).await);
    ok(write.publish_criteria_set(&admin, set).await);
    let mut units = BTreeMap::new();
    for (unit_code, kind) in [
        ("D1", UnitKind::Department),
        ("D2", UnitKind::Department),
        ("D3", UnitKind::Department),
        ("D4", UnitKind::Department),
        ("H1", UnitKind::District),
        ("H2", UnitKind::District),
        ("H3", UnitKind::District),
    ] {
        let id = ok(write
            .register_unit(
                &admin,
                RegisterUnit {
                    code: ok(UnitCode::parse(unit_code)),
                    name: ok(UnitName::parse(&format!("Đơn vị {unit_code}"))),
                    kind,
                    parent: None,
                },
            )
            .await);
        units.insert(unit_code, id);
    }
    let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap_or_default();
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
    let departments: BTreeSet<String> = tree.leaves().map(|l| l.appraised_by.to_string()).collect();
    let mut appraisers = Vec::new();
    for (n, department) in departments
        .iter()
        .enumerate()
        .filter(|(_, d)| d.as_str() != "Sở Thông tin và Truyền thông")
    {
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
        let issued = ok(write
            .issue_account(
                &admin,
                IssueAccountRequest {
                    username: ok(Username::parse(&format!("td{n}"))),
                    display_name: ok(DisplayName::parse(department)),
                    role: Role::Appraiser,
                    unit_id: None,
                    department: Some(ok(Department::parse(department))),
                    permissions: None,
                },
            )
            .await);
        ok(write
            .assign_appraiser(
                &admin,
                period,
                issued.account_id,
                units.values().copied().collect(),
                leaves,
            )
            .await);
        appraisers.push(issued.account_id);
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
    catch_up().await;

    // Self-assessment.
    clock.set(noon(1, 10));
    for (unit_code, unit_id) in &units {
        let leader = account(
            AccountId::for_username(&format!("ld.{}", unit_code.to_lowercase())),
            Role::DataEntry,
            Some(*unit_id),
        );
        let act = async |action| ok(write.scorecard(&leader, period, *unit_id, action).await);
        let not_applicable = matches!(*unit_code, "D2" | "H2");
        for leaf in tree.leaves().filter(|l| {
            l.code.section() == Section::Main
                && !l.method.as_ref().is_some_and(ScoringMethod::is_survey)
        }) {
            if not_applicable && leaf.code.as_str() == "1.3.2" {
                act(ScorecardAction::Edit(ReportEdit::MarkNotApplicable {
                    leaf: leaf.code.clone(),
                    reason: text("Không có đơn vị trực thuộc"),
                }))
                .await;
                continue;
            }
            act(ScorecardAction::Edit(ReportEdit::EnterScore {
                leaf: leaf.code.clone(),
                entry: full_marks(leaf),
            }))
            .await;
            if leaf.evidence_required {
                act(ScorecardAction::Edit(ReportEdit::AttachEvidence {
                    leaf: leaf.code.clone(),
                    evidence: evidence(&format!("{unit_code}-{}", leaf.code)),
                }))
                .await;
            }
        }
        let (extra, value) = match *unit_code {
            "D1" => (Some("B.1"), "1"),
            "D3" => (Some("P.1"), "0.5"),
            _ => (None, "0"),
        };
        if let Some(extra) = extra {
            act(ScorecardAction::Edit(ReportEdit::EnterScore {
                leaf: code(extra),
                entry: LeafEntry::Score(points(value)),
            }))
            .await;
            act(ScorecardAction::Edit(ReportEdit::AttachEvidence {
                leaf: code(extra),
                evidence: evidence(&format!("{unit_code}-{extra}")),
            }))
            .await;
        }
        let answer = if unit_code.starts_with('D') {
            SurveyAnswer::A
        } else {
            SurveyAnswer::B
        };
        act(ScorecardAction::Edit(ReportEdit::RecordSurveyResponse(
            SurveyResponse {
                response_id: SurveyResponseId::new(),
                respondent_group: "Người dân".into(),
                answers: BTreeMap::from([(code("8.1"), answer), (code("8.2"), answer)]),
            },
        )))
        .await;
        let hash = ok(write.report_content_hash(period, *unit_id).await);
        act(ScorecardAction::ApproveReport { content_hash: hash }).await;
        act(ScorecardAction::Submit {
            signed_report: evidence("bao-cao-da-ky"),
        })
        .await;
    }
    catch_up().await;

    // Round 1: D1's 1.1.1 not issued (0); H1 and H3 alike at 1.5 on 1.1.2.
    let changes_one = [
        ("D1", "1.1.1", "0"),
        ("H1", "1.1.2", "1.5"),
        ("H3", "1.1.2", "1.5"),
    ];
    let changes_two = [
        ("D1", "1.1.1", "0.5"),
        ("H1", "1.1.2", "1.5"),
        ("H3", "1.1.2", "1.5"),
    ];
    let appraise_all = async |round: Round, changes: &[(&str, &str, &str)]| {
        let period_state: Arc<Period> = ok(write.load(&period.to_string()).await);
        for (appraiser, assignment) in period_state.assignments() {
            for (unit_id, leaf) in assignment.pairs() {
                let unit_code = units
                    .iter()
                    .find(|(_, id)| **id == unit_id)
                    .map(|(c, _)| *c)
                    .unwrap_or_default();
                let card: Arc<chamdiem_domain::self_assessment::Scorecard> =
                    ok(write.load(&scorecard_id(period, unit_id)).await);
                if card.is_not_applicable(leaf) {
                    continue;
                }
                let node = tree.get(leaf).unwrap_or_else(|| panic!("{leaf}"));
                let change = changes
                    .iter()
                    .find(|(u, c, _)| *u == unit_code && *c == leaf.as_str());
                let self_points = card.self_points(leaf).unwrap_or(Points::ZERO);
                let entry = match (change, &node.method) {
                    (Some((_, _, value)), _) => LeafEntry::Score(points(value)),
                    (None, Some(ScoringMethod::Ratio)) => LeafEntry::Ratio(Percentage::FULL),
                    (None, _) => LeafEntry::Score(self_points),
                };
                let reason = change.map(|_| text("Tài liệu chưa đầy đủ"));
                let metadata = account(*appraiser, Role::Appraiser, None);
                ok(write
                    .appraise(
                        &metadata,
                        period,
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
    };
    clock.set(noon(1, 20));
    appraise_all(Round::One, &changes_one).await;
    catch_up().await;

    clock.set(noon(2, 5));
    let d1 = units["D1"];
    let d1_leader = account(AccountId::for_username("ld.d1"), Role::DataEntry, Some(d1));
    ok(write
        .scorecard(
            &d1_leader,
            period,
            d1,
            ScorecardAction::RespondToAppraisal {
                leaf: code("1.1.1"),
                round_one: None,
                text: text("Kế hoạch đã ban hành, chậm 5 ngày"),
                evidence: vec![evidence("D1-1.1.1-bo-sung")],
            },
        )
        .await);
    catch_up().await;

    clock.set(noon(2, 15));
    appraise_all(Round::Two, &changes_two).await;
    catch_up().await;
    for appraiser in &appraisers {
        ok(write
            .submit_appraisal(
                &account(*appraiser, Role::Appraiser, None),
                period,
                *appraiser,
            )
            .await);
    }
    catch_up().await;
    GeneratedCycle {
        write,
        period,
        units,
        round_two_change: (d1, code("1.1.1")),
    }
}
