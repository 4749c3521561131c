//! The node a period's id names, as a page's operation selects it
//! (`node(id:) { __typename ... on Period { … } }`): the period with the
//! fields that page asked for, or a node of another type (an id from
//! another list), which names no period.

use serde::Deserialize;

/// The node, with the period's fields read into the page's own `T`.
#[derive(Deserialize)]
#[serde(tag = "__typename")]
pub enum PeriodNode<T> {
    /// A period.
    Period(Box<T>),
    /// Anything else.
    #[serde(other)]
    Other,
}
