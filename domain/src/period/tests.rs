//! Given/when/then tests of the period.

use std::collections::BTreeSet;

use cqrs_es::test::TestFramework;

use super::*;
use crate::criteria::Department;
use crate::criteria_set::IndexKind;
use crate::ids::{AccountId, CriteriaSetId, UnitId};
use crate::results::PeriodResults;
use crate::test_support::*;
use crate::unit::{UnitCode, UnitKind};

type PeriodTest = TestFramework<Period>;

fn set_id() -> CriteriaSetId {
    CriteriaSetId::from_uuid(uuid::Uuid::from_u128(0x400))
}

fn published_set() -> PublishedSet {
    PublishedSet {
        criteria_set_id: set_id(),
        published: true,
        year: 2024,
        index_kind: IndexKind::Par,
        unit_kinds: BTreeSet::from([UnitKind::Department]),
    }
}

fn scoped(code: &str, kind: UnitKind) -> ScopedUnit {
    let code = UnitCode::parse(code).unwrap_or_else(|e| panic!("{e}"));
    ScopedUnit {
        unit_id: code.unit_id(),
        code,
        kind,
        block: RankingBlock::of_kind(kind),
    }
}

fn units() -> Vec<ScopedUnit> {
    vec![
        scoped("S01", UnitKind::Department),
        scoped("S02", UnitKind::Department),
    ]
}

fn open_command() -> OpenPeriod {
    OpenPeriod {
        period_id: period_id(),
        name: "Chỉ số CCHC năm 2024 - sở, ngành".into(),
        year: 2024,
        criteria_set: published_set(),
        units: units(),
        deadlines: deadlines(),
        at: noon(2025, 1, 2),
    }
}

fn opened() -> PeriodEvent {
    PeriodEvent::Opened(PeriodOpened {
        period_id: period_id(),
        name: "Chỉ số CCHC năm 2024 - sở, ngành".into(),
        year: 2024,
        criteria_set_id: set_id(),
        index_kind: IndexKind::Par,
        units: units(),
        deadlines: deadlines(),
    })
}

fn noi_vu() -> Department {
    Department::parse("Sở Nội vụ").unwrap_or_else(|e| panic!("{e}"))
}

fn assign(
    appraiser: AccountId,
    department: Department,
    units: &[UnitId],
    criteria: &[&str],
) -> PeriodCommand {
    PeriodCommand::AssignAppraiser(AssignAppraiser {
        appraiser,
        department,
        units: units.iter().copied().collect(),
        criteria: criteria.iter().map(|c| code(c)).collect(),
        tree: tree(),
        at: noon(2025, 1, 10),
    })
}

fn assigned(who: AccountId, units: &[UnitId], leaves: &[&str]) -> PeriodEvent {
    PeriodEvent::AppraiserAssigned(AppraiserAssigned {
        period_id: period_id(),
        appraiser: who,
        department: noi_vu(),
        units: units.iter().copied().collect(),
        leaves: leaves.iter().map(|c| code(c)).collect(),
    })
}

fn second_appraiser() -> AccountId {
    AccountId::from_uuid(uuid::Uuid::from_u128(0x301))
}

mod opening {
    use super::*;

    #[tokio::test]
    async fn a_period_opens_on_a_published_set_of_its_year() {
        PeriodTest::with(())
            .given_no_previous_events()
            .when_async(PeriodCommand::Open(open_command()))
            .await
            .then_expect_events(vec![opened()]);
    }

    #[tokio::test]
    async fn every_refusal_of_opening() {
        let mut draft_set = open_command();
        draft_set.criteria_set.published = false;
        let mut other_year = open_command();
        other_year.year = 2025;
        let mut no_units = open_command();
        no_units.units.clear();
        let mut twice = open_command();
        twice.units.push(scoped("S01", UnitKind::Department));
        let mut commune = open_command();
        commune.units.push(scoped("X01", UnitKind::Commune));
        let mut disorder = open_command();
        disorder.deadlines.explanation = date(2025, 1, 20);
        let mut late = open_command();
        late.at = noon(2025, 1, 16);
        let mut nameless = open_command();
        nameless.name = "  ".into();
        let cases = [
            (draft_set, PeriodError::SetNotPublished),
            (
                other_year,
                PeriodError::SetOfAnotherYear {
                    year: 2025,
                    set_year: 2024,
                },
            ),
            (no_units, PeriodError::NoUnits),
            (twice, PeriodError::DuplicateUnit(UnitId::for_code("S01"))),
            (commune, PeriodError::UnitKindNotCovered("X01".into())),
            (disorder, PeriodError::DeadlineOrder),
            (late, PeriodError::DeadlineInThePast),
            (nameless, PeriodError::Name),
        ];
        for (command, error) in cases {
            PeriodTest::with(())
                .given_no_previous_events()
                .when_async(PeriodCommand::Open(command))
                .await
                .then_expect_error(error);
        }
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(PeriodCommand::Open(open_command()))
            .await
            .then_expect_error(PeriodError::AlreadyOpened);
    }
}

mod deadlines_extension {
    use super::*;

    fn extend(kind: DeadlineKind, to: chrono::NaiveDate, reason: &str) -> PeriodCommand {
        PeriodCommand::ExtendDeadline(ExtendDeadline {
            unit: None,
            kind,
            date: to,
            reason: reason.into(),
        })
    }

    #[tokio::test]
    async fn an_admin_extends_a_deadline_with_a_reason() {
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(extend(
                DeadlineKind::SelfAssessment,
                date(2025, 1, 20),
                "Sự cố đường truyền",
            ))
            .await
            .then_expect_events(vec![PeriodEvent::DeadlineExtended(DeadlineExtended {
                period_id: period_id(),
                kind: DeadlineKind::SelfAssessment,
                previous: date(2025, 1, 15),
                date: date(2025, 1, 20),
                reason: "Sự cố đường truyền".into(),
            })]);
    }

