//! A ranking as tables, one per block, as the ranking page and the ranking
//! as of a moment both show it.

use std::collections::BTreeMap;

use chamdiem_domain::scoring::Classification;
use chamdiem_domain::unit::UnitKind;
use serde::Deserialize;

use super::vietnamese_numbers::figure;
use crate::graphql::enums::ClassificationGql;

/// One row, as the operations select it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankingRowData {
    block: String,
    rank: i64,
    total: String,
    applicable_maximum: String,
    index: String,
    classification: Option<ClassificationGql>,
    /// Where the ranking stands (the live ranking only).
    #[serde(default)]
    pub state: Option<String>,
    unit: UnitHead,
}

/// A row's unit.
#[derive(Deserialize)]
pub struct UnitHead {
    /// Its id.
    pub id: String,
    code: String,
    name: String,
}

/// One row as shown.
pub struct RankingLine {
    pub rank: i64,
    pub code: String,
    pub name: String,
    /// Where the unit's name leads, if anywhere.
    pub link: Option<String>,
    pub total: String,
    pub maximum: String,
    pub index: String,
    pub classification: &'static str,
}

/// One block's table.
pub struct BlockTable {
    pub label: String,
    pub with_classification: bool,
    pub rows: Vec<RankingLine>,
}

/// The rows grouped by block, in the API's order within each; `link_of`
/// says where a unit's name leads.
pub fn blocks(
    rows: Vec<RankingRowData>,
    link_of: impl Fn(&UnitHead) -> Option<String>,
) -> Vec<BlockTable> {
    let mut by_block: BTreeMap<String, Vec<RankingRowData>> = BTreeMap::new();
    for row in rows {
        by_block.entry(row.block.clone()).or_default().push(row);
    }
    by_block
        .into_iter()
        .map(|(block, rows)| BlockTable {
            label: UnitKind::parse(&block).map_or(block, |kind| kind.label_vi().to_owned()),
            with_classification: rows.iter().any(|r| r.classification.is_some()),
            rows: rows
                .into_iter()
                .map(|row| RankingLine {
                    rank: row.rank,
                    total: figure(&row.total),
                    maximum: figure(&row.applicable_maximum),
                    index: figure(&row.index),
                    classification: row
                        .classification
                        .map_or("", |c| Classification::from(c).label_vi()),
                    link: link_of(&row.unit),
                    code: row.unit.code,
                    name: row.unit.name,
                })
                .collect(),
        })
        .collect()
}
