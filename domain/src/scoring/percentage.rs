use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A percentage achieved, from 0 to 100 with at most two decimal places
/// (a ratio leaf's input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Percentage(Decimal);

/// Why a number is not a percentage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PercentageError {
    /// Not a number.
    #[error("\"{0}\" không phải là một tỷ lệ phần trăm")]
    NotANumber(String),
    /// Outside 0–100.
    #[error("tỷ lệ phần trăm phải từ 0 đến 100")]
    OutOfRange,
    /// More than two decimal places.
    #[error("tỷ lệ phần trăm có tối đa hai chữ số thập phân")]
    TooPrecise,
}

impl Percentage {
    /// 100 %.
    pub const FULL: Self = Self(Decimal::ONE_HUNDRED);

    /// Checks a decimal.
    pub fn new(value: Decimal) -> Result<Self, PercentageError> {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(PercentageError::OutOfRange);
        }
        if value.normalize().scale() > 2 {
            return Err(PercentageError::TooPrecise);
        }
        Ok(Self(value.normalize()))
    }

    /// Parses text such as `"87.5"`, `"87,5"` or `"87.5%"`.
    pub fn parse(text: &str) -> Result<Self, PercentageError> {
        let trimmed = text.trim().trim_end_matches('%').trim().replace(',', ".");
        let value = Decimal::from_str(&trimmed)
            .map_err(|_| PercentageError::NotANumber(text.to_owned()))?;
        Self::new(value)
    }

    /// The decimal value (87.5 for 87.5 %).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Percentage {
    type Error = PercentageError;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Percentage> for Decimal {
    fn from(percentage: Percentage) -> Self {
        percentage.0
    }
}

impl fmt::Display for Percentage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn percentages_parse_with_or_without_sign() {
        assert_eq!(
            Percentage::parse("87,5 %").map(Percentage::value),
            Ok(dec!(87.5))
        );
        assert_eq!(
            Percentage::parse("100").map(Percentage::value),
            Ok(dec!(100))
        );
    }

    #[test]
    fn out_of_range_and_imprecise_are_refused() {
        assert_eq!(
            Percentage::parse("100.01"),
            Err(PercentageError::OutOfRange)
        );
        assert_eq!(Percentage::parse("-0.5"), Err(PercentageError::OutOfRange));
        assert_eq!(
            Percentage::parse("33.333"),
            Err(PercentageError::TooPrecise)
        );
    }
}