    #[tokio::test]
    async fn an_extension_must_be_later_keep_the_order_and_say_why() {
        for (command, error) in [
            (
                extend(DeadlineKind::SelfAssessment, date(2025, 1, 10), "Lý do"),
                PeriodError::NotLater,
            ),
            (
                extend(DeadlineKind::SelfAssessment, date(2025, 2, 5), "Lý do"),
                PeriodError::DeadlineOrder,
            ),
            (
                extend(DeadlineKind::AppraisalRound2, date(2025, 3, 1), " "),
                PeriodError::ReasonRequired,
            ),
        ] {
            PeriodTest::with(())
                .given(vec![opened()])
                .when_async(command)
                .await
                .then_expect_error(error);
        }
        PeriodTest::with(())
            .given_no_previous_events()
            .when_async(extend(
                DeadlineKind::SelfAssessment,
                date(2025, 1, 20),
                "Lý do",
            ))
            .await
            .then_expect_error(PeriodError::NotOpened);
    }
}

mod unit_deadlines {
    use cqrs_es::Aggregate;

    use super::*;

    fn extend_for(
        unit: UnitId,
        kind: DeadlineKind,
        to: chrono::NaiveDate,
        reason: &str,
    ) -> PeriodCommand {
        PeriodCommand::ExtendDeadline(ExtendDeadline {
            unit: Some(unit),
            kind,
            date: to,
            reason: reason.into(),
        })
    }

    fn s01_until_the_20th() -> PeriodEvent {
        PeriodEvent::UnitDeadlineExtended(UnitDeadlineExtended {
            period_id: period_id(),
            unit_id: unit_id(),
            unit_code: UnitCode::parse("S01").unwrap_or_else(|e| panic!("{e}")),
            kind: DeadlineKind::SelfAssessment,
            previous: date(2025, 1, 15),
            date: date(2025, 1, 20),
            reason: "Lãnh đạo đơn vị đi công tác".into(),
        })
    }

    fn applied(events: Vec<PeriodEvent>) -> Period {
        let mut period = Period::default();
        for event in events {
            period.apply(event);
        }
        period
    }

    #[tokio::test]
    async fn one_units_deadline_moves_and_no_other() {
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(extend_for(
                unit_id(),
                DeadlineKind::SelfAssessment,
                date(2025, 1, 20),
                " Lãnh đạo đơn vị đi công tác ",
            ))
            .await
            .then_expect_events(vec![s01_until_the_20th()]);
        let period = applied(vec![opened(), s01_until_the_20th()]);
        let own = period
            .deadlines_for(unit_id())
            .unwrap_or_else(|| panic!("opened"));
        assert_eq!(own.self_assessment, date(2025, 1, 20));
        assert_eq!(own.appraisal_round_1, date(2025, 1, 31), "rounds unchanged");
        assert_eq!(period.deadlines_for(other_unit_id()), Some(deadlines()));
        assert_eq!(period.deadlines(), Some(deadlines()), "the period's own");
        assert!(!own.has_passed(DeadlineKind::SelfAssessment, noon(2025, 1, 18)));
    }

    #[tokio::test]
    async fn a_later_extension_for_everyone_overtakes_one_units() {
        let everyone = PeriodEvent::DeadlineExtended(DeadlineExtended {
            period_id: period_id(),
            kind: DeadlineKind::SelfAssessment,
            previous: date(2025, 1, 15),
            date: date(2025, 1, 25),
            reason: "Bão số 3".into(),
        });
        let period = applied(vec![opened(), s01_until_the_20th(), everyone.clone()]);
        assert_eq!(
            period.deadlines_for(unit_id()).map(|d| d.self_assessment),
            Some(date(2025, 1, 25))
        );
        // S01's own date is now the period's: extending it again starts there.
        PeriodTest::with(())
            .given(vec![opened(), s01_until_the_20th(), everyone])
            .when_async(extend_for(
                unit_id(),
                DeadlineKind::SelfAssessment,
                date(2025, 1, 22),
                "Lý do",
            ))
            .await
            .then_expect_error(PeriodError::NotLater);
    }

    #[tokio::test]
    async fn one_units_extension_is_refused_where_it_cannot_work() {
        let elsewhere = UnitId::for_code("H01");
        for (command, error) in [
            (
                extend_for(
                    unit_id(),
                    DeadlineKind::AppraisalRound1,
                    date(2025, 2, 2),
                    "Lý do",
                ),
                PeriodError::NotAUnitsDeadline,
            ),
            (
                extend_for(
                    elsewhere,
                    DeadlineKind::SelfAssessment,
                    date(2025, 1, 20),
                    "Lý do",
                ),
                PeriodError::UnitNotInScope(elsewhere),
            ),
            (
                extend_for(
                    unit_id(),
                    DeadlineKind::SelfAssessment,
                    date(2025, 1, 15),
                    "Lý do",
                ),
                PeriodError::NotLater,
            ),
            (
                // Past appraisal round 1: its appraisers could not score it.
                extend_for(
                    unit_id(),
                    DeadlineKind::SelfAssessment,
                    date(2025, 2, 1),
                    "Lý do",
                ),
                PeriodError::DeadlineOrder,
            ),
            (
                extend_for(
                    unit_id(),
                    DeadlineKind::Explanation,
                    date(2025, 2, 21),
                    "Lý do",
                ),
                PeriodError::DeadlineOrder,
            ),
            (
                extend_for(
                    unit_id(),
                    DeadlineKind::Explanation,
                    date(2025, 2, 15),
                    "  ",
                ),
                PeriodError::ReasonRequired,
            ),
        ] {
            PeriodTest::with(())
                .given(vec![opened()])
                .when_async(command)
                .await
                .then_expect_error(error);
        }
    }
}

