//! What one appraiser does in a period: round 1 on every assigned leaf of
//! every assigned unit (mostly agreeing, sometimes lower with a reason),
//! round 2 (restoring about half of the lowered scores), then submission.

use std::collections::BTreeMap;
use std::sync::Arc;

use chamdiem_domain::appraisal::Round;
use chamdiem_domain::criteria::{CriteriaTree, CriterionCode, LeafEntry};
use chamdiem_domain::ids::{AccountId, PeriodId, UnitId};
use chamdiem_domain::period::Assignment;
use chamdiem_domain::scoring::Points;
use chamdiem_domain::self_assessment::{FreeText, Scorecard, scorecard_id};
use rand::Rng;
use rand::rngs::StdRng;

use super::unit_script::lower_entry;
use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// Leaves lowered in round 1, by unit.
pub type Lowered = BTreeMap<UnitId, Vec<(CriterionCode, LeafEntry)>>;

fn reason() -> Result<FreeText, CommandError> {
    FreeText::parse("Tài liệu kiểm chứng chưa chứng minh đầy đủ kết quả tự chấm")
        .map_err(|e| CommandError::Internal(e.to_string()))
}

/// Round 1 on the whole assignment; returns what was lowered.
pub async fn round_one(
    write: &WriteSide,
    appraiser: (&CommandMetadata, AccountId),
    period: PeriodId,
    assignment: &Assignment,
    tree: &CriteriaTree,
    rng: &mut StdRng,
) -> Result<Lowered, CommandError> {
    let (metadata, account) = appraiser;
    let mut lowered = Lowered::new();
    for unit in assignment.units() {
        let card: Arc<Scorecard> = write.load(&scorecard_id(period, unit)).await?;
        for code in assignment.leaves_of(unit) {
            let Some(leaf) = tree.leaf(code) else {
                continue;
            };
            if card.is_not_applicable(code) {
                continue;
            }
            let own = card.self_entry(code);
            let own_points = card.self_points(code).unwrap_or(Points::ZERO);
            let lower = if rng.gen_bool(0.15) {
                lower_entry(leaf, own_points, rng)
            } else {
                None
            };
            let (entry, why) = match (lower, own) {
                (Some(lower), _) => (lower, Some(reason()?)),
                (None, Some(own)) => (own, None),
                // An unclaimed bonus or undeclared penalty is confirmed as 0.
                (None, None) => (LeafEntry::Score(Points::ZERO), None),
            };
            write
                .appraise(
                    metadata,
                    period,
                    account,
                    Round::One,
                    unit,
                    code.clone(),
                    entry,
                    why,
                )
                .await?;
            if lower.is_some() {
                lowered
                    .entry(unit)
                    .or_default()
                    .push((code.clone(), own.unwrap_or(LeafEntry::Score(Points::ZERO))));
            }
        }
    }
    Ok(lowered)
}

/// Round 2 on the whole assignment: the round-1 score stands, except that
/// about half of the lowered ones go back to the unit's own; then submits.
pub async fn round_two_and_submit(
    write: &WriteSide,
    appraiser: (&CommandMetadata, AccountId),
    period: PeriodId,
    assignment: &Assignment,
    lowered: &Lowered,
    rng: &mut StdRng,
) -> Result<(), CommandError> {
    let (metadata, account) = appraiser;
    let worksheet: Arc<chamdiem_domain::appraisal::Worksheet> = write
        .load(&chamdiem_domain::appraisal::worksheet_id(period, account))
        .await?;
    for unit in assignment.units() {
        for code in assignment.leaves_of(unit) {
            let Some(first) = worksheet.round_one_entry(unit, code) else {
                continue;
            };
            let restored = lowered
                .get(&unit)
                .and_then(|leaves| leaves.iter().find(|(c, _)| c == code))
                .filter(|_| rng.gen_bool(0.5))
                .map(|(_, own)| *own);
            let (entry, why) = match (restored, first) {
                (Some(own), _) => (own, None),
                (None, (entry, reason)) => (entry, reason),
            };
            write
                .appraise(
                    metadata,
                    period,
                    account,
                    Round::Two,
                    unit,
                    code.clone(),
                    entry,
                    why,
                )
                .await?;
        }
    }
    write.submit_appraisal(metadata, period, account).await
}
