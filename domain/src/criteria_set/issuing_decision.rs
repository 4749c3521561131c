use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The decision that issues a criteria set ("4606/QĐ-UBND" of 2023-12-20):
/// the set in the software must match the paper decision (Điều 6.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuingDecision {
    number: String,
    date: NaiveDate,
}

/// Why a decision reference is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssuingDecisionError {
    /// The number is empty, too long or has control characters.
    #[error("số quyết định không hợp lệ")]
    Number,
}

impl IssuingDecision {
    /// A decision reference.
    pub fn new(number: &str, date: NaiveDate) -> Result<Self, IssuingDecisionError> {
        let number = number.trim();
        if number.is_empty() || number.chars().count() > 100 || number.chars().any(char::is_control)
        {
            return Err(IssuingDecisionError::Number);
        }
        Ok(Self {
            number: number.to_owned(),
            date,
        })
    }

    /// Its number.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// The day it was signed.
    pub fn date(&self) -> NaiveDate {
        self.date
    }
}
