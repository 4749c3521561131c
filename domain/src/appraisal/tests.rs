//! Given/when/then tests of the appraisal worksheet.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use cqrs_es::test::TestFramework;

use super::*;
use crate::criteria::{EntryError, LeafEntry};
use crate::ids::UnitId;
use crate::period::{Assignment, DeadlineKind, DeadlinePassed};
use crate::test_support::*;

type WorksheetTest = TestFramework<Worksheet>;

fn assignment() -> Assignment {
    Assignment::of(
        None,
        &BTreeSet::from([unit_id()]),
        &BTreeSet::from([code("1.1"), code("1.2")]),
    )
}

fn context(at: DateTime<Utc>) -> AppraisalContext {
    AppraisalContext {
        period_id: period_id(),
        appraiser: appraiser(),
        assignment: assignment(),
        tree: tree(),
        deadlines: deadlines(),
        uncovered: 0,
        at,
    }
}

#[tokio::test]
async fn round_one_waits_until_every_pair_has_an_appraiser_or_an_exemption() {
    let command = WorksheetCommand {
        context: AppraisalContext {
            uncovered: 3,
            ..context(noon(2025, 1, 20))
        },
        action: WorksheetAction::Appraise {
            round: Round::One,
            unit: unit_id(),
            leaf: code("1.1"),
            entry: score("1"),
            reason: None,
            unit_view: ready(Some("1")),
        },
    };
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(command)
        .await
        .then_expect_error(WorksheetError::RoundNotOpen(3));
}

fn ready(self_points: Option<&str>) -> UnitView {
    UnitView {
        self_points: self_points.map(points),
        not_applicable: false,
        ready: true,
    }
}

fn appraise_at(
    at: DateTime<Utc>,
    round: Round,
    unit: UnitId,
    leaf: &str,
    entry: LeafEntry,
    reason: Option<&str>,
    view: UnitView,
) -> WorksheetCommand {
    WorksheetCommand {
        context: context(at),
        action: WorksheetAction::Appraise {
            round,
            unit,
            leaf: code(leaf),
            entry,
            reason: reason.map(text),
            unit_view: view,
        },
    }
}

/// Round 1 happens on 2025-01-20; round 2 on 2025-02-15.
fn round_one(
    leaf: &str,
    entry: LeafEntry,
    reason: Option<&str>,
    view: UnitView,
) -> WorksheetCommand {
    appraise_at(
        noon(2025, 1, 20),
        Round::One,
        unit_id(),
        leaf,
        entry,
        reason,
        view,
    )
}

fn round_two(
    leaf: &str,
    entry: LeafEntry,
    reason: Option<&str>,
    view: UnitView,
) -> WorksheetCommand {
    appraise_at(
        noon(2025, 2, 15),
        Round::Two,
        unit_id(),
        leaf,
        entry,
        reason,
        view,
    )
}

fn scored(
    round: Round,
    leaf: &str,
    entry: LeafEntry,
    value: &str,
    self_points: Option<&str>,
    reason: Option<&str>,
) -> WorksheetEvent {
    WorksheetEvent::Scored(AppraisalScored {
        period_id: period_id(),
        appraiser: appraiser(),
        unit_id: unit_id(),
        leaf: code(leaf),
        round,
        entry,
        points: points(value),
        self_points: self_points.map(points),
        reason: reason.map(text),
    })
}

fn both_rounds_done() -> Vec<WorksheetEvent> {
    vec![
        scored(
            Round::One,
            "1.1",
            score("0.5"),
            "0.5",
            Some("1"),
            Some("Ban hành chậm"),
        ),
        scored(Round::One, "1.2", ratio("87.5"), "1.75", Some("1.75"), None),
        scored(
            Round::Two,
            "1.1",
            score("0.5"),
            "0.5",
            Some("1"),
            Some("Ban hành chậm"),
        ),
        scored(Round::Two, "1.2", ratio("87.5"), "1.75", Some("1.75"), None),
    ]
}

fn submit_at(at: DateTime<Utc>) -> WorksheetCommand {
    WorksheetCommand {
        context: context(at),
        action: WorksheetAction::Submit {
            not_applicable: BTreeMap::new(),
        },
    }
}

#[tokio::test]
async fn a_score_equal_to_the_self_score_needs_no_reason() {
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one("1.2", ratio("87.5"), None, ready(Some("1.75"))))
        .await
        .then_expect_events(vec![scored(
            Round::One,
            "1.2",
            ratio("87.5"),
            "1.75",
            Some("1.75"),
            None,
        )]);
}

#[tokio::test]
async fn a_different_score_needs_a_reason() {
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one("1.1", score("0.5"), None, ready(Some("1"))))
        .await
        .then_expect_error(WorksheetError::ReasonRequired);
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one(
            "1.1",
            score("0.5"),
            Some("Ban hành chậm"),
            ready(Some("1")),
        ))
        .await
        .then_expect_events(vec![scored(
            Round::One,
            "1.1",
            score("0.5"),
            "0.5",
            Some("1"),
            Some("Ban hành chậm"),
        )]);
}