mod moving_and_closing {
    use cqrs_es::Aggregate;

    use super::*;

    fn move_units(units: &[UnitId], to: AccountId, reason: &str, day: u32) -> PeriodCommand {
        PeriodCommand::MoveAssignment(MoveAssignment {
            from: appraiser(),
            to,
            to_department: noi_vu(),
            units: units.iter().copied().collect(),
            reason: reason.into(),
            at: noon(2025, 1, day),
        })
    }

    fn both_units() -> Vec<PeriodEvent> {
        vec![
            opened(),
            assigned(
                appraiser(),
                &[unit_id(), other_unit_id()],
                &["1.1.1", "1.1.2"],
            ),
        ]
    }

    fn moved_s02() -> PeriodEvent {
        PeriodEvent::AssignmentMoved(AssignmentMoved {
            period_id: period_id(),
            from: appraiser(),
            to: second_appraiser(),
            to_department: noi_vu(),
            units: BTreeSet::from([other_unit_id()]),
            unit_codes: vec![UnitCode::parse("S02").unwrap_or_else(|e| panic!("{e}"))],
            reason: "Chuyên viên nghỉ ốm".into(),
        })
    }

    fn applied(events: Vec<PeriodEvent>) -> Period {
        let mut period = Period::default();
        for event in events {
            period.apply(event);
        }
        period
    }

    #[tokio::test]
    async fn a_unit_moves_with_its_leaves_to_an_appraiser_of_the_department() {
        PeriodTest::with(())
            .given(both_units())
            .when_async(move_units(
                &[other_unit_id()],
                second_appraiser(),
                " Chuyên viên nghỉ ốm ",
                20,
            ))
            .await
            .then_expect_events(vec![moved_s02()]);
        let mut history = both_units();
        history.push(moved_s02());
        let period = applied(history);
        assert_eq!(
            period.appraiser_of(other_unit_id(), &code("1.1.2")),
            Some(second_appraiser())
        );
        assert_eq!(
            period.appraiser_of(unit_id(), &code("1.1.2")),
            Some(appraiser())
        );
        // Moving everything leaves the first appraiser nothing to await.
        let mut history = both_units();
        history.push(moved_s02());
        history.push(PeriodEvent::AssignmentMoved(AssignmentMoved {
            units: BTreeSet::from([unit_id()]),
            unit_codes: Vec::new(),
            ..match moved_s02() {
                PeriodEvent::AssignmentMoved(e) => e,
                _ => unreachable!("a move"),
            }
        }));
        let period = applied(history);
        assert!(period.assignment(appraiser()).is_none());
        assert_eq!(period.assignments().count(), 1);
    }

    #[tokio::test]
    async fn a_move_is_refused_where_it_cannot_work() {
        let elsewhere = AccountId::from_uuid(uuid::Uuid::from_u128(0x399));
        let tu_phap = Department::parse("Sở Tư pháp").unwrap_or_else(|e| panic!("{e}"));
        let to_other_department = PeriodCommand::MoveAssignment(MoveAssignment {
            from: appraiser(),
            to: second_appraiser(),
            to_department: tu_phap,
            units: BTreeSet::new(),
            reason: "Lý do".into(),
            at: noon(2025, 1, 20),
        });
        for (command, error) in [
            (
                move_units(&[other_unit_id()], second_appraiser(), "  ", 20),
                PeriodError::ReasonRequired,
            ),
            (
                move_units(&[other_unit_id()], appraiser(), "Lý do", 20),
                PeriodError::SameAppraiser,
            ),
            (
                move_units(&[UnitId::for_code("H01")], second_appraiser(), "Lý do", 20),
                PeriodError::UnitNotAssigned(UnitId::for_code("H01")),
            ),
            (
                to_other_department,
                PeriodError::OtherDepartmentsAppraiser {
                    from: "Sở Nội vụ".into(),
                    to: "Sở Tư pháp".into(),
                },
            ),
        ] {
            PeriodTest::with(())
                .given(both_units())
                .when_async(command)
                .await
                .then_expect_error(error);
        }
        // Round 1 ended on 31 January.
        let after_round_one = PeriodCommand::MoveAssignment(MoveAssignment {
            from: appraiser(),
            to: second_appraiser(),
            to_department: noi_vu(),
            units: BTreeSet::new(),
            reason: "Lý do".into(),
            at: noon(2025, 2, 1),
        });
        PeriodTest::with(())
            .given(both_units())
            .when_async(after_round_one)
            .await
            .then_expect_error(PeriodError::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::AppraisalRound1,
                date: date(2025, 1, 31),
            }));
        let mut from_elsewhere = move_units(&[unit_id()], second_appraiser(), "Lý do", 20);
        if let PeriodCommand::MoveAssignment(m) = &mut from_elsewhere {
            m.from = elsewhere;
        }
        PeriodTest::with(())
            .given(both_units())
            .when_async(from_elsewhere)
            .await
            .then_expect_error(PeriodError::NotAssigned(elsewhere));
    }

    fn close(reason: &str, at: chrono::DateTime<chrono::Utc>) -> PeriodCommand {
        PeriodCommand::CloseAppraisal(CloseAppraisal {
            appraiser: appraiser(),
            reason: reason.into(),
            at,
        })
    }

    #[tokio::test]
    async fn a_silent_appraisal_is_closed_after_round_two_and_the_results_follow() {
        let history = vec![
            opened(),
            assigned(appraiser(), &[unit_id()], &["1.1.1"]),
            assigned(second_appraiser(), &[other_unit_id()], &["1.1.1"]),
            PeriodEvent::AppraisalSubmissionRecorded(AppraisalSubmissionRecorded {
                period_id: period_id(),
                appraiser: second_appraiser(),
                all_submitted: false,
            }),
        ];
        PeriodTest::with(())
            .given(history.clone())
            .when_async(close(" Chuyên viên nghỉ việc ", noon(2025, 2, 21)))
            .await
            .then_expect_events(vec![PeriodEvent::AppraisalClosed(AppraisalClosed {
                period_id: period_id(),
                appraiser: appraiser(),
                reason: "Chuyên viên nghỉ việc".into(),
                all_submitted: true,
            })]);
        for (command, error) in [
            (
                close("Lý do", noon(2025, 2, 20)),
                PeriodError::AppraisalStillOpen(date(2025, 2, 20)),
            ),
            (close(" ", noon(2025, 2, 21)), PeriodError::ReasonRequired),
        ] {
            PeriodTest::with(())
                .given(history.clone())
                .when_async(command)
                .await
                .then_expect_error(error);
        }
        let mut closed = history;
        closed.push(PeriodEvent::AppraisalClosed(AppraisalClosed {
            period_id: period_id(),
            appraiser: appraiser(),
            reason: "Chuyên viên nghỉ việc".into(),
            all_submitted: true,
        }));
        assert!(applied(closed.clone()).all_appraisals_submitted());
        PeriodTest::with(())
            .given(closed)
            .when_async(close("Lý do", noon(2025, 2, 22)))
            .await
            .then_expect_error(PeriodError::AppraiserSubmitted);
    }
}

