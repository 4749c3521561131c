//! Given/when/then tests of the scorecard: every action, its success and
//! each refusal. A refusal appends nothing (the test framework checks that
//! the command returned an error and produced no events).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cqrs_es::test::TestFramework;

use super::*;
use crate::criteria::{EntryError, LeafEntry};
use crate::ids::{EvidenceId, SurveyResponseId};
use crate::period::{DeadlineKind, DeadlinePassed};
use crate::test_support::*;

type ScorecardTest = TestFramework<Scorecard>;

fn context(at: DateTime<Utc>) -> ScoringContext {
    ScoringContext {
        period_id: period_id(),
        unit_id: unit_id(),
        tree: tree(),
        deadlines: deadlines(),
        actor: leader(),
        at,
    }
}

fn during_self_assessment(action: ScorecardAction) -> ScorecardCommand {
    ScorecardCommand {
        context: context(noon(2025, 1, 10)),
        action,
    }
}

fn enter(leaf: &str, entry: LeafEntry) -> ScorecardCommand {
    during_self_assessment(ScorecardAction::Edit(ReportEdit::EnterScore {
        leaf: code(leaf),
        entry,
    }))
}

fn entered(leaf: &str, entry: LeafEntry, value: &str, previous: Option<&str>) -> ScorecardEvent {
    ScorecardEvent::ScoreEntered(ScoreEntered {
        period_id: period_id(),
        unit_id: unit_id(),
        leaf: code(leaf),
        entry,
        points: points(value),
        previous: previous.map(points),
    })
}

