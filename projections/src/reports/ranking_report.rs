//! The ranking report per block (Điều 11.2), for the appraisal council and
//! the provincial People's Committee: rank, unit, total, applicable maximum,
//! index, the component index of every field and, for task completion, the
//! classification; with a native bar chart of the indexes. One sheet per
//! block. Before aggregation it is the live ranking, and says so.

use std::collections::BTreeMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::unit::UnitKind;

use super::document::{
    BarChart, Cell, Column, HeaderLine, ReportDocument, ReportSheet, Row, sheet_name,
};
use super::report_error::ReportError;
use super::report_facts::PeriodFacts;
use crate::queries::{
    RankingRow, RankingState, ResultsVersionRow, current_ranking, results_versions, unit_names,
};
use crate::results_visibility::visible_ranking;
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
        .filter(|row| block.is_none_or(|b| row.block.as_str() == b))
        .collect();
    let rows = visible_ranking(view, rows);
    if rows.is_empty() && block.is_some() {
        return Err(ReportError::NotFound("khối xếp hạng"));
    }
    let ids: Vec<UnitId> = rows.iter().map(|r| r.unit_id).collect();
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
    let mut header = facts.results_header(province);
    // What changed from the version before and why, where the reader sees
    // every unit's results (decision 0010).
    let sees_all = matches!(view, ResultsView::Everything)
        || rows.iter().all(|r| r.state == RankingState::Published);
    if sees_all && let Some(latest) = results_versions(database, period_id).await?.pop() {
        header.extend(changes_lines(&latest));
    }
    Ok(ReportDocument {
        title: "BÁO CÁO KẾT QUẢ XẾP HẠNG".to_owned(),
        header,
        sheets,
    })
}

/// The lines that say why `latest` replaced the version before it and
/// which leaf scores it corrected (none for a first version).
fn changes_lines(latest: &ResultsVersionRow) -> Vec<HeaderLine> {
    let Some(reason) = &latest.reason else {
        return Vec::new();
    };
    let mut lines = vec![HeaderLine::new(
        &format!(
            "Lý do tổng hợp lại (phiên bản {} thay phiên bản {})",
            latest.version.0,
            latest.version.0.saturating_sub(1)
        ),
        reason.clone(),
    )];
    for correction in &latest.corrections {
        let before = correction
            .before
            .map_or_else(|| "chưa có điểm".to_owned(), |p| format!("{p} điểm"));
        let complaint = correction
            .complaint
            .map(|no| format!(", theo kiến nghị số {}", no.0))
            .unwrap_or_default();
        lines.push(HeaderLine::new(
            "Điều chỉnh",
            format!(
                "đơn vị {} tiêu chí {}: {} điểm (trước đó {before}{complaint}): {}",
                correction.unit_code, correction.leaf, correction.after, correction.reason
            ),
        ));
    }
    lines
}

fn block_sheet(
    facts: &PeriodFacts,
    block: &str,
    ranked: &[&RankingRow],
    names: &std::collections::HashMap<UnitId, String>,
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
        let mut cells = vec![
            Cell::Integer(i64::from(row.rank)),
            Cell::Text(row.unit_code.as_str().to_owned()),
            Cell::Text(names.get(&row.unit_id).cloned().unwrap_or_default()),
            Cell::Decimal(row.total),
            Cell::Decimal(row.applicable_maximum.value()),
            Cell::Decimal(row.index),
        ];
        for field in facts.tree.fields() {
            let index = row
                .fields
                .iter()
                .find(|f| f.code == field.code)
                .and_then(|f| f.index.rounded().ok());
            cells.push(Cell::decimal(index));
        }
        if with_classification {
            cells.push(Cell::text(row.classification.map(|c| c.label_vi())));
        }
        rows.push(Row::plain(cells));
    }
    let label: &str = match UnitKind::parse(block) {
        Some(kind) => kind.label_vi(),
        None => block,
    };
    let state = ranked.first().map_or("", |r| state_label(r.state));
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

fn state_label(state: RankingState) -> &'static str {
    match state {
        RankingState::Provisional => "Tạm tính (đã tổng hợp, chưa chốt)",
        RankingState::Final => "Chính thức (đã chốt)",
        RankingState::Published => "Đã công bố",
        RankingState::Live => "Trực tiếp (chưa tổng hợp, theo điểm hiện có)",
    }
}