mod assignments {
    use super::*;

    #[tokio::test]
    async fn a_group_stands_for_its_department_leaves() {
        // Field 1 holds 1.1 and 1.2 (Sở Nội vụ) and 1.3 (Sở Tư pháp): naming
        // the field for a Nội vụ appraiser is refused because of 1.3…
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(assign(appraiser(), noi_vu(), &[unit_id()], &["1"]))
            .await
            .then_expect_error(PeriodError::OtherDepartment {
                code: code("1.3"),
                department: "Sở Tư pháp".into(),
            });
        // …while naming its leaves works, and B expands to B.1.
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(assign(
                appraiser(),
                noi_vu(),
                &[unit_id()],
                &["1.1", "1.2", "B"],
            ))
            .await
            .then_expect_events(vec![assigned(
                appraiser(),
                &[unit_id()],
                &["1.1", "1.2", "B.1"],
            )]);
    }

    #[tokio::test]
    async fn every_refusal_of_an_assignment() {
        let cases = [
            (
                assign(appraiser(), noi_vu(), &[UnitId::for_code("S99")], &["1.1"]),
                PeriodError::UnitNotInScope(UnitId::for_code("S99")),
            ),
            (
                assign(appraiser(), noi_vu(), &[unit_id()], &["7.1"]),
                PeriodError::UnknownCriterion(code("7.1")),
            ),
            (
                assign(appraiser(), noi_vu(), &[unit_id()], &["2"]),
                PeriodError::SurveyNotAppraised(code("2")),
            ),
            (
                assign(appraiser(), noi_vu(), &[], &["1.1"]),
                PeriodError::EmptyAssignment,
            ),
        ];
        for (command, error) in cases {
            PeriodTest::with(())
                .given(vec![opened()])
                .when_async(command)
                .await
                .then_expect_error(error);
        }
        PeriodTest::with(())
            .given(vec![
                opened(),
                assigned(appraiser(), &[unit_id()], &["1.1"]),
            ])
            .when_async(assign(
                second_appraiser(),
                noi_vu(),
                &[unit_id(), other_unit_id()],
                &["1.1"],
            ))
            .await
            .then_expect_error(PeriodError::AlreadyAssigned {
                unit: unit_id(),
                code: code("1.1"),
            });
        let late = PeriodCommand::AssignAppraiser(AssignAppraiser {
            appraiser: appraiser(),
            department: noi_vu(),
            units: BTreeSet::from([unit_id()]),
            criteria: BTreeSet::from([code("1.1")]),
            tree: tree(),
            at: noon(2025, 2, 1),
        });
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(late)
            .await
            .then_expect_error(PeriodError::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::AppraisalRound1,
                date: date(2025, 1, 31),
            }));
    }
}

mod submissions_and_results {
    use super::*;

    fn two_appraisers() -> Vec<PeriodEvent> {
        vec![
            opened(),
            assigned(appraiser(), &[unit_id()], &["1.1"]),
            assigned(second_appraiser(), &[other_unit_id()], &["1.1"]),
        ]
    }

    fn recorded(who: AccountId, all: bool) -> PeriodEvent {
        PeriodEvent::AppraisalSubmissionRecorded(AppraisalSubmissionRecorded {
            period_id: period_id(),
            appraiser: who,
            all_submitted: all,
        })
    }

    #[tokio::test]
    async fn the_last_submission_is_flagged_and_a_replay_adds_nothing() {
        PeriodTest::with(())
            .given(two_appraisers())
            .when_async(PeriodCommand::RecordAppraisalSubmitted {
                appraiser: appraiser(),
            })
            .await
            .then_expect_events(vec![recorded(appraiser(), false)]);
        let mut history = two_appraisers();
        history.push(recorded(appraiser(), false));
        PeriodTest::with(())
            .given(history.clone())
            .when_async(PeriodCommand::RecordAppraisalSubmitted {
                appraiser: second_appraiser(),
            })
            .await
            .then_expect_events(vec![recorded(second_appraiser(), true)]);
        PeriodTest::with(())
            .given(history)
            .when_async(PeriodCommand::RecordAppraisalSubmitted {
                appraiser: appraiser(),
            })
            .await
            .then_expect_events(vec![]);
        PeriodTest::with(())
            .given(two_appraisers())
            .when_async(PeriodCommand::RecordAppraisalSubmitted {
                appraiser: leader(),
            })
            .await
            .then_expect_error(PeriodError::NotAssigned(leader()));
    }

