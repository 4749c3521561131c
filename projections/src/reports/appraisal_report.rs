//! The appraisal report (Điều 10, 11): per unit and leaf, the self score,
//! the round-1 and round-2 appraised scores with the appraisers' reasons,
//! the final score and where it came from; then the totals, as the
//! scorecard read model holds them. One sheet per unit.

use std::collections::HashMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::ScopedUnit;
use chamdiem_domain::results::{LeafResult, UnitResult};
use chamdiem_domain::scoring::{ClassificationBands, Index, Points};

use super::document::{Cell, Column, HeaderLine, ReportDocument, ReportSheet, Row, sheet_name};
use super::report_error::ReportError;
use super::report_facts::PeriodFacts;
use super::result_rows::{criterion_row, result_rows};
use crate::queries::{ScorecardRow, scorecard, unit_names};

/// The report for one unit, or for every unit of the period (`None`),
/// in unit-code order. `progress` hears (units done, units in all).
pub async fn appraisal_report(
    database: &Database,
    province: &str,
    period_id: PeriodId,
    unit: Option<UnitId>,
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> Result<ReportDocument, ReportError> {
    let facts = PeriodFacts::load(database, period_id).await?;
    let mut units: Vec<ScopedUnit> = match unit {
        Some(unit_id) => vec![
            facts
                .period
                .unit(unit_id)
                .cloned()
                .ok_or(ReportError::NotFound("đơn vị trong kỳ đánh giá"))?,
        ],
        None => facts.period.units().cloned().collect(),
    };
    units.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let ids: Vec<UnitId> = units.iter().map(|u| u.unit_id).collect();
    let names = unit_names(database, &ids).await?;
    let total = u64::try_from(units.len()).unwrap_or(u64::MAX);
    let mut sheets = Vec::with_capacity(units.len());
    for (done, scoped) in (1u64..).zip(&units) {
        let card = scorecard(database, period_id, scoped.unit_id).await?;
        let name = names.get(&scoped.unit_id).cloned().unwrap_or_default();
        sheets.push(unit_sheet(&facts, scoped, &name, card.as_ref())?);
        progress(done, total);
    }
    Ok(ReportDocument {
        title: "BÁO CÁO KẾT QUẢ THẨM ĐỊNH".to_owned(),
        header: facts.results_header(province),
        sheets,
    })
}

fn unit_sheet(
    facts: &PeriodFacts,
    scoped: &ScopedUnit,
    name: &str,
    card: Option<&ScorecardRow>,
) -> Result<ReportSheet, ReportError> {
    let tree = &facts.tree;
    let columns = vec![
        Column::new("Mã", 6, 10),
        Column::new("Tiêu chí", 30, 50),
        Column::new("Điểm tối đa", 9, 12),
        Column::new("Tự đánh giá", 9, 12),
        Column::new("Thẩm định vòng 1", 10, 12),
        Column::new("Lý do vòng 1", 16, 40),
        Column::new("Thẩm định vòng 2", 10, 12),
        Column::new("Lý do vòng 2", 16, 40),
        Column::new("Điểm cuối cùng", 10, 12),
        Column::new("Nguồn điểm", 14, 30),
    ];
    let leaves: HashMap<&str, _> = card
        .map(|c| c.leaves.iter().map(|l| (l.code.as_str(), l)).collect())
        .unwrap_or_default();
    let result = card
        .map(|c| stored_result(c, scoped, facts.set.bands()))
        .transpose()?;
    let finals: HashMap<&str, &LeafResult> = result
        .iter()
        .flat_map(|r| r.leaves.iter().map(|l| (l.code.as_str(), l)))
        .collect();
    let mut rows: Vec<Row> = tree
        .nodes()
        .map(|node| {
            criterion_row(node, || {
                let leaf = leaves.get(node.code.as_str());
                let last = finals.get(node.code.as_str());
                vec![
                    Cell::decimal(leaf.and_then(|l| l.self_points).map(Points::value)),
                    Cell::decimal(leaf.and_then(|l| l.round1_points).map(Points::value)),
                    Cell::text(leaf.and_then(|l| l.round1_reason.clone())),
                    Cell::decimal(leaf.and_then(|l| l.round2_points).map(Points::value)),
                    Cell::text(leaf.and_then(|l| l.round2_reason.clone())),
                    Cell::decimal(last.map(|l| l.points.value())),
                    Cell::text(last.map(|l| l.source.label_vi())),
                ]
            })
        })
        .collect();
    if let Some(result) = &result {
        rows.extend(result_rows(result, tree, columns.len(), 1, 8));
    }
    Ok(ReportSheet {
        name: sheet_name(scoped.code.as_str()),
        caption: vec![HeaderLine::new(
            "Đơn vị",
            format!("{name} ({})", scoped.code.as_str()),
        )],
        columns,
        rows,
        chart: None,
    })
}

/// The unit's result as the scorecard read model stores it.
fn stored_result(
    card: &ScorecardRow,
    scoped: &ScopedUnit,
    bands: Option<&ClassificationBands>,
) -> Result<UnitResult, ReportError> {
    let index = Index::new(card.total, card.applicable_maximum);
    Ok(UnitResult {
        unit: scoped.clone(),
        leaves: card.final_leaves.clone(),
        field_points: card.field_points,
        bonus: card.bonus,
        penalty: card.penalty,
        total: card.total,
        applicable_maximum: card.applicable_maximum,
        index,
        fields: card.fields.clone(),
        classification: bands.map(|b| b.classify(&index)),
    })
}