fn evidence(n: u8) -> Evidence {
    Evidence::new(
        EvidenceId::from_uuid(uuid::Uuid::from_u128(u128::from(n))),
        &format!("{n:02x}").repeat(32),
        "ke-hoach-cchc-2024.pdf",
        12_345,
        "application/pdf",
        "trang 3, mục II",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn attached(leaf: &str, n: u8) -> ScorecardEvent {
    ScorecardEvent::EvidenceAttached(EvidenceAttached {
        period_id: period_id(),
        unit_id: unit_id(),
        leaf: code(leaf),
        evidence: evidence(n),
    })
}

fn not_applicable(leaf: &str) -> ScorecardEvent {
    ScorecardEvent::LeafMarkedNotApplicable(LeafMarkedNotApplicable {
        period_id: period_id(),
        unit_id: unit_id(),
        leaf: code(leaf),
        reason: text("Không có đơn vị trực thuộc"),
        cleared: None,
    })
}

/// A scorecard with every main leaf scored, proved and 1.3 not applicable.
fn complete() -> Vec<ScorecardEvent> {
    vec![
        entered("1.1", score("1"), "1", None),
        attached("1.1", 1),
        entered("1.2", ratio("87.5"), "1.75", None),
        attached("1.2", 2),
        not_applicable("1.3"),
    ]
}

/// The content hash of the scorecard after `events`.
fn hash_after(events: &[ScorecardEvent]) -> String {
    let mut card = Scorecard::default();
    for event in events {
        cqrs_es::Aggregate::apply(&mut card, event.clone());
    }
    card.content_hash(period_id(), unit_id())
}

fn approved(events: &[ScorecardEvent]) -> ScorecardEvent {
    ScorecardEvent::ReportApproved(ReportApproved {
        period_id: period_id(),
        unit_id: unit_id(),
        content_hash: hash_after(events),
        approved_by: leader(),
    })
}

fn complete_and_approved() -> Vec<ScorecardEvent> {
    let mut events = complete();
    events.push(approved(&complete()));
    events
}

fn submitted() -> ScorecardEvent {
    ScorecardEvent::SelfAssessmentSubmitted(SelfAssessmentSubmitted {
        period_id: period_id(),
        unit_id: unit_id(),
        content_hash: hash_after(&complete()),
        signed_report: Some(evidence(0x5a)),
    })
}

mod entering_scores {
    use super::*;

    #[tokio::test]
    async fn each_method_scores_its_entry() {
        for (leaf, entry, value) in [
            ("1.1", score("0.5"), "0.5"),
            ("1.2", ratio("87.5"), "1.75"),
            ("1.3", score("2.25"), "2.25"),
            ("B.1", score("1"), "1"),
            ("P.1", score("0.75"), "0.75"),
        ] {
            ScorecardTest::with(())
                .given_no_previous_events()
                .when_async(enter(leaf, entry))
                .await
                .then_expect_events(vec![entered(leaf, entry, value, None)]);
        }
    }

    #[tokio::test]
    async fn a_change_records_the_previous_points() {
        ScorecardTest::with(())
            .given(vec![entered("1.1", score("1"), "1", None)])
            .when_async(enter("1.1", score("0.5")))
            .await
            .then_expect_events(vec![entered("1.1", score("0.5"), "0.5", Some("1"))]);
    }

    #[tokio::test]
    async fn entries_that_do_not_fit_the_method_are_refused() {
        let cases = [
            (
                "1.1",
                score("0.75"),
                EntryError::NotALevel {
                    score: points("0.75"),
                    allowed: "1, 0.5, 0".into(),
                },
            ),
            ("1.2", score("1"), EntryError::PercentageExpected),
            (
                "1.3",
                score("3.25"),
                EntryError::AboveMaximum {
                    score: points("3.25"),
                    max: points("3"),
                },
            ),
            (
                "1.3",
                score("1.1"),
                EntryError::NotAStep {
                    score: points("1.1"),
                    step: points("0.25"),
                },
            ),
            ("1.3", ratio("50"), EntryError::ScoreExpected),
            ("2", score("1"), EntryError::SurveyLeaf),
        ];
        for (leaf, entry, error) in cases {
            ScorecardTest::with(())
                .given_no_previous_events()
                .when_async(enter(leaf, entry))
                .await
                .then_expect_error(ScorecardError::Entry {
                    leaf: code(leaf),
                    error,
                });
        }
    }

    #[tokio::test]
    async fn groups_and_unknown_codes_are_not_leaves() {
        for leaf in ["1", "9.9", "B"] {
            ScorecardTest::with(())
                .given_no_previous_events()
                .when_async(enter(leaf, score("1")))
                .await
                .then_expect_error(ScorecardError::UnknownLeaf(code(leaf)));
        }
    }

    #[tokio::test]
    async fn the_same_entry_again_is_refused_as_unchanged() {
        ScorecardTest::with(())
            .given(vec![entered("1.1", score("1"), "1", None)])
            .when_async(enter("1.1", score("1")))
            .await
            .then_expect_error(ScorecardError::Unchanged);
    }

    #[tokio::test]
    async fn a_not_applicable_leaf_cannot_be_scored() {
        ScorecardTest::with(())
            .given(vec![not_applicable("1.3")])
            .when_async(enter("1.3", score("1")))
            .await
            .then_expect_error(ScorecardError::LeafNotApplicable(code("1.3")));
    }

    #[tokio::test]
    async fn scores_after_the_deadline_day_are_refused() {
        // 2025-01-15 is the last day: 23:59 local is fine, 00:00 next day is not.
        let last_minute = "2025-01-15T16:59:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap_or_default();
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(ScorecardCommand {
                context: context(last_minute),
                action: ScorecardAction::Edit(ReportEdit::EnterScore {
                    leaf: code("1.1"),
                    entry: score("1"),
                }),
            })
            .await
            .then_expect_events(vec![entered("1.1", score("1"), "1", None)]);
        let too_late = "2025-01-15T17:00:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap_or_default();
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(ScorecardCommand {
                context: context(too_late),
                action: ScorecardAction::Edit(ReportEdit::EnterScore {
                    leaf: code("1.1"),
                    entry: score("1"),
                }),
            })
            .await
            .then_expect_error(ScorecardError::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::SelfAssessment,
                date: date(2025, 1, 15),
            }));
    }

    #[tokio::test]
    async fn a_submitted_self_assessment_no_longer_changes() {
        let mut history = complete_and_approved();
        history.push(submitted());
        ScorecardTest::with(())
            .given(history)
            .when_async(enter("1.1", score("0.5")))
            .await
            .then_expect_error(ScorecardError::AlreadySubmitted);
    }
}

mod not_applicable_leaves {
    use super::*;