    #[tokio::test]
    async fn an_appraiser_who_submitted_gets_no_new_assignment() {
        let mut history = two_appraisers();
        history.push(recorded(appraiser(), false));
        PeriodTest::with(())
            .given(history)
            .when_async(assign(appraiser(), noi_vu(), &[other_unit_id()], &["1.2"]))
            .await
            .then_expect_error(PeriodError::AppraiserSubmitted);
    }

    #[tokio::test]
    async fn results_wait_for_every_appraiser_then_are_recorded_once() {
        let mut history = two_appraisers();
        history.push(recorded(appraiser(), false));
        PeriodTest::with(())
            .given(history.clone())
            .when_async(PeriodCommand::RecordResults(PeriodResults::default()))
            .await
            .then_expect_error(PeriodError::AppraisalsOutstanding(1));
        history.push(recorded(second_appraiser(), true));
        let aggregated = PeriodEvent::ResultsAggregated(ResultsAggregated {
            period_id: period_id(),
            results: PeriodResults::default(),
            version: ResultsVersion::FIRST,
            reason: None,
            corrections: Vec::new(),
        });
        PeriodTest::with(())
            .given(history.clone())
            .when_async(PeriodCommand::RecordResults(PeriodResults::default()))
            .await
            .then_expect_events(vec![aggregated.clone()]);
        history.push(aggregated);
        PeriodTest::with(())
            .given(history)
            .when_async(PeriodCommand::RecordResults(PeriodResults::default()))
            .await
            .then_expect_events(vec![]);
    }

    fn minutes() -> crate::self_assessment::Evidence {
        crate::self_assessment::Evidence::new(
            crate::ids::EvidenceId::from_uuid(uuid::Uuid::from_u128(0x900)),
            &"a".repeat(64),
            "bien-ban-hoi-dong.pdf",
            1_000,
            "application/pdf",
            "toàn văn",
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn agreement() -> PeriodCommand {
        PeriodCommand::RecordCouncilAgreement(RecordCouncilAgreement {
            date: date(2025, 2, 28),
            members: vec!["  Nguyễn Văn A ".into(), "Trần Thị B".into(), " ".into()],
            minutes: minutes(),
            at: noon(2025, 3, 1),
        })
    }

    fn agreed() -> PeriodEvent {
        PeriodEvent::CouncilAgreementRecorded(CouncilAgreementRecorded {
            period_id: period_id(),
            agreement: CouncilAgreement {
                version: ResultsVersion::FIRST,
                date: date(2025, 2, 28),
                members: vec!["Nguyễn Văn A".into(), "Trần Thị B".into()],
                minutes: minutes(),
            },
        })
    }

    fn publish(number: &str, day: u32) -> PeriodCommand {
        PeriodCommand::PublishResults(PublishResults {
            number: number.into(),
            date: date(2025, 3, day),
            signed: minutes(),
            at: noon(2025, 3, 5),
        })
    }

    #[tokio::test]
    async fn the_council_agrees_then_results_are_finalized_then_published_with_the_decision() {
        let aggregated = vec![
            opened(),
            assigned(appraiser(), &[unit_id()], &["1.1"]),
            recorded(appraiser(), true),
            PeriodEvent::ResultsAggregated(ResultsAggregated {
                period_id: period_id(),
                results: PeriodResults::default(),
                version: ResultsVersion::FIRST,
                reason: None,
                corrections: Vec::new(),
            }),
        ];
        let finalized = PeriodEvent::ResultsFinalized(ResultsFinalized {
            period_id: period_id(),
        });
        let published = PeriodEvent::ResultsPublished(ResultsPublished {
            period_id: period_id(),
            decision: Some(PublicationDecision {
                number: "125/QĐ-UBND".into(),
                date: date(2025, 3, 4),
                signed: minutes(),
            }),
        });
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 1),
            })
            .await
            .then_expect_error(PeriodError::NoResults);
        PeriodTest::with(())
            .given(aggregated.clone())
            .when_async(publish("125/QĐ-UBND", 4))
            .await
            .then_expect_error(PeriodError::NotFinalized);
        PeriodTest::with(())
            .given(aggregated.clone())
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 1),
            })
            .await
            .then_expect_error(PeriodError::NoCouncilAgreement(ResultsVersion::FIRST));
        PeriodTest::with(())
            .given(aggregated.clone())
            .when_async(PeriodCommand::RecordCouncilAgreement(
                RecordCouncilAgreement {
                    members: vec![" ".into()],
                    ..match agreement() {
                        PeriodCommand::RecordCouncilAgreement(c) => c,
                        _ => unreachable!(),
                    }
                },
            ))
            .await
            .then_expect_error(PeriodError::Record(RecordError::NoMembers));
        PeriodTest::with(())
            .given(aggregated.clone())
            .when_async(agreement())
            .await
            .then_expect_events(vec![agreed()]);
        let with_agreement = [aggregated.clone(), vec![agreed()]].concat();
        PeriodTest::with(())
            .given(with_agreement.clone())
            .when_async(agreement())
            .await
            .then_expect_error(PeriodError::CouncilAlreadyAgreed(ResultsVersion::FIRST));
        PeriodTest::with(())
            .given(with_agreement.clone())
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 1),
            })
            .await
            .then_expect_events(vec![finalized.clone()]);
        let with_final = [with_agreement, vec![finalized.clone()]].concat();
        PeriodTest::with(())
            .given(with_final.clone())
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 1),
            })
            .await
            .then_expect_error(PeriodError::AlreadyFinalized);
        PeriodTest::with(())
            .given(with_final.clone())
            .when_async(publish(" ", 4))
            .await
            .then_expect_error(PeriodError::Record(RecordError::DecisionNumber));
        PeriodTest::with(())
            .given(with_final.clone())
            .when_async(publish("125/QĐ-UBND", 9))
            .await
            .then_expect_error(PeriodError::DateInTheFuture(date(2025, 3, 9)));
        PeriodTest::with(())
            .given(with_final.clone())
            .when_async(PeriodCommand::PublishResults(PublishResults {
                date: date(2025, 2, 27),
                ..match publish("125/QĐ-UBND", 4) {
                    PeriodCommand::PublishResults(c) => c,
                    _ => unreachable!(),
                }
            }))
            .await
            .then_expect_error(PeriodError::DecisionBeforeAgreement(date(2025, 2, 28)));
        PeriodTest::with(())
            .given(with_final.clone())
            .when_async(publish(" 125/QĐ-UBND ", 4))
            .await
            .then_expect_events(vec![published.clone()]);
        PeriodTest::with(())
            .given([with_final, vec![published]].concat())
            .when_async(publish("125/QĐ-UBND", 4))
            .await
            .then_expect_error(PeriodError::AlreadyPublished);
        PeriodTest::with(())
            .given(aggregated)
            .when_async(PeriodCommand::ExtendDeadline(ExtendDeadline {
                unit: None,
                kind: DeadlineKind::AppraisalRound2,
                date: date(2025, 3, 1),
                reason: "Lý do".into(),
            }))
            .await
            .then_expect_error(PeriodError::ResultsExist);
    }
}

