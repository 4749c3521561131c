//! Every command × every kind of caller, on both stores: the callers the
//! policy allows succeed, every other caller is refused with FORBIDDEN (or
//! UNAUTHENTICATED when not signed in, or holding a locked account's token)
//! and nothing is appended.

use chamdiem_commands::store::SealKey;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_commands::gate::{
    Appraise, ApproveSubAccountRequest, AssignAppraiser, ChangeOwnPassword, CorrectAppraisal,
    DeactivateUnit, ExtendDeadline, FinalizeResults, Gate, GrantPermission, ImportCriteriaCsv,
    ImportCriteriaTable, LockAccount, OnScorecard, OpenComplaintWindow, PublishCriteriaSet,
    PublishResults, ReaggregateResults, RecordCouncilAgreement, RejectSubAccountRequest,
    RenameUnit, ReopenLeaf, RequestSubAccounts, ResetPassword, RevokePermission,
    SetClassificationBands, SubmitAppraisal, UnlockAccount,
};
use chamdiem_commands::handlers::{
    ComplaintAnswerRequest, ComplaintRequest, DraftCriteriaSetRequest, IssueAccountRequest,
    OpenPeriodRequest, UnitInScope,
};
use chamdiem_commands::metadata::{CommandMetadata, RequestContext};
use chamdiem_commands::policy::authorize;
use chamdiem_commands::process_managers::ProcessManagers;
use chamdiem_commands::sessions::{Principal, SessionSettings, Sessions};
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{Account, DisplayName, Permission, Role, Username};
use chamdiem_domain::appraisal::Round;
use chamdiem_domain::criteria::{CriterionCode, Department, LeafEntry};
use chamdiem_domain::criteria_set::{IndexKind, IssuingDecision};
use chamdiem_domain::ids::{CriteriaSetId, EvidenceId, PeriodId, SubAccountRequestId, UnitId};
use chamdiem_domain::period::{ComplaintOutcome, DeadlineKind, Deadlines, SerialNo};
use chamdiem_domain::scoring::{ClassificationBands, Points};
use chamdiem_domain::self_assessment::{Evidence, FreeText, ReportEdit, ScorecardAction};
use chamdiem_domain::sub_account_request::RequestedAccount;
use chamdiem_domain::table_file::read_xlsx_table;
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitKind, UnitName};
use chamdiem_projections::Projector;
use chamdiem_projections::queries::{RequestStatus, periods, sub_account_requests};
use chamdiem_tests::AnyCommand;
use chamdiem_tests::{TestDatabase, TestStore, both_stores, workbook_of};
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};

both_stores!(every_command_is_allowed_to_exactly_the_callers_the_policy_names);

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const HTNV: &str = include_str!("../../domain/tests/data/htnv-department-sample.csv");

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// A signed scan, as stored (the gate does not read the store).
fn signed_scan(name: &str) -> Evidence {
    ok(Evidence::new(
        EvidenceId::new(),
        &"b".repeat(64),
        name,
        1_000,
        "application/pdf",
        "toàn văn",
    ))
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, d).unwrap_or_default()
}