#[tokio::test]
async fn an_unclaimed_bonus_counts_as_zero() {
    let mut context = context(noon(2025, 1, 20));
    context
        .assignment
        .add(&BTreeSet::from([unit_id()]), &BTreeSet::from([code("B.1")]));
    let appraise = |entry, reason: Option<&str>| WorksheetCommand {
        context: context.clone(),
        action: WorksheetAction::Appraise {
            round: Round::One,
            unit: unit_id(),
            leaf: code("B.1"),
            entry,
            reason: reason.map(text),
            unit_view: ready(None),
        },
    };
    let result = WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(appraise(score("0"), None))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(appraise(score("1"), None))
        .await
        .then_expect_error(WorksheetError::ReasonRequired);
}

#[tokio::test]
async fn only_assigned_ready_applicable_leaves_are_appraised() {
    let other_unit = appraise_at(
        noon(2025, 1, 20),
        Round::One,
        UnitId::for_code("S99"),
        "1.1",
        score("1"),
        None,
        ready(Some("1")),
    );
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(other_unit)
        .await
        .then_expect_error(WorksheetError::NotAssigned {
            unit: UnitId::for_code("S99"),
            leaf: code("1.1"),
        });
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one("1.3", score("1"), None, ready(Some("1"))))
        .await
        .then_expect_error(WorksheetError::NotAssigned {
            unit: unit_id(),
            leaf: code("1.3"),
        });
    let not_ready = UnitView {
        self_points: None,
        not_applicable: false,
        ready: false,
    };
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one("1.1", score("1"), Some("x"), not_ready))
        .await
        .then_expect_error(WorksheetError::UnitNotReady);
    let marked = UnitView {
        self_points: None,
        not_applicable: true,
        ready: true,
    };
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one("1.2", ratio("50"), None, marked.clone()))
        .await
        .then_expect_error(WorksheetError::OverturnNeedsReason(code("1.2")));
    // With a reason, the appraiser scores it: the mark is overturned.
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one(
            "1.2",
            ratio("50"),
            Some("Đơn vị có đơn vị trực thuộc"),
            marked,
        ))
        .await
        .then_expect_events(vec![scored(
            Round::One,
            "1.2",
            ratio("50"),
            "1",
            None,
            Some("Đơn vị có đơn vị trực thuộc"),
        )]);
}

#[tokio::test]
async fn an_appraised_entry_must_fit_the_method() {
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_one("1.1", score("0.25"), Some("x"), ready(Some("1"))))
        .await
        .then_expect_error(WorksheetError::Entry {
            leaf: code("1.1"),
            error: EntryError::NotALevel {
                score: points("0.25"),
                allowed: "1, 0.5, 0".into(),
            },
        });
}

#[tokio::test]
async fn round_one_closes_at_its_deadline() {
    let late = appraise_at(
        noon(2025, 2, 1),
        Round::One,
        unit_id(),
        "1.1",
        score("1"),
        None,
        ready(Some("1")),
    );
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(late)
        .await
        .then_expect_error(WorksheetError::DeadlinePassed(DeadlinePassed {
            kind: DeadlineKind::AppraisalRound1,
            date: date(2025, 1, 31),
        }));
}

#[tokio::test]
async fn round_two_opens_after_round_one_and_needs_a_round_one_score() {
    let early = appraise_at(
        noon(2025, 1, 25),
        Round::Two,
        unit_id(),
        "1.1",
        score("1"),
        None,
        ready(Some("1")),
    );
    WorksheetTest::with(())
        .given(vec![scored(
            Round::One,
            "1.1",
            score("1"),
            "1",
            Some("1"),
            None,
        )])
        .when_async(early)
        .await
        .then_expect_error(WorksheetError::RoundTwoNotOpen);
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(round_two("1.1", score("1"), None, ready(Some("1"))))
        .await
        .then_expect_error(WorksheetError::NoRoundOne(code("1.1")));
    WorksheetTest::with(())
        .given(vec![scored(
            Round::One,
            "1.1",
            score("0.5"),
            "0.5",
            Some("1"),
            Some("Chậm"),
        )])
        .when_async(round_two("1.1", score("1"), None, ready(Some("1"))))
        .await
        .then_expect_events(vec![scored(
            Round::Two,
            "1.1",
            score("1"),
            "1",
            Some("1"),
            None,
        )]);
}

#[tokio::test]
async fn the_same_score_again_is_unchanged() {
    WorksheetTest::with(())
        .given(vec![scored(
            Round::One,
            "1.2",
            ratio("87.5"),
            "1.75",
            Some("1.75"),
            None,
        )])
        .when_async(round_one("1.2", ratio("87.5"), None, ready(Some("1.75"))))
        .await
        .then_expect_error(WorksheetError::Unchanged);
}

