use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::scoring::{Percentage, Points, divide_round_half_up};
use crate::self_assessment::SurveyWeights;

/// How a leaf is scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum ScoringMethod {
    /// One of the listed scores, each with its wording.
    #[serde(rename = "levels")]
    Levels {
        /// The allowed scores, highest first.
        levels: Vec<Level>,
    },
    /// A percentage achieved × the maximum ÷ 100, rounded half up to 2 places.
    #[serde(rename = "ratio")]
    Ratio,
    /// Any score from 0 to the maximum in steps of `step` (0.25 unless the
    /// criteria set says otherwise).
    #[serde(rename = "range")]
    Range {
        /// The step the set gives this leaf (none: [`RANGE_STEP`]); left out
        /// of the stored form when none, so sets from before keep their
        /// digest.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<Points>,
    },
    /// The mean of survey responses' percentages × the maximum ÷ 100; not
    /// entered by the unit.
    #[serde(rename = "survey")]
    Survey {
        /// What each answer is worth, as the set gives them (none: A, B, C,
        /// D = 100, 60, 20, 0 %); left out of the stored form when none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<SurveyWeights>,
    },
}

/// One listed score of a levels leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// The score.
    pub score: Points,
    /// What it means ("Ban hành đúng thời hạn").
    pub wording: String,
}

/// What a unit or an appraiser enters for a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value")]
pub enum LeafEntry {
    /// A score: one of the levels, or a range value.
    #[serde(rename = "score")]
    Score(Points),
    /// A percentage achieved, for a ratio leaf.
    #[serde(rename = "ratio")]
    Ratio(Percentage),
}

/// Why an entry does not fit a leaf's method.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// The score is not one of the listed levels.
    #[error("điểm {score} không thuộc các mức của tiêu chí ({allowed})")]
    NotALevel {
        /// What was entered.
        score: Points,
        /// The allowed scores, comma-separated.
        allowed: String,
    },
    /// Above the leaf's maximum.
    #[error("điểm {score} vượt quá điểm tối đa {max}")]
    AboveMaximum {
        /// What was entered.
        score: Points,
        /// The maximum.
        max: Points,
    },
    /// Not a multiple of the leaf's step.
    #[error("điểm {} phải là bội số của {}", comma(.score), comma(.step))]
    NotAStep {
        /// What was entered.
        score: Points,
        /// The leaf's step.
        step: Points,
    },
    /// A ratio leaf takes a percentage, not a score.
    #[error("tiêu chí này chấm theo tỷ lệ: nhập tỷ lệ phần trăm đạt được")]
    PercentageExpected,
    /// A levels or range leaf takes a score, not a percentage.
    #[error("tiêu chí này không chấm theo tỷ lệ: nhập số điểm")]
    ScoreExpected,
    /// A survey leaf is scored from survey responses.
    #[error("tiêu chí này lấy điểm từ kết quả khảo sát, không nhập trực tiếp")]
    SurveyLeaf,
}

/// The step of range scores unless the criteria set gives another.
pub const RANGE_STEP: Decimal = Decimal::from_parts(25, 0, 0, false, 2);

/// A figure as officials write it (0,25).
fn comma(points: &Points) -> String {
    points.to_string().replace('.', ",")
}

impl ScoringMethod {
    /// The points an entry is worth on a leaf with maximum `max`, or why the
    /// entry does not fit.
    pub fn score(&self, entry: LeafEntry, max: Points) -> Result<Points, EntryError> {
        match (self, entry) {
            (Self::Survey { .. }, _) => Err(EntryError::SurveyLeaf),
            (Self::Ratio, LeafEntry::Ratio(percentage)) => {
                Ok(ratio_points(percentage.value(), max))
            }
            (Self::Ratio, LeafEntry::Score(_)) => Err(EntryError::PercentageExpected),
            (Self::Levels { .. } | Self::Range { .. }, LeafEntry::Ratio(_)) => {
                Err(EntryError::ScoreExpected)
            }
            (Self::Levels { levels }, LeafEntry::Score(score)) => {
                if levels.iter().any(|level| level.score == score) {
                    Ok(score)
                } else {
                    let allowed: Vec<String> = levels.iter().map(|l| l.score.to_string()).collect();
                    Err(EntryError::NotALevel {
                        score,
                        allowed: allowed.join(", "),
                    })
                }
            }
            (Self::Range { .. }, LeafEntry::Score(score)) => {
                let step = self.range_step().unwrap_or(Points::ZERO);
                if score > max {
                    Err(EntryError::AboveMaximum { score, max })
                } else if !score.is_multiple_of(step.value()) {
                    Err(EntryError::NotAStep { score, step })
                } else {
                    Ok(score)
                }
            }
        }
    }

