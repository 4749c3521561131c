//! The ranking report per block (Điều 11.2), for the appraisal council and
//! the provincial People's Committee: rank, unit, total, applicable maximum,
//! index, the component index of every field and, for task completion, the
//! classification; with a native bar chart of the indexes. One sheet per
//! block. Before aggregation it is the live ranking, and says so.

use std::collections::BTreeMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::results::FieldResult;
use chamdiem_domain::unit::UnitKind;

use super::document::{
    BarChart, Cell, Column, HeaderLine, ReportDocument, ReportSheet, Row, sheet_name,
};
use super::report_error::ReportError;
use super::report_facts::PeriodFacts;
use super::result_rows::decimal_cell;
use crate::ProjectionError;
use crate::queries::{PUBLISHED, RankingRow, current_ranking, unit_names};
use chamdiem_commands::results_view::ResultsView;

/// The report for every block, or for one (`block`, as stored: `district`,
/// or a period's own block name), holding the rows `view` shows.
pub async fn ranking_report(
    database: &Database,
    province: &str,
    period_id: PeriodId,
    block: Option<&str>,
    view: ResultsView,
) -> Result<ReportDocument, ReportError> {
    let facts = PeriodFacts::load(database, period_id).await?;
    let rows: Vec<RankingRow> = current_ranking(database, period_id, None)
        .await?
        .into_iter()
        .filter(|row| block.is_none_or(|b| row.block == b))
        .filter(|row| view.shows(&row.unit_id, row.state == PUBLISHED))
        .collect();
    if rows.is_empty() && block.is_some() {
        return Err(ReportError::NotFound("khối xếp hạng"));
    }
    let ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let names = unit_names(database, &ids).await?;
    let mut blocks: BTreeMap<&str, Vec<&RankingRow>> = BTreeMap::new();
    for row in &rows {
        blocks.entry(row.block.as_str()).or_default().push(row);
    }
    let with_classification = facts.set.bands().is_some();
    let mut sheets = Vec::with_capacity(blocks.len());
    for (block, ranked) in blocks {
        sheets.push(block_sheet(
            &facts,
            block,
            &ranked,
            &names,
            with_classification,
        )?);
    }
    Ok(ReportDocument {
        title: "BÁO CÁO KẾT QUẢ XẾP HẠNG".to_owned(),
        header: facts.header(province),
        sheets,
    })
}

fn block_sheet(
    facts: &PeriodFacts,
    block: &str,
    ranked: &[&RankingRow],
    names: &std::collections::HashMap<String, String>,
    with_classification: bool,
) -> Result<ReportSheet, ReportError> {
    let mut columns = vec![
        Column::new("Hạng", 6, 8),
        Column::new("Mã đơn vị", 8, 12),
        Column::new("Tên đơn vị", 24, 50),
        Column::new("Tổng điểm", 9, 12),
        Column::new("Điểm tối đa áp dụng", 10, 12),
        Column::new("Chỉ số (%)", 9, 12),
    ];
    for field in facts.tree.fields() {
        columns.push(Column::new(
            &format!("Chỉ số thành phần {}. {}", field.code.as_str(), field.title),
            12,
            18,
        ));
    }
    if with_classification {
        columns.push(Column::new("Xếp loại", 14, 24));
    }
    let mut rows = Vec::with_capacity(ranked.len());
    for row in ranked {
        let fields: Vec<FieldResult> =
            serde_json::from_str(&row.fields).map_err(|e| ProjectionError::corrupt("fields", e))?;
        let mut cells = vec![
            Cell::Integer(row.rank),
            Cell::Text(row.unit_code.clone()),
            Cell::Text(names.get(&row.unit_id).cloned().unwrap_or_default()),
            decimal_cell(Some(&row.total)),
            decimal_cell(Some(&row.applicable_maximum)),
            decimal_cell(Some(&row.index)),
        ];
        for field in facts.tree.fields() {
            let index = fields
                .iter()
                .find(|f| f.code == field.code)
                .and_then(|f| f.index.rounded().ok());
            cells.push(Cell::decimal(index));
        }
        if with_classification {
            cells.push(Cell::text(row.classification.clone()));
        }
        rows.push(Row::plain(cells));
    }
    let label: &str = match UnitKind::parse(block) {
        Some(kind) => kind.label_vi(),
        None => block,
    };
    let state = ranked.first().map_or("", |r| state_label(&r.state));
    Ok(ReportSheet {
        name: sheet_name(label),
        caption: vec![
            HeaderLine::new("Khối", label),
            HeaderLine::new("Tình trạng kết quả", state),
        ],
        columns,
        rows,
        chart: Some(BarChart {
            title: format!("Chỉ số (%) — {label}"),
            category_column: 2,
            value_column: 5,
        }),
    })
}

fn state_label(state: &str) -> &'static str {
    match state {
        "provisional" => "Tạm tính (đã tổng hợp, chưa chốt)",
        "final" => "Chính thức (đã chốt)",
        "published" => "Đã công bố",
        _ => "Trực tiếp (chưa tổng hợp, theo điểm hiện có)",
    }
}
