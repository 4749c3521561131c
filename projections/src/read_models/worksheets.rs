//! Appraisal worksheets per (period, appraiser): assignments and their
//! progress; each score also lands on the unit's scorecard leaf.
//!
//! Like scorecards, a batch loads each worksheet it touches once and writes
//! it once, when the batch ends.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chamdiem_domain::appraisal::{Round, Worksheet, WorksheetEvent};
use chamdiem_domain::ids::{AccountId, PeriodId};
use chamdiem_domain::period::PeriodEvent;
use cqrs_es::Aggregate;

use super::scorecards::StagedScorecards;
use super::{ProjectionCache, periods, state_json};
use crate::{ProjectionError, ProjectionTx, SqlValue};

const ROW: &str = "SELECT assigned, round1_done, round2_done, worksheet_state FROM rm_worksheets WHERE period_id = $1 AND appraiser_id = $2";

/// A worksheet's row as stored.
#[derive(sqlx::FromRow)]
struct StoredWorksheet {
    assigned: i64,
    round1_done: i64,
    round2_done: i64,
    worksheet_state: String,
}
const UPSERT: &str = "INSERT INTO rm_worksheets (period_id, appraiser_id, assigned, round1_done, round2_done, submitted, worksheet_state)";
const UPSERT_TAIL: &str = "ON CONFLICT (period_id, appraiser_id) DO UPDATE SET assigned = excluded.assigned,
     round1_done = excluded.round1_done, round2_done = excluded.round2_done, submitted = excluded.submitted,
     worksheet_state = excluded.worksheet_state";

/// One appraiser's worksheet, as the batch has changed it.
#[derive(Debug, Default)]
pub(super) struct StagedWorksheet {
    worksheet: Worksheet,
    /// Assigned pairs, and those done in rounds one and two.
    progress: [i64; 3],
}

/// The worksheets a batch has touched, written when it ends.
#[derive(Debug, Default)]
pub struct StagedWorksheets {
    sheets: HashMap<(PeriodId, AccountId), StagedWorksheet>,
}

impl StagedWorksheets {
    async fn get(
        &mut self,
        tx: &mut ProjectionTx,
        period: PeriodId,
        appraiser: AccountId,
        cache: &mut ProjectionCache,
    ) -> Result<&mut StagedWorksheet, ProjectionError> {
        let vacant = match self.sheets.entry((period, appraiser)) {
            Entry::Occupied(staged) => return Ok(staged.into_mut()),
            Entry::Vacant(vacant) => vacant,
        };
        if let Some(kept) = cache.worksheets.pop(&(period, appraiser)) {
            return Ok(vacant.insert(kept));
        }
        let key = [period.to_string().into(), appraiser.to_string().into()];
        let mut staged = StagedWorksheet::default();
        let stored: Vec<StoredWorksheet> = tx.records(ROW, &key).await?;
        if let Some(row) = stored.into_iter().next() {
            staged.progress = [row.assigned, row.round1_done, row.round2_done];
            staged.worksheet = serde_json::from_str(&row.worksheet_state)
                .map_err(|e| ProjectionError::corrupt(Worksheet::TYPE, e))?;
        }
        Ok(vacant.insert(staged))
    }

    /// Applies a worksheet event; a score also goes to the unit's scorecard.
    pub async fn apply(
        &mut self,
        tx: &mut ProjectionTx,
        event: WorksheetEvent,
        scorecards: &mut StagedScorecards,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let (period, appraiser) = match &event {
            WorksheetEvent::Scored(e) => (e.period_id, e.appraiser),
            WorksheetEvent::Submitted(e) => (e.period_id, e.appraiser),
            WorksheetEvent::Corrected(e) => (e.period_id, e.appraiser),
        };
        match &event {
            WorksheetEvent::Scored(scored) => {
                scorecards
                    .apply_appraisal(tx, scored, appraiser.to_string(), cache)
                    .await?;
            }
            WorksheetEvent::Corrected(corrected) => {
                scorecards.apply_correction(tx, corrected, cache).await?;
            }
            WorksheetEvent::Submitted(_) => {}
        }
        self.get(tx, period, appraiser, cache)
            .await?
            .worksheet
            .apply(event);
        Ok(())
    }

    /// Applies a period event: an assignment creates or grows a worksheet.
    pub async fn apply_period(
        &mut self,
        tx: &mut ProjectionTx,
        event: &PeriodEvent,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        match event {
            // A new assignment gives the appraiser a worksheet row.
            PeriodEvent::AppraiserAssigned(e) => {
                self.get(tx, e.period_id, e.appraiser, cache).await?;
            }
            // Both worksheets count their progress against a new share.
            PeriodEvent::AssignmentMoved(e) => {
                self.get(tx, e.period_id, e.from, cache).await?;
                self.get(tx, e.period_id, e.to, cache).await?;
            }
            // A closed appraisal is in, like a submitted one.
            PeriodEvent::AppraisalClosed(e) => {
                self.get(tx, e.period_id, e.appraiser, cache).await?;
            }
            PeriodEvent::Opened(_)
            | PeriodEvent::DeadlineExtended(_)
            | PeriodEvent::UnitDeadlineExtended(_)
            | PeriodEvent::AppraisalSubmissionRecorded(_)
            | PeriodEvent::ComplaintWindowOpened(_)
            | PeriodEvent::ComplaintLodged(_)
            | PeriodEvent::ComplaintAnswered(_)
            | PeriodEvent::LeafReopened(_)
            | PeriodEvent::CouncilAgreementRecorded(_)
            | PeriodEvent::AppraisalExempted(_)
            | PeriodEvent::ResultsAggregated(_)
            | PeriodEvent::ResultsFinalized(_)
            | PeriodEvent::ResultsPublished(_) => {}
        }
        Ok(())
    }

    /// Writes every touched worksheet with its progress against the
    /// period's assignment, then keeps it in `cache` for the next batch.
    pub async fn flush(
        &mut self,
        tx: &mut ProjectionTx,
        cache: &mut ProjectionCache,
    ) -> Result<(), ProjectionError> {
        let mut rows = Vec::with_capacity(self.sheets.len());
        for ((period_id, appraiser), mut staged) in std::mem::take(&mut self.sheets) {
            let period = periods::load(tx, period_id, cache).await?;
            // Sent by the appraiser, or closed in their place.
            let submitted = staged.worksheet.is_submitted() || period.has_submitted(appraiser);
            if let Some(assignment) = period.assignment(appraiser) {
                let pairs: Vec<_> = assignment.pairs().collect();
                let worksheet = &staged.worksheet;
                let done = |round: Round| {
                    pairs
                        .iter()
                        .filter(|(unit, leaf)| match round {
                            Round::One => worksheet.round_one(*unit, leaf).is_some(),
                            Round::Two => worksheet.round_two(*unit, leaf).is_some(),
                        })
                        .count()
                };
                let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
                staged.progress = [
                    count(pairs.len()),
                    count(done(Round::One)),
                    count(done(Round::Two)),
                ];
            }
            let [assigned, round_one, round_two] = staged.progress;
            let row: Vec<SqlValue> = vec![
                period_id.to_string().into(),
                appraiser.to_string().into(),
                assigned.into(),
                round_one.into(),
                round_two.into(),
                submitted.into(),
                state_json(&staged.worksheet)?.into(),
            ];
            rows.push(row);
            cache.worksheets.put((period_id, appraiser), staged);
        }
        tx.insert_rows(UPSERT, UPSERT_TAIL, &rows).await?;
        Ok(())
    }
}