    #[tokio::test]
    async fn marking_clears_the_score_and_records_it() {
        ScorecardTest::with(())
            .given(vec![entered("1.2", ratio("50"), "1", None)])
            .when_async(during_self_assessment(ScorecardAction::Edit(
                ReportEdit::MarkNotApplicable {
                    leaf: code("1.2"),
                    reason: text("Không có đơn vị trực thuộc"),
                },
            )))
            .await
            .then_expect_events(vec![ScorecardEvent::LeafMarkedNotApplicable(
                LeafMarkedNotApplicable {
                    period_id: period_id(),
                    unit_id: unit_id(),
                    leaf: code("1.2"),
                    reason: text("Không có đơn vị trực thuộc"),
                    cleared: Some(points("1")),
                },
            )]);
    }

    #[tokio::test]
    async fn only_where_the_set_allows_it() {
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(during_self_assessment(ScorecardAction::Edit(
                ReportEdit::MarkNotApplicable {
                    leaf: code("1.1"),
                    reason: text("Lý do"),
                },
            )))
            .await
            .then_expect_error(ScorecardError::NotApplicableNotAllowed(code("1.1")));
    }

    #[tokio::test]
    async fn undoing_a_mark_needs_the_mark() {
        ScorecardTest::with(())
            .given(vec![not_applicable("1.3")])
            .when_async(during_self_assessment(ScorecardAction::Edit(
                ReportEdit::MarkApplicable { leaf: code("1.3") },
            )))
            .await
            .then_expect_events(vec![ScorecardEvent::LeafMarkedApplicable(
                LeafMarkedApplicable {
                    period_id: period_id(),
                    unit_id: unit_id(),
                    leaf: code("1.3"),
                },
            )]);
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(during_self_assessment(ScorecardAction::Edit(
                ReportEdit::MarkApplicable { leaf: code("1.3") },
            )))
            .await
            .then_expect_error(ScorecardError::NotMarkedNotApplicable(code("1.3")));
    }
}

mod explanations_and_evidence {
    use super::*;

    #[tokio::test]
    async fn an_explanation_is_written_once_per_text() {
        let written = ScorecardEvent::ExplanationWritten(ExplanationWritten {
            period_id: period_id(),
            unit_id: unit_id(),
            leaf: code("1.1"),
            text: text("Kế hoạch ban hành ngày 10/01"),
        });
        let write = || {
            during_self_assessment(ScorecardAction::Edit(ReportEdit::WriteExplanation {
                leaf: code("1.1"),
                text: text("Kế hoạch ban hành ngày 10/01"),
            }))
        };
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(write())
            .await
            .then_expect_events(vec![written.clone()]);
        ScorecardTest::with(())
            .given(vec![written])
            .when_async(write())
            .await
            .then_expect_error(ScorecardError::Unchanged);
    }

    #[tokio::test]
    async fn evidence_is_attached_once_and_removed_when_there() {
        let attach = |n| {
            during_self_assessment(ScorecardAction::Edit(ReportEdit::AttachEvidence {
                leaf: code("1.1"),
                evidence: evidence(n),
            }))
        };
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(attach(1))
            .await
            .then_expect_events(vec![attached("1.1", 1)]);
        ScorecardTest::with(())
            .given(vec![attached("1.1", 1)])
            .when_async(attach(1))
            .await
            .then_expect_error(ScorecardError::DuplicateEvidence(code("1.1")));
        let remove = || {
            during_self_assessment(ScorecardAction::Edit(ReportEdit::RemoveEvidence {
                leaf: code("1.1"),
                evidence_id: evidence(1).evidence_id,
            }))
        };
        ScorecardTest::with(())
            .given(vec![attached("1.1", 1)])
            .when_async(remove())
            .await
            .then_expect_events(vec![ScorecardEvent::EvidenceRemoved(EvidenceRemoved {
                period_id: period_id(),
                unit_id: unit_id(),
                leaf: code("1.1"),
                evidence_id: evidence(1).evidence_id,
            })]);
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(remove())
            .await
            .then_expect_error(ScorecardError::NoSuchEvidence);
    }

    #[test]
    fn evidence_metadata_is_checked() {
        let id = EvidenceId::new();
        let hash = "ab".repeat(32);
        assert_eq!(
            Evidence::new(id, "xyz", "a.pdf", 1, "application/pdf", "tr. 1"),
            Err(EvidenceError::ContentHash)
        );
        assert_eq!(
            Evidence::new(id, &hash, "../a.pdf", 1, "application/pdf", "tr. 1"),
            Err(EvidenceError::FileName)
        );
        assert_eq!(
            Evidence::new(id, &hash, "a.pdf", 0, "application/pdf", "tr. 1"),
            Err(EvidenceError::Empty)
        );
        assert_eq!(
            Evidence::new(id, &hash, "a.pdf", 1, "pdf", "tr. 1"),
            Err(EvidenceError::MediaType)
        );
        assert_eq!(
            Evidence::new(id, &hash, "a.pdf", 1, "application/pdf", " "),
            Err(EvidenceError::Locator)
        );
    }
}

