//! How far an appraiser's worksheet stands, one line per assigned unit: a
//! province's appraiser holds a thousand (unit, leaf) items, and a client
//! that only wants to know where work is left should not have to fetch them
//! (nor the server read every scorecard whole to count them).

use std::collections::{BTreeSet, HashMap};

use async_graphql::{Context, ID, SimpleObject};
use chamdiem_domain::ids::UnitId;
use chamdiem_domain::period::Assignment;
use chamdiem_projections::queries::UnitMarks;

use super::directory_queries::UnitNode;

/// One assigned unit of a worksheet.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct WorksheetUnitProgress {
    /// The unit's id.
    pub unit_id: ID,
    /// Whether the unit has submitted its self-assessment.
    pub unit_submitted: bool,
    /// Its assigned leaves that are applicable (the unit did not mark them
    /// not applicable).
    pub items: i32,
    /// Of those, how many have a round-1 score.
    pub round1_scored: i32,
    /// Of those, how many have a round-2 score.
    pub round2_scored: i32,
    #[graphql(skip)]
    pub unit: UnitId,
}

#[async_graphql::ComplexObject]
impl WorksheetUnitProgress {
    /// The unit (batched: one read for every line).
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<UnitNode> {
        super::loaders::unit(context, self.unit).await
    }
}

impl WorksheetUnitProgress {
    /// One line per unit of `assignment`, in its order, from the units'
    /// marks (a unit nothing happened to has none).
    pub fn of(assignment: &Assignment, marks: &HashMap<UnitId, UnitMarks>) -> Vec<Self> {
        let none = UnitMarks::default();
        assignment
            .units()
            .map(|unit| {
                let marks = marks.get(&unit).unwrap_or(&none);
                let applicable: Vec<String> = assignment
                    .leaves_of(unit)
                    .map(ToString::to_string)
                    // A leaf marked not applicable counts once an appraiser
                    // scored it (the mark is overturned).
                    .filter(|leaf| {
                        !marks.not_applicable.contains(leaf)
                            || marks.round1.contains(leaf)
                            || marks.round2.contains(leaf)
                    })
                    .collect();
                let count = |scored: &BTreeSet<String>| {
                    applicable
                        .iter()
                        .filter(|leaf| scored.contains(*leaf))
                        .count()
                };
                Self {
                    unit_id: ID(unit.to_string()),
                    unit_submitted: marks.submitted,
                    items: saturating_i32(applicable.len()),
                    round1_scored: saturating_i32(count(&marks.round1)),
                    round2_scored: saturating_i32(count(&marks.round2)),
                    unit,
                }
            })
            .collect()
    }
}

/// A count as GraphQL's `Int` (a worksheet never nears 2³¹ items).
fn saturating_i32(count: usize) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}
