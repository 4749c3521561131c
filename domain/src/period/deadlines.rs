use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::time::{date_vi, end_of_day, local_date};

/// The four deadlines of a period, as local dates in Vietnam, in the order
/// the work happens: self-assessment, appraisal round 1, the unit's
/// explanation of round-1 scores, appraisal round 2; and the day the
/// self-assessment opens, when it does not open with the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// First day units may enter their self-assessment; from the period's
    /// opening when none (periods opened before this date existed).
    #[serde(default)]
    pub self_assessment_opens: Option<NaiveDate>,
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

/// Self-assessment refused because it has not opened yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("chưa đến thời gian tự đánh giá: bắt đầu từ ngày {}", date_vi(*.0))]
pub struct NotOpenYet(pub NaiveDate);

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
        self.self_assessment_opens
            .is_none_or(|opens| opens <= self.self_assessment)
            && self.self_assessment <= self.appraisal_round_1
            && self.appraisal_round_1 <= self.explanation
            && self.explanation <= self.appraisal_round_2
    }

    /// Whether `kind`'s deadline day has ended at `at`.
    pub fn has_passed(&self, kind: DeadlineKind, at: DateTime<Utc>) -> bool {
        at >= end_of_day(self.get(kind))
    }

    /// `Ok` once the self-assessment has opened at `at` (its first day
    /// has begun in Vietnam).
    pub fn check_opened(&self, at: DateTime<Utc>) -> Result<(), NotOpenYet> {
        match self.self_assessment_opens {
            Some(opens) if local_date(at) < opens => Err(NotOpenYet(opens)),
            _ => Ok(()),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, deadlines, noon};

    #[test]
    fn the_self_assessment_opens_on_its_first_day_in_vietnam() {
        let with_opening = Deadlines {
            self_assessment_opens: Some(date(2025, 1, 8)),
            ..deadlines()
        };
        assert_eq!(
            with_opening.check_opened(noon(2025, 1, 7)),
            Err(NotOpenYet(date(2025, 1, 8)))
        );
        // Midnight of the 8th in Vietnam is 17:00 UTC on the 7th.
        let first_minute = date(2025, 1, 7)
            .and_hms_opt(17, 0, 0)
            .unwrap_or_default()
            .and_utc();
        assert_eq!(with_opening.check_opened(first_minute), Ok(()));
        assert_eq!(deadlines().check_opened(noon(2024, 12, 1)), Ok(()));
        let after_its_deadline = Deadlines {
            self_assessment_opens: Some(date(2025, 1, 16)),
            ..deadlines()
        };
        assert!(!after_its_deadline.are_in_order());
    }
}
