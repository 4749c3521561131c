//! The lookups the write side makes before deciding, on both stores: each
//! refusal has its stable code and appends nothing.

use chamdiem_commands::store::SealKey;
use std::collections::BTreeSet;
use std::sync::Arc;

use chamdiem_commands::clock::FixedClock;
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::handlers::{
    DraftCriteriaSetRequest, IssueAccountRequest, OpenPeriodRequest, UnitInScope,
};
use chamdiem_commands::metadata::{Actor, CommandMetadata};
use chamdiem_commands::write_side::WriteSide;
use chamdiem_domain::account::{DisplayName, Role, Username};
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::criteria_set::{IndexKind, IssuingDecision};
use chamdiem_domain::ids::{AccountId, CriteriaSetId, UnitId};
use chamdiem_domain::period::Deadlines;
use chamdiem_domain::scoring::Points;
use chamdiem_domain::self_assessment::{ReportEdit, ScorecardAction};
use chamdiem_domain::unit::{RegisterUnit, UnitCode, UnitKind, UnitName};
use chamdiem_tests::{TestDatabase, TestStore, both_stores};
use chrono::NaiveDate;

both_stores!(
    registering_needs_a_known_parent_and_a_new_code,
    criteria_sets_refuse_bad_files_and_unpublished_predecessors,
    periods_need_a_published_set_and_known_units,
    only_appraiser_accounts_are_assigned_and_only_units_in_scope_are_scored,
);

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn admin() -> CommandMetadata {
    CommandMetadata {
        actor: Actor::Account {
            id: AccountId::for_username("quantri"),
            role: Role::Admin,
            unit: None,
        },
        request_id: Some("test".into()),
        client: None,
        user_agent: None,
    }
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, d).unwrap_or_default()
}

async fn write_side(db: &TestDatabase) -> WriteSide {
    let noon = day(1, 5).and_hms_opt(5, 0, 0).unwrap_or_default().and_utc();
    WriteSide::new(
        db.database.clone(),
        Arc::new(FixedClock::new(noon)),
        SealKey::generate(),
    )
}

fn register(code: &str, parent: Option<UnitId>) -> RegisterUnit {
    RegisterUnit {
        code: ok(UnitCode::parse(code)),
        name: ok(UnitName::parse("Sở Tư pháp")),
        kind: UnitKind::Department,
        parent,
    }
}

fn draft(supersedes: Option<CriteriaSetId>) -> DraftCriteriaSetRequest {
    DraftCriteriaSetRequest {
        index_kind: IndexKind::Par,
        name: "Bộ chỉ số CCHC".into(),
        decision: ok(IssuingDecision::new("4606/QĐ-UBND", day(1, 2))),
        year: 2024,
        unit_kinds: BTreeSet::from([UnitKind::Department]),
        supersedes,
    }
}

fn code_of(result: Result<impl std::fmt::Debug, CommandError>) -> &'static str {
    match result {
        Ok(value) => panic!("expected a refusal, got {value:?}"),
        Err(error) => error.code().as_str(),
    }
}

async fn registering_needs_a_known_parent_and_a_new_code(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let write = write_side(&db).await;
    assert_eq!(
        code_of(
            write
                .register_unit(&admin(), register("P01", Some(UnitId::for_code("NONE"))))
                .await
        ),
        "NOT_FOUND"
    );
    let parent = ok(write.register_unit(&admin(), register("P01", None)).await);
    ok(write
        .register_unit(&admin(), register("C01", Some(parent)))
        .await);
    let head = ok(db.log_head().await);
    assert_eq!(
        code_of(write.register_unit(&admin(), register("c01", None)).await),
        "CONFLICT"
    );
    assert_eq!(ok(db.log_head().await), head, "refusals append nothing");
}