mod surveys {
    use super::*;

    fn response(answers: &[(&str, SurveyAnswer)]) -> SurveyResponse {
        SurveyResponse {
            response_id: SurveyResponseId::from_uuid(uuid::Uuid::from_u128(9)),
            respondent_group: "Tổ chức, cá nhân".into(),
            answers: answers
                .iter()
                .map(|(c, a)| (code(c), *a))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[tokio::test]
    async fn a_form_is_recorded_and_scores_the_survey_leaf() {
        let form = response(&[("2", SurveyAnswer::B)]);
        let recorded = ScorecardEvent::SurveyResponseRecorded(SurveyResponseRecorded {
            period_id: period_id(),
            unit_id: unit_id(),
            response: form.clone(),
        });
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(during_self_assessment(ScorecardAction::Edit(
                ReportEdit::RecordSurveyResponse(form),
            )))
            .await
            .then_expect_events(vec![recorded.clone()]);
        let mut card = Scorecard::default();
        cqrs_es::Aggregate::apply(&mut card, recorded);
        // One B answer: 60 % of 4 points.
        assert_eq!(
            card.all_self_points(&tree()).get(&code("2")),
            Some(&points("2.4"))
        );
    }

    #[tokio::test]
    async fn forms_answering_other_leaves_or_nothing_are_refused() {
        for form in [response(&[("1.1", SurveyAnswer::A)]), response(&[])] {
            let result = ScorecardTest::with(())
                .given_no_previous_events()
                .when_async(during_self_assessment(ScorecardAction::Edit(
                    ReportEdit::RecordSurveyResponse(form),
                )))
                .await
                .inspect_result();
            assert!(
                matches!(result, Err(ScorecardError::Survey(_))),
                "{result:?}"
            );
        }
    }
}

mod survey_batches {
    use super::*;

    fn form(n: u128, answer: SurveyAnswer) -> SurveyResponse {
        SurveyResponse {
            response_id: SurveyResponseId::from_uuid(uuid::Uuid::from_u128(n)),
            respondent_group: "Người dân".into(),
            answers: BTreeMap::from([(code("2"), answer)]),
        }
    }

    fn recorded(form: SurveyResponse) -> ScorecardEvent {
        ScorecardEvent::SurveyResponseRecorded(SurveyResponseRecorded {
            period_id: period_id(),
            unit_id: unit_id(),
            response: form,
        })
    }

    #[tokio::test]
    async fn an_imported_batch_is_recorded_whole_and_voids_an_approval() {
        let batch = vec![form(1, SurveyAnswer::A), form(2, SurveyAnswer::C)];
        let given = complete_and_approved();
        let voided = ScorecardEvent::ReportApprovalVoided(ReportApprovalVoided {
            period_id: period_id(),
            unit_id: unit_id(),
            content_hash: hash_after(&complete()),
        });
        ScorecardTest::with(())
            .given(given)
            .when_async(during_self_assessment(ScorecardAction::RecordSurveyForms(
                batch.clone(),
            )))
            .await
            .then_expect_events(vec![
                voided,
                recorded(batch[0].clone()),
                recorded(batch[1].clone()),
            ]);
    }

    #[tokio::test]
    async fn a_batch_with_a_form_already_recorded_records_nothing() {
        let batch = vec![form(3, SurveyAnswer::A), form(1, SurveyAnswer::B)];
        let result = ScorecardTest::with(())
            .given(vec![recorded(form(1, SurveyAnswer::B))])
            .when_async(during_self_assessment(ScorecardAction::RecordSurveyForms(
                batch,
            )))
            .await
            .inspect_result();
        assert!(
            matches!(result, Err(ScorecardError::Survey(_))),
            "{result:?}"
        );
        let empty = ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(during_self_assessment(ScorecardAction::RecordSurveyForms(
                Vec::new(),
            )))
            .await
            .inspect_result();
        assert!(matches!(empty, Err(ScorecardError::Survey(_))), "{empty:?}");
    }
}

mod province_surveys {
    use cqrs_es::Aggregate;

    use super::*;

    fn form(n: u128, answer: SurveyAnswer) -> SurveyResponse {
        SurveyResponse {
            response_id: SurveyResponseId::from_uuid(uuid::Uuid::from_u128(n)),
            respondent_group: "Người dân".into(),
            answers: BTreeMap::from([(code("2"), answer)]),
        }
    }

    fn by_province(forms: Vec<SurveyResponse>, at: DateTime<Utc>) -> ScorecardCommand {
        ScorecardCommand {
            context: context(at),
            action: ScorecardAction::RecordProvinceSurveyForms {
                forms,
                results_exist: false,
            },
        }
    }

    fn recorded(form: SurveyResponse) -> ScorecardEvent {
        ScorecardEvent::ProvinceSurveyRecorded(ProvinceSurveyRecorded {
            period_id: period_id(),
            unit_id: unit_id(),
            response: form,
        })
    }

    #[tokio::test]
    async fn so_noi_vu_records_forms_after_submission_outside_the_approved_report() {
        let mut history = complete_and_approved();
        history.push(submitted());
        // 10 February: the unit submitted long ago; round 2 runs until the 20th.
        ScorecardTest::with(())
            .given(history.clone())
            .when_async(by_province(
                vec![form(40, SurveyAnswer::A)],
                noon(2025, 2, 10),
            ))
            .await
            .then_expect_events(vec![recorded(form(40, SurveyAnswer::A))]);
        let mut card = Scorecard::default();
        for event in history
            .iter()
            .cloned()
            .chain([recorded(form(40, SurveyAnswer::A))])
        {
            card.apply(event);
        }
        // Still submitted, with the content its leader approved.
        assert!(card.is_submitted());
        assert_eq!(
            card.content_hash(period_id(), unit_id()),
            hash_after(&complete())
        );
        // Leaf 2 (4 points) is scored from the forms: Sở Nội vụ's one A.
        assert_eq!(
            card.all_self_points(&tree())
                .get(&code("2"))
                .map(ToString::to_string),
            Some("4".to_owned())
        );
    }

    #[tokio::test]
    async fn so_noi_vus_forms_are_refused_after_round_two_or_once_results_exist() {
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(by_province(
                vec![form(41, SurveyAnswer::A)],
                noon(2025, 2, 21),
            ))
            .await
            .then_expect_error(ScorecardError::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::AppraisalRound2,
                date: date(2025, 2, 20),
            }));
        ScorecardTest::with(())
            .given_no_previous_events()
            .when_async(ScorecardCommand {
                context: context(noon(2025, 2, 10)),
                action: ScorecardAction::RecordProvinceSurveyForms {
                    forms: vec![form(41, SurveyAnswer::A)],
                    results_exist: true,
                },
            })
            .await
            .then_expect_error(ScorecardError::ResultsExist);
        // A form already recorded, by either side, is not recorded twice.
        let result = ScorecardTest::with(())
            .given(vec![recorded(form(42, SurveyAnswer::B))])
            .when_async(by_province(
                vec![form(42, SurveyAnswer::B)],
                noon(2025, 2, 10),
            ))
            .await
            .inspect_result();
        assert!(
            matches!(result, Err(ScorecardError::Survey(_))),
            "{result:?}"
        );
    }
}

