use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::{
    AppraisalClosed, AppraisalSubmissionRecorded, AppraiserAssigned, AssignAppraiser, Assignment,
    AssignmentMoved, CloseAppraisal, Complaint, CouncilAgreement, DeadlineExtended, DeadlineKind,
    Deadlines, ExtendDeadline, LeafReopening, MoveAssignment, OpenPeriod, PeriodCommand,
    PeriodError, PeriodEvent, PeriodOpened, PublicationDecision, PublishResults, ResultsAggregated,
    ResultsFinalized, ResultsPublished, ResultsVersion, ScopedUnit, UnitDeadlineExtended,
    decision_number,
};
use crate::criteria::{CriteriaTree, CriterionCode, ScoringMethod};
use crate::criteria_set::IndexKind;
use crate::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use crate::results::PeriodResults;
use crate::time::local_date;

mod corrections;
mod coverage;

/// Where a period's results stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodStatus {
    /// Self-assessment and appraisal under way.
    #[serde(rename = "open")]
    Open,
    /// Results aggregated, provisional.
    #[serde(rename = "aggregated")]
    Aggregated,
    /// Results finalized by a manager.
    #[serde(rename = "finalized")]
    Finalized,
    /// Results published.
    #[serde(rename = "published")]
    Published,
}

impl PeriodStatus {
    /// As officials say it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Open => "Đang đánh giá",
            Self::Aggregated => "Kết quả tạm thời",
            Self::Finalized => "Kết quả chính thức",
            Self::Published => "Đã công bố",
        }
    }
}

/// The period aggregate. Its accessors let the write side look up what
/// scorecards and worksheets need (deadlines, scope, assignments).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Period {
    state: Option<State>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    id: PeriodId,
    criteria_set_id: CriteriaSetId,
    index_kind: IndexKind,
    units: BTreeMap<UnitId, ScopedUnit>,
    deadlines: Deadlines,
    /// Dates extended for one unit only (older states have none).
    #[serde(default)]
    unit_deadlines: BTreeMap<UnitId, BTreeMap<DeadlineKind, NaiveDate>>,
    assignments: BTreeMap<AccountId, Assignment>,
    /// Pairs nobody appraises, exempted with a reason (never also assigned).
    #[serde(default)]
    exemptions: BTreeMap<UnitId, BTreeSet<CriterionCode>>,
    submitted: BTreeSet<AccountId>,
    results: Option<PeriodResults>,
    /// The version of `results` (older states held only the first).
    #[serde(default)]
    version: ResultsVersion,
    /// The last day units may complain about provisional results.
    #[serde(default)]
    complaints_until: Option<NaiveDate>,
    /// Every complaint, in order.
    #[serde(default)]
    complaints: Vec<Complaint>,
    /// Every reopened leaf, in order.
    #[serde(default)]
    reopenings: Vec<LeafReopening>,
    /// The council's last agreement.
    #[serde(default)]
    council: Option<CouncilAgreement>,
    /// The decision the results were published with.
    #[serde(default)]
    decision: Option<PublicationDecision>,
    status: PeriodStatus,
}

impl Period {
    /// Its id, once opened.
    pub fn id(&self) -> Option<PeriodId> {
        self.state.as_ref().map(|s| s.id)
    }

    /// Its criteria set, once opened.
    pub fn criteria_set_id(&self) -> Option<CriteriaSetId> {
        self.state.as_ref().map(|s| s.criteria_set_id)
    }

    /// Its index kind, once opened.
    pub fn index_kind(&self) -> Option<IndexKind> {
        self.state.as_ref().map(|s| s.index_kind)
    }

    /// Its current deadlines (extensions included), once opened.
    pub fn deadlines(&self) -> Option<Deadlines> {
        self.state.as_ref().map(|s| s.deadlines)
    }

    /// One unit's deadlines: the period's, each moved later where it was
    /// extended for that unit alone (a later extension for everyone wins).
    pub fn deadlines_for(&self, unit: UnitId) -> Option<Deadlines> {
        let state = self.state.as_ref()?;
        Some(state.deadlines_for(unit))
    }