fn noon(month: u32, d: u32) -> DateTime<Utc> {
    day(month, d)
        .and_hms_opt(5, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

fn code(text: &str) -> CriterionCode {
    ok(CriterionCode::parse(text))
}

fn text(value: &str) -> FreeText {
    ok(FreeText::parse(value))
}

/// The kinds of caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    LockedAccount,
    Admin,
    Manager,
    Auditor,
    AssignedAppraiser,
    OtherAppraiser,
    EntryOwnUnit,
    LeaderOwnUnit,
    EntryOtherUnit,
}

const EVERYONE: [Who; 10] = [
    Who::Anonymous,
    Who::LockedAccount,
    Who::Admin,
    Who::Manager,
    Who::Auditor,
    Who::AssignedAppraiser,
    Who::OtherAppraiser,
    Who::EntryOwnUnit,
    Who::LeaderOwnUnit,
    Who::EntryOtherUnit,
];

struct Fixture {
    write: WriteSide,
    gate: Gate,
    clock: Arc<FixedClock>,
    principals: BTreeMap<Who, Principal>,
    passwords: BTreeMap<Who, SecretString>,
    unit: UnitId,
    child: UnitId,
    other_unit: UnitId,
    par_draft: CriteriaSetId,
    htnv_draft: CriteriaSetId,
    published: CriteriaSetId,
    period_entry: PeriodId,
    period_appraise: PeriodId,
    period_submit: PeriodId,
    pending_request: SubAccountRequestId,
    rejectable_request: SubAccountRequestId,
}

async fn issue(
    write: &WriteSide,
    admin: &CommandMetadata,
    name: &str,
    role: Role,
    unit: Option<UnitId>,
    department: Option<&str>,
    permissions: &[Permission],
) -> (Principal, SecretString) {
    let credentials = ok(write
        .issue_account(
            admin,
            IssueAccountRequest {
                username: ok(Username::parse(name)),
                display_name: ok(DisplayName::parse(name)),
                role,
                unit_id: unit,
                department: department.map(|d| ok(Department::parse(d))),
                permissions: (role == Role::DataEntry)
                    .then(|| permissions.iter().copied().collect()),
            },
        )
        .await);
    let account: Arc<Account> = ok(write.load(&credentials.account_id.to_string()).await);
    let mut principal = Principal::of(&account).unwrap_or_else(|| panic!("{name} was not issued"));
    // The table is about roles and relations, not the first-sign-in rule
    // (tested on its own): act as if the temporary password was changed.
    principal.must_change_password = false;
    (principal, credentials.temporary_password)
}

async fn fixture(db: &TestDatabase) -> Fixture {
    let clock = Arc::new(FixedClock::new(noon(1, 5)));
    let write = WriteSide::new(db.database.clone(), clock.clone(), SealKey::generate());
    let admin_meta = CommandMetadata::operator("test-fixture");
    let register = |code: &str, parent: Option<UnitId>| RegisterUnit {
        code: ok(UnitCode::parse(code)),
        name: ok(UnitName::parse(&format!("Đơn vị {code}"))),
        kind: UnitKind::Department,
        parent,
    };
    let unit = ok(write
        .register_unit(&admin_meta, register("S01", None))
        .await);
    let child = ok(write
        .register_unit(&admin_meta, register("S01-CC1", Some(unit)))
        .await);
    let child2 = ok(write
        .register_unit(&admin_meta, register("S01-CC2", Some(unit)))
        .await);
    let other_unit = ok(write
        .register_unit(&admin_meta, register("S02", None))
        .await);

    let draft = |kind| DraftCriteriaSetRequest {
        index_kind: kind,
        name: "Bộ tiêu chí".into(),
        decision: ok(IssuingDecision::new("1/QĐ-UBND", day(1, 2))),
        year: 2024,
        unit_kinds: BTreeSet::from([UnitKind::Department]),
        supersedes: None,
    };
    let published = ok(write
        .draft_criteria_set(&admin_meta, draft(IndexKind::Par))
        .await);
    ok(write.import_criteria_csv(&admin_meta, published, PAR).await);
    ok(write.publish_criteria_set(&admin_meta, published).await);
    let par_draft = ok(write
        .draft_criteria_set(&admin_meta, draft(IndexKind::Par))
        .await);
    let htnv_draft = ok(write
        .draft_criteria_set(&admin_meta, draft(IndexKind::TaskCompletion))
        .await);
    ok(write
        .import_criteria_csv(&admin_meta, htnv_draft, HTNV)
        .await);

    let mut principals = BTreeMap::new();
    let mut passwords = BTreeMap::new();
    for (who, name, role, unit_id, department, permissions) in [
        (Who::Admin, "quantri", Role::Admin, None, None, &[][..]),
        (
            Who::Manager,
            "lanhdao.snv",
            Role::Manager,
            None,
            None,
            &[][..],
        ),
        (Who::Auditor, "kiemtoan", Role::Auditor, None, None, &[][..]),
        (
            Who::AssignedAppraiser,
            "thamdinh.a",
            Role::Appraiser,
            None,
            Some("Sở Nội vụ"),
            &[][..],
        ),
        (
            Who::OtherAppraiser,
            "thamdinh.b",
            Role::Appraiser,
            None,
            Some("Sở Tư pháp"),
            &[][..],
        ),
        (
            Who::EntryOwnUnit,
            "nhaplieu.s01",
            Role::DataEntry,
            Some(unit),
            None,
            &[Permission::EntersScores][..],
        ),
        (
            Who::LeaderOwnUnit,
            "lanhdao.s01",
            Role::DataEntry,
            Some(unit),
            None,
            &[
                Permission::EntersScores,
                Permission::ApprovesReports,
                Permission::RequestsSubAccounts,
            ][..],
        ),
        (
            Who::EntryOtherUnit,
            "nhaplieu.s02",
            Role::DataEntry,
            Some(other_unit),
            None,
            &[Permission::EntersScores][..],
        ),
    ] {
        let (principal, password) = issue(
            &write,
            &admin_meta,
            name,
            role,
            unit_id,
            department,
            permissions,
        )
        .await;
        principals.insert(who, principal);
        passwords.insert(who, password);
    }

    let deadlines = |self_assessment| Deadlines {
        self_assessment_opens: None,
        self_assessment,
        appraisal_round_1: day(1, 31),
        explanation: day(2, 10),
        appraisal_round_2: day(2, 20),
    };
    let open = |name: &str, self_deadline| OpenPeriodRequest {
        name: name.into(),
        year: 2024,
        criteria_set_id: published,
        units: vec![
            UnitInScope {
                unit_id: unit,
                block: None,
            },
            UnitInScope {
                unit_id: other_unit,
                block: None,
            },
        ],
        deadlines: deadlines(self_deadline),
    };
    let period_entry = ok(write
        .open_period(&admin_meta, open("Nhập liệu", day(1, 15)))
        .await);
    let period_appraise = ok(write
        .open_period(&admin_meta, open("Thẩm định", day(1, 6)))
        .await);
    let period_submit = ok(write
        .open_period(&admin_meta, open("Gửi thẩm định", day(1, 6)))
        .await);
    let assigned = &principals[&Who::AssignedAppraiser];
    ok(write
        .assign_appraiser(
            &admin_meta,
            period_appraise,
            assigned.account_id,
            BTreeSet::from([unit]),
            BTreeSet::from([code("1.1.1")]),
        )
        .await);
    ok(write
        .assign_appraiser(
            &admin_meta,
            period_submit,
            assigned.account_id,
            BTreeSet::from([unit]),
            BTreeSet::from([code("1.3.2")]),
        )
        .await);
    // Nobody else appraises in these periods: the rest is exempted, so
    // that round 1 opens.
    for period in [period_appraise, period_submit] {
        ok(write
            .exempt_from_appraisal(
                &admin_meta,
                period,
                (BTreeSet::new(), BTreeSet::new()),
                "Ngoài phạm vi của phép thử này",
            )
            .await);
    }
    // In the period to submit, the unit marks the assigned leaf not
    // applicable, so the worksheet is complete with no score to give.
    let entry_meta = principals[&Who::EntryOwnUnit].metadata(&RequestContext::default());
    ok(write
        .scorecard(
            &entry_meta,
            period_submit,
            unit,
            ScorecardAction::Edit(ReportEdit::MarkNotApplicable {
                leaf: code("1.3.2"),
                reason: text("Không có đơn vị trực thuộc"),
            }),
        )
        .await);
    let pending_request = ok(write
        .request_sub_accounts(
            &entry_meta,
            principals[&Who::LeaderOwnUnit].account_id,
            unit,
            child2,
            vec![RequestedAccount {
                username: ok(Username::parse("nhaplieu.cc2")),
                display_name: ok(DisplayName::parse("Nhập liệu Chi cục 2")),
                permissions: BTreeSet::from([Permission::EntersScores]),
            }],
        )
        .await);

    let rejectable_request = ok(write
        .request_sub_accounts(
            &entry_meta,
            principals[&Who::LeaderOwnUnit].account_id,
            unit,
            child,
            vec![RequestedAccount {
                username: ok(Username::parse("nhaplieu.cc1b")),
                display_name: ok(DisplayName::parse("Nhập liệu Chi cục 1")),
                permissions: BTreeSet::from([Permission::EntersScores]),
            }],
        )
        .await);

    // Past the self-assessment deadline of the appraisal periods, inside
    // round 1 and the other period's self-assessment.
    clock.set(noon(1, 10));
    Fixture {
        gate: Gate::new(write.clone()),
        write,
        clock,
        principals,
        passwords,
        unit,
        child,
        other_unit,
        par_draft,
        htnv_draft,
        published,
        period_entry,
        period_appraise,
        period_submit,
        pending_request,
        rejectable_request,
    }
}

/// One row of the table: the command and who may give it. The first allowed
/// caller gives it for real; the others are checked against the policy.
struct Case {
    name: &'static str,
    allowed: Vec<Who>,
    command: Box<dyn AnyCommand>,
}

fn cases(f: &Fixture) -> Vec<Case> {
    let admin = vec![Who::Admin];
    let p = |who: Who| f.principals[&who].account_id;
    let units = |list: &[UnitId]| list.iter().copied().collect::<BTreeSet<_>>();
    vec![
        Case {
            name: "issue account",
            allowed: admin.clone(),
            command: Box::new(IssueAccountRequest {
                username: ok(Username::parse("moi.1")),
                display_name: ok(DisplayName::parse("Tài khoản mới")),
                role: Role::Auditor,
                unit_id: None,
                department: None,
                permissions: None,
            }),
        },
        Case {
            name: "grant permission",
            allowed: admin.clone(),
            command: Box::new(GrantPermission {
                account: p(Who::EntryOtherUnit),
                permission: Permission::ApprovesReports,
            }),
        },
        Case {
            name: "revoke permission",
            allowed: admin.clone(),
            command: Box::new(RevokePermission {
                account: p(Who::EntryOtherUnit),
                permission: Permission::ApprovesReports,
            }),
        },
        Case {
            name: "reset password",
            allowed: admin.clone(),
            command: Box::new(ResetPassword {
                account: p(Who::Auditor),
            }),
        },
        Case {
            name: "lock account",
            allowed: admin.clone(),
            command: Box::new(LockAccount {
                account: p(Who::OtherAppraiser),
                reason: text("Tạm dừng"),
            }),
        },
        Case {
            name: "unlock account",
            allowed: admin.clone(),
            command: Box::new(UnlockAccount {
                account: p(Who::OtherAppraiser),
                reason: text("Tiếp tục"),
            }),
        },
        Case {
            name: "change own password",
            allowed: vec![
                Who::Manager,
                Who::Admin,
                Who::Auditor,
                Who::AssignedAppraiser,
                Who::OtherAppraiser,
                Who::EntryOwnUnit,
                Who::LeaderOwnUnit,
                Who::EntryOtherUnit,
            ],
            command: Box::new(ChangeOwnPassword {
                current: f.passwords[&Who::Manager].expose_secret().to_owned(),
                new: "mật khẩu mới của lãnh đạo".into(),
            }),
        },
        Case {
            name: "request sub-accounts",
            allowed: vec![Who::LeaderOwnUnit],
            command: Box::new(RequestSubAccounts {
                unit: f.child,
                accounts: vec![RequestedAccount {
                    username: ok(Username::parse("nhaplieu.cc1")),
                    display_name: ok(DisplayName::parse("Nhập liệu Chi cục 1")),
                    permissions: BTreeSet::from([Permission::EntersScores]),
                }],
            }),
        },
        Case {
            name: "approve sub-account request",
            allowed: admin.clone(),
            command: Box::new(ApproveSubAccountRequest {
                request: f.pending_request,
            }),
        },
        Case {
            name: "reject sub-account request",
            allowed: admin.clone(),
            command: Box::new(RejectSubAccountRequest {
                request: f.rejectable_request,
                reason: text("Chưa cần thiết"),
            }),
        },
        Case {
            name: "register unit",
            allowed: admin.clone(),
            command: Box::new(RegisterUnit {
                code: ok(UnitCode::parse("S09")),
                name: ok(UnitName::parse("Sở Xây dựng")),
                kind: UnitKind::Department,
                parent: None,
            }),
        },
        Case {
            name: "rename unit",
            allowed: admin.clone(),
            command: Box::new(RenameUnit {
                unit: f.other_unit,
                name: ok(UnitName::parse("Sở Tư pháp tỉnh")),
            }),
        },
        Case {
            name: "deactivate unit",
            allowed: admin.clone(),
            command: Box::new(DeactivateUnit {
                unit: UnitId::for_code("S09"),
                reason: text("Sáp nhập"),
            }),
        },
        Case {
            name: "draft criteria set",
            allowed: admin.clone(),
            command: Box::new(DraftCriteriaSetRequest {
                index_kind: IndexKind::Par,
                name: "Bộ mới".into(),
                decision: ok(IssuingDecision::new("2/QĐ-UBND", day(1, 3))),
                year: 2025,
                unit_kinds: BTreeSet::from([UnitKind::Commune]),
                supersedes: None,
            }),
        },
        Case {
            name: "import criteria CSV",
            allowed: admin.clone(),
            command: Box::new(ImportCriteriaCsv {
                set: f.par_draft,
                csv: PAR.into(),
            }),
        },
        Case {
            name: "import criteria XLSX",
            allowed: admin.clone(),
            command: Box::new(ImportCriteriaTable {
                set: f.par_draft,
                table: read_xlsx_table(&workbook_of(PAR, "Phụ lục"))
                    .unwrap_or_else(|e| panic!("{e}")),
            }),
        },
        Case {
            name: "set classification bands",
            allowed: admin.clone(),
            command: Box::new(SetClassificationBands {
                set: f.htnv_draft,
                bands: ClassificationBands::standard(),
            }),
        },
        Case {
            name: "publish criteria set",
            allowed: admin.clone(),
            command: Box::new(PublishCriteriaSet { set: f.par_draft }),
        },
        Case {
            name: "open period",
            allowed: admin.clone(),
            command: Box::new(OpenPeriodRequest {
                name: "Kỳ mới".into(),
                year: 2024,
                criteria_set_id: f.published,
                units: vec![UnitInScope {
                    unit_id: f.other_unit,
                    block: None,
                }],
                deadlines: Deadlines {
                    self_assessment_opens: None,
                    self_assessment: day(1, 20),
                    appraisal_round_1: day(1, 31),
                    explanation: day(2, 10),
                    appraisal_round_2: day(2, 20),
                },
            }),
        },
        Case {
            name: "extend deadline",
            allowed: admin.clone(),
            command: Box::new(ExtendDeadline {
                period: f.period_entry,
                unit: None,
                kind: DeadlineKind::SelfAssessment,
                date: day(1, 20),
                reason: text("Sự cố mạng"),
            }),
        },
        Case {
            name: "extend one unit's deadline",
            allowed: admin.clone(),
            command: Box::new(ExtendDeadline {
                period: f.period_entry,
                unit: Some(f.unit),
                kind: DeadlineKind::Explanation,
                date: day(2, 12),
                reason: text("Lãnh đạo đơn vị đi công tác"),
            }),
        },
        Case {
            name: "assign appraiser",
            allowed: admin.clone(),
            command: Box::new(AssignAppraiser {
                period: f.period_entry,
                appraiser: p(Who::OtherAppraiser),
                units: units(&[f.unit]),
                criteria: BTreeSet::from([code("2.1.1")]),
            }),
        },
        Case {
            name: "enter a self score",
            allowed: vec![Who::EntryOwnUnit, Who::LeaderOwnUnit],
            command: Box::new(OnScorecard {
                period: f.period_entry,
                unit: f.unit,
                action: ScorecardAction::Edit(ReportEdit::EnterScore {
                    leaf: code("1.1.1"),
                    entry: LeafEntry::Score(ok(Points::parse("1"))),
                }),
            }),
        },
        Case {
            name: "appraise an assigned leaf",
            allowed: vec![Who::AssignedAppraiser],
            command: Box::new(Appraise {
                period: f.period_appraise,
                round: Round::One,
                unit: f.unit,
                leaf: code("1.1.1"),
                entry: LeafEntry::Score(ok(Points::parse("0.5"))),
                reason: Some(text("Ban hành chậm")),
            }),
        },
        Case {
            name: "answer a round-1 score",
            allowed: vec![Who::EntryOwnUnit, Who::LeaderOwnUnit],
            command: Box::new(OnScorecard {
                period: f.period_appraise,
                unit: f.unit,
                action: ScorecardAction::RespondToAppraisal {
                    leaf: code("1.1.1"),
                    round_one: None,
                    text: text("Đã ban hành ngày 20/01"),
                    evidence: vec![],
                },
            }),
        },
        Case {
            name: "submit an appraisal",
            allowed: vec![Who::AssignedAppraiser, Who::OtherAppraiser],
            command: Box::new(SubmitAppraisal {
                period: f.period_submit,
            }),
        },
        Case {
            name: "open the complaint window",
            allowed: vec![Who::Admin],
            command: Box::new(OpenComplaintWindow {
                period: f.period_submit,
                until: day(1, 10),
            }),
        },
        Case {
            name: "lodge a complaint",
            allowed: vec![Who::LeaderOwnUnit],
            command: Box::new(ComplaintRequest {
                period: f.period_submit,
                unit: f.unit,
                leaf: code("1.3.2"),
                reason: text("Đơn vị có đơn vị trực thuộc đã xử lý 100%"),
                evidence: vec![],
            }),
        },
        Case {
            name: "answer a complaint",
            allowed: vec![
                Who::Admin,
                Who::Manager,
                Who::AssignedAppraiser,
                Who::OtherAppraiser,
            ],
            command: Box::new(ComplaintAnswerRequest {
                period: f.period_submit,
                no: SerialNo(1),
                outcome: ComplaintOutcome::Upheld,
                text: text("Hội đồng chấp nhận"),
            }),
        },
        Case {
            name: "reopen a leaf",
            allowed: vec![Who::Admin],
            command: Box::new(ReopenLeaf {
                period: f.period_submit,
                unit: f.unit,
                leaf: code("1.3.2"),
                reason: text("Theo kiến nghị số 1"),
                complaint: Some(SerialNo(1)),
            }),
        },
        Case {
            name: "score a reopened leaf again",
            allowed: vec![Who::AssignedAppraiser],
            command: Box::new(CorrectAppraisal {
                period: f.period_submit,
                unit: f.unit,
                leaf: code("1.3.2"),
                entry: LeafEntry::Score(ok(Points::parse("1"))),
                reason: Some(text("Đã xử lý 100%")),
            }),
        },
        Case {
            name: "aggregate the results again",
            allowed: vec![Who::Admin],
            command: Box::new(ReaggregateResults {
                period: f.period_submit,
                reason: text("Chấm lại theo kiến nghị số 1"),
            }),
        },
        Case {
            name: "record the council's agreement",
            allowed: vec![Who::Admin],
            command: Box::new(RecordCouncilAgreement {
                period: f.period_submit,
                date: day(1, 11),
                members: vec!["Nguyễn Văn A".into()],
                minutes: signed_scan("bien-ban.pdf"),
            }),
        },
        Case {
            name: "finalize results",
            allowed: vec![Who::Manager],
            command: Box::new(FinalizeResults {
                period: f.period_submit,
            }),
        },
        Case {
            name: "publish results",
            allowed: vec![Who::Manager],
            command: Box::new(PublishResults {
                period: f.period_submit,
                number: "12/QĐ-UBND".into(),
                date: day(1, 11),
                signed: signed_scan("quyet-dinh.pdf"),
            }),
        },
    ]
}

async fn every_command_is_allowed_to_exactly_the_callers_the_policy_names(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let f = fixture(&db).await;
    let request = RequestContext {
        request_id: Some("table".into()),
        client: Some("127.0.0.1".into()),
        user_agent: Some("tests".into()),
    };
    // A locked account's token stands for nobody.
    let sessions = Sessions::new(
        f.write.clone(),
        SessionSettings {
            failure_floor: std::time::Duration::ZERO,
            ..SessionSettings::default()
        },
    );
    let locked_password = f.passwords[&Who::OtherAppraiser].expose_secret().to_owned();
    let locked_token = ok(sessions
        .sign_in("thamdinh.b", locked_password, &request)
        .await)
    .token;
    let head_before_lock = ok(db.log_head().await);
    ok(f.write
        .lock_account(
            &CommandMetadata::operator("test"),
            f.principals[&Who::OtherAppraiser].account_id,
            text("Khóa thử"),
        )
        .await);
    let locked_caller = sessions.authenticate(&locked_token).await;
    assert_eq!(
        locked_caller.as_ref().map_err(|e| e.code().as_str()).err(),
        Some("UNAUTHENTICATED")
    );
    ok(f.write
        .unlock_account(
            &CommandMetadata::operator("test"),
            f.principals[&Who::OtherAppraiser].account_id,
            text("Mở lại"),
        )
        .await);
    assert_eq!(ok(db.log_head().await), head_before_lock.next().next());

    let managers = ProcessManagers::new(f.write.clone());
    for case in cases(&f) {
        for who in EVERYONE.iter().filter(|w| !case.allowed.contains(w)) {
            let caller = match who {
                Who::Anonymous | Who::LockedAccount => None,
                other => Some(&f.principals[other]),
            };
            let head = ok(db.log_head().await);
            let refused = case.command.execute(&f.gate, caller, &request).await;
            let expected = if caller.is_none() {
                "UNAUTHENTICATED"
            } else {
                "FORBIDDEN"
            };
            assert_eq!(
                refused.as_ref().map_err(|e| e.code().as_str()).err(),
                Some(expected),
                "{}: {who:?} got {refused:?}",
                case.name
            );
            assert_eq!(
                ok(db.log_head().await),
                head,
                "{}: {who:?}'s refusal appended an event",
                case.name
            );
        }
        let (first, others) = case
            .allowed
            .split_first()
            .unwrap_or_else(|| panic!("{} allows nobody", case.name));
        let outcome = case
            .command
            .execute(&f.gate, Some(&f.principals[first]), &request)
            .await;
        assert!(
            outcome.is_ok(),
            "{}: {first:?} must succeed, got {outcome:?}",
            case.name
        );
        for who in others {
            // Allowed too; asked of the policy, so that the command runs once.
            let caller = &f.principals[who];
            let action = ok(case.command.action(&f.gate, Some(caller)).await);
            assert!(
                authorize(Some(caller), &action).is_ok(),
                "{}: {who:?} must be allowed",
                case.name
            );
        }
        if case.name == "submit an appraisal" {
            ok(managers.catch_up().await);
        }
        // The window for complaints ends with 10 January.
        if case.name == "aggregate the results again" {
            f.clock.set(noon(1, 11));
        }
    }

    // What the table decided is what administrators read back.
    let projector = Projector::new(db.database.clone());
    ok(projector.catch_up().await);
    let requests = ok(sub_account_requests(&db.database, None, None, 100).await);
    let status_of = |id: SubAccountRequestId| {
        requests
            .iter()
            .find(|r| r.request_id == id)
            .map(|r| (r.status, r.reason.clone()))
    };
    assert_eq!(
        status_of(f.pending_request),
        Some((RequestStatus::Approved, None))
    );
    assert_eq!(
        status_of(f.rejectable_request),
        Some((RequestStatus::Rejected, Some("Chưa cần thiết".to_owned())))
    );
    let rejected =
        ok(sub_account_requests(&db.database, Some(RequestStatus::Rejected), None, 100).await);
    assert_eq!(
        rejected.iter().map(|r| r.request_id).collect::<Vec<_>>(),
        [f.rejectable_request]
    );
    let listed = ok(periods(&db.database).await);
    assert!(
        [f.period_entry, f.period_appraise, f.period_submit]
            .iter()
            .all(|p| listed
                .iter()
                .any(|row| row.period_id == *p && row.year == 2024 && !row.name.is_empty())),
        "{listed:?}"
    );
}
