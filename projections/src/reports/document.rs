//! A report as officials read it, independent of the file format: a title,
//! the facts of its header, and one or more sheets of columns and rows.
//! The XLSX and CSV writers render the same document, cell for cell.

use rust_decimal::{Decimal, RoundingStrategy};

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDocument {
    /// The title, in capitals as printed ("BÁO CÁO TỰ ĐÁNH GIÁ…").
    pub title: String,
    /// Header lines under the title: province, period, decision…
    pub header: Vec<HeaderLine>,
    /// The sheets, at least one.
    pub sheets: Vec<ReportSheet>,
}

/// One line of a report's header, printed as "label: value".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLine {
    /// What it is ("Tỉnh").
    pub label: String,
    /// Its value ("Thanh Hóa").
    pub value: String,
}

impl HeaderLine {
    /// A header line.
    pub fn new(label: &str, value: impl Into<String>) -> Self {
        Self {
            label: label.to_owned(),
            value: value.into(),
        }
    }

    /// The line as printed.
    pub fn text(&self) -> String {
        format!("{}: {}", self.label, self.value)
    }
}

/// One table of a report (one worksheet in XLSX).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSheet {
    /// The worksheet's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// Lines printed above the table, after the report's header (the
    /// unit, the block…).
    pub caption: Vec<HeaderLine>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// A bar chart of one column, for the ranking.
    pub chart: Option<BarChart>,
}

/// A column of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its heading.
    pub title: String,
    /// The narrowest it may be, in characters.
    pub min_width: u16,
    /// The widest it may be: longer text wraps.
    pub max_width: u16,
}

impl Column {
    /// A column between `min_width` and `max_width` characters wide.
    pub fn new(title: &str, min_width: u16, max_width: u16) -> Self {
        Self {
            title: title.to_owned(),
            min_width,
            max_width,
        }
    }
}

/// How a row is emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    /// An ordinary row.
    Plain,
    /// A group heading (a field or criterion of the tree): bold.
    Group,
    /// A total: bold, with a rule above.
    Total,
}

/// A row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its emphasis.
    pub style: RowStyle,
    /// Its cells, one per column (missing cells are empty).
    pub cells: Vec<Cell>,
}

impl Row {
    /// A plain row.
    pub fn plain(cells: Vec<Cell>) -> Self {
        Self {
            style: RowStyle::Plain,
            cells,
        }
    }

    /// A row with an emphasis.
    pub fn styled(style: RowStyle, cells: Vec<Cell>) -> Self {
        Self { style, cells }
    }
}

/// A cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, exactly as stored.
    Text(String),
    /// A score or index, shown with two decimals (rounded half up).
    Decimal(Decimal),
    /// A whole number (a rank, a log position).
    Integer(i64),
}

impl Cell {
    /// Text, or empty when there is none.
    pub fn text(value: Option<impl Into<String>>) -> Self {
        value.map_or(Self::Empty, |v| Self::Text(v.into()))
    }

    /// A decimal, or empty when there is none.
    pub fn decimal(value: Option<Decimal>) -> Self {
        value.map_or(Self::Empty, Self::Decimal)
    }

    /// The cell as the CSV file and a reader of the printed sheet see it.
    pub fn shown(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) => text.clone(),
            Self::Decimal(value) => format!("{:.2}", two_places(*value)),
            Self::Integer(value) => value.to_string(),
        }
    }
}

/// A value rounded half up (away from zero) to two decimals, the way the
/// regulation shows scores and indexes.
pub fn two_places(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A worksheet name: at most 31 characters, none of those Excel forbids.
pub fn sheet_name(text: &str) -> String {
    text.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// A native bar chart of one column against another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// Its title.
    pub title: String,
    /// The column holding the categories (unit names).
    pub category_column: usize,
    /// The column holding the values (indexes).
    pub value_column: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_show_two_places_rounded_half_up() {
        let shown = |text: &str| Cell::Decimal(text.parse().unwrap_or_default()).shown();
        assert_eq!(shown("12.345"), "12.35");
        assert_eq!(shown("12.344"), "12.34");
        assert_eq!(shown("-0.125"), "-0.13");
        assert_eq!(shown("7"), "7.00");
    }
}
