//! Reading exported reports back with readers independent of the writer:
//! calamine for XLSX, the csv crate for CSV, the zip crate for the parts
//! of the workbook.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;

/// One worksheet as a grid from A1 (empty cells where nothing is written).
#[derive(Debug, Clone)]
pub struct SheetGrid {
    /// The worksheet's name.
    pub name: String,
    /// Its rows from the first, each from column A.
    pub rows: Vec<Vec<Data>>,
}

impl SheetGrid {
    /// The text of a cell ("" when empty or absent).
    pub fn text(&self, row: usize, column: usize) -> String {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .map(cell_text)
            .unwrap_or_default()
    }

    /// The number in a cell, rounded to two places, if it holds one.
    pub fn number(&self, row: usize, column: usize) -> Option<Decimal> {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .and_then(cell_number)
    }

    /// The index of the first row whose first cell reads `text`.
    pub fn row_starting(&self, text: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.first().map(cell_text).as_deref() == Some(text))
    }

    /// The index of the first row with `text` in column `column`.
    pub fn row_with(&self, column: usize, text: &str) -> Option<usize> {
        (0..self.rows.len()).find(|&r| self.text(r, column) == text)
    }
}

/// Every worksheet of a workbook, in order.
pub fn xlsx_sheets(bytes: &[u8]) -> Vec<SheetGrid> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("not a workbook: {e}"));
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook
                .worksheet_range(&name)
                .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); top as usize];
            for row in range.rows() {
                let mut cells = vec![Data::Empty; left as usize];
                cells.extend(row.iter().cloned());
                rows.push(cells);
            }
            SheetGrid { name, rows }
        })
        .collect()
}

/// A CSV file's rows (it must start with the UTF-8 byte-order mark).
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or_else(|| panic!("a CSV for Excel starts with a byte-order mark"));
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body)
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The names of the parts inside a workbook.
pub fn zip_entries(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec()))
        .unwrap_or_else(|e| panic!("not a ZIP: {e}"));
    archive.file_names().map(str::to_owned).collect()
}

/// Checks that a CSV holds the workbook's cells: every sheet's rows in
/// order, a blank line between sheets, numbers equal to two places.
pub fn assert_same_cells(sheets: &[SheetGrid], csv: &[Vec<String>]) {
    let mut expected: Vec<Vec<Data>> = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        if i > 0 {
            expected.push(Vec::new());
        }
        expected.extend(sheet.rows.iter().cloned());
    }
    assert_eq!(
        expected.len(),
        csv.len(),
        "as many rows in the CSV as in the workbook"
    );
    for (r, (xlsx_row, csv_row)) in expected.iter().zip(csv).enumerate() {
        let width = xlsx_row.len().max(csv_row.len());
        for c in 0..width {
            let cell = xlsx_row.get(c).unwrap_or(&Data::Empty);
            let text = csv_row.get(c).map(String::as_str).unwrap_or_default();
            match cell_number(cell) {
                Some(number) => assert_eq!(
                    text.parse::<Decimal>().ok(),
                    Some(number),
                    "row {r}, column {c}"
                ),
                None => assert_eq!(cell_text(cell), text, "row {r}, column {c}"),
            }
        }
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn cell_number(cell: &Data) -> Option<Decimal> {
    match cell {
        Data::Float(value) => Decimal::try_from(*value).ok().map(|d| d.round_dp(2)),
        Data::Int(value) => Some(Decimal::from(*value)),
        _ => None,
    }
}

/// The text of one part of a workbook (`xl/charts/chart1.xml`).
pub fn zip_entry_text(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec()))
        .unwrap_or_else(|e| panic!("not a ZIP: {e}"));
    let mut entry = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    text
}