    /// Every unit whose own deadlines differ from the period's, with them.
    pub fn unit_deadlines(&self) -> impl Iterator<Item = (UnitId, Deadlines)> + '_ {
        self.state.iter().flat_map(|s| {
            s.unit_deadlines
                .keys()
                .map(|unit| (*unit, s.deadlines_for(*unit)))
        })
    }

    /// A unit in scope.
    pub fn unit(&self, unit_id: UnitId) -> Option<&ScopedUnit> {
        self.state.as_ref().and_then(|s| s.units.get(&unit_id))
    }

    /// Every unit in scope.
    pub fn units(&self) -> impl Iterator<Item = &ScopedUnit> {
        self.state.iter().flat_map(|s| s.units.values())
    }

    /// An appraiser's assignment.
    pub fn assignment(&self, appraiser: AccountId) -> Option<&Assignment> {
        self.state
            .as_ref()
            .and_then(|s| s.assignments.get(&appraiser))
    }

    /// Every appraiser and their assignment.
    pub fn assignments(&self) -> impl Iterator<Item = (&AccountId, &Assignment)> {
        self.state.iter().flat_map(|s| s.assignments.iter())
    }

    /// Who appraises (unit, leaf), if anyone.
    pub fn appraiser_of(&self, unit: UnitId, leaf: &CriterionCode) -> Option<AccountId> {
        self.assignments()
            .find(|(_, a)| a.covers(unit, leaf))
            .map(|(id, _)| *id)
    }

    /// Whether `appraiser` has sent their appraisal of this period.
    pub fn has_submitted(&self, appraiser: AccountId) -> bool {
        self.state
            .as_ref()
            .is_some_and(|s| s.submitted.contains(&appraiser))
    }

    /// Whether at least one appraiser is assigned and all have submitted.
    pub fn all_appraisals_submitted(&self) -> bool {
        self.state.as_ref().is_some_and(|s| {
            !s.assignments.is_empty() && s.assignments.keys().all(|a| s.submitted.contains(a))
        })
    }

    /// The aggregated results, once there are some.
    pub fn results(&self) -> Option<&PeriodResults> {
        self.state.as_ref().and_then(|s| s.results.as_ref())
    }

    /// The version of the aggregated results, once there are some.
    pub fn results_version(&self) -> Option<ResultsVersion> {
        self.state
            .as_ref()
            .filter(|s| s.results.is_some())
            .map(|s| s.version)
    }

    /// The last day units may complain, once a window was opened.
    pub fn complaints_until(&self) -> Option<NaiveDate> {
        self.state.as_ref().and_then(|s| s.complaints_until)
    }

    /// Every complaint, in order.
    pub fn complaints(&self) -> &[Complaint] {
        self.state.as_ref().map_or(&[], |s| &s.complaints)
    }

    /// Every reopened leaf, in order.
    pub fn reopenings(&self) -> &[LeafReopening] {
        self.state.as_ref().map_or(&[], |s| &s.reopenings)
    }

    /// The reopening of (unit, leaf) still to be scored again or taken
    /// into a version.
    pub fn unsettled_reopening(
        &self,
        unit: UnitId,
        leaf: &CriterionCode,
    ) -> Option<&LeafReopening> {
        self.state
            .as_ref()
            .and_then(|s| s.unsettled_reopening(unit, leaf))
    }

    /// The appraisal council's last agreement, if recorded.
    pub fn council_agreement(&self) -> Option<&CouncilAgreement> {
        self.state.as_ref().and_then(|s| s.council.as_ref())
    }

    /// The decision the results were published with, if recorded.
    pub fn publication_decision(&self) -> Option<&PublicationDecision> {
        self.state.as_ref().and_then(|s| s.decision.as_ref())
    }

    /// Where the results stand, once opened.
    pub fn status(&self) -> Option<PeriodStatus> {
        self.state.as_ref().map(|s| s.status)
    }

    fn opened(&self) -> Result<&State, PeriodError> {
        self.state.as_ref().ok_or(PeriodError::NotOpened)
    }

    fn open(&self, command: OpenPeriod) -> Result<PeriodEvent, PeriodError> {
        if self.state.is_some() {
            return Err(PeriodError::AlreadyOpened);
        }
        let name = command
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() || name.chars().count() > 300 {
            return Err(PeriodError::Name);
        }
        let set = &command.criteria_set;
        if !set.published {
            return Err(PeriodError::SetNotPublished);
        }
        if set.year != command.year {
            return Err(PeriodError::SetOfAnotherYear {
                year: command.year,
                set_year: set.year,
            });
        }
        if command.units.is_empty() {
            return Err(PeriodError::NoUnits);
        }
        let mut seen = BTreeSet::new();
        for unit in &command.units {
            if !seen.insert(unit.unit_id) {
                return Err(PeriodError::DuplicateUnit(unit.unit_id));
            }
            if !set.unit_kinds.contains(&unit.kind) {
                return Err(PeriodError::UnitKindNotCovered(unit.code.to_string()));
            }
        }
        if !command.deadlines.are_in_order() {
            return Err(PeriodError::DeadlineOrder);
        }
        if command.deadlines.self_assessment < local_date(command.at) {
            return Err(PeriodError::DeadlineInThePast);
        }
        Ok(PeriodEvent::Opened(PeriodOpened {
            period_id: command.period_id,
            name,
            year: command.year,
            criteria_set_id: set.criteria_set_id,
            index_kind: set.index_kind,
            units: command.units,
            deadlines: command.deadlines,
        }))
    }

    fn extend(&self, command: ExtendDeadline) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        if state.status != PeriodStatus::Open {
            return Err(PeriodError::ResultsExist);
        }
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        let unit_code = match command.unit {
            Some(unit) => {
                if !command.kind.is_a_units() {
                    return Err(PeriodError::NotAUnitsDeadline);
                }
                let Some(scoped) = state.units.get(&unit) else {
                    return Err(PeriodError::UnitNotInScope(unit));
                };
                Some(scoped.code.clone())
            }
            None => None,
        };
        let current = match command.unit {
            Some(unit) => state.deadlines_for(unit),
            None => state.deadlines,
        };
        let previous = current.get(command.kind);
        if command.date <= previous {
            return Err(PeriodError::NotLater);
        }
        // A unit's date stays within the period's order: its self-assessment
        // ends by appraisal round 1, its explanation by round 2.
        if !current.with(command.kind, command.date).are_in_order() {
            return Err(PeriodError::DeadlineOrder);
        }
        if let (Some(unit), Some(unit_code)) = (command.unit, unit_code) {
            return Ok(PeriodEvent::UnitDeadlineExtended(UnitDeadlineExtended {
                period_id: state.id,
                unit_id: unit,
                unit_code,
                kind: command.kind,
                previous,
                date: command.date,
                reason: reason.to_owned(),
            }));
        }
        Ok(PeriodEvent::DeadlineExtended(DeadlineExtended {
            period_id: state.id,
            kind: command.kind,
            previous,
            date: command.date,
            reason: reason.to_owned(),
        }))
    }

    fn assign(&self, command: AssignAppraiser) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        state
            .deadlines
            .check(DeadlineKind::AppraisalRound1, command.at)?;
        if state.submitted.contains(&command.appraiser) {
            return Err(PeriodError::AppraiserSubmitted);
        }
        if command.units.is_empty() || command.criteria.is_empty() {
            return Err(PeriodError::EmptyAssignment);
        }
        if let Some(unit) = command.units.iter().find(|u| !state.units.contains_key(u)) {
            return Err(PeriodError::UnitNotInScope(*unit));
        }
        let leaves = leaves_under(&command.tree, &command.criteria)?;
        if let Some(leaf) = leaves.iter().find(|l| {
            command
                .tree
                .get(l)
                .is_some_and(|node| node.appraised_by != command.department)
        }) {
            let department = command
                .tree
                .get(leaf)
                .map(|n| n.appraised_by.to_string())
                .unwrap_or_default();
            return Err(PeriodError::OtherDepartment {
                code: leaf.clone(),
                department,
            });
        }
        for (appraiser, assignment) in &state.assignments {
            if *appraiser == command.appraiser {
                continue;
            }
            for unit in &command.units {
                if let Some(code) = leaves.iter().find(|l| assignment.covers(*unit, l)) {
                    return Err(PeriodError::AlreadyAssigned {
                        unit: *unit,
                        code: code.clone(),
                    });
                }
            }
        }
        Ok(PeriodEvent::AppraiserAssigned(AppraiserAssigned {
            period_id: state.id,
            appraiser: command.appraiser,
            department: command.department,
            units: command.units,
            leaves,
        }))
    }

    fn move_assignment(&self, command: MoveAssignment) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        if state.status != PeriodStatus::Open {
            return Err(PeriodError::ResultsExist);
        }
        state
            .deadlines
            .check(DeadlineKind::AppraisalRound1, command.at)?;
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        if command.from == command.to {
            return Err(PeriodError::SameAppraiser);
        }
        let from = state
            .assignments
            .get(&command.from)
            .ok_or(PeriodError::NotAssigned(command.from))?;
        if state.submitted.contains(&command.from) || state.submitted.contains(&command.to) {
            return Err(PeriodError::AppraiserSubmitted);
        }
        if let Some(department) = &from.department
            && *department != command.to_department
        {
            return Err(PeriodError::OtherDepartmentsAppraiser {
                from: department.to_string(),
                to: command.to_department.to_string(),
            });
        }
        let units: BTreeSet<UnitId> = if command.units.is_empty() {
            from.units().collect()
        } else {
            command.units
        };
        if let Some(unit) = units.iter().find(|u| from.leaves_of(**u).next().is_none()) {
            return Err(PeriodError::UnitNotAssigned(*unit));
        }
        if units.is_empty() {
            return Err(PeriodError::EmptyAssignment);
        }
        let unit_codes = state.codes_of(&units);
        Ok(PeriodEvent::AssignmentMoved(AssignmentMoved {
            period_id: state.id,
            from: command.from,
            to: command.to,
            to_department: command.to_department,
            units,
            unit_codes,
            reason: reason.to_owned(),
        }))
    }

    fn close_appraisal(&self, command: CloseAppraisal) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        if state.status != PeriodStatus::Open {
            return Err(PeriodError::ResultsExist);
        }
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(PeriodError::ReasonRequired);
        }
        if !state.assignments.contains_key(&command.appraiser) {
            return Err(PeriodError::NotAssigned(command.appraiser));
        }
        if state.submitted.contains(&command.appraiser) {
            return Err(PeriodError::AppraiserSubmitted);
        }
        if !state
            .deadlines
            .has_passed(DeadlineKind::AppraisalRound2, command.at)
        {
            return Err(PeriodError::AppraisalStillOpen(
                state.deadlines.appraisal_round_2,
            ));
        }
        let all_submitted = state
            .assignments
            .keys()
            .all(|a| *a == command.appraiser || state.submitted.contains(a));
        Ok(PeriodEvent::AppraisalClosed(AppraisalClosed {
            period_id: state.id,
            appraiser: command.appraiser,
            reason: reason.to_owned(),
            all_submitted,
        }))
    }

    fn record_submission(&self, appraiser: AccountId) -> Result<Option<PeriodEvent>, PeriodError> {
        let state = self.opened()?;
        if !state.assignments.contains_key(&appraiser) {
            return Err(PeriodError::NotAssigned(appraiser));
        }
        if state.submitted.contains(&appraiser) {
            // Already recorded: a replayed notification changes nothing.
            return Ok(None);
        }
        let all_submitted = state
            .assignments
            .keys()
            .all(|a| *a == appraiser || state.submitted.contains(a));
        Ok(Some(PeriodEvent::AppraisalSubmissionRecorded(
            AppraisalSubmissionRecorded {
                period_id: state.id,
                appraiser,
                all_submitted,
            },
        )))
    }

    fn record_results(&self, results: PeriodResults) -> Result<Option<PeriodEvent>, PeriodError> {
        let state = self.opened()?;
        if state.results.is_some() {
            // Aggregation runs once; a replay changes nothing.
            return Ok(None);
        }
        let outstanding = if state.assignments.is_empty() {
            1
        } else {
            state
                .assignments
                .keys()
                .filter(|a| !state.submitted.contains(a))
                .count()
        };
        if outstanding > 0 {
            return Err(PeriodError::AppraisalsOutstanding(outstanding));
        }
        Ok(Some(PeriodEvent::ResultsAggregated(ResultsAggregated {
            period_id: state.id,
            results,
            version: ResultsVersion::FIRST,
            reason: None,
            corrections: Vec::new(),
        })))
    }

    fn finalize(&self, at: DateTime<Utc>) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        match state.status {
            PeriodStatus::Open => Err(PeriodError::NoResults),
            PeriodStatus::Aggregated => {
                Self::check_corrections_settled(state, at)?;
                if state.council.as_ref().map(|c| c.version) != Some(state.version) {
                    return Err(PeriodError::NoCouncilAgreement(state.version));
                }
                Ok(PeriodEvent::ResultsFinalized(ResultsFinalized {
                    period_id: state.id,
                }))
            }
            PeriodStatus::Finalized | PeriodStatus::Published => Err(PeriodError::AlreadyFinalized),
        }
    }

    fn publish(&self, command: PublishResults) -> Result<PeriodEvent, PeriodError> {
        let state = self.opened()?;
        match state.status {
            PeriodStatus::Open | PeriodStatus::Aggregated => Err(PeriodError::NotFinalized),
            PeriodStatus::Finalized => {
                let number = decision_number(&command.number)?;
                if command.date > local_date(command.at) {
                    return Err(PeriodError::DateInTheFuture(command.date));
                }
                if let Some(council) = &state.council
                    && command.date < council.date
                {
                    return Err(PeriodError::DecisionBeforeAgreement(council.date));
                }
                Ok(PeriodEvent::ResultsPublished(ResultsPublished {
                    period_id: state.id,
                    decision: Some(PublicationDecision {
                        number,
                        date: command.date,
                        signed: command.signed,
                    }),
                }))
            }
            PeriodStatus::Published => Err(PeriodError::AlreadyPublished),
        }
    }
}

