//! How far an appraiser's worksheet stands, one line per assigned unit: a
//! province's appraiser holds a thousand (unit, leaf) items, and a client
//! that only wants to know where work is left should not have to fetch them.

use async_graphql::{Context, ID, SimpleObject};
use chamdiem_domain::ids::UnitId;

use super::directory_queries::UnitNode;
use super::scorecard_queries::WorksheetItem;

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
    /// The lines of `items`, units in the order they come.
    pub fn of(items: &[WorksheetItem]) -> Vec<Self> {
        let mut lines: Vec<Self> = Vec::new();
        for item in items {
            let index = match lines.iter().position(|line| line.unit == item.unit) {
                Some(index) => index,
                None => {
                    lines.push(Self {
                        unit_id: item.unit_id.clone(),
                        unit_submitted: item.unit_submitted,
                        items: 0,
                        round1_scored: 0,
                        round2_scored: 0,
                        unit: item.unit,
                    });
                    lines.len() - 1
                }
            };
            let line = &mut lines[index];
            if !item.not_applicable {
                line.items += 1;
                line.round1_scored += i32::from(item.round1_points.is_some());
                line.round2_scored += i32::from(item.round2_points.is_some());
            }
        }
        lines
    }
}
