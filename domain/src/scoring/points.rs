use std::fmt;
use std::iter::Sum;
use std::ops::Add;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A non-negative number of points with at most two decimal places: a
/// maximum, a self score, an appraised score, a bonus or a penalty.
/// Serialised as a string ("1.25") so that no JSON reader turns it into a float.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Points(Decimal);

/// Why a number is not a valid number of points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    /// Not a number.
    #[error("\"{0}\" không phải là một số điểm")]
    NotANumber(String),
    /// Below zero.
    #[error("số điểm không được âm")]
    Negative,
    /// More than two decimal places.
    #[error("số điểm có tối đa hai chữ số thập phân")]
    TooPrecise,
    /// Beyond any real score.
    #[error("số điểm vượt quá {max}")]
    TooLarge {
        /// The largest accepted value.
        max: Decimal,
    },
}

impl Points {
    /// No points.
    pub const ZERO: Self = Self(Decimal::ZERO);
    /// The most decimal places a score has.
    pub const PLACES: u32 = 2;
    /// The largest value accepted: far above any criteria set's total, small
    /// enough that exact products can never overflow.
    pub const LIMIT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

    /// Checks a decimal.
    pub fn new(value: Decimal) -> Result<Self, PointsError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(PointsError::Negative);
        }
        if value.normalize().scale() > Self::PLACES {
            return Err(PointsError::TooPrecise);
        }
        if value > Self::LIMIT {
            return Err(PointsError::TooLarge { max: Self::LIMIT });
        }
        Ok(Self(value.normalize()))
    }

    /// Parses text such as `"1.25"` or `"0,75"` (a Vietnamese decimal comma is accepted).
    pub fn parse(text: &str) -> Result<Self, PointsError> {
        let trimmed = text.trim().replace(',', ".");
        let value =
            Decimal::from_str(&trimmed).map_err(|_| PointsError::NotANumber(text.to_owned()))?;
        Self::new(value)
    }

    /// The decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Whether this is a multiple of `step`.
    pub fn is_multiple_of(self, step: Decimal) -> bool {
        !step.is_zero() && (self.0 % step).is_zero()
    }

    /// The smaller of this and `cap`.
    pub fn capped_at(self, cap: Self) -> Self {
        self.min(cap)
    }
}

impl TryFrom<Decimal> for Points {
    type Error = PointsError;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Points> for Decimal {
    fn from(points: Points) -> Self {
        points.0
    }
}

impl Add for Points {
    type Output = Self;

    /// Sums stay exact; a sum of valid points has at most two places.
    fn add(self, other: Self) -> Self {
        Self((self.0 + other.0).normalize())
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.normalize().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn quarter_points_and_decimal_commas_parse() {
        assert_eq!(Points::parse("0,75").map(Points::value), Ok(dec!(0.75)));
        assert_eq!(Points::parse(" 2.50 ").map(Points::value), Ok(dec!(2.5)));
    }

    #[test]
    fn negative_imprecise_huge_and_garbage_are_refused() {
        assert_eq!(Points::parse("-1"), Err(PointsError::Negative));
        assert_eq!(Points::parse("0.125"), Err(PointsError::TooPrecise));
        assert!(Points::parse("1e9").is_err());
        assert!(matches!(
            Points::parse("10000000"),
            Err(PointsError::TooLarge { .. })
        ));
        assert!(matches!(
            Points::parse("NaN"),
            Err(PointsError::NotANumber(_))
        ));
    }

    #[test]
    fn points_serialise_as_strings() {
        let json = serde_json::to_string(&Points::parse("1.5").unwrap_or_default());
        assert_eq!(json.ok().as_deref(), Some("\"1.5\""));
    }
}
