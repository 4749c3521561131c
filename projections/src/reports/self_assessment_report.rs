//! The self-assessment report of a unit (Điều 9.2): the criteria tree with
//! its maxima, the unit's scores, reasons for not applicable leaves,
//! explanations and evidence, then the totals and indexes. It shows the
//! report's content hash: what the unit leader approves. It depends only on
//! the scorecard's content, so the same content gives the same file.

use std::collections::BTreeMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::results::{UnitScores, unit_result};
use chamdiem_domain::self_assessment::Scorecard;

use super::document::{Cell, Column, HeaderLine, ReportDocument, ReportSheet, Row};
use super::report_error::ReportError;
use super::report_facts::PeriodFacts;
use super::result_rows::{criterion_row, result_rows};
use crate::ProjectionTx;
use crate::queries::unit_names;
use crate::read_models::scorecards;

/// The report, and the content hash it shows.
pub async fn self_assessment_report(
    database: &Database,
    province: &str,
    period_id: PeriodId,
    unit_id: UnitId,
) -> Result<(ReportDocument, String), ReportError> {
    let facts = PeriodFacts::load(database, period_id).await?;
    let scoped = facts
        .period
        .unit(unit_id)
        .cloned()
        .ok_or(ReportError::NotFound("đơn vị trong kỳ đánh giá"))?;
    let mut tx = ProjectionTx::begin_read(database).await?;
    let card: Scorecard = scorecards::load(&mut tx, period_id, unit_id).await?;
    tx.commit().await?;
    let name = unit_names(database, &[unit_id])
        .await?
        .remove(&unit_id)
        .unwrap_or_default();
    let hash = card.content_hash(period_id, unit_id);

    let tree = &facts.tree;
    let self_points = card.all_self_points(tree);
    let columns = vec![
        Column::new("Mã", 6, 10),
        Column::new("Tiêu chí", 30, 60),
        Column::new("Điểm tối đa", 9, 12),
        Column::new("Điểm tự đánh giá", 10, 12),
        Column::new("Không áp dụng (lý do)", 14, 30),
        Column::new("Giải trình", 20, 50),
        Column::new("Tài liệu kiểm chứng", 24, 60),
    ];
    let mut rows: Vec<Row> = tree
        .nodes()
        .map(|node| {
            criterion_row(node, || {
                let evidence: Vec<String> = card
                    .evidence(&node.code)
                    .iter()
                    .map(|e| {
                        format!(
                            "{} ({}), SHA-256 {}",
                            e.file_name, e.locator, e.content_hash
                        )
                    })
                    .collect();
                vec![
                    Cell::decimal(self_points.get(&node.code).map(|p| p.value())),
                    Cell::text(card.not_applicable_reason(&node.code).map(|r| r.as_str())),
                    Cell::text(card.explanation(&node.code).map(|r| r.as_str())),
                    Cell::text((!evidence.is_empty()).then(|| evidence.join("\n"))),
                ]
            })
        })
        .collect();
    let result = unit_result(
        tree,
        facts.set.bands(),
        &UnitScores {
            unit: scoped.clone(),
            not_applicable: card.not_applicable_leaves(),
            self_points,
            appraised_points: BTreeMap::new(),
        },
    );
    rows.extend(result_rows(&result, tree, columns.len(), 1, 3));
    let document = ReportDocument {
        title: "BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM".to_owned(),
        header: facts.header(province),
        sheets: vec![ReportSheet {
            name: "Tự đánh giá".to_owned(),
            caption: vec![
                HeaderLine::new("Đơn vị", format!("{name} ({})", scoped.code.as_str())),
                HeaderLine::new("Mã băm nội dung báo cáo (SHA-256)", hash.clone()),
            ],
            columns,
            rows,
            chart: None,
        }],
    };
    Ok((document, hash))
}
