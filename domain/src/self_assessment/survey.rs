use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::criteria::CriterionCode;
use crate::ids::SurveyResponseId;
use crate::scoring::{Points, divide_round_half_up};

/// An answer on a survey form: A, B, C or D, worth by default 100, 60, 20
/// or 0 % of the item ([`SurveyWeights`]).
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

/// What each survey answer is worth, in percent of the item: the
/// regulation's A, B, C, D = 100, 60, 20, 0 unless a criteria set gives a
/// leaf its own (from 100 down, never rising).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SurveyWeights {
    /// A's share.
    pub a: Decimal,
    /// B's share.
    pub b: Decimal,
    /// C's share.
    pub c: Decimal,
    /// D's share.
    pub d: Decimal,
}

impl Default for SurveyWeights {
    fn default() -> Self {
        Self {
            a: Decimal::from(100),
            b: Decimal::from(60),
            c: Decimal::from(20),
            d: Decimal::ZERO,
        }
    }
}

impl SurveyWeights {
    /// The share `answer` is worth.
    pub fn of(&self, answer: SurveyAnswer) -> Decimal {
        match answer {
            SurveyAnswer::A => self.a,
            SurveyAnswer::B => self.b,
            SurveyAnswer::C => self.c,
            SurveyAnswer::D => self.d,
        }
    }

    /// Parses `A=100|B=60|C=20|D=0`: every answer once, each share from 0
    /// to 100 with at most two decimals, A the highest and none above the
    /// one before (a lower answer never scores more).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut shares: [Option<Decimal>; 4] = [None; 4];
        for part in text.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let (answer, share) = part
                .split_once('=')
                .ok_or_else(|| format!("\"{part}\" phải có dạng đáp án=tỷ lệ, ví dụ A=100"))?;
            let answer = SurveyAnswer::parse(answer)
                .ok_or_else(|| format!("đáp án \"{}\" phải là A, B, C hoặc D", answer.trim()))?;
            let share: Decimal = share
                .trim()
                .replace(',', ".")
                .parse()
                .map_err(|_| format!("tỷ lệ \"{}\" không phải là số", share.trim()))?;
            if share < Decimal::ZERO || share > Decimal::ONE_HUNDRED || share.scale() > 2 {
                return Err(format!(
                    "tỷ lệ {share} phải từ 0 đến 100, tối đa hai chữ số thập phân"
                ));
            }
            let slot = &mut shares[answer as usize];
            if slot.is_some() {
                return Err(format!("đáp án {answer:?} được ghi hai lần"));
            }
            *slot = Some(share);
        }
        let [Some(a), Some(b), Some(c), Some(d)] = shares else {
            return Err("cần ghi đủ tỷ lệ của A, B, C và D".to_owned());
        };
        if !(a >= b && b >= c && c >= d) {
            return Err("tỷ lệ phải giảm dần từ A đến D".to_owned());
        }
        Ok(Self { a, b, c, d })
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

/// A survey leaf's score: the mean of its answers' shares (`weights`) ×
/// `max` ÷ 100, rounded half up to two places (exact decimals). No answers
/// score 0.
pub fn survey_points(max: Points, answers: &[SurveyAnswer], weights: &SurveyWeights) -> Points {
    if answers.is_empty() {
        return Points::ZERO;
    }
    let sum: Decimal = answers.iter().map(|a| weights.of(*a)).sum();
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
        let weights = SurveyWeights::default();
        let answers = [SurveyAnswer::A, SurveyAnswer::B, SurveyAnswer::B];
        assert_eq!(survey_points(max, &answers, &weights).to_string(), "7.33");
        // (100 + 20) / 2 = 60 % of 10 = 6
        assert_eq!(
            survey_points(max, &[SurveyAnswer::A, SurveyAnswer::C], &weights).to_string(),
            "6"
        );
        assert_eq!(survey_points(max, &[], &weights), Points::ZERO);
        // A set's own weights: (100 + 50) / 2 = 75 % of 10.
        let own = SurveyWeights::parse("A=100|B=75|C=50|D=0").unwrap_or_default();
        assert_eq!(
            survey_points(max, &[SurveyAnswer::A, SurveyAnswer::C], &own).to_string(),
            "7.5"
        );
    }

    #[test]
    fn weights_that_cannot_work_are_refused() {
        assert_eq!(
            SurveyWeights::parse("A=100|B=60|C=20|D=0"),
            Ok(SurveyWeights::default())
        );
        for bad in [
            "A=100|B=60|C=20",
            "A=100|B=60|C=70|D=0",
            "A=120|B=60|C=20|D=0",
            "A=100|B=60|B=20|D=0",
            "A=100|E=60|C=20|D=0",
            "A=cao|B=60|C=20|D=0",
        ] {
            assert!(SurveyWeights::parse(bad).is_err(), "{bad}");
        }
    }
}
