//! What a scorecard still lacks before it may be submitted (besides the
//! leader's approval of its content): one rule, asked by the submission
//! itself and by whoever shows a unit what is left to do, so that the page
//! never promises a submission the command then refuses.

use super::{Scorecard, ScorecardError};
use crate::criteria::{CriteriaTree, Criterion, CriterionCode, ScoringMethod, Section};
use crate::scoring::Points;

/// What is missing, in the tree's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingBeforeSubmission {
    /// Every main leaf is marked not applicable: nothing to assess.
    pub nothing_applicable: bool,
    /// Applicable main leaves without a self score.
    pub unscored: Vec<CriterionCode>,
    /// Leaves that need evidence and have neither evidence nor an
    /// explanation (bonus and penalty items only when claimed).
    pub unproven: Vec<CriterionCode>,
}

impl MissingBeforeSubmission {
    /// Whether nothing is missing.
    pub fn is_empty(&self) -> bool {
        !self.nothing_applicable && self.unscored.is_empty() && self.unproven.is_empty()
    }

    /// The refusal a submission meets, the first lack first.
    pub fn refusal(self) -> Option<ScorecardError> {
        if self.nothing_applicable {
            Some(ScorecardError::NothingApplicable)
        } else if !self.unscored.is_empty() {
            Some(ScorecardError::MissingScores(self.unscored))
        } else if !self.unproven.is_empty() {
            Some(ScorecardError::MissingEvidence(self.unproven))
        } else {
            None
        }
    }
}

impl Scorecard {
    /// What this scorecard lacks before submission under `tree`.
    pub fn missing_before_submission(&self, tree: &CriteriaTree) -> MissingBeforeSubmission {
        let applicable: Vec<&Criterion> = tree
            .leaves()
            .filter(|leaf| !self.is_not_applicable(&leaf.code))
            .filter(|leaf| !leaf.method.as_ref().is_some_and(ScoringMethod::is_survey))
            .collect();
        let nothing_applicable = !tree.leaves().any(|leaf| {
            leaf.code.section() == Section::Main && !self.is_not_applicable(&leaf.code)
        });
        let unscored = applicable
            .iter()
            .filter(|leaf| {
                leaf.code.section() == Section::Main && self.self_points(&leaf.code).is_none()
            })
            .map(|leaf| leaf.code.clone())
            .collect();
        let unproven = applicable
            .iter()
            .filter(|leaf| leaf.evidence_required)
            .filter(|leaf| {
                // Bonus and penalty items need proof only when claimed.
                leaf.code.section() == Section::Main
                    || self
                        .self_points(&leaf.code)
                        .is_some_and(|p| p > Points::ZERO)
            })
            .filter(|leaf| {
                self.evidence(&leaf.code).is_empty() && self.explanation(&leaf.code).is_none()
            })
            .map(|leaf| leaf.code.clone())
            .collect();
        MissingBeforeSubmission {
            nothing_applicable,
            unscored,
            unproven,
        }
    }
}