mod corrections {
    use super::*;
    use crate::scoring::Points;

    /// S01's 1.1 appraised by `appraiser()`, S02's by the second; both in,
    /// version 1 aggregated.
    fn provisional() -> Vec<PeriodEvent> {
        vec![
            opened(),
            assigned(appraiser(), &[unit_id()], &["1.1"]),
            assigned(second_appraiser(), &[other_unit_id()], &["1.1"]),
            PeriodEvent::AppraisalSubmissionRecorded(AppraisalSubmissionRecorded {
                period_id: period_id(),
                appraiser: appraiser(),
                all_submitted: false,
            }),
            PeriodEvent::AppraisalSubmissionRecorded(AppraisalSubmissionRecorded {
                period_id: period_id(),
                appraiser: second_appraiser(),
                all_submitted: true,
            }),
            PeriodEvent::ResultsAggregated(ResultsAggregated {
                period_id: period_id(),
                results: PeriodResults::default(),
                version: ResultsVersion::FIRST,
                reason: None,
                corrections: Vec::new(),
            }),
        ]
    }

    fn window_until(day: u32) -> PeriodEvent {
        PeriodEvent::ComplaintWindowOpened(ComplaintWindowOpened {
            period_id: period_id(),
            until: date(2025, 3, day),
        })
    }

    fn lodge(day: u32, reason: &str) -> PeriodCommand {
        PeriodCommand::LodgeComplaint(LodgeComplaint {
            unit: unit_id(),
            leaf: code("1.1"),
            is_a_leaf: true,
            reason: reason.into(),
            evidence: Vec::new(),
            at: noon(2025, 3, day),
        })
    }

    fn s01() -> UnitCode {
        UnitCode::parse("S01").unwrap_or_else(|e| panic!("{e}"))
    }

    fn lodged(no: u32) -> PeriodEvent {
        PeriodEvent::ComplaintLodged(ComplaintLodged {
            period_id: period_id(),
            complaint: Complaint {
                no: SerialNo(no),
                unit_id: unit_id(),
                unit_code: s01(),
                leaf: code("1.1"),
                reason: "Đã ban hành đúng hạn".into(),
                evidence: Vec::new(),
                version: ResultsVersion::FIRST,
                answer: None,
            },
        })
    }

    fn answer(by: AccountId, council: bool, outcome: ComplaintOutcome) -> PeriodCommand {
        PeriodCommand::AnswerComplaint(AnswerComplaint {
            no: SerialNo(1),
            outcome,
            text: "Đơn vị đã gửi văn bản đúng hạn".into(),
            by,
            for_the_council: council,
        })
    }

    fn answered(outcome: ComplaintOutcome) -> PeriodEvent {
        PeriodEvent::ComplaintAnswered(ComplaintAnswered {
            period_id: period_id(),
            no: SerialNo(1),
            unit_code: s01(),
            leaf: code("1.1"),
            answer: ComplaintAnswer {
                outcome,
                text: "Đơn vị đã gửi văn bản đúng hạn".into(),
                by: appraiser(),
            },
        })
    }

    fn reopen(complaint: Option<u32>) -> PeriodCommand {
        PeriodCommand::ReopenLeaf(ReopenLeaf {
            unit: unit_id(),
            leaf: code("1.1"),
            is_a_leaf: true,
            survey: false,
            reason: "Chấp nhận kiến nghị số 1".into(),
            complaint: complaint.map(SerialNo),
        })
    }

    fn reopened() -> PeriodEvent {
        PeriodEvent::LeafReopened(LeafReopened {
            period_id: period_id(),
            reopening: LeafReopening {
                no: SerialNo(1),
                unit_id: unit_id(),
                unit_code: s01(),
                leaf: code("1.1"),
                appraiser: Some(appraiser()),
                reason: "Chấp nhận kiến nghị số 1".into(),
                complaint: Some(SerialNo(1)),
                settled_in: None,
            },
        })
    }

