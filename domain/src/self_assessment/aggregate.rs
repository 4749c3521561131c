use std::collections::{BTreeMap, BTreeSet};

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::report_digest::digest;
use super::{
    AppraisalAnswered, Evidence, EvidenceAttached, EvidenceRemoved, ExplanationWritten, FreeText,
    LeafMarkedApplicable, LeafMarkedNotApplicable, ProvinceSurveyRecorded, ReportApprovalVoided,
    ReportApproved, ReportEdit, ScoreEntered, ScorecardAction, ScorecardCommand, ScorecardError,
    ScorecardEvent, ScoringContext, SelfAssessmentReopened, SelfAssessmentSubmitted,
    SelfScoreCorrected, SurveyResponse, SurveyResponseRecorded, survey_points,
};
use crate::appraisal::CorrectedScore;
use crate::criteria::{CriteriaTree, Criterion, CriterionCode, LeafEntry, ScoringMethod};
use crate::ids::{EvidenceId, PeriodId, SurveyResponseId, UnitId};
use crate::period::DeadlineKind;
use crate::period::SerialNo;
use crate::scoring::Points;

/// The scorecard aggregate: one unit's self-assessment in one period.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Scorecard {
    state: Option<State>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    period_id: PeriodId,
    unit_id: UnitId,
    content: ReportContent,
    approval: Option<String>,
    submitted: bool,
    /// Survey forms Sở Nội vụ recorded: they score the survey leaves with
    /// the unit's own, outside the report the leader approves.
    #[serde(default)]
    province_surveys: BTreeMap<SurveyResponseId, SurveyResponse>,
    /// The signed report submitted with the approved content.
    #[serde(default)]
    signed_report: Option<Evidence>,
    /// Leaves nobody appraises scored again after a reopening, beside the
    /// report (which stays as it was approved and signed).
    #[serde(default)]
    corrections: BTreeMap<CriterionCode, SelfCorrection>,
}

/// A leaf scored again by the unit after a reopening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SelfCorrection {
    reopening: SerialNo,
    entry: LeafEntry,
    points: Points,
    before: Option<Points>,
    reason: FreeText,
}

/// What the report shows, in a canonical (ordered) form: its hash is the
/// report's content hash.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct ReportContent {
    leaves: BTreeMap<CriterionCode, LeafContent>,
    surveys: BTreeMap<SurveyResponseId, SurveyResponse>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct LeafContent {
    entry: Option<LeafEntry>,
    points: Option<Points>,
    not_applicable: Option<FreeText>,
    explanation: Option<FreeText>,
    evidence: BTreeMap<EvidenceId, Evidence>,
}

impl LeafContent {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Scorecard {
    /// The signed report submitted, while the submission stands.
    pub fn signed_report(&self) -> Option<&Evidence> {
        self.state.as_ref().and_then(|s| s.signed_report.as_ref())
    }

    /// Whether the self-assessment was submitted.
    pub fn is_submitted(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.submitted)
    }

    /// The self score entered for a leaf.
    pub fn self_points(&self, leaf: &CriterionCode) -> Option<Points> {
        self.leaf(leaf).and_then(|l| l.points)
    }

    /// The entry a self score was given by (a score, or a percentage for a
    /// ratio leaf).
    pub fn self_entry(&self, leaf: &CriterionCode) -> Option<LeafEntry> {
        self.leaf(leaf).and_then(|l| l.entry)
    }

    /// Whether the unit marked a leaf not applicable.
    pub fn is_not_applicable(&self, leaf: &CriterionCode) -> bool {
        self.leaf(leaf).is_some_and(|l| l.not_applicable.is_some())
    }

    /// Why the unit marked a leaf not applicable, if it did.
    pub fn not_applicable_reason(&self, leaf: &CriterionCode) -> Option<&FreeText> {
        self.leaf(leaf).and_then(|l| l.not_applicable.as_ref())
    }

    /// A leaf's explanation (giải trình), if any.
    pub fn explanation(&self, leaf: &CriterionCode) -> Option<&FreeText> {
        self.leaf(leaf).and_then(|l| l.explanation.as_ref())
    }

    /// A leaf's evidence, in attachment-id order.
    pub fn evidence(&self, leaf: &CriterionCode) -> Vec<&Evidence> {
        self.leaf(leaf)
            .map(|l| l.evidence.values().collect())
            .unwrap_or_default()
    }

