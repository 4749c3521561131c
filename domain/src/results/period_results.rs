use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{UnitResult, UnitScores, unit_result};
use crate::criteria::CriteriaTree;
use crate::period::RankingBlock;
use crate::scoring::{ClassificationBands, rank};

/// A unit's result with its rank in its block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedResult {
    /// 1 for the highest index; equal indexes share a rank.
    pub rank: u32,
    /// The result.
    pub result: UnitResult,
}

/// The ranking of one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockRanking {
    /// The block.
    pub block: RankingBlock,
    /// Its units, best first (ties by unit code).
    pub units: Vec<RankedResult>,
}

/// Every unit's result, ranked within blocks (blocks in name order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeriodResults {
    /// One ranking per block.
    pub blocks: Vec<BlockRanking>,
}

impl PeriodResults {
    /// Every ranked result, block by block.
    pub fn iter(&self) -> impl Iterator<Item = &RankedResult> {
        self.blocks.iter().flat_map(|b| b.units.iter())
    }
}

/// Aggregates and ranks a period's units. The result does not depend on the
/// order of `units`.
pub fn aggregate_results(
    tree: &CriteriaTree,
    bands: Option<&ClassificationBands>,
    units: &[UnitScores],
) -> PeriodResults {
    let mut by_block: BTreeMap<RankingBlock, Vec<UnitResult>> = BTreeMap::new();
    for scores in units {
        let result = unit_result(tree, bands, scores);
        by_block
            .entry(result.block().clone())
            .or_default()
            .push(result);
    }
    PeriodResults {
        blocks: by_block
            .into_iter()
            .map(|(block, results)| BlockRanking {
                block,
                units: rank(results, |r| r.index, |r| r.unit.code.clone())
                    .into_iter()
                    .map(|ranked| RankedResult {
                        rank: ranked.rank,
                        result: ranked.item,
                    })
                    .collect(),
            })
            .collect(),
    }
}
