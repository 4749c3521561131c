//! The figures of a unit's result as the API shows them: component indexes
//! per field and every leaf's final score with where it came from.

use async_graphql::SimpleObject;
use chamdiem_commands::command_error::CommandError;
use chamdiem_domain::results::{FieldResult, LeafResult};

use super::caller::graphql_error;
use super::decimal::Decimal;
use super::enums::LeafSourceGql;

/// A field's component index.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
pub struct FieldIndex {
    /// The field's code (1, 2 … 8).
    pub code: String,
    /// Its points.
    pub points: Decimal,
    /// The maxima of its applicable leaves.
    pub applicable_maximum: Decimal,
    /// Points over applicable maximum, in percent, two places as shown.
    pub index: Decimal,
}

impl FieldIndex {
    /// The API's view of a field result.
    pub fn of(field: &FieldResult) -> async_graphql::Result<Self> {
        let index = field.index.rounded().map_err(|_| {
            graphql_error(CommandError::Internal(format!(
                "the index of field {} overflows",
                field.code
            )))
        })?;
        Ok(Self {
            code: field.code.to_string(),
            points: field.points.into(),
            applicable_maximum: field.applicable_maximum.into(),
            index: Decimal(index),
        })
    }

    /// The API's view of every field of a result.
    pub fn all(fields: &[FieldResult]) -> async_graphql::Result<Vec<Self>> {
        fields.iter().map(Self::of).collect()
    }
}

/// One leaf's final score.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
pub struct FinalLeaf {
    /// The leaf's code.
    pub leaf_code: String,
    /// Its final score (0 when not applicable).
    pub points: Decimal,
    /// Where it came from.
    pub source: LeafSourceGql,
}

impl From<&LeafResult> for FinalLeaf {
    fn from(leaf: &LeafResult) -> Self {
        Self {
            leaf_code: leaf.code.to_string(),
            points: leaf.points.into(),
            source: leaf.source.into(),
        }
    }
}