mod approval_and_submission {
    use super::*;

    fn approve(hash: String) -> ScorecardCommand {
        during_self_assessment(ScorecardAction::ApproveReport { content_hash: hash })
    }

    fn submit() -> ScorecardCommand {
        during_self_assessment(ScorecardAction::Submit {
            signed_report: evidence(0x5a),
        })
    }

    #[tokio::test]
    async fn the_leader_approves_exactly_the_current_report() {
        ScorecardTest::with(())
            .given(complete())
            .when_async(approve(hash_after(&complete())))
            .await
            .then_expect_events(vec![approved(&complete())]);
        ScorecardTest::with(())
            .given(complete())
            .when_async(approve(hash_after(&complete()[..2])))
            .await
            .then_expect_error(ScorecardError::ReportOutdated);
    }

    #[test]
    fn the_same_content_gives_the_same_hash_whatever_the_path() {
        let direct = hash_after(&[entered("1.1", score("1"), "1", None)]);
        let detour = hash_after(&[
            entered("1.1", score("1"), "1", None),
            attached("1.1", 7),
            ScorecardEvent::EvidenceRemoved(EvidenceRemoved {
                period_id: period_id(),
                unit_id: unit_id(),
                leaf: code("1.1"),
                evidence_id: evidence(7).evidence_id,
            }),
        ]);
        assert_eq!(direct, detour);
        assert_ne!(
            direct,
            hash_after(&[entered("1.1", score("0.5"), "0.5", None)])
        );
    }

