//! Reading a criteria tree from an XLSX workbook laid out like the CSV of a
//! decision's appendix: the first worksheet, a header row naming the
//! columns, one row per node. Errors name the sheet, the row (as the
//! spreadsheet numbers it) and the column.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::CriteriaTree;
use super::csv_import::{ImportError, column_positions, criteria_row, tree_from_rows, whole_file};

/// Columns read: the appendix has eight; cells further right are ignored.
const MAX_COLUMNS: u32 = 64;

/// Rows read: far more than any criteria set has nodes.
const MAX_ROWS: usize = 5_000;

/// Reads a criteria tree from the first worksheet of an XLSX file.
///
/// Cells are read one by one rather than as calamine's dense range, so a
/// small file that names a far corner of the sheet cannot make it allocate
/// billions of empty cells.
pub fn import_criteria_xlsx(bytes: &[u8]) -> Result<CriteriaTree, ImportError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| whole_file(format!("không đọc được tệp XLSX: {e}")))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| whole_file("tệp XLSX không có trang tính nào".to_owned()))?;
    let in_sheet = |mut error: ImportError| {
        for problem in &mut error.0 {
            problem.sheet = Some(sheet.clone());
        }
        error
    };
    let unreadable =
        |e: calamine::XlsxError| in_sheet(whole_file(format!("không đọc được trang tính: {e}")));
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    // Spreadsheet row number (from 1) → the row's cells by column (from 0).
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let text = Data::from(cell.get_value().clone()).to_string();
        if column >= MAX_COLUMNS || text.trim().is_empty() {
            continue;
        }
        let row = usize::try_from(row).map_or(usize::MAX, |row| row.saturating_add(1));
        if !rows.contains_key(&row) && rows.len() >= MAX_ROWS {
            return Err(in_sheet(whole_file(format!(
                "trang tính có quá nhiều dòng (tối đa {MAX_ROWS})"
            ))));
        }
        let row = rows.entry(row).or_default();
        let column = column as usize;
        if row.len() <= column {
            row.resize(column + 1, String::new());
        }
        row[column] = text;
    }
    let mut rows = rows.into_iter();
    let (header_row, headers) = rows
        .next()
        .ok_or_else(|| in_sheet(whole_file("trang tính trống".to_owned())))?;
    let headers: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let positions = column_positions(&headers, header_row).map_err(in_sheet)?;
    let rows: Vec<_> = rows
        .filter_map(|(row, cells)| criteria_row(row, &positions, &cells))
        .collect();
    tree_from_rows(&rows).map_err(in_sheet)
}
