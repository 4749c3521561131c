//! A place in the global log, as the API carries it: the `LogPosition`
//! scalar, a JSON integer (not GraphQL's 32-bit `Int`, which clients such as
//! graphql-js refuse beyond 2³¹ and some truncate). Positions are gap-free
//! from 1; 0 means "before the first event".

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// A log position (≥ 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position(pub i64);

/// The largest integer every JSON client reads exactly (2⁵³ − 1).
const EXACT_IN_JSON: i64 = (1 << 53) - 1;

#[Scalar(name = "LogPosition")]
impl ScalarType for Position {
    fn parse(value: Value) -> InputValueResult<Self> {
        let position = match &value {
            Value::Number(number) => number.as_i64(),
            // A client that keeps big integers as text may send them so.
            Value::String(text) => text.trim().parse().ok(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        position
            .filter(|p| (0..=EXACT_IN_JSON).contains(p))
            .map(Self)
            .ok_or_else(|| {
                InputValueError::custom("vị trí trong nhật ký phải là số nguyên không âm")
            })
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_travel_as_json_integers_beyond_32_bits() {
        let big = 5_000_000_000_i64;
        assert_eq!(Position(big).to_value(), Value::Number(big.into()));
        assert_eq!(
            Position::parse(Value::Number(big.into())).ok(),
            Some(Position(big))
        );
        assert_eq!(
            Position::parse(Value::String(big.to_string())).ok(),
            Some(Position(big))
        );
        assert!(Position::parse(Value::Number((-1).into())).is_err());
        assert!(Position::parse(Value::Boolean(true)).is_err());
    }

    #[test]
    fn no_log_position_travels_as_int() {
        let sdl = crate::graphql::sdl();
        for int in [
            "position: Int",
            "head: Int",
            "brokenAt: Int",
            "unsealedAt: Int",
            "newEvents(after: Int",
        ] {
            assert!(!sdl.contains(int), "the schema still has {int}");
        }
        assert!(sdl.contains("scalar LogPosition"));
    }
}