    fn correction() -> Correction {
        Correction {
            reopening: SerialNo(1),
            unit_id: unit_id(),
            unit_code: s01(),
            leaf: code("1.1"),
            before: Some(Points::ZERO),
            after: points("1"),
            reason: "Văn bản ban hành đúng hạn".into(),
            complaint: Some(SerialNo(1)),
        }
    }

    fn reaggregate(corrections: Vec<Correction>) -> PeriodCommand {
        PeriodCommand::Reaggregate(Reaggregate {
            results: PeriodResults::default(),
            corrections,
            reason: "Chấm lại theo kiến nghị".into(),
        })
    }

    #[tokio::test]
    async fn complaints_are_taken_only_within_the_window() {
        PeriodTest::with(())
            .given(provisional())
            .when_async(lodge(2, "Lý do"))
            .await
            .then_expect_error(PeriodError::NoComplaintWindow);
        let with_window = [provisional(), vec![window_until(5)]].concat();
        PeriodTest::with(())
            .given(with_window.clone())
            .when_async(lodge(6, "Lý do"))
            .await
            .then_expect_error(PeriodError::ComplaintWindowOver(date(2025, 3, 5)));
        PeriodTest::with(())
            .given(with_window.clone())
            .when_async(lodge(5, "   "))
            .await
            .then_expect_error(PeriodError::ReasonRequired);
        PeriodTest::with(())
            .given(with_window.clone())
            .when_async(lodge(5, "Đã ban hành đúng hạn"))
            .await
            .then_expect_events(vec![lodged(1)]);
        PeriodTest::with(())
            .given([with_window, vec![lodged(1)]].concat())
            .when_async(lodge(5, "Lần nữa"))
            .await
            .then_expect_error(PeriodError::ComplaintPending {
                unit: "S01".into(),
                leaf: code("1.1"),
            });
        PeriodTest::with(())
            .given(vec![opened()])
            .when_async(PeriodCommand::OpenComplaintWindow(OpenComplaintWindow {
                until: date(2025, 3, 5),
                at: noon(2025, 3, 1),
            }))
            .await
            .then_expect_error(PeriodError::NoResults);
        PeriodTest::with(())
            .given(provisional())
            .when_async(PeriodCommand::OpenComplaintWindow(OpenComplaintWindow {
                until: date(2025, 3, 5),
                at: noon(2025, 3, 6),
            }))
            .await
            .then_expect_error(PeriodError::DateInThePast(date(2025, 3, 5)));
    }

    #[tokio::test]
    async fn only_the_leafs_appraiser_or_the_council_answers_once() {
        let history = [provisional(), vec![window_until(5), lodged(1)]].concat();
        PeriodTest::with(())
            .given(history.clone())
            .when_async(answer(second_appraiser(), false, ComplaintOutcome::Upheld))
            .await
            .then_expect_error(PeriodError::NotTheLeafsAppraiser);
        PeriodTest::with(())
            .given(history.clone())
            .when_async(answer(appraiser(), false, ComplaintOutcome::Upheld))
            .await
            .then_expect_events(vec![answered(ComplaintOutcome::Upheld)]);
        PeriodTest::with(())
            .given([history, vec![answered(ComplaintOutcome::Upheld)]].concat())
            .when_async(answer(leader(), true, ComplaintOutcome::Rejected))
            .await
            .then_expect_error(PeriodError::ComplaintAlreadyAnswered(SerialNo(1)));
    }

    #[tokio::test]
    async fn a_leaf_is_reopened_for_an_upheld_complaint_or_a_reason() {
        let lodged_history = [provisional(), vec![window_until(5), lodged(1)]].concat();
        PeriodTest::with(())
            .given(lodged_history.clone())
            .when_async(reopen(Some(1)))
            .await
            .then_expect_error(PeriodError::ComplaintNotUpheld(SerialNo(1)));
        let upheld = [
            lodged_history.clone(),
            vec![answered(ComplaintOutcome::Upheld)],
        ]
        .concat();
        PeriodTest::with(())
            .given(upheld.clone())
            .when_async(reopen(Some(1)))
            .await
            .then_expect_events(vec![reopened()]);
        PeriodTest::with(())
            .given([upheld.clone(), vec![reopened()]].concat())
            .when_async(reopen(None))
            .await
            .then_expect_error(PeriodError::AlreadyReopened {
                unit: "S01".into(),
                leaf: code("1.1"),
            });
        // A code that names no leaf is refused…
        PeriodTest::with(())
            .given(upheld.clone())
            .when_async(PeriodCommand::ReopenLeaf(ReopenLeaf {
                unit: unit_id(),
                leaf: code("9.9"),
                is_a_leaf: false,
                survey: false,
                reason: "Sai sót".into(),
                complaint: None,
            }))
            .await
            .then_expect_error(PeriodError::UnknownCriterion(code("9.9")));
        // …as is a survey leaf nobody appraises, with no score to enter
        // again…
        let nobody_appraises = |survey| {
            PeriodCommand::ReopenLeaf(ReopenLeaf {
                unit: unit_id(),
                leaf: code("1.2"),
                is_a_leaf: true,
                survey,
                reason: "Sai sót".into(),
                complaint: None,
            })
        };
        PeriodTest::with(())
            .given(upheld.clone())
            .when_async(nobody_appraises(true))
            .await
            .then_expect_error(PeriodError::NoAppraiserOf {
                unit: "S01".into(),
                leaf: code("1.2"),
            });
        // …any other reopens on the unit's scorecard.
        PeriodTest::with(())
            .given(upheld)
            .when_async(nobody_appraises(false))
            .await
            .then_expect_events(vec![PeriodEvent::LeafReopened(LeafReopened {
                period_id: period_id(),
                reopening: LeafReopening {
                    no: SerialNo(1),
                    unit_id: unit_id(),
                    unit_code: s01(),
                    leaf: code("1.2"),
                    appraiser: None,
                    reason: "Sai sót".into(),
                    complaint: None,
                    settled_in: None,
                },
            })]);
    }

