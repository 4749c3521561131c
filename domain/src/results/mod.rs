//! Results (Điều 11): final leaf scores, totals with capped bonus and
//! penalty, indexes over the applicable maximum, component indexes per field,
//! rankings within blocks and task-completion classifications.

mod period_results;
mod unit_result;
mod unit_scores;
mod version_changes;

pub use period_results::{BlockRanking, PeriodResults, RankedResult, aggregate_results};
pub use unit_result::{FieldResult, LeafResult, LeafSource, UnitResult, unit_result};
pub use unit_scores::UnitScores;
pub use version_changes::{LeafChange, UnitChange, version_changes};

#[cfg(test)]
mod properties;