impl State {
    /// The codes of `units`, as events name them for readers.
    fn codes_of<'a>(
        &self,
        units: impl IntoIterator<Item = &'a UnitId>,
    ) -> Vec<crate::unit::UnitCode> {
        units
            .into_iter()
            .filter_map(|unit| self.units.get(unit).map(|u| u.code.clone()))
            .collect()
    }

    fn deadlines_for(&self, unit: UnitId) -> Deadlines {
        let own = self.unit_deadlines.get(&unit).into_iter().flatten();
        own.fold(self.deadlines, |deadlines, (kind, date)| {
            deadlines.with(*kind, (*date).max(deadlines.get(*kind)))
        })
    }
}

/// The leaves named by `codes`: a leaf stands for itself, a group for every
/// non-survey leaf under it.
fn leaves_under(
    tree: &CriteriaTree,
    codes: &BTreeSet<CriterionCode>,
) -> Result<BTreeSet<CriterionCode>, PeriodError> {
    let mut leaves = BTreeSet::new();
    for code in codes {
        let node = tree
            .get(code)
            .ok_or_else(|| PeriodError::UnknownCriterion(code.clone()))?;
        if node.is_leaf() {
            if node.method.as_ref().is_some_and(ScoringMethod::is_survey) {
                return Err(PeriodError::SurveyNotAppraised(code.clone()));
            }
            leaves.insert(code.clone());
            continue;
        }
        let is_under = |leaf: &CriterionCode| {
            let mut current = leaf.parent();
            while let Some(parent) = current {
                if parent == *code {
                    return true;
                }
                current = parent.parent();
            }
            false
        };
        leaves.extend(
            tree.leaves()
                .filter(|leaf| {
                    !leaf.method.as_ref().is_some_and(ScoringMethod::is_survey)
                        && is_under(&leaf.code)
                })
                .map(|leaf| leaf.code.clone()),
        );
    }
    Ok(leaves)
}