    #[tokio::test]
    async fn an_edit_after_approval_voids_it() {
        ScorecardTest::with(())
            .given(complete_and_approved())
            .when_async(enter("1.1", score("0.5")))
            .await
            .then_expect_events(vec![
                ScorecardEvent::ReportApprovalVoided(ReportApprovalVoided {
                    period_id: period_id(),
                    unit_id: unit_id(),
                    content_hash: hash_after(&complete()),
                }),
                entered("1.1", score("0.5"), "0.5", Some("1")),
            ]);
    }

    #[tokio::test]
    async fn an_approved_complete_report_is_submitted() {
        ScorecardTest::with(())
            .given(complete_and_approved())
            .when_async(submit())
            .await
            .then_expect_events(vec![submitted()]);
    }

    #[tokio::test]
    async fn submission_needs_an_approval_that_still_holds() {
        ScorecardTest::with(())
            .given(complete())
            .when_async(submit())
            .await
            .then_expect_error(ScorecardError::NotApproved);
        let mut voided = complete_and_approved();
        voided.push(ScorecardEvent::ReportApprovalVoided(ReportApprovalVoided {
            period_id: period_id(),
            unit_id: unit_id(),
            content_hash: hash_after(&complete()),
        }));
        voided.push(entered("1.1", score("0.5"), "0.5", Some("1")));
        ScorecardTest::with(())
            .given(voided)
            .when_async(submit())
            .await
            .then_expect_error(ScorecardError::NotApproved);
    }

    #[tokio::test]
    async fn submission_needs_every_applicable_leaf_scored() {
        let partial = vec![entered("1.1", score("1"), "1", None), attached("1.1", 1)];
        let mut history = partial.clone();
        history.push(approved(&partial));
        ScorecardTest::with(())
            .given(history)
            .when_async(submit())
            .await
            .then_expect_error(ScorecardError::MissingScores(vec![
                code("1.2"),
                code("1.3"),
            ]));
    }

    #[tokio::test]
    async fn submission_needs_evidence_or_an_explanation_where_required() {
        // 1.2 requires evidence and has none; a claimed bonus needs proof too.
        let unproven = vec![
            entered("1.1", score("1"), "1", None),
            attached("1.1", 1),
            entered("1.2", ratio("100"), "2", None),
            not_applicable("1.3"),
            entered("B.1", score("1"), "1", None),
        ];
        let mut history = unproven.clone();
        history.push(approved(&unproven));
        ScorecardTest::with(())
            .given(history)
            .when_async(submit())
            .await
            .then_expect_error(ScorecardError::MissingEvidence(vec![
                code("1.2"),
                code("B.1"),
            ]));

        let explained = [
            unproven,
            vec![
                ScorecardEvent::ExplanationWritten(ExplanationWritten {
                    period_id: period_id(),
                    unit_id: unit_id(),
                    leaf: code("1.2"),
                    text: text("Tài liệu lưu tại văn thư"),
                }),
                attached("B.1", 3),
            ],
        ]
        .concat();
        let mut history = explained.clone();
        history.push(approved(&explained));
        let result = ScorecardTest::with(())
            .given(history)
            .when_async(submit())
            .await
            .inspect_result();
        assert!(result.is_ok(), "{result:?}");
    }

    #[tokio::test]
    async fn submission_needs_something_applicable() {
        let everything_optional = "\
code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by
1,Lĩnh vực,1,range,,no,yes,Sở Nội vụ
";
        let tree = std::sync::Arc::new(
            crate::criteria::import_criteria_csv(everything_optional)
                .unwrap_or_else(|e| panic!("{e}")),
        );
        let history = vec![not_applicable("1")];
        let command = ScorecardCommand {
            context: ScoringContext {
                tree,
                ..context(noon(2025, 1, 10))
            },
            action: ScorecardAction::Submit {
                signed_report: evidence(0x5a),
            },
        };
        ScorecardTest::with(())
            .given([history.clone(), vec![approved(&history)]].concat())
            .when_async(command)
            .await
            .then_expect_error(ScorecardError::NothingApplicable);
    }

