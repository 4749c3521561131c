//! Decisions on corrections after provisional results: the complaint
//! window, complaints and their answers, reopened leaves and the results
//! aggregated again as a new version.

use super::{Period, PeriodStatus, State};
use crate::period::{
    AnswerComplaint, Complaint, ComplaintAnswer, ComplaintAnswered, ComplaintLodged,
    ComplaintOutcome, ComplaintWindowOpened, CouncilAgreement, CouncilAgreementRecorded,
    LeafReopened, LeafReopening, LodgeComplaint, OpenComplaintWindow, PeriodError, PeriodEvent,
    Reaggregate, RecordCouncilAgreement, ReopenLeaf, ResultsAggregated, SerialNo, members,
};
use crate::time::{end_of_day, local_date};

impl Period {
    /// The state, while its results are provisional: corrections happen
    /// between aggregation and finalization only.
    fn provisional(&self) -> Result<&State, PeriodError> {
        let state = self.opened()?;
        match state.status {
            PeriodStatus::Aggregated => Ok(state),
            PeriodStatus::Open => Err(PeriodError::NoResults),
            PeriodStatus::Finalized | PeriodStatus::Published => Err(PeriodError::AlreadyFinalized),
        }
    }

    pub(super) fn open_complaint_window(
        &self,
        command: OpenComplaintWindow,
    ) -> Result<PeriodEvent, PeriodError> {
        let state = self.provisional()?;
        if command.until < local_date(command.at) {
            return Err(PeriodError::DateInThePast(command.until));
        }
        if state
            .complaints_until
            .is_some_and(|until| command.until <= until)
        {
            return Err(PeriodError::NotLater);
        }
        Ok(PeriodEvent::ComplaintWindowOpened(ComplaintWindowOpened {
            period_id: state.id,
            until: command.until,
        }))
    }

    pub(super) fn lodge_complaint(
        &self,
        command: LodgeComplaint,
    ) -> Result<PeriodEvent, PeriodError> {
        let state = self.provisional()?;
        let until = state
            .complaints_until
            .ok_or(PeriodError::NoComplaintWindow)?;
        if command.at >= end_of_day(until) {
            return Err(PeriodError::ComplaintWindowOver(until));
        }
        let unit = state
            .units
            .get(&command.unit)
            .ok_or(PeriodError::UnitNotInScope(command.unit))?;
        if !command.is_a_leaf {
            return Err(PeriodError::UnknownCriterion(command.leaf));
        }
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        // One complaint per (unit, leaf) at a time: the answer comes first.
        if state
            .complaints
            .iter()
            .any(|c| c.unit_id == command.unit && c.leaf == command.leaf && c.answer.is_none())
        {
            return Err(PeriodError::ComplaintPending {
                unit: unit.code.to_string(),
                leaf: command.leaf,
            });
        }
        let no = state
            .complaints
            .last()
            .map_or(SerialNo(1), |last| last.no.next());
        Ok(PeriodEvent::ComplaintLodged(ComplaintLodged {
            period_id: state.id,
            complaint: Complaint {
                no,
                unit_id: command.unit,
                unit_code: unit.code.clone(),
                leaf: command.leaf,
                reason: reason.to_owned(),
                evidence: command.evidence,
                version: state.version,
                answer: None,
            },
        }))
    }

    pub(super) fn answer_complaint(
        &self,
        command: AnswerComplaint,
    ) -> Result<PeriodEvent, PeriodError> {
        let state = self.provisional()?;
        let complaint = state
            .complaints
            .iter()
            .find(|c| c.no == command.no)
            .ok_or(PeriodError::NoSuchComplaint(command.no))?;
        if !command.for_the_council
            && self.appraiser_of(complaint.unit_id, &complaint.leaf) != Some(command.by)
        {
            return Err(PeriodError::NotTheLeafsAppraiser);
        }
        if complaint.answer.is_some() {
            return Err(PeriodError::ComplaintAlreadyAnswered(command.no));
        }
        let text = command.text.trim();
        if text.is_empty() {
            return Err(PeriodError::AnswerRequired);
        }
        Ok(PeriodEvent::ComplaintAnswered(ComplaintAnswered {
            period_id: state.id,
            no: complaint.no,
            unit_code: complaint.unit_code.clone(),
            leaf: complaint.leaf.clone(),
            answer: ComplaintAnswer {
                outcome: command.outcome,
                text: text.to_owned(),
                by: command.by,
            },
        }))
    }

