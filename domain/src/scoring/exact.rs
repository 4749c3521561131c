use rust_decimal::Decimal;

/// A computation left the range the exact arithmetic supports (far beyond any
/// real score: maxima are bounded when parsed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("phép tính vượt quá giới hạn số học chính xác")]
pub struct ArithmeticOverflow;

/// `numerator ÷ denominator`, rounded half away from zero to `places`
/// decimal places, computed on integers so that the rounding decision is
/// exact (a decimal division would first round to 28 digits, which can turn
/// 12.344999… into 12.345 and then into 12.35).
///
/// The denominator must not be zero.
pub fn divide_round_half_up(
    numerator: Decimal,
    denominator: Decimal,
    places: u32,
) -> Result<Decimal, ArithmeticOverflow> {
    if denominator.is_zero() {
        return Err(ArithmeticOverflow);
    }
    // numerator = n / 10^a, denominator = d / 10^b, so
    // numerator / denominator × 10^places = n × 10^(b + places) / (d × 10^a).
    let n = numerator.mantissa();
    let d = denominator.mantissa();
    let top = n
        .checked_mul(pow10(denominator.scale() + places)?)
        .ok_or(ArithmeticOverflow)?;
    let bottom = d
        .checked_mul(pow10(numerator.scale())?)
        .ok_or(ArithmeticOverflow)?;
    let negative = (top < 0) != (bottom < 0);
    let (top, bottom) = (top.unsigned_abs(), bottom.unsigned_abs());
    let mut quotient = top / bottom;
    let remainder = top % bottom;
    if remainder.checked_mul(2).ok_or(ArithmeticOverflow)? >= bottom {
        quotient += 1;
    }
    let quotient = i128::try_from(quotient).map_err(|_| ArithmeticOverflow)?;
    let signed = if negative { -quotient } else { quotient };
    Decimal::try_from_i128_with_scale(signed, places).map_err(|_| ArithmeticOverflow)
}

fn pow10(exponent: u32) -> Result<i128, ArithmeticOverflow> {
    10_i128.checked_pow(exponent).ok_or(ArithmeticOverflow)
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(divide_round_half_up(dec!(1), dec!(8), 2), Ok(dec!(0.13)));
        assert_eq!(divide_round_half_up(dec!(-1), dec!(8), 2), Ok(dec!(-0.13)));
        assert_eq!(divide_round_half_up(dec!(1), dec!(3), 2), Ok(dec!(0.33)));
        assert_eq!(divide_round_half_up(dec!(2), dec!(3), 2), Ok(dec!(0.67)));
    }

    #[test]
    fn a_value_just_below_a_half_is_not_rounded_up() {
        // 12.344999…: 37.034999… / 3 would round up if it went through a
        // 28-digit decimal first; on integers it does not.
        let below = divide_round_half_up(dec!(37.034999999999999999999999), dec!(3), 2);
        assert_eq!(below, Ok(dec!(12.34)));
        assert_eq!(
            divide_round_half_up(dec!(37.035), dec!(3), 2),
            Ok(dec!(12.35))
        );
    }

    #[test]
    fn zero_denominator_is_refused() {
        assert_eq!(
            divide_round_half_up(dec!(1), dec!(0), 2),
            Err(ArithmeticOverflow)
        );
    }
}