    #[tokio::test]
    async fn submission_after_the_deadline_is_refused() {
        ScorecardTest::with(())
            .given(complete_and_approved())
            .when_async(ScorecardCommand {
                context: context(noon(2025, 1, 16)),
                action: ScorecardAction::Submit {
                    signed_report: evidence(0x5a),
                },
            })
            .await
            .then_expect_error(ScorecardError::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::SelfAssessment,
                date: date(2025, 1, 15),
            }));
    }

    #[tokio::test]
    async fn submitting_twice_is_refused() {
        let mut history = complete_and_approved();
        history.push(submitted());
        ScorecardTest::with(())
            .given(history)
            .when_async(submit())
            .await
            .then_expect_error(ScorecardError::AlreadySubmitted);
    }
}

mod answers_to_round_one {
    use super::*;

    fn respond(at: DateTime<Utc>, round_one: Option<&str>) -> ScorecardCommand {
        ScorecardCommand {
            context: context(at),
            action: ScorecardAction::RespondToAppraisal {
                leaf: code("1.1"),
                round_one: round_one.map(points),
                text: text("Kế hoạch ban hành đúng hạn, xem công văn kèm theo"),
                evidence: vec![evidence(5)],
            },
        }
    }

    #[tokio::test]
    async fn the_unit_answers_within_the_explanation_window() {
        let mut history = complete_and_approved();
        history.push(submitted());
        ScorecardTest::with(())
            .given(history)
            .when_async(respond(noon(2025, 2, 5), Some("0.5")))
            .await
            .then_expect_events(vec![ScorecardEvent::AppraisalAnswered(AppraisalAnswered {
                period_id: period_id(),
                unit_id: unit_id(),
                leaf: code("1.1"),
                round_one: points("0.5"),
                text: text("Kế hoạch ban hành đúng hạn, xem công văn kèm theo"),
                evidence: vec![evidence(5)],
            })]);
    }

    #[tokio::test]
    async fn nothing_to_answer_or_too_late_is_refused() {
        ScorecardTest::with(())
            .given(complete())
            .when_async(respond(noon(2025, 2, 5), None))
            .await
            .then_expect_error(ScorecardError::NothingToAnswer(code("1.1")));
        ScorecardTest::with(())
            .given(complete())
            .when_async(respond(noon(2025, 2, 11), Some("0.5")))
            .await
            .then_expect_error(ScorecardError::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::Explanation,
                date: date(2025, 2, 10),
            }));
    }
}

mod reopening {
    use super::*;

    fn reopen(reason: &str, results_exist: bool) -> ScorecardCommand {
        during_self_assessment(ScorecardAction::Reopen {
            reason: FreeText::parse(reason).unwrap_or_else(|e| panic!("{e}")),
            results_exist,
        })
    }

    fn reopened() -> ScorecardEvent {
        ScorecardEvent::SelfAssessmentReopened(SelfAssessmentReopened {
            period_id: period_id(),
            unit_id: unit_id(),
            content_hash: hash_after(&complete()),
            reason: FreeText::parse("Bổ sung tài liệu kiểm chứng tiêu chí 1.1")
                .unwrap_or_else(|e| panic!("{e}")),
        })
    }

    fn submitted_history() -> Vec<ScorecardEvent> {
        let mut history = complete_and_approved();
        history.push(submitted());
        history
    }

    #[tokio::test]
    async fn a_submitted_self_assessment_is_reopened_with_its_reason() {
        ScorecardTest::with(())
            .given(submitted_history())
            .when_async(reopen("Bổ sung tài liệu kiểm chứng tiêu chí 1.1", false))
            .await
            .then_expect_events(vec![reopened()]);
        // Reopened, it changes again; the change voids the approval, so it
        // is approved and submitted anew.
        let mut history = submitted_history();
        history.push(reopened());
        let mut card = Scorecard::default();
        for event in history.clone() {
            cqrs_es::Aggregate::apply(&mut card, event);
        }
        assert!(!card.is_submitted());
        ScorecardTest::with(())
            .given(history)
            .when_async(enter("1.1", score("0.5")))
            .await
            .then_expect_events(vec![
                ScorecardEvent::ReportApprovalVoided(ReportApprovalVoided {
                    period_id: period_id(),
                    unit_id: unit_id(),
                    content_hash: hash_after(&complete()),
                }),
                entered("1.1", score("0.5"), "0.5", Some("1")),
            ]);
    }