async fn criteria_sets_refuse_bad_files_and_unpublished_predecessors(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let write = write_side(&db).await;
    let set = ok(write.draft_criteria_set(&admin(), draft(None)).await);
    let head = ok(db.log_head().await);
    let bad = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by\n\
               1,Lĩnh vực,2,,,,,Sở Nội vụ\n1.1,A,1,range,,no,no,Sở Nội vụ\n";
    let refused = write.import_criteria_csv(&admin(), set, bad).await;
    match refused {
        Err(CommandError::Refused { code, message }) => {
            assert_eq!(code.as_str(), "VALIDATION");
            assert!(message.starts_with("dòng 2, cột max_score:"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        code_of(write.draft_criteria_set(&admin(), draft(Some(set))).await),
        "CONFLICT"
    );
    assert_eq!(
        code_of(write.publish_criteria_set(&admin(), set).await),
        "VALIDATION"
    );
    assert_eq!(ok(db.log_head().await), head, "refusals append nothing");
}

fn deadlines() -> Deadlines {
    Deadlines {
        self_assessment_opens: None,
        self_assessment: day(1, 15),
        appraisal_round_1: day(1, 31),
        explanation: day(2, 10),
        appraisal_round_2: day(2, 20),
    }
}

fn period_request(set: CriteriaSetId, units: &[UnitId]) -> OpenPeriodRequest {
    OpenPeriodRequest {
        name: "Chỉ số CCHC năm 2024".into(),
        year: 2024,
        criteria_set_id: set,
        units: units
            .iter()
            .map(|id| UnitInScope {
                unit_id: *id,
                block: None,
            })
            .collect(),
        deadlines: deadlines(),
    }
}

async fn published_set(write: &WriteSide) -> CriteriaSetId {
    let set = ok(write.draft_criteria_set(&admin(), draft(None)).await);
    ok(write
        .import_criteria_csv(
            &admin(),
            set,
            include_str!("../../domain/tests/data/par-department-sample.csv"),
        )
        .await);
    ok(write.publish_criteria_set(&admin(), set).await);
    set
}

async fn periods_need_a_published_set_and_known_units(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let write = write_side(&db).await;
    let unit = ok(write.register_unit(&admin(), register("S02", None)).await);
    let drafted = ok(write.draft_criteria_set(&admin(), draft(None)).await);
    let head = ok(db.log_head().await);
    assert_eq!(
        code_of(
            write
                .open_period(&admin(), period_request(drafted, &[unit]))
                .await
        ),
        "VALIDATION"
    );
    assert_eq!(
        code_of(
            write
                .open_period(&admin(), period_request(CriteriaSetId::new(), &[unit]))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(ok(db.log_head().await), head);
    let set = published_set(&write).await;
    let head = ok(db.log_head().await);
    assert_eq!(
        code_of(
            write
                .open_period(&admin(), period_request(set, &[UnitId::for_code("ZZ")]))
                .await
        ),
        "NOT_FOUND"
    );
    ok(write.deactivate_unit(&admin(), unit, "Sáp nhập").await);
    assert_eq!(
        code_of(
            write
                .open_period(&admin(), period_request(set, &[unit]))
                .await
        ),
        "CONFLICT"
    );
    assert_eq!(
        ok(db.log_head().await),
        head.next(),
        "only the deactivation was appended"
    );
}

async fn only_appraiser_accounts_are_assigned_and_only_units_in_scope_are_scored(store: TestStore) {
    let db = TestDatabase::open(store).await;
    let write = write_side(&db).await;
    let unit = ok(write.register_unit(&admin(), register("S02", None)).await);
    let outside = ok(write.register_unit(&admin(), register("S03", None)).await);
    let set = published_set(&write).await;
    let period = ok(write
        .open_period(&admin(), period_request(set, &[unit]))
        .await);
    let username = ok(Username::parse("nhaplieu.s02"));
    let data_entry = ok(write
        .issue_account(
            &admin(),
            IssueAccountRequest {
                username,
                display_name: ok(DisplayName::parse("Nhập liệu Sở Tư pháp")),
                role: Role::DataEntry,
                unit_id: Some(unit),
                department: None,
                permissions: None,
            },
        )
        .await)
    .account_id;
    let head = ok(db.log_head().await);
    let criteria = BTreeSet::from([ok(CriterionCode::parse("2.1.1"))]);
    let assigned = write
        .assign_appraiser(
            &admin(),
            period,
            data_entry,
            BTreeSet::from([unit]),
            criteria,
        )
        .await;
    assert_eq!(code_of(assigned), "VALIDATION");

    let as_unit = CommandMetadata {
        actor: Actor::Account {
            id: data_entry,
            role: Role::DataEntry,
            unit: Some(unit),
        },
        request_id: None,
        client: None,
        user_agent: None,
    };
    let score = || {
        ScorecardAction::Edit(ReportEdit::EnterScore {
            leaf: ok(CriterionCode::parse("1.1.1")),
            entry: LeafEntry::Score(ok(Points::parse("1"))),
        })
    };
    assert_eq!(
        code_of(write.scorecard(&as_unit, period, outside, score()).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code_of(
            write
                .scorecard(
                    &admin(),
                    chamdiem_domain::ids::PeriodId::new(),
                    unit,
                    score()
                )
                .await
        ),
        "NOT_FOUND"
    );
    let operator = chamdiem_commands::metadata::CommandMetadata::operator("test");
    assert_eq!(
        code_of(write.scorecard(&operator, period, unit, score()).await),
        "FORBIDDEN"
    );
    assert_eq!(ok(db.log_head().await), head, "refusals append nothing");
    ok(write.scorecard(&as_unit, period, unit, score()).await);
    assert_eq!(ok(db.log_head().await), head.next());
}