    /// A recorded survey form.
    pub fn survey_response(&self, id: SurveyResponseId) -> Option<&SurveyResponse> {
        self.state.as_ref().and_then(|s| {
            s.content
                .surveys
                .get(&id)
                .or_else(|| s.province_surveys.get(&id))
        })
    }

    /// The content hash the leader approved, while the approval holds.
    pub fn approved_hash(&self) -> Option<&str> {
        self.state.as_ref().and_then(|s| s.approval.as_deref())
    }

    /// Every leaf marked not applicable (a leaf the unit scored again
    /// after a reopening counts).
    pub fn not_applicable_leaves(&self) -> BTreeSet<CriterionCode> {
        self.leaves()
            .filter(|(code, l)| l.not_applicable.is_some() && self.correction(code).is_none())
            .map(|(code, _)| code.clone())
            .collect()
    }

    /// Every self score, survey leaves scored from their responses, a leaf
    /// scored again after a reopening by its new score.
    pub fn all_self_points(&self, tree: &CriteriaTree) -> BTreeMap<CriterionCode, Points> {
        let mut points: BTreeMap<CriterionCode, Points> = self
            .leaves()
            .filter_map(|(code, l)| l.points.map(|p| (code.clone(), p)))
            .collect();
        for (code, correction) in self.state.iter().flat_map(|s| s.corrections.iter()) {
            points.insert(code.clone(), correction.points);
        }
        for leaf in tree
            .leaves()
            .filter(|l| l.method.as_ref().is_some_and(ScoringMethod::is_survey))
        {
            points.insert(leaf.code.clone(), self.survey_score(leaf));
        }
        points
    }

    /// The report's current content hash (of an empty report when untouched).
    pub fn content_hash(&self, period_id: PeriodId, unit_id: UnitId) -> String {
        match &self.state {
            Some(state) => digest(&(state.period_id, state.unit_id, &state.content)),
            None => digest(&(period_id, unit_id, &ReportContent::default())),
        }
    }

    /// The self score `leaf` was given again for `reopening`, if it was.
    pub fn corrected(&self, leaf: &CriterionCode, reopening: SerialNo) -> Option<CorrectedScore> {
        self.correction(leaf)
            .filter(|c| c.reopening == reopening)
            .map(|c| CorrectedScore {
                before: c.before,
                after: c.points,
                reason: c.reason.as_str().to_owned(),
            })
    }

    fn correction(&self, leaf: &CriterionCode) -> Option<&SelfCorrection> {
        self.state.as_ref().and_then(|s| s.corrections.get(leaf))
    }

    /// Scores again a leaf reopened on the scorecard: only while the
    /// period holds that reopening, with a reason; no deadline applies.
    fn correct(
        &self,
        ctx: &ScoringContext,
        (leaf, entry): (CriterionCode, LeafEntry),
        reason: FreeText,
        reopening: Option<SerialNo>,
    ) -> Result<ScorecardEvent, ScorecardError> {
        let reopening = reopening.ok_or_else(|| ScorecardError::NotReopened(leaf.clone()))?;
        let node = leaf_of(ctx, &leaf)?;
        let points = node
            .method
            .as_ref()
            .ok_or_else(|| ScorecardError::UnknownLeaf(leaf.clone()))?
            .score(entry, node.max)
            .map_err(|error| ScorecardError::Entry {
                leaf: leaf.clone(),
                error,
            })?;
        let current = self.correction(&leaf);
        if current
            .is_some_and(|c| c.reopening == reopening && c.entry == entry && c.reason == reason)
        {
            return Err(ScorecardError::Unchanged);
        }
        // The score before is the one the reopening found: a second entry
        // for the same reopening keeps it.
        let before = match current {
            Some(c) if c.reopening == reopening => c.before,
            Some(c) => Some(c.points),
            None => self.self_points(&leaf),
        };
        Ok(ScorecardEvent::SelfScoreCorrected(SelfScoreCorrected {
            period_id: ctx.period_id,
            unit_id: ctx.unit_id,
            leaf,
            reopening,
            entry,
            points,
            before,
            reason,
        }))
    }

    fn leaves(&self) -> impl Iterator<Item = (&CriterionCode, &LeafContent)> {
        self.state.iter().flat_map(|s| s.content.leaves.iter())
    }

    fn leaf(&self, code: &CriterionCode) -> Option<&LeafContent> {
        self.state.as_ref().and_then(|s| s.content.leaves.get(code))
    }

