use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ArithmeticOverflow, Points, divide_round_half_up};

/// An index: points over an applicable maximum, × 100. Kept as the exact
/// fraction, so that comparisons (ranking, classification) are exact; shown
/// rounded half up to two places.
///
/// The points may be negative (penalties can exceed what was earned); the
/// maximum is positive. A unit for which nothing is applicable has the
/// index 0 (stored as 0 over 1).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Index {
    points: Decimal,
    maximum: Decimal,
}

impl Index {
    /// The index of `points` over `maximum`.
    pub fn new(points: Decimal, maximum: Points) -> Self {
        if maximum.value().is_zero() {
            return Self {
                points: Decimal::ZERO,
                maximum: Decimal::ONE,
            };
        }
        Self {
            points,
            maximum: maximum.value(),
        }
    }

    /// The points counted.
    pub fn points(&self) -> Decimal {
        self.points
    }

    /// The applicable maximum.
    pub fn maximum(&self) -> Decimal {
        self.maximum
    }

    /// The index as shown: × 100, rounded half up to two decimal places.
    pub fn rounded(&self) -> Result<Decimal, ArithmeticOverflow> {
        let scaled = self
            .points
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(ArithmeticOverflow)?;
        divide_round_half_up(scaled, self.maximum, 2)
    }

    /// Whether the exact index is at least `threshold` (an index value such as 90).
    pub fn is_at_least(&self, threshold: Decimal) -> bool {
        // points / maximum × 100 ≥ threshold  ⇔  points × 100 ≥ threshold × maximum
        self.points * Decimal::ONE_HUNDRED >= threshold * self.maximum
    }
}

impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Index {}

impl PartialOrd for Index {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Index {
    /// Exact comparison of the fractions by cross-multiplication (both
    /// maxima are positive, and products of two-place decimals are exact).
    fn cmp(&self, other: &Self) -> Ordering {
        (self.points * other.maximum).cmp(&(other.points * self.maximum))
    }
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rounded() {
            Ok(value) => write!(f, "{value:.2}"),
            Err(_) => write!(f, "{} / {}", self.points, self.maximum),
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn points(value: Decimal) -> Points {
        Points::new(value).unwrap_or_default()
    }

    #[test]
    fn equal_fractions_are_equal_indexes() {
        assert_eq!(
            Index::new(dec!(45), points(dec!(50))),
            Index::new(dec!(90), points(dec!(100)))
        );
    }

    #[test]
    fn indexes_that_show_the_same_can_differ() {
        // 2/3 = 66.666…% and 66.67/100 both show as 66.67, but are not equal.
        let two_thirds = Index::new(dec!(2), points(dec!(3)));
        let shown_same = Index::new(dec!(66.67), points(dec!(100)));
        assert_eq!(two_thirds.rounded(), shown_same.rounded());
        assert!(two_thirds < shown_same);
    }

    #[test]
    fn nothing_applicable_is_index_zero() {
        assert_eq!(Index::new(dec!(0), Points::ZERO).rounded(), Ok(dec!(0)));
    }
}