impl Aggregate for Period {
    const TYPE: &'static str = "period";
    type Command = PeriodCommand;
    type Event = PeriodEvent;
    type Error = PeriodError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = match command {
            PeriodCommand::Open(c) => Some(self.open(c)?),
            PeriodCommand::ExtendDeadline(c) => Some(self.extend(c)?),
            PeriodCommand::AssignAppraiser(c) => Some(self.assign(c)?),
            PeriodCommand::MoveAssignment(c) => Some(self.move_assignment(c)?),
            PeriodCommand::CloseAppraisal(c) => Some(self.close_appraisal(c)?),
            PeriodCommand::ExemptFromAppraisal(c) => Some(self.exempt(c)?),
            PeriodCommand::RecordAppraisalSubmitted { appraiser } => {
                self.record_submission(appraiser)?
            }
            PeriodCommand::RecordResults(results) => self.record_results(results)?,
            PeriodCommand::OpenComplaintWindow(c) => Some(self.open_complaint_window(c)?),
            PeriodCommand::LodgeComplaint(c) => Some(self.lodge_complaint(c)?),
            PeriodCommand::AnswerComplaint(c) => Some(self.answer_complaint(c)?),
            PeriodCommand::ReopenLeaf(c) => Some(self.reopen_leaf(c)?),
            PeriodCommand::Reaggregate(c) => Some(self.reaggregate(c)?),
            PeriodCommand::FinalizeResults { at } => Some(self.finalize(at)?),
            PeriodCommand::RecordCouncilAgreement(c) => Some(self.record_council_agreement(c)?),
            PeriodCommand::PublishResults(c) => Some(self.publish(c)?),
        };
        if let Some(event) = event {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        if let PeriodEvent::Opened(e) = event {
            self.state = Some(State {
                id: e.period_id,
                criteria_set_id: e.criteria_set_id,
                index_kind: e.index_kind,
                units: e.units.into_iter().map(|u| (u.unit_id, u)).collect(),
                deadlines: e.deadlines,
                unit_deadlines: BTreeMap::new(),
                assignments: BTreeMap::new(),
                exemptions: BTreeMap::new(),
                submitted: BTreeSet::new(),
                results: None,
                version: ResultsVersion::FIRST,
                complaints_until: None,
                complaints: Vec::new(),
                reopenings: Vec::new(),
                council: None,
                decision: None,
                status: PeriodStatus::Open,
            });
            return;
        }
        let Some(state) = &mut self.state else {
            return;
        };
        match event {
            PeriodEvent::Opened(_) => {}
            PeriodEvent::DeadlineExtended(e) => {
                state.deadlines = state.deadlines.with(e.kind, e.date);
            }
            PeriodEvent::UnitDeadlineExtended(e) => {
                state
                    .unit_deadlines
                    .entry(e.unit_id)
                    .or_default()
                    .insert(e.kind, e.date);
            }
            PeriodEvent::AppraiserAssigned(e) => {
                // An assigned pair is no longer exempt: the two never overlap.
                for unit in &e.units {
                    if let Some(exempt) = state.exemptions.get_mut(unit) {
                        exempt.retain(|leaf| !e.leaves.contains(leaf));
                    }
                }
                state.exemptions.retain(|_, leaves| !leaves.is_empty());
                let assignment = state.assignments.entry(e.appraiser).or_default();
                assignment.department = Some(e.department);
                assignment.add(&e.units, &e.leaves);
            }
            PeriodEvent::AppraisalExempted(e) => {
                for (unit, leaves) in e.pairs {
                    state.exemptions.entry(unit).or_default().extend(leaves);
                }
            }
            PeriodEvent::AssignmentMoved(e) => {
                let moved = state
                    .assignments
                    .get_mut(&e.from)
                    .map(|from| from.take_units(&e.units))
                    .unwrap_or_default();
                // An appraiser left with nothing is no longer awaited.
                if state
                    .assignments
                    .get(&e.from)
                    .is_some_and(Assignment::is_empty)
                {
                    state.assignments.remove(&e.from);
                }
                let to = state.assignments.entry(e.to).or_default();
                to.department = Some(e.to_department);
                to.absorb(&moved);
            }
            PeriodEvent::AppraisalClosed(e) => {
                state.submitted.insert(e.appraiser);
            }
            PeriodEvent::AppraisalSubmissionRecorded(e) => {
                state.submitted.insert(e.appraiser);
            }
            PeriodEvent::ResultsAggregated(e) => {
                for correction in &e.corrections {
                    if let Some(reopening) = state
                        .reopenings
                        .iter_mut()
                        .find(|r| r.no == correction.reopening)
                    {
                        reopening.settled_in = Some(e.version);
                    }
                }
                state.results = Some(e.results);
                state.version = e.version;
                state.status = PeriodStatus::Aggregated;
            }
            PeriodEvent::ComplaintWindowOpened(e) => state.complaints_until = Some(e.until),
            PeriodEvent::ComplaintLodged(e) => state.complaints.push(e.complaint),
            PeriodEvent::ComplaintAnswered(e) => {
                if let Some(complaint) = state.complaints.iter_mut().find(|c| c.no == e.no) {
                    complaint.answer = Some(e.answer);
                }
            }
            PeriodEvent::LeafReopened(e) => state.reopenings.push(e.reopening),
            PeriodEvent::ResultsFinalized(_) => state.status = PeriodStatus::Finalized,
            PeriodEvent::CouncilAgreementRecorded(e) => state.council = Some(e.agreement),
            PeriodEvent::ResultsPublished(e) => {
                state.decision = e.decision;
                state.status = PeriodStatus::Published;
            }
        }
    }
}