    #[tokio::test]
    async fn a_reopening_is_refused_where_it_cannot_work() {
        // Never submitted.
        ScorecardTest::with(())
            .given(complete_and_approved())
            .when_async(reopen("Lý do", false))
            .await
            .then_expect_error(ScorecardError::NotSubmitted);
        // Results exist.
        ScorecardTest::with(())
            .given(submitted_history())
            .when_async(reopen("Lý do", true))
            .await
            .then_expect_error(ScorecardError::ResultsExist);
        // The unit's deadline has passed: it could not work on it.
        ScorecardTest::with(())
            .given(submitted_history())
            .when_async(ScorecardCommand {
                context: context(noon(2025, 1, 20)),
                action: ScorecardAction::Reopen {
                    reason: FreeText::parse("Lý do").unwrap_or_else(|e| panic!("{e}")),
                    results_exist: false,
                },
            })
            .await
            .then_expect_error(ScorecardError::ReopenAfterDeadline(date(2025, 1, 15)));
    }
}

mod scoring_again_after_a_reopening {
    use cqrs_es::Aggregate;

    use super::*;
    use crate::period::SerialNo;

    /// 1.3 (marked not applicable) scored again, weeks after the deadline.
    fn correct(entry: LeafEntry, reopening: Option<u32>) -> ScorecardCommand {
        ScorecardCommand {
            context: context(noon(2025, 2, 22)),
            action: ScorecardAction::CorrectScore {
                leaf: code("1.3"),
                entry,
                reason: text("Bổ sung văn bản"),
                reopening: reopening.map(SerialNo),
            },
        }
    }

    fn corrected(value: &str, before: Option<&str>) -> ScorecardEvent {
        ScorecardEvent::SelfScoreCorrected(SelfScoreCorrected {
            period_id: period_id(),
            unit_id: unit_id(),
            leaf: code("1.3"),
            reopening: SerialNo(1),
            entry: score(value),
            points: points(value),
            before: before.map(points),
            reason: text("Bổ sung văn bản"),
        })
    }

    fn history() -> Vec<ScorecardEvent> {
        let mut events = complete_and_approved();
        events.push(submitted());
        events
    }

    #[tokio::test]
    async fn only_a_reopened_leaf_is_scored_again_past_the_deadline_and_submission() {
        ScorecardTest::with(())
            .given(history())
            .when_async(correct(score("0.5"), None))
            .await
            .then_expect_error(ScorecardError::NotReopened(code("1.3")));
        ScorecardTest::with(())
            .given(history())
            .when_async(correct(score("0.5"), Some(1)))
            .await
            .then_expect_events(vec![corrected("0.5", None)]);
        // The same again is no change; another score keeps the first
        // "before".
        ScorecardTest::with(())
            .given([history(), vec![corrected("0.5", None)]].concat())
            .when_async(correct(score("0.5"), Some(1)))
            .await
            .then_expect_error(ScorecardError::Unchanged);
        ScorecardTest::with(())
            .given([history(), vec![corrected("0.5", None)]].concat())
            .when_async(correct(score("0.25"), Some(1)))
            .await
            .then_expect_events(vec![corrected("0.25", None)]);
    }

    #[test]
    fn the_new_score_counts_and_the_signed_report_is_untouched() {
        let mut card = Scorecard::default();
        for event in history() {
            card.apply(event);
        }
        let hash = card.content_hash(period_id(), unit_id());
        assert!(card.not_applicable_leaves().contains(&code("1.3")));
        card.apply(corrected("0.5", None));
        assert!(!card.not_applicable_leaves().contains(&code("1.3")));
        assert_eq!(
            card.all_self_points(&tree()).get(&code("1.3")),
            Some(&points("0.5"))
        );
        assert_eq!(card.content_hash(period_id(), unit_id()), hash);
        assert!(card.is_submitted());
        assert_eq!(
            card.corrected(&code("1.3"), SerialNo(1)).map(|c| c.after),
            Some(points("0.5"))
        );
        assert_eq!(card.corrected(&code("1.3"), SerialNo(2)), None);
    }
}
