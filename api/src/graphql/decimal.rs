//! Exact decimal numbers as the API carries them: the `Decimal` scalar,
//! text such as `"87.50"` (points, maxima, totals, indexes, percentages).
//! Never a JSON float, which clients round: 0.1 + 0.2 is not 0.3 there, and
//! a ranking decided by the second decimal must not move in transit.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chamdiem_domain::scoring::Points;

/// An exact decimal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

/// The longest text read as a decimal: more is not a number anyone typed.
const LONGEST: usize = 40;

/// An exact decimal number, as text ("87.5", "-2.25"; "87,5" with the
/// Vietnamese decimal comma is read too); a JSON integer is also read.
/// Never a float, which would not be exact.
#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => read(text).map(Self).ok_or_else(|| {
                InputValueError::custom(format!(
                    "{text:?} không phải số thập phân: viết chữ số, dấu chấm hoặc dấu phẩy thập phân (ví dụ \"87.5\" hoặc \"87,5\")"
                ))
            }),
            Value::Number(number) => number
                .as_i64()
                .map(|n| Self(rust_decimal::Decimal::from(n)))
                .ok_or_else(|| {
                    InputValueError::custom(
                        "số thập phân phải gửi dạng chuỗi (ví dụ \"87.5\"), không dạng số thực",
                    )
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// `text` as a decimal, written as officials write numbers: digits, an
/// optional sign, and one decimal point or (the Vietnamese way) one decimal
/// comma; no exponent, no thousands separators.
fn read(text: &str) -> Option<rust_decimal::Decimal> {
    let text = text.trim();
    if text.len() > LONGEST {
        return None;
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let separators = digits.bytes().filter(|b| matches!(b, b'.' | b',')).count();
    let plain = !digits.is_empty()
        && separators <= 1
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b','));
    if !plain {
        return None;
    }
    text.replace(',', ".").parse().ok()
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

impl From<Points> for Decimal {
    fn from(value: Points) -> Self {
        Self(value.value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_travel_as_exact_text_and_floats_are_refused() {
        let value = rust_decimal::Decimal::new(8750, 2);
        assert_eq!(Decimal(value).to_value(), Value::String("87.50".into()));
        assert_eq!(
            Decimal::parse(Value::String("87.50".into())).ok(),
            Some(Decimal(value))
        );
        assert_eq!(
            Decimal::parse(Value::Number(12.into())).ok(),
            Some(Decimal(rust_decimal::Decimal::from(12)))
        );
        let float = serde_json::Number::from_f64(0.1).map(Value::Number);
        assert!(float.is_some_and(|f| Decimal::parse(f).is_err()));
        assert!(Decimal::parse(Value::String("1e3".into())).is_err());
        assert!(Decimal::parse(Value::String("1.000,5".into())).is_err());
        assert_eq!(
            Decimal::parse(Value::String("87,5".into())).ok(),
            Some(Decimal(rust_decimal::Decimal::new(875, 1)))
        );
        assert!(Decimal::parse(Value::String("9".repeat(100))).is_err());
    }
}