#[tokio::test]
async fn submission_needs_a_round_two_score_for_every_assignment() {
    WorksheetTest::with(())
        .given(both_rounds_done()[..3].to_vec())
        .when_async(submit_at(noon(2025, 2, 16)))
        .await
        .then_expect_error(WorksheetError::Incomplete(1));
    WorksheetTest::with(())
        .given(both_rounds_done())
        .when_async(submit_at(noon(2025, 2, 16)))
        .await
        .then_expect_events(vec![WorksheetEvent::Submitted(AppraisalSubmitted {
            period_id: period_id(),
            appraiser: appraiser(),
            final_scores: vec![
                FinalScore {
                    unit_id: unit_id(),
                    leaf: code("1.1"),
                    points: points("0.5"),
                },
                FinalScore {
                    unit_id: unit_id(),
                    leaf: code("1.2"),
                    points: points("1.75"),
                },
            ],
        })]);
}

#[tokio::test]
async fn leaves_the_unit_marked_not_applicable_are_not_required() {
    let history = vec![
        scored(Round::One, "1.1", score("1"), "1", Some("1"), None),
        scored(Round::Two, "1.1", score("1"), "1", Some("1"), None),
    ];
    let command = WorksheetCommand {
        context: context(noon(2025, 2, 16)),
        action: WorksheetAction::Submit {
            not_applicable: BTreeMap::from([(unit_id(), BTreeSet::from([code("1.2")]))]),
        },
    };
    let result = WorksheetTest::with(())
        .given(history)
        .when_async(command)
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn submitting_is_final_and_bounded_by_round_two() {
    let mut history = both_rounds_done();
    history.push(WorksheetEvent::Submitted(AppraisalSubmitted {
        period_id: period_id(),
        appraiser: appraiser(),
        final_scores: Vec::new(),
    }));
    WorksheetTest::with(())
        .given(history.clone())
        .when_async(round_two("1.1", score("1"), None, ready(Some("1"))))
        .await
        .then_expect_error(WorksheetError::AlreadySubmitted);
    WorksheetTest::with(())
        .given(history)
        .when_async(submit_at(noon(2025, 2, 16)))
        .await
        .then_expect_error(WorksheetError::AlreadySubmitted);
    WorksheetTest::with(())
        .given(both_rounds_done())
        .when_async(submit_at(noon(2025, 2, 21)))
        .await
        .then_expect_error(WorksheetError::DeadlinePassed(DeadlinePassed {
            kind: DeadlineKind::AppraisalRound2,
            date: date(2025, 2, 20),
        }));
}

#[tokio::test]
async fn an_appraiser_without_assignment_cannot_submit() {
    let command = WorksheetCommand {
        context: AppraisalContext {
            assignment: Assignment::default(),
            ..context(noon(2025, 2, 16))
        },
        action: WorksheetAction::Submit {
            not_applicable: BTreeMap::new(),
        },
    };
    WorksheetTest::with(())
        .given_no_previous_events()
        .when_async(command)
        .await
        .then_expect_error(WorksheetError::NoAssignment);
}

fn correct(reason: Option<&str>, reopening: Option<u32>) -> WorksheetCommand {
    WorksheetCommand {
        context: context(noon(2025, 3, 3)),
        action: WorksheetAction::Correct {
            unit: unit_id(),
            leaf: code("1.1"),
            entry: score("1"),
            reason: reason.map(text),
            reopening: reopening.map(crate::period::SerialNo),
        },
    }
}

#[tokio::test]
async fn a_submitted_worksheet_takes_a_reopened_leaf_scored_again_with_a_reason() {
    let mut history = both_rounds_done();
    history.push(WorksheetEvent::Submitted(AppraisalSubmitted {
        period_id: period_id(),
        appraiser: appraiser(),
        final_scores: Vec::new(),
    }));
    WorksheetTest::with(())
        .given(history.clone())
        .when_async(correct(Some("Văn bản đúng hạn"), None))
        .await
        .then_expect_error(WorksheetError::NotReopened(code("1.1")));
    WorksheetTest::with(())
        .given(history.clone())
        .when_async(correct(None, Some(1)))
        .await
        .then_expect_error(WorksheetError::CorrectionNeedsReason);
    let corrected = WorksheetEvent::Corrected(AppraisalCorrected {
        period_id: period_id(),
        appraiser: appraiser(),
        unit_id: unit_id(),
        leaf: code("1.1"),
        reopening: crate::period::SerialNo(1),
        entry: score("1"),
        points: points("1"),
        before: Some(points("0.5")),
        reason: text("Văn bản đúng hạn"),
    });
    WorksheetTest::with(())
        .given(history.clone())
        .when_async(correct(Some("Văn bản đúng hạn"), Some(1)))
        .await
        .then_expect_events(vec![corrected.clone()]);
    history.push(corrected);
    let mut worksheet = Worksheet::default();
    for event in history {
        cqrs_es::Aggregate::apply(&mut worksheet, event);
    }
    assert_eq!(
        worksheet.last_appraised(unit_id(), &code("1.1")),
        Some(points("1"))
    );
    assert_eq!(
        worksheet.corrected(unit_id(), &code("1.1"), crate::period::SerialNo(1)),
        Some(CorrectedScore {
            before: Some(points("0.5")),
            after: points("1"),
            reason: "Văn bản đúng hạn".into(),
        })
    );
    assert_eq!(
        worksheet.corrected(unit_id(), &code("1.1"), crate::period::SerialNo(2)),
        None
    );
}
