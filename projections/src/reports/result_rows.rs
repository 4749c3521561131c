//! The totals block under a scorecard: field points, bonus, penalty, total,
//! applicable maximum, index, the component index of each field and, for
//! task completion, the classification. Shared by the self-assessment and
//! appraisal reports so the two print the same arithmetic the same way.

use chamdiem_domain::criteria::CriteriaTree;
use chamdiem_domain::results::UnitResult;
use rust_decimal::Decimal;

use super::document::{Cell, Row, RowStyle};

/// The rows, with the label in column `label_column` and the value in
/// `value_column` of a sheet `width` columns wide.
pub fn result_rows(
    result: &UnitResult,
    tree: &CriteriaTree,
    width: usize,
    label_column: usize,
    value_column: usize,
) -> Vec<Row> {
    let row = |style: RowStyle, label: String, value: Cell| {
        let mut cells = vec![Cell::Empty; width];
        if let Some(cell) = cells.get_mut(label_column) {
            *cell = Cell::Text(label);
        }
        if let Some(cell) = cells.get_mut(value_column) {
            *cell = value;
        }
        Row::styled(style, cells)
    };
    let index = |index: &chamdiem_domain::scoring::Index| Cell::decimal(index.rounded().ok());
    let mut rows = vec![
        row(
            RowStyle::Total,
            "Điểm các lĩnh vực".to_owned(),
            Cell::Decimal(result.field_points.value()),
        ),
        row(
            RowStyle::Plain,
            "Điểm thưởng (đã áp mức tối đa)".to_owned(),
            Cell::Decimal(result.bonus.value()),
        ),
        row(
            RowStyle::Plain,
            "Điểm bị trừ (đã áp mức tối đa)".to_owned(),
            Cell::Decimal(result.penalty.value()),
        ),
        row(
            RowStyle::Total,
            "Tổng điểm".to_owned(),
            Cell::Decimal(result.total),
        ),
        row(
            RowStyle::Plain,
            "Tổng điểm tối đa áp dụng".to_owned(),
            Cell::Decimal(result.applicable_maximum.value()),
        ),
        row(
            RowStyle::Total,
            "Chỉ số (%)".to_owned(),
            index(&result.index),
        ),
    ];
    for field in &result.fields {
        let title = tree
            .get(&field.code)
            .map(|node| node.title.as_str())
            .unwrap_or_default();
        rows.push(row(
            RowStyle::Plain,
            format!("Chỉ số thành phần {}. {}", field.code.as_str(), title),
            index(&field.index),
        ));
    }
    if let Some(classification) = result.classification {
        rows.push(row(
            RowStyle::Total,
            "Xếp loại".to_owned(),
            Cell::Text(classification.label_vi().to_owned()),
        ));
    }
    rows
}

/// The row of a node of the tree: its code, title and maximum, then
/// `leaf_cells` for a leaf; a group row (bold, nothing more) for a group.
pub fn criterion_row(
    node: &chamdiem_domain::criteria::Criterion,
    leaf_cells: impl FnOnce() -> Vec<Cell>,
) -> Row {
    let mut cells = vec![
        Cell::Text(node.code.as_str().to_owned()),
        Cell::Text(node.title.clone()),
        Cell::Decimal(node.max.value()),
    ];
    if !node.is_leaf() {
        return Row::styled(RowStyle::Group, cells);
    }
    cells.extend(leaf_cells());
    Row::plain(cells)
}

/// A decimal cell from a stored decimal text ("12.25"); empty when absent
/// or unreadable.
pub fn decimal_cell(text: Option<&str>) -> Cell {
    Cell::decimal(text.and_then(|t| t.parse::<Decimal>().ok()))
}
