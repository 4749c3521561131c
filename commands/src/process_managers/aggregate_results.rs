//! Điều 11.1: results are aggregated automatically once every appraiser
//! has submitted.

use std::collections::BTreeMap;
use std::sync::Arc;

use chamdiem_domain::appraisal::{Worksheet, worksheet_id};
use chamdiem_domain::criteria_set::CriteriaSet;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::{Period, PeriodCommand};
use chamdiem_domain::results::{PeriodResults, UnitScores, aggregate_results};
use chamdiem_domain::self_assessment::{Scorecard, scorecard_id};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::store::LogPosition;
use crate::write_side::WriteSide;

/// Aggregates and ranks the period's results from every scorecard and
/// worksheet, and records them (once: the period ignores a second time).
pub async fn react(
    write_side: &WriteSide,
    cause: LogPosition,
    period_id: PeriodId,
) -> Result<(), CommandError> {
    let metadata = CommandMetadata::process_manager("aggregate-results", cause.get());
    let command = PeriodCommand::RecordResults(write_side.aggregate_now(period_id).await?);
    write_side
        .run::<Period>(&period_id.to_string(), &metadata, command)
        .await
}

impl WriteSide {
    /// The period's results as its scorecards and worksheets stand now:
    /// each (unit, leaf) scored by the appraiser who holds it.
    pub(crate) async fn aggregate_now(
        &self,
        period_id: PeriodId,
    ) -> Result<PeriodResults, CommandError> {
        let period: Arc<Period> = self.load(&period_id.to_string()).await?;
        let set_id = period
            .criteria_set_id()
            .ok_or_else(|| CommandError::not_found("không có kỳ đánh giá này"))?;
        let set: Arc<CriteriaSet> = self.load(&set_id.to_string()).await?;
        let tree = self.published_tree(set_id).await?;
        let mut worksheets = BTreeMap::new();
        for (appraiser, assignment) in period.assignments() {
            let worksheet: Arc<Worksheet> = self.load(&worksheet_id(period_id, *appraiser)).await?;
            worksheets.insert(*appraiser, (assignment, worksheet));
        }
        let mut units = Vec::new();
        for unit in period.units() {
            let scorecard: Arc<Scorecard> =
                self.load(&scorecard_id(period_id, unit.unit_id)).await?;
            units.push(UnitScores::gather(
                unit.clone(),
                &tree,
                &scorecard,
                worksheets.values().map(|(a, w)| (*a, &**w)),
            ));
        }
        Ok(aggregate_results(&tree, set.bands(), &units))
    }
}