    pub(super) fn reopen_leaf(&self, command: ReopenLeaf) -> Result<PeriodEvent, PeriodError> {
        let state = self.provisional()?;
        let unit = state
            .units
            .get(&command.unit)
            .ok_or(PeriodError::UnitNotInScope(command.unit))?;
        if !command.is_a_leaf {
            return Err(PeriodError::UnknownCriterion(command.leaf));
        }
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        if let Some(no) = command.complaint {
            let complaint = state
                .complaints
                .iter()
                .find(|c| c.no == no)
                .ok_or(PeriodError::NoSuchComplaint(no))?;
            if complaint.unit_id != command.unit || complaint.leaf != command.leaf {
                return Err(PeriodError::ComplaintOfAnotherLeaf(no));
            }
            if complaint.answer.as_ref().map(|a| a.outcome) != Some(ComplaintOutcome::Upheld) {
                return Err(PeriodError::ComplaintNotUpheld(no));
            }
        }
        // Nobody appraises the leaf (exempted): the unit scores it again on
        // its scorecard, unless its score comes from survey forms.
        let appraiser = self.appraiser_of(command.unit, &command.leaf);
        if appraiser.is_none() && command.survey {
            return Err(PeriodError::NoAppraiserOf {
                unit: unit.code.to_string(),
                leaf: command.leaf,
            });
        }
        if state
            .unsettled_reopening(command.unit, &command.leaf)
            .is_some()
        {
            return Err(PeriodError::AlreadyReopened {
                unit: unit.code.to_string(),
                leaf: command.leaf,
            });
        }
        let no = state
            .reopenings
            .last()
            .map_or(SerialNo(1), |last| last.no.next());
        Ok(PeriodEvent::LeafReopened(LeafReopened {
            period_id: state.id,
            reopening: LeafReopening {
                no,
                unit_id: command.unit,
                unit_code: unit.code.clone(),
                leaf: command.leaf,
                appraiser,
                reason: reason.to_owned(),
                complaint: command.complaint,
                settled_in: None,
            },
        }))
    }

    pub(super) fn reaggregate(&self, command: Reaggregate) -> Result<PeriodEvent, PeriodError> {
        let state = self.provisional()?;
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        let unscored = state
            .reopenings
            .iter()
            .filter(|r| r.settled_in.is_none())
            .filter(|r| !command.corrections.iter().any(|c| c.reopening == r.no))
            .count();
        if unscored > 0 {
            return Err(PeriodError::ReopeningsUnscored(unscored));
        }
        // Only unsettled reopenings are taken in, each once.
        let corrections: Vec<_> = command
            .corrections
            .into_iter()
            .filter(|c| {
                state
                    .reopenings
                    .iter()
                    .any(|r| r.no == c.reopening && r.settled_in.is_none())
            })
            .collect();
        if corrections.is_empty() && state.results.as_ref() == Some(&command.results) {
            return Err(PeriodError::ResultsUnchanged(state.version));
        }
        Ok(PeriodEvent::ResultsAggregated(ResultsAggregated {
            period_id: state.id,
            results: command.results,
            version: state.version.next(),
            reason: Some(reason.to_owned()),
            corrections,
        }))
    }

    pub(super) fn record_council_agreement(
        &self,
        command: RecordCouncilAgreement,
    ) -> Result<PeriodEvent, PeriodError> {
        let state = self.provisional()?;
        Self::check_corrections_settled(state, command.at)?;
        if state.council.as_ref().map(|c| c.version) == Some(state.version) {
            return Err(PeriodError::CouncilAlreadyAgreed(state.version));
        }
        if command.date > local_date(command.at) {
            return Err(PeriodError::DateInTheFuture(command.date));
        }
        Ok(PeriodEvent::CouncilAgreementRecorded(
            CouncilAgreementRecorded {
                period_id: state.id,
                agreement: CouncilAgreement {
                    version: state.version,
                    date: command.date,
                    members: members(&command.members)?,
                    minutes: command.minutes,
                },
            },
        ))
    }

    /// Refuses finalization while corrections are under way: the complaint
    /// window runs, a complaint awaits its answer, or a reopened leaf is not
    /// in a version yet.
    pub(super) fn check_corrections_settled(
        state: &State,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), PeriodError> {
        if let Some(until) = state.complaints_until
            && at < end_of_day(until)
        {
            return Err(PeriodError::ComplaintWindowOpen(until));
        }
        let unanswered = state
            .complaints
            .iter()
            .filter(|c| c.answer.is_none())
            .count();
        if unanswered > 0 {
            return Err(PeriodError::ComplaintsUnanswered(unanswered));
        }
        let unsettled = state
            .reopenings
            .iter()
            .filter(|r| r.settled_in.is_none())
            .count();
        if unsettled > 0 {
            return Err(PeriodError::ReopeningsUnsettled(unsettled));
        }
        Ok(())
    }
}

impl State {
    /// The reopening of (unit, leaf) not yet taken into a version.
    pub(super) fn unsettled_reopening(
        &self,
        unit: crate::ids::UnitId,
        leaf: &crate::criteria::CriterionCode,
    ) -> Option<&LeafReopening> {
        self.reopenings
            .iter()
            .find(|r| r.unit_id == unit && r.leaf == *leaf && r.settled_in.is_none())
    }
}

#[cfg(test)]
mod properties {
    use cqrs_es::Aggregate as _;
    use proptest::prelude::*;

    use super::*;
    use crate::period::{
        AppraiserAssigned, Correction, OpenPeriod, PublishedSet, RankingBlock, ResultsVersion,
        ScopedUnit,
    };
    use crate::results::{BlockRanking, PeriodResults};
    use crate::test_support::{appraiser, code, deadlines, noon, period_id, points};
    use crate::unit::{UnitCode, UnitKind};