    #[tokio::test]
    async fn a_new_version_takes_in_every_reopened_leaf_scored_again() {
        let history = [
            provisional(),
            vec![
                window_until(5),
                lodged(1),
                answered(ComplaintOutcome::Upheld),
                reopened(),
            ],
        ]
        .concat();
        PeriodTest::with(())
            .given(history.clone())
            .when_async(reaggregate(Vec::new()))
            .await
            .then_expect_error(PeriodError::ReopeningsUnscored(1));
        PeriodTest::with(())
            .given(history.clone())
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 9),
            })
            .await
            .then_expect_error(PeriodError::ReopeningsUnsettled(1));
        let version_two = PeriodEvent::ResultsAggregated(ResultsAggregated {
            period_id: period_id(),
            results: PeriodResults::default(),
            version: ResultsVersion(2),
            reason: Some("Chấm lại theo kiến nghị".into()),
            corrections: vec![correction()],
        });
        PeriodTest::with(())
            .given(history.clone())
            .when_async(reaggregate(vec![correction()]))
            .await
            .then_expect_events(vec![version_two.clone()]);
        let settled = [history, vec![version_two]].concat();
        // Nothing left to take in and the same content: no version 3.
        PeriodTest::with(())
            .given(settled.clone())
            .when_async(reaggregate(vec![correction()]))
            .await
            .then_expect_error(PeriodError::ResultsUnchanged(ResultsVersion(2)));
        PeriodTest::with(())
            .given(settled.clone())
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 5),
            })
            .await
            .then_expect_error(PeriodError::ComplaintWindowOpen(date(2025, 3, 5)));
        // Corrections settled; the council has still to agree on version 2.
        PeriodTest::with(())
            .given(settled)
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 6),
            })
            .await
            .then_expect_error(PeriodError::NoCouncilAgreement(ResultsVersion(2)));
    }

    #[tokio::test]
    async fn finalizing_waits_for_every_answer() {
        PeriodTest::with(())
            .given([provisional(), vec![window_until(5), lodged(1)]].concat())
            .when_async(PeriodCommand::FinalizeResults {
                at: noon(2025, 3, 9),
            })
            .await
            .then_expect_error(PeriodError::ComplaintsUnanswered(1));
    }
}

mod coverage {
    use super::*;

    fn exempt(units: &[UnitId], criteria: &[&str], reason: &str) -> PeriodCommand {
        PeriodCommand::ExemptFromAppraisal(ExemptFromAppraisal {
            units: units.iter().copied().collect(),
            criteria: criteria.iter().map(|c| code(c)).collect(),
            tree: tree(),
            reason: reason.into(),
        })
    }

    fn state(history: Vec<PeriodEvent>) -> Period {
        let mut period = Period::default();
        for event in history {
            cqrs_es::Aggregate::apply(&mut period, event);
        }
        period
    }

    #[tokio::test]
    async fn pairs_nobody_appraises_are_exempted_with_a_reason_then_counted_covered() {
        // The small tree's appraised leaves: 1.1, 1.2, 1.3, B.1, P.1 (2 is
        // a survey). S01's 1.1 is assigned: 2 units × 5 leaves − 1 = 9.
        let history = vec![opened(), assigned(appraiser(), &[unit_id()], &["1.1"])];
        assert_eq!(state(history.clone()).uncovered_count(&tree()), 9);
        PeriodTest::with(())
            .given(history.clone())
            .when_async(exempt(&[], &[], " "))
            .await
            .then_expect_error(PeriodError::ReasonRequired);
        let exempted = PeriodEvent::AppraisalExempted(AppraisalExempted {
            period_id: period_id(),
            pairs: [(unit_id(), ["1.2", "1.3"].iter().map(|c| code(c)).collect())].into(),
            unit_codes: vec![UnitCode::parse("S01").unwrap_or_else(|e| panic!("{e}"))],
            reason: "Không có đơn vị trực thuộc".into(),
        });
        // 1.1 has its appraiser: only 1.2 and 1.3 of field 1 are exempted.
        PeriodTest::with(())
            .given(history.clone())
            .when_async(exempt(&[unit_id()], &["1"], "Không có đơn vị trực thuộc"))
            .await
            .then_expect_events(vec![exempted.clone()]);
        let mut after = history.clone();
        after.push(exempted.clone());
        let period = state(after.clone());
        assert_eq!(period.uncovered_count(&tree()), 7);
        assert_eq!(
            period
                .uncovered(&tree())
                .values()
                .map(BTreeSet::len)
                .sum::<usize>(),
            7
        );
        PeriodTest::with(())
            .given(after.clone())
            .when_async(exempt(&[unit_id()], &["1"], "Lần nữa"))
            .await
            .then_expect_error(PeriodError::NothingToExempt);
        // Assigned later, an exempted pair is covered once, by its appraiser.
        after.push(assigned(appraiser(), &[unit_id()], &["1.2"]));
        let period = state(after);
        assert_eq!(period.uncovered_count(&tree()), 7);
        assert!(
            period
                .exemptions()
                .all(|(_, leaves)| !leaves.contains(&code("1.2")))
        );
    }
}
