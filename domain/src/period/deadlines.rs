use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::time::end_of_day;

/// The four deadlines of a period, as local dates in Vietnam, in the order
/// the work happens: self-assessment, appraisal round 1, the unit's
/// explanation of round-1 scores, appraisal round 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// Last day to enter, approve and submit the self-assessment.
    pub self_assessment: NaiveDate,
    /// Last day of appraisal round 1.
    pub appraisal_round_1: NaiveDate,
    /// Last day for a unit to answer round-1 scores.
    pub explanation: NaiveDate,
    /// Last day of appraisal round 2 and of appraisal submission.
    pub appraisal_round_2: NaiveDate,
}

/// One of the four deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// Self-assessment.
    #[serde(rename = "self_assessment")]
    SelfAssessment,
    /// Appraisal round 1.
    #[serde(rename = "appraisal_round_1")]
    AppraisalRound1,
    /// The unit's explanation window.
    #[serde(rename = "explanation")]
    Explanation,
    /// Appraisal round 2.
    #[serde(rename = "appraisal_round_2")]
    AppraisalRound2,
}

impl DeadlineKind {
    /// Whether it is a unit's own work (self-assessment, explanation), so
    /// that one unit's may be extended alone; the appraisal rounds are the
    /// appraisers' and move for everyone.
    pub fn is_a_units(self) -> bool {
        matches!(self, Self::SelfAssessment | Self::Explanation)
    }

    /// The Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::SelfAssessment => "tự đánh giá",
            Self::AppraisalRound1 => "thẩm định vòng 1",
            Self::Explanation => "giải trình",
            Self::AppraisalRound2 => "thẩm định vòng 2",
        }
    }
}

impl fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// Work refused because its deadline has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("đã hết hạn {kind} (ngày {date})")]
pub struct DeadlinePassed {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// Its date.
    pub date: NaiveDate,
}

impl Deadlines {
    /// The date of one deadline.
    pub fn get(&self, kind: DeadlineKind) -> NaiveDate {
        match kind {
            DeadlineKind::SelfAssessment => self.self_assessment,
            DeadlineKind::AppraisalRound1 => self.appraisal_round_1,
            DeadlineKind::Explanation => self.explanation,
            DeadlineKind::AppraisalRound2 => self.appraisal_round_2,
        }
    }

    /// The same deadlines with one moved.
    pub fn with(mut self, kind: DeadlineKind, date: NaiveDate) -> Self {
        match kind {
            DeadlineKind::SelfAssessment => self.self_assessment = date,
            DeadlineKind::AppraisalRound1 => self.appraisal_round_1 = date,
            DeadlineKind::Explanation => self.explanation = date,
            DeadlineKind::AppraisalRound2 => self.appraisal_round_2 = date,
        }
        self
    }

    /// Whether the dates follow the order of the work.
    pub fn are_in_order(&self) -> bool {
        self.self_assessment <= self.appraisal_round_1
            && self.appraisal_round_1 <= self.explanation
            && self.explanation <= self.appraisal_round_2
    }

    /// Whether `kind`'s deadline day has ended at `at`.
    pub fn has_passed(&self, kind: DeadlineKind, at: DateTime<Utc>) -> bool {
        at >= end_of_day(self.get(kind))
    }

    /// `Ok` while `kind`'s deadline day has not ended at `at`.
    pub fn check(&self, kind: DeadlineKind, at: DateTime<Utc>) -> Result<(), DeadlinePassed> {
        if self.has_passed(kind, at) {
            Err(DeadlinePassed {
                kind,
                date: self.get(kind),
            })
        } else {
            Ok(())
        }
    }
}
