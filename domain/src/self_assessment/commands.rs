use super::{Evidence, FreeText, ScoringContext, SurveyResponse};
use crate::criteria::{CriterionCode, LeafEntry};
use crate::ids::EvidenceId;
use crate::period::SerialNo;
use crate::scoring::Points;

/// A scorecard command: the action, with the context it is decided in.
#[derive(Debug, Clone)]
pub struct ScorecardCommand {
    /// Period, unit, tree, deadlines, actor and time.
    pub context: ScoringContext,
    /// What to do.
    pub action: ScorecardAction,
}

/// What may be asked of a scorecard.
#[derive(Debug, Clone)]
pub enum ScorecardAction {
    /// Change the report's content; voids an approval given before.
    Edit(ReportEdit),
    /// The unit leader approves the report with this content hash.
    ApproveReport {
        /// The report's content hash, as the leader saw it.
        content_hash: String,
    },
    /// Submit the approved self-assessment with the signed report (Điều
    /// 9.3: "đính và gửi báo cáo đã được phê duyệt"), a PDF scan, stored.
    Submit {
        /// The signed report.
        signed_report: Evidence,
    },
    /// An administrator reopens the submitted self-assessment, before any
    /// results, while the unit's self-assessment deadline still runs
    /// (extend it for the unit first when it has passed).
    Reopen {
        /// Why.
        reason: FreeText,
        /// Whether the period's results exist, as looked up.
        results_exist: bool,
    },
    /// Record a batch of survey forms (an imported file) in one go: every
    /// form or none; voids an approval given before.
    RecordSurveyForms(Vec<SurveyResponse>),
    /// Sở Nội vụ records survey forms for the unit, until the end of
    /// appraisal round 2 and before results, whether or not the unit has
    /// submitted: every form or none.
    RecordProvinceSurveyForms {
        /// The forms.
        forms: Vec<SurveyResponse>,
        /// Whether the period's results exist, as looked up.
        results_exist: bool,
    },
    /// Score again a leaf nobody appraises, reopened on the unit's
    /// scorecard after provisional results: whatever the deadlines and
    /// the submission, always with a reason.
    CorrectScore {
        /// The leaf.
        leaf: CriterionCode,
        /// A score or a percentage, as the leaf's method wants.
        entry: LeafEntry,
        /// Why.
        reason: FreeText,
        /// The period's unsettled reopening of (unit, leaf) on the
        /// scorecard, as looked up (none: not reopened).
        reopening: Option<SerialNo>,
    },
    /// Answer a round-1 appraisal score in the explanation window.
    RespondToAppraisal {
        /// The leaf.
        leaf: CriterionCode,
        /// The round-1 score being answered, as looked up (none: nothing to answer).
        round_one: Option<Points>,
        /// The answer.
        text: FreeText,
        /// Supplementary evidence.
        evidence: Vec<Evidence>,
    },
}

/// A change to the content of the self-assessment report.
#[derive(Debug, Clone)]
pub enum ReportEdit {
    /// Enter or change a leaf's self score (bonus and penalty items included).
    EnterScore {
        /// The leaf.
        leaf: CriterionCode,
        /// A score or a percentage, as the leaf's method wants.
        entry: LeafEntry,
    },
    /// Mark a leaf not applicable, where allowed.
    MarkNotApplicable {
        /// The leaf.
        leaf: CriterionCode,
        /// Why.
        reason: FreeText,
    },
    /// Undo a not-applicable mark.
    MarkApplicable {
        /// The leaf.
        leaf: CriterionCode,
    },
    /// Write (or replace) a leaf's explanation (giải trình).
    WriteExplanation {
        /// The leaf.
        leaf: CriterionCode,
        /// The explanation.
        text: FreeText,
    },
    /// Attach evidence to a leaf.
    AttachEvidence {
        /// The leaf.
        leaf: CriterionCode,
        /// The document.
        evidence: Evidence,
    },
    /// Remove evidence from a leaf.
    RemoveEvidence {
        /// The leaf.
        leaf: CriterionCode,
        /// The attachment.
        evidence_id: EvidenceId,
    },
    /// Record a survey form.
    RecordSurveyResponse(SurveyResponse),
}