    fn survey_score(&self, leaf: &Criterion) -> Points {
        let answers: Vec<_> = self
            .state
            .iter()
            .flat_map(|s| {
                s.content
                    .surveys
                    .values()
                    .chain(s.province_surveys.values())
            })
            .filter_map(|response| response.answers.get(&leaf.code).copied())
            .collect();
        let weights = leaf
            .method
            .as_ref()
            .and_then(ScoringMethod::survey_weights)
            .unwrap_or_default();
        survey_points(leaf.max, &answers, &weights)
    }

    fn decide(&self, command: ScorecardCommand) -> Result<Vec<ScorecardEvent>, ScorecardError> {
        let ctx = command.context;
        match command.action {
            ScorecardAction::RespondToAppraisal {
                leaf,
                round_one,
                text,
                evidence,
            } => {
                ctx.deadlines.check(DeadlineKind::Explanation, ctx.at)?;
                leaf_of(&ctx, &leaf)?;
                let round_one =
                    round_one.ok_or_else(|| ScorecardError::NothingToAnswer(leaf.clone()))?;
                Ok(vec![ScorecardEvent::AppraisalAnswered(AppraisalAnswered {
                    period_id: ctx.period_id,
                    unit_id: ctx.unit_id,
                    leaf,
                    round_one,
                    text,
                    evidence,
                })])
            }
            ScorecardAction::CorrectScore {
                leaf,
                entry,
                reason,
                reopening,
            } => self
                .correct(&ctx, (leaf, entry), reason, reopening)
                .map(|event| vec![event]),
            ScorecardAction::ApproveReport { content_hash } => {
                self.editable(&ctx)?;
                let current = self.content_hash(ctx.period_id, ctx.unit_id);
                if content_hash.trim().to_lowercase() != current {
                    return Err(ScorecardError::ReportOutdated);
                }
                if self.state.as_ref().and_then(|s| s.approval.as_ref()) == Some(&current) {
                    return Err(ScorecardError::Unchanged);
                }
                Ok(vec![ScorecardEvent::ReportApproved(ReportApproved {
                    period_id: ctx.period_id,
                    unit_id: ctx.unit_id,
                    content_hash: current,
                    approved_by: ctx.actor,
                })])
            }
            ScorecardAction::Submit { signed_report } => {
                self.submit(&ctx, signed_report).map(|event| vec![event])
            }
            ScorecardAction::Reopen {
                reason,
                results_exist,
            } => self
                .reopen(&ctx, reason, results_exist)
                .map(|event| vec![event]),
            ScorecardAction::RecordSurveyForms(forms) => {
                self.editable(&ctx)?;
                if forms.is_empty() {
                    return Err(ScorecardError::Survey("tệp không có phiếu nào".into()));
                }
                let mut seen = BTreeSet::new();
                let mut events: Vec<ScorecardEvent> =
                    self.voiding_approval(&ctx).into_iter().collect();
                for response in forms {
                    self.check_survey(&ctx, &response)?;
                    if !seen.insert(response.response_id) {
                        return Err(ScorecardError::Survey("phiếu này đã được ghi nhận".into()));
                    }
                    events.push(ScorecardEvent::SurveyResponseRecorded(
                        SurveyResponseRecorded {
                            period_id: ctx.period_id,
                            unit_id: ctx.unit_id,
                            response,
                        },
                    ));
                }
                Ok(events)
            }
            ScorecardAction::RecordProvinceSurveyForms {
                forms,
                results_exist,
            } => {
                if results_exist {
                    return Err(ScorecardError::ResultsExist);
                }
                ctx.deadlines.check(DeadlineKind::AppraisalRound2, ctx.at)?;
                if forms.is_empty() {
                    return Err(ScorecardError::Survey("tệp không có phiếu nào".into()));
                }
                let mut seen = BTreeSet::new();
                let mut events = Vec::new();
                for response in forms {
                    self.check_survey(&ctx, &response)?;
                    if !seen.insert(response.response_id) {
                        return Err(ScorecardError::Survey("phiếu này đã được ghi nhận".into()));
                    }
                    events.push(ScorecardEvent::ProvinceSurveyRecorded(
                        ProvinceSurveyRecorded {
                            period_id: ctx.period_id,
                            unit_id: ctx.unit_id,
                            response,
                        },
                    ));
                }
                Ok(events)
            }
            ScorecardAction::Edit(edit) => {
                self.editable(&ctx)?;
                let event = self.change(&ctx, edit)?;
                Ok(self
                    .voiding_approval(&ctx)
                    .into_iter()
                    .chain([event])
                    .collect())
            }
        }
    }