    /// Three distinguishable contents, so that "the same content" happens.
    fn content(which: u8) -> PeriodResults {
        let blocks = (0..which % 3)
            .map(|i| BlockRanking {
                block: RankingBlock::of_kind(if i == 0 {
                    UnitKind::Department
                } else {
                    UnitKind::Commune
                }),
                units: Vec::new(),
            })
            .collect();
        PeriodResults { blocks }
    }

    fn provisional() -> Period {
        let code = UnitCode::parse("S01").unwrap_or_else(|e| panic!("{e}"));
        let unit = ScopedUnit {
            unit_id: code.unit_id(),
            code,
            kind: UnitKind::Department,
            block: RankingBlock::of_kind(UnitKind::Department),
        };
        let mut period = Period::default();
        let opened = period
            .open(OpenPeriod {
                period_id: period_id(),
                name: "Kỳ thử".into(),
                year: 2024,
                criteria_set: PublishedSet {
                    criteria_set_id: crate::ids::CriteriaSetId::from_uuid(uuid::Uuid::nil()),
                    published: true,
                    year: 2024,
                    index_kind: crate::criteria_set::IndexKind::Par,
                    unit_kinds: [UnitKind::Department].into(),
                },
                units: vec![unit.clone()],
                deadlines: deadlines(),
                at: noon(2025, 1, 2),
            })
            .unwrap_or_else(|e| panic!("{e}"));
        period.apply(opened);
        period.apply(PeriodEvent::AppraiserAssigned(AppraiserAssigned {
            period_id: period_id(),
            appraiser: appraiser(),
            department: crate::criteria::Department::parse("Sở Nội vụ")
                .unwrap_or_else(|e| panic!("{e}")),
            units: [unit.unit_id].into(),
            leaves: [code_of("1.1")].into(),
        }));
        period.apply(PeriodEvent::ResultsAggregated(ResultsAggregated {
            period_id: period_id(),
            results: content(0),
            version: ResultsVersion::FIRST,
            reason: None,
            corrections: Vec::new(),
        }));
        period
    }

    fn code_of(text: &str) -> crate::criteria::CriterionCode {
        code(text)
    }

    proptest! {
        #[test]
        fn versions_follow_one_another_and_earlier_ones_are_never_rewritten(
            steps in prop::collection::vec((any::<bool>(), any::<u8>()), 1..12),
        ) {
            let mut period = provisional();
            let mut recorded: Vec<(ResultsVersion, PeriodResults)> = vec![(ResultsVersion::FIRST, content(0))];
            for (reopen, which) in steps {
                let mut corrections = Vec::new();
                if reopen {
                    let event = period
                        .reopen_leaf(ReopenLeaf {
                            unit: UnitCode::parse("S01").unwrap_or_else(|e| panic!("{e}")).unit_id(),
                            leaf: code_of("1.1"),
                            is_a_leaf: true,
                            survey: false,
                            reason: "Sai sót".into(),
                            complaint: None,
                        })
                        .unwrap_or_else(|e| panic!("{e}"));
                    let PeriodEvent::LeafReopened(reopened) = &event else {
                        panic!("not a reopening: {event:?}");
                    };
                    corrections.push(Correction {
                        reopening: reopened.reopening.no,
                        unit_id: reopened.reopening.unit_id,
                        unit_code: reopened.reopening.unit_code.clone(),
                        leaf: reopened.reopening.leaf.clone(),
                        before: None,
                        after: points("1"),
                        reason: "Chấm lại".into(),
                        complaint: None,
                    });
                    period.apply(event);
                }
                let latest = recorded.last().map(|(v, c)| (*v, c.clone()));
                match period.reaggregate(Reaggregate {
                    results: content(which),
                    corrections,
                    reason: "Tổng hợp lại".into(),
                }) {
                    Ok(PeriodEvent::ResultsAggregated(e)) => {
                        let (version, _) = latest.unwrap_or_else(|| panic!("no version"));
                        prop_assert_eq!(e.version, version.next());
                        recorded.push((e.version, e.results.clone()));
                        period.apply(PeriodEvent::ResultsAggregated(e));
                    }
                    Ok(other) => panic!("not results: {other:?}"),
                    Err(PeriodError::ResultsUnchanged(version)) => {
                        let (latest_version, latest_content) = latest.unwrap_or_else(|| panic!("no version"));
                        prop_assert!(!reopen);
                        prop_assert_eq!(version, latest_version);
                        prop_assert_eq!(latest_content, content(which));
                    }
                    Err(e) => panic!("{e}"),
                }
                prop_assert_eq!(period.results_version(), recorded.last().map(|(v, _)| *v));
                prop_assert_eq!(period.results(), recorded.last().map(|(_, c)| c));
                prop_assert!(period.reopenings().iter().all(|r| r.settled_in.is_some()));
            }
            let versions: Vec<u32> = recorded.iter().map(|(v, _)| v.0).collect();
            let expected: Vec<u32> = (1..=u32::try_from(versions.len()).unwrap_or(u32::MAX)).collect();
            prop_assert_eq!(versions, expected);
        }
    }
}
