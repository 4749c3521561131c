use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::criteria::CriterionCode;
use crate::ids::SurveyResponseId;
use crate::scoring::{Points, divide_round_half_up};

/// An answer on a survey form: A, B, C or D, worth 100, 60, 20 or 0 % of
/// the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SurveyAnswer {
    /// 100 %.
    A,
    /// 60 %.
    B,
    /// 20 %.
    C,
    /// 0 %.
    D,
}

impl SurveyAnswer {
    /// The share of the item it is worth, in percent.
    pub fn percentage(self) -> Decimal {
        Decimal::from(match self {
            Self::A => 100,
            Self::B => 60,
            Self::C => 20,
            Self::D => 0,
        })
    }

    /// Parses `A`–`D` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_uppercase().as_str() {
            "A" => Some(Self::A),
            "B" => Some(Self::B),
            "C" => Some(Self::C),
            "D" => Some(Self::D),
            _ => None,
        }
    }
}

/// One survey form (phiếu khảo sát): who answered, and an answer per survey leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// The form's id.
    pub response_id: SurveyResponseId,
    /// The respondent group ("tổ chức, cá nhân", "công chức"…).
    pub respondent_group: String,
    /// The answers, by survey leaf.
    pub answers: BTreeMap<CriterionCode, SurveyAnswer>,
}

/// A survey leaf's score: the mean of its answers' percentages × `max` ÷ 100,
/// rounded half up to two places (computed on integers: exact). No answers
/// score 0.
pub fn survey_points(max: Points, answers: &[SurveyAnswer]) -> Points {
    if answers.is_empty() {
        return Points::ZERO;
    }
    let sum: Decimal = answers.iter().map(|a| a.percentage()).sum();
    let count = Decimal::from(answers.len());
    divide_round_half_up(sum * max.value(), Decimal::ONE_HUNDRED * count, 2)
        .ok()
        .and_then(|value| Points::new(value).ok())
        .unwrap_or(Points::ZERO)
        .capped_at(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survey_leaf_scores_the_mean_percentage_of_its_maximum() {
        let max = Points::parse("10").unwrap_or_default();
        // (100 + 60 + 60) / 3 = 73.33… % of 10 = 7.333… → 7.33
        let answers = [SurveyAnswer::A, SurveyAnswer::B, SurveyAnswer::B];
        assert_eq!(survey_points(max, &answers).to_string(), "7.33");
        // (100 + 20) / 2 = 60 % of 10 = 6
        assert_eq!(
            survey_points(max, &[SurveyAnswer::A, SurveyAnswer::C]).to_string(),
            "6"
        );
        assert_eq!(survey_points(max, &[]), Points::ZERO);
    }
}