    /// Self-assessment work is open from its first day until its deadline,
    /// and before submission.
    fn editable(&self, ctx: &ScoringContext) -> Result<(), ScorecardError> {
        ctx.deadlines.check_opened(ctx.at)?;
        ctx.deadlines.check(DeadlineKind::SelfAssessment, ctx.at)?;
        if self.is_submitted() {
            return Err(ScorecardError::AlreadySubmitted);
        }
        Ok(())
    }

    /// A change to an approved report voids the approval, visibly.
    fn voiding_approval(&self, ctx: &ScoringContext) -> Option<ScorecardEvent> {
        let approved = self.state.as_ref()?.approval.clone()?;
        Some(ScorecardEvent::ReportApprovalVoided(ReportApprovalVoided {
            period_id: ctx.period_id,
            unit_id: ctx.unit_id,
            content_hash: approved,
        }))
    }

    fn change(
        &self,
        ctx: &ScoringContext,
        edit: ReportEdit,
    ) -> Result<ScorecardEvent, ScorecardError> {
        let (period_id, unit_id) = (ctx.period_id, ctx.unit_id);
        match edit {
            ReportEdit::EnterScore { leaf, entry } => {
                let node = leaf_of(ctx, &leaf)?;
                if self.is_not_applicable(&leaf) {
                    return Err(ScorecardError::LeafNotApplicable(leaf));
                }
                let method = node
                    .method
                    .as_ref()
                    .ok_or_else(|| ScorecardError::UnknownLeaf(leaf.clone()))?;
                let points =
                    method
                        .score(entry, node.max)
                        .map_err(|error| ScorecardError::Entry {
                            leaf: leaf.clone(),
                            error,
                        })?;
                let previous = self.leaf(&leaf).and_then(|l| l.entry);
                if previous == Some(entry) {
                    return Err(ScorecardError::Unchanged);
                }
                Ok(ScorecardEvent::ScoreEntered(ScoreEntered {
                    period_id,
                    unit_id,
                    previous: self.self_points(&leaf),
                    leaf,
                    entry,
                    points,
                }))
            }
            ReportEdit::MarkNotApplicable { leaf, reason } => {
                let node = leaf_of(ctx, &leaf)?;
                if !node.not_applicable_allowed {
                    return Err(ScorecardError::NotApplicableNotAllowed(leaf));
                }
                if self.leaf(&leaf).and_then(|l| l.not_applicable.as_ref()) == Some(&reason) {
                    return Err(ScorecardError::Unchanged);
                }
                Ok(ScorecardEvent::LeafMarkedNotApplicable(
                    LeafMarkedNotApplicable {
                        period_id,
                        unit_id,
                        cleared: self.self_points(&leaf),
                        leaf,
                        reason,
                    },
                ))
            }
            ReportEdit::MarkApplicable { leaf } => {
                leaf_of(ctx, &leaf)?;
                if !self.is_not_applicable(&leaf) {
                    return Err(ScorecardError::NotMarkedNotApplicable(leaf));
                }
                Ok(ScorecardEvent::LeafMarkedApplicable(LeafMarkedApplicable {
                    period_id,
                    unit_id,
                    leaf,
                }))
            }
            ReportEdit::WriteExplanation { leaf, text } => {
                leaf_of(ctx, &leaf)?;
                if self.leaf(&leaf).and_then(|l| l.explanation.as_ref()) == Some(&text) {
                    return Err(ScorecardError::Unchanged);
                }
                Ok(ScorecardEvent::ExplanationWritten(ExplanationWritten {
                    period_id,
                    unit_id,
                    leaf,
                    text,
                }))
            }
            ReportEdit::AttachEvidence { leaf, evidence } => {
                leaf_of(ctx, &leaf)?;
                let attached = self.leaf(&leaf).map(|l| &l.evidence);
                if attached.is_some_and(|all| {
                    all.contains_key(&evidence.evidence_id)
                        || all
                            .values()
                            .any(|e| e.content_hash == evidence.content_hash)
                }) {
                    return Err(ScorecardError::DuplicateEvidence(leaf));
                }
                Ok(ScorecardEvent::EvidenceAttached(EvidenceAttached {
                    period_id,
                    unit_id,
                    leaf,
                    evidence,
                }))
            }
            ReportEdit::RemoveEvidence { leaf, evidence_id } => {
                leaf_of(ctx, &leaf)?;
                if !self
                    .leaf(&leaf)
                    .is_some_and(|l| l.evidence.contains_key(&evidence_id))
                {
                    return Err(ScorecardError::NoSuchEvidence);
                }
                Ok(ScorecardEvent::EvidenceRemoved(EvidenceRemoved {
                    period_id,
                    unit_id,
                    leaf,
                    evidence_id,
                }))
            }
            ReportEdit::RecordSurveyResponse(response) => {
                self.check_survey(ctx, &response)?;
                Ok(ScorecardEvent::SurveyResponseRecorded(
                    SurveyResponseRecorded {
                        period_id,
                        unit_id,
                        response,
                    },
                ))
            }
        }
    }

