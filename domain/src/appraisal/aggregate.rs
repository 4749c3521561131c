use std::collections::{BTreeMap, BTreeSet};

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::{
    AppraisalContext, AppraisalCorrected, AppraisalScored, AppraisalSubmitted, FinalScore, Round,
    UnitView, WorksheetAction, WorksheetCommand, WorksheetError, WorksheetEvent,
};
use crate::criteria::{CriterionCode, LeafEntry, Section};
use crate::ids::UnitId;
use crate::period::{DeadlineKind, SerialNo};
use crate::scoring::Points;
use crate::self_assessment::FreeText;

/// The worksheet aggregate: one appraiser's scores in one period.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Worksheet {
    scores: BTreeMap<UnitId, BTreeMap<CriterionCode, Scores>>,
    submitted: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Scores {
    one: Option<Scored>,
    two: Option<Scored>,
    /// The score given again after the leaf was reopened (older states
    /// have none); it stands over round 2.
    #[serde(default)]
    corrected: Option<Corrected>,
}

impl Scores {
    /// The final appraised score: corrected, else round 2, else round 1.
    fn last(&self) -> Option<&Scored> {
        self.corrected
            .as_ref()
            .map(|c| &c.scored)
            .or(self.two.as_ref())
            .or(self.one.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Corrected {
    reopening: SerialNo,
    scored: Scored,
    before: Option<Points>,
}

/// A reopened leaf scored again, as the worksheet holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectedScore {
    /// The final appraised score before.
    pub before: Option<Points>,
    /// The score given again.
    pub after: Points,
    /// Why.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Scored {
    entry: LeafEntry,
    points: Points,
    reason: Option<FreeText>,
}

impl Worksheet {
    /// Whether the appraiser has submitted.
    pub fn is_submitted(&self) -> bool {
        self.submitted
    }

    /// The round-1 score of (unit, leaf).
    pub fn round_one(&self, unit: UnitId, leaf: &CriterionCode) -> Option<Points> {
        self.get(unit, leaf)
            .and_then(|s| s.one.as_ref())
            .map(|s| s.points)
    }

    /// The round-1 entry of (unit, leaf) and its reason.
    pub fn round_one_entry(
        &self,
        unit: UnitId,
        leaf: &CriterionCode,
    ) -> Option<(LeafEntry, Option<FreeText>)> {
        self.get(unit, leaf)
            .and_then(|s| s.one.as_ref())
            .map(|s| (s.entry, s.reason.clone()))
    }

    /// The round-2 score of (unit, leaf).
    pub fn round_two(&self, unit: UnitId, leaf: &CriterionCode) -> Option<Points> {
        self.get(unit, leaf)
            .and_then(|s| s.two.as_ref())
            .map(|s| s.points)
    }

    /// The last appraised score of (unit, leaf): the score given again
    /// after a reopening, else round 2, else round 1.
    pub fn last_appraised(&self, unit: UnitId, leaf: &CriterionCode) -> Option<Points> {
        self.get(unit, leaf)?.last().map(|s| s.points)
    }

    /// Every last appraised score of one unit.
    pub fn appraised_for(&self, unit: UnitId) -> BTreeMap<CriterionCode, Points> {
        self.scores
            .get(&unit)
            .into_iter()
            .flatten()
            .filter_map(|(leaf, s)| s.last().map(|scored| (leaf.clone(), scored.points)))
            .collect()
    }

    /// The score (unit, leaf) was given again for `reopening`, if it was.
    pub fn corrected(
        &self,
        unit: UnitId,
        leaf: &CriterionCode,
        reopening: SerialNo,
    ) -> Option<CorrectedScore> {
        let corrected = self.get(unit, leaf)?.corrected.as_ref()?;
        (corrected.reopening == reopening).then(|| CorrectedScore {
            before: corrected.before,
            after: corrected.scored.points,
            reason: corrected
                .scored
                .reason
                .as_ref()
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
        })
    }

    fn get(&self, unit: UnitId, leaf: &CriterionCode) -> Option<&Scores> {
        self.scores.get(&unit).and_then(|leaves| leaves.get(leaf))
    }

    fn decide(&self, command: WorksheetCommand) -> Result<WorksheetEvent, WorksheetError> {
        let ctx = command.context;
        if let WorksheetAction::Correct {
            unit,
            leaf,
            entry,
            reason,
            reopening,
        } = command.action
        {
            return self.correct(&ctx, unit, leaf, entry, reason, reopening);
        }
        if self.submitted {
            return Err(WorksheetError::AlreadySubmitted);
        }
        match command.action {
            WorksheetAction::Appraise {
                round,
                unit,
                leaf,
                entry,
                reason,
                unit_view,
            } => self.appraise(&ctx, round, unit, leaf, entry, reason, &unit_view),
            WorksheetAction::Submit { not_applicable } => self.submit(&ctx, &not_applicable),
            // Decided above, submitted or not.
            WorksheetAction::Correct { leaf, .. } => Err(WorksheetError::NotReopened(leaf)),
        }
    }

    /// Scores again a leaf reopened after provisional results: only while
    /// the period holds that reopening for this appraiser, always with a
    /// reason; no deadline applies (the rounds are over).
    fn correct(
        &self,
        ctx: &AppraisalContext,
        unit: UnitId,
        leaf: CriterionCode,
        entry: LeafEntry,
        reason: Option<FreeText>,
        reopening: Option<SerialNo>,
    ) -> Result<WorksheetEvent, WorksheetError> {
        let Some(reopening) = reopening else {
            return Err(WorksheetError::NotReopened(leaf));
        };
        if !ctx.assignment.covers(unit, &leaf) {
            return Err(WorksheetError::NotAssigned { unit, leaf });
        }
        let Some(reason) = reason else {
            return Err(WorksheetError::CorrectionNeedsReason);
        };
        let points = points_of(ctx, unit, &leaf, entry)?;
        let current = self.get(unit, &leaf);
        let scored = Scored {
            entry,
            points,
            reason: Some(reason.clone()),
        };
        if current
            .and_then(|s| s.corrected.as_ref())
            .is_some_and(|c| c.reopening == reopening && c.scored == scored)
        {
            return Err(WorksheetError::Unchanged);
        }
        // The score before is the one the reopening found: a second entry
        // for the same reopening keeps it.
        let before = match current.and_then(|s| s.corrected.as_ref()) {
            Some(c) if c.reopening == reopening => c.before,
            _ => current.and_then(Scores::last).map(|s| s.points),
        };
        Ok(WorksheetEvent::Corrected(AppraisalCorrected {
            period_id: ctx.period_id,
            appraiser: ctx.appraiser,
            unit_id: unit,
            leaf,
            reopening,
            entry,
            points,
            before,
            reason,
        }))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the fields of one command, unpacked"
    )]
    fn appraise(
        &self,
        ctx: &AppraisalContext,
        round: Round,
        unit: UnitId,
        leaf: CriterionCode,
        entry: LeafEntry,
        reason: Option<FreeText>,
        unit_view: &UnitView,
    ) -> Result<WorksheetEvent, WorksheetError> {
        match round {
            Round::One => {
                ctx.deadlines.check(DeadlineKind::AppraisalRound1, ctx.at)?;
                if ctx.uncovered > 0 {
                    return Err(WorksheetError::RoundNotOpen(ctx.uncovered));
                }
            }
            Round::Two => {
                if !ctx
                    .deadlines
                    .has_passed(DeadlineKind::AppraisalRound1, ctx.at)
                {
                    return Err(WorksheetError::RoundTwoNotOpen);
                }
                ctx.deadlines.check(DeadlineKind::AppraisalRound2, ctx.at)?;
                if self.round_one(unit, &leaf).is_none() {
                    return Err(WorksheetError::NoRoundOne(leaf));
                }
            }
        }
        if !ctx.assignment.covers(unit, &leaf) {
            return Err(WorksheetError::NotAssigned { unit, leaf });
        }
        if !unit_view.ready {
            return Err(WorksheetError::UnitNotReady);
        }
        if unit_view.not_applicable && reason.is_none() {
            return Err(WorksheetError::OverturnNeedsReason(leaf));
        }
        let points = points_of(ctx, unit, &leaf, entry)?;
        // An unclaimed bonus or undeclared penalty counts as 0.
        let self_points = unit_view
            .self_points
            .or((leaf.section() != Section::Main).then_some(Points::ZERO));
        if Some(points) != self_points && reason.is_none() {
            return Err(WorksheetError::ReasonRequired);
        }
        let scored = Scored {
            entry,
            points,
            reason: reason.clone(),
        };
        let current = self.get(unit, &leaf).and_then(|s| match round {
            Round::One => s.one.as_ref(),
            Round::Two => s.two.as_ref(),
        });
        if current == Some(&scored) {
            return Err(WorksheetError::Unchanged);
        }
        Ok(WorksheetEvent::Scored(AppraisalScored {
            period_id: ctx.period_id,
            appraiser: ctx.appraiser,
            unit_id: unit,
            leaf,
            round,
            entry,
            points,
            self_points: unit_view.self_points,
            reason,
        }))
    }

    fn submit(
        &self,
        ctx: &AppraisalContext,
        not_applicable: &BTreeMap<UnitId, BTreeSet<CriterionCode>>,
    ) -> Result<WorksheetEvent, WorksheetError> {
        ctx.deadlines.check(DeadlineKind::AppraisalRound2, ctx.at)?;
        if ctx.assignment.is_empty() {
            return Err(WorksheetError::NoAssignment);
        }
        let mut final_scores = Vec::new();
        let mut missing = 0;
        for (unit, leaf) in ctx.assignment.pairs() {
            if not_applicable
                .get(&unit)
                .is_some_and(|na| na.contains(leaf))
            {
                continue;
            }
            match self.get(unit, leaf).and_then(|s| s.two.as_ref()) {
                Some(scored) => final_scores.push(FinalScore {
                    unit_id: unit,
                    leaf: leaf.clone(),
                    points: scored.points,
                }),
                None => missing += 1,
            }
        }
        if missing > 0 {
            return Err(WorksheetError::Incomplete(missing));
        }
        Ok(WorksheetEvent::Submitted(AppraisalSubmitted {
            period_id: ctx.period_id,
            appraiser: ctx.appraiser,
            final_scores,
        }))
    }
}

/// The points `entry` is worth on (unit, leaf) by the leaf's method.
fn points_of(
    ctx: &AppraisalContext,
    unit: UnitId,
    leaf: &CriterionCode,
    entry: LeafEntry,
) -> Result<Points, WorksheetError> {
    let not_assigned = || WorksheetError::NotAssigned {
        unit,
        leaf: leaf.clone(),
    };
    let node = ctx.tree.leaf(leaf).ok_or_else(not_assigned)?;
    let method = node.method.as_ref().ok_or_else(not_assigned)?;
    method
        .score(entry, node.max)
        .map_err(|error| WorksheetError::Entry {
            leaf: leaf.clone(),
            error,
        })
}

impl Aggregate for Worksheet {
    const TYPE: &'static str = "worksheet";
    type Command = WorksheetCommand;
    type Event = WorksheetEvent;
    type Error = WorksheetError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = self.decide(command)?;
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            WorksheetEvent::Scored(e) => {
                let scores = self
                    .scores
                    .entry(e.unit_id)
                    .or_default()
                    .entry(e.leaf)
                    .or_default();
                let scored = Some(Scored {
                    entry: e.entry,
                    points: e.points,
                    reason: e.reason,
                });
                match e.round {
                    Round::One => scores.one = scored,
                    Round::Two => scores.two = scored,
                }
            }
            WorksheetEvent::Submitted(_) => self.submitted = true,
            WorksheetEvent::Corrected(e) => {
                let scores = self
                    .scores
                    .entry(e.unit_id)
                    .or_default()
                    .entry(e.leaf)
                    .or_default();
                scores.corrected = Some(Corrected {
                    reopening: e.reopening,
                    scored: Scored {
                        entry: e.entry,
                        points: e.points,
                        reason: Some(e.reason),
                    },
                    before: e.before,
                });
            }
        }
    }
}