    /// A short machine name: `levels`, `ratio`, `range`, `survey`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Levels { .. } => "levels",
            Self::Ratio => "ratio",
            Self::Range { .. } => "range",
            Self::Survey { .. } => "survey",
        }
    }

    /// A range leaf's step: the set's, else [`RANGE_STEP`]; none for other
    /// methods.
    pub fn range_step(&self) -> Option<Points> {
        match self {
            Self::Range { step } => {
                Some(step.unwrap_or_else(|| Points::new(RANGE_STEP).unwrap_or(Points::ZERO)))
            }
            _ => None,
        }
    }

    /// A survey leaf's answer weights: the set's, else the regulation's
    /// A, B, C, D = 100, 60, 20, 0 %; none for other methods.
    pub fn survey_weights(&self) -> Option<SurveyWeights> {
        match self {
            Self::Survey { weights } => Some(weights.unwrap_or_default()),
            _ => None,
        }
    }

    /// Whether it is a survey leaf (scored from forms, never entered).
    pub fn is_survey(&self) -> bool {
        matches!(self, Self::Survey { .. })
    }

    /// A range leaf with the default step.
    pub const RANGE: Self = Self::Range { step: None };
    /// A survey leaf with the default weights.
    pub const SURVEY: Self = Self::Survey { weights: None };
}

/// `percentage × max ÷ 100`, rounded half up to two places. The result never
/// exceeds `max`, since the percentage is at most 100.
pub fn ratio_points(percentage: Decimal, max: Points) -> Points {
    let exact = divide_round_half_up(percentage * max.value(), Decimal::ONE_HUNDRED, 2);
    // Both factors are bounded when parsed, so this cannot overflow; fall back
    // to the maximum's own bound rather than panic.
    exact
        .ok()
        .and_then(|value| Points::new(value).ok())
        .unwrap_or(Points::ZERO)
        .capped_at(max)
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn points(text: &str) -> Points {
        Points::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn levels() -> ScoringMethod {
        ScoringMethod::Levels {
            levels: ["1", "0.5", "0"]
                .iter()
                .map(|s| Level {
                    score: points(s),
                    wording: format!("mức {s}"),
                })
                .collect(),
        }
    }

    #[test]
    fn a_levels_leaf_takes_only_its_levels() {
        assert_eq!(
            levels().score(LeafEntry::Score(points("0.5")), points("1")),
            Ok(points("0.5"))
        );
        assert!(matches!(
            levels().score(LeafEntry::Score(points("0.75")), points("1")),
            Err(EntryError::NotALevel { .. })
        ));
    }

    #[test]
    fn a_range_leaf_takes_quarters_up_to_its_maximum() {
        let max = points("2");
        assert_eq!(
            ScoringMethod::RANGE.score(LeafEntry::Score(points("1.75")), max),
            Ok(points("1.75"))
        );
        assert_eq!(
            ScoringMethod::RANGE.score(LeafEntry::Score(points("1.8")), max),
            Err(EntryError::NotAStep {
                score: points("1.8"),
                step: points("0.25")
            })
        );
        assert!(matches!(
            ScoringMethod::RANGE.score(LeafEntry::Score(points("2.25")), max),
            Err(EntryError::AboveMaximum { .. })
        ));
        // A set may give a leaf its own step.
        let halves = ScoringMethod::Range {
            step: Some(points("0.5")),
        };
        assert_eq!(
            halves.score(LeafEntry::Score(points("1.5")), max),
            Ok(points("1.5"))
        );
        assert_eq!(
            halves
                .score(LeafEntry::Score(points("1.25")), max)
                .map_err(|e| e.to_string()),
            Err("điểm 1,25 phải là bội số của 0,5".to_owned())
        );
    }

    #[test]
    fn a_ratio_leaf_scores_the_percentage_of_its_maximum_rounded_half_up() {
        let entry =
            |p: &str| LeafEntry::Ratio(Percentage::parse(p).unwrap_or_else(|e| panic!("{e}")));
        // 87.5 % of 1.5 = 1.3125 → 1.31; 83.33 % of 3 = 2.4999 → 2.50.
        assert_eq!(
            ScoringMethod::Ratio.score(entry("87.5"), points("1.5")),
            Ok(points("1.31"))
        );
        assert_eq!(
            ScoringMethod::Ratio.score(entry("83.33"), points("3")),
            Ok(points("2.5"))
        );
        assert_eq!(
            ScoringMethod::Ratio.score(entry("100"), points("30")),
            Ok(points("30"))
        );
        assert_eq!(ratio_points(dec!(50.5), points("1")), points("0.51"));
    }

    #[test]
    fn survey_leaves_are_not_entered() {
        assert_eq!(
            ScoringMethod::SURVEY.score(LeafEntry::Score(points("1")), points("10")),
            Err(EntryError::SurveyLeaf)
        );
    }
}