    fn check_survey(
        &self,
        ctx: &ScoringContext,
        response: &SurveyResponse,
    ) -> Result<(), ScorecardError> {
        let group = response.respondent_group.trim();
        if group.is_empty() || group.chars().count() > 200 || group.chars().any(char::is_control) {
            return Err(ScorecardError::Survey(
                "cần ghi nhóm đối tượng khảo sát (tối đa 200 ký tự)".into(),
            ));
        }
        if response.answers.is_empty() {
            return Err(ScorecardError::Survey("phiếu chưa có câu trả lời".into()));
        }
        if let Some(code) = response.answers.keys().find(|code| {
            ctx.tree
                .leaf(code)
                .and_then(|l| l.method.as_ref())
                .is_none_or(|m| !m.is_survey())
        }) {
            return Err(ScorecardError::Survey(format!(
                "{code} không phải tiêu chí khảo sát"
            )));
        }
        if self.survey_response(response.response_id).is_some() {
            return Err(ScorecardError::Survey("phiếu này đã được ghi nhận".into()));
        }
        Ok(())
    }

    fn reopen(
        &self,
        ctx: &ScoringContext,
        reason: FreeText,
        results_exist: bool,
    ) -> Result<ScorecardEvent, ScorecardError> {
        if !self.is_submitted() {
            return Err(ScorecardError::NotSubmitted);
        }
        if results_exist {
            return Err(ScorecardError::ResultsExist);
        }
        if ctx
            .deadlines
            .has_passed(DeadlineKind::SelfAssessment, ctx.at)
        {
            return Err(ScorecardError::ReopenAfterDeadline(
                ctx.deadlines.self_assessment,
            ));
        }
        Ok(ScorecardEvent::SelfAssessmentReopened(
            SelfAssessmentReopened {
                period_id: ctx.period_id,
                unit_id: ctx.unit_id,
                content_hash: self.content_hash(ctx.period_id, ctx.unit_id),
                reason,
            },
        ))
    }

    fn submit(
        &self,
        ctx: &ScoringContext,
        signed_report: Evidence,
    ) -> Result<ScorecardEvent, ScorecardError> {
        self.editable(ctx)?;
        if signed_report.media_type != "application/pdf" {
            return Err(ScorecardError::SignedReportNotPdf);
        }
        let current = self.content_hash(ctx.period_id, ctx.unit_id);
        if self.state.as_ref().and_then(|s| s.approval.as_ref()) != Some(&current) {
            return Err(ScorecardError::NotApproved);
        }
        if let Some(refused) = self.missing_before_submission(&ctx.tree).refusal() {
            return Err(refused);
        }
        Ok(ScorecardEvent::SelfAssessmentSubmitted(
            SelfAssessmentSubmitted {
                period_id: ctx.period_id,
                unit_id: ctx.unit_id,
                content_hash: current,
                signed_report: Some(signed_report),
            },
        ))
    }
}

/// The leaf `code` of the context's tree.
fn leaf_of<'a>(
    ctx: &'a ScoringContext,
    code: &CriterionCode,
) -> Result<&'a Criterion, ScorecardError> {
    ctx.tree
        .leaf(code)
        .ok_or_else(|| ScorecardError::UnknownLeaf(code.clone()))
}

impl Aggregate for Scorecard {
    const TYPE: &'static str = "scorecard";
    type Command = ScorecardCommand;
    type Event = ScorecardEvent;
    type Error = ScorecardError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let (period_id, unit_id) = event_ids(&event);
        let state = self.state.get_or_insert_with(|| State {
            period_id,
            unit_id,
            content: ReportContent::default(),
            approval: None,
            submitted: false,
            province_surveys: BTreeMap::new(),
            signed_report: None,
            corrections: BTreeMap::new(),
        });
        let content = &mut state.content;
        let touched = match event {
            ScorecardEvent::ScoreEntered(e) => {
                let leaf = content.leaves.entry(e.leaf.clone()).or_default();
                leaf.entry = Some(e.entry);
                leaf.points = Some(e.points);
                Some(e.leaf)
            }
            ScorecardEvent::LeafMarkedNotApplicable(e) => {
                let leaf = content.leaves.entry(e.leaf.clone()).or_default();
                leaf.not_applicable = Some(e.reason);
                leaf.entry = None;
                leaf.points = None;
                Some(e.leaf)
            }
            ScorecardEvent::LeafMarkedApplicable(e) => {
                content
                    .leaves
                    .entry(e.leaf.clone())
                    .or_default()
                    .not_applicable = None;
                Some(e.leaf)
            }
            ScorecardEvent::ExplanationWritten(e) => {
                content
                    .leaves
                    .entry(e.leaf.clone())
                    .or_default()
                    .explanation = Some(e.text);
                Some(e.leaf)
            }
            ScorecardEvent::EvidenceAttached(e) => {
                let leaf = content.leaves.entry(e.leaf.clone()).or_default();
                leaf.evidence.insert(e.evidence.evidence_id, e.evidence);
                Some(e.leaf)
            }
            ScorecardEvent::EvidenceRemoved(e) => {
                content
                    .leaves
                    .entry(e.leaf.clone())
                    .or_default()
                    .evidence
                    .remove(&e.evidence_id);
                Some(e.leaf)
            }
            ScorecardEvent::SurveyResponseRecorded(e) => {
                content.surveys.insert(e.response.response_id, e.response);
                None
            }
            ScorecardEvent::ProvinceSurveyRecorded(e) => {
                state
                    .province_surveys
                    .insert(e.response.response_id, e.response);
                None
            }
            ScorecardEvent::ReportApproved(e) => {
                state.approval = Some(e.content_hash);
                None
            }
            ScorecardEvent::ReportApprovalVoided(_) => {
                state.approval = None;
                None
            }
            ScorecardEvent::SelfAssessmentSubmitted(e) => {
                state.submitted = true;
                state.signed_report = e.signed_report;
                None
            }
            ScorecardEvent::SelfAssessmentReopened(_) => {
                state.submitted = false;
                state.signed_report = None;
                None
            }
            ScorecardEvent::AppraisalAnswered(_) => None,
            ScorecardEvent::SelfScoreCorrected(e) => {
                state.corrections.insert(
                    e.leaf,
                    SelfCorrection {
                        reopening: e.reopening,
                        entry: e.entry,
                        points: e.points,
                        before: e.before,
                        reason: e.reason,
                    },
                );
                None
            }
        };
        // A leaf back to its untouched state leaves the report (and its
        // hash) as if it had never been touched.
        if let Some(code) = touched {
            if content.leaves.get(&code).is_some_and(LeafContent::is_empty) {
                content.leaves.remove(&code);
            }
        }
    }
}

fn event_ids(event: &ScorecardEvent) -> (PeriodId, UnitId) {
    match event {
        ScorecardEvent::ScoreEntered(e) => (e.period_id, e.unit_id),
        ScorecardEvent::LeafMarkedNotApplicable(e) => (e.period_id, e.unit_id),
        ScorecardEvent::LeafMarkedApplicable(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ExplanationWritten(e) => (e.period_id, e.unit_id),
        ScorecardEvent::EvidenceAttached(e) => (e.period_id, e.unit_id),
        ScorecardEvent::EvidenceRemoved(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SurveyResponseRecorded(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ProvinceSurveyRecorded(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ReportApproved(e) => (e.period_id, e.unit_id),
        ScorecardEvent::ReportApprovalVoided(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfAssessmentSubmitted(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfAssessmentReopened(e) => (e.period_id, e.unit_id),
        ScorecardEvent::AppraisalAnswered(e) => (e.period_id, e.unit_id),
        ScorecardEvent::SelfScoreCorrected(e) => (e.period_id, e.unit_id),
    }
}
