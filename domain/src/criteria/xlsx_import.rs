//! Reading a criteria tree from an XLSX workbook laid out like the CSV of a
//! decision's appendix: the first worksheet, a header row naming the
//! columns, one row per node. Errors name the sheet, the row (as the
//! spreadsheet numbers it) and the column.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::CriteriaTree;
use super::csv_import::{ImportError, column_positions, criteria_row, tree_from_rows, whole_file};

/// Reads a criteria tree from the first worksheet of an XLSX file.
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
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| in_sheet(whole_file(format!("không đọc được trang tính: {e}"))))?;
    // The range starts at the first used cell; rows are numbered as the
    // spreadsheet shows them.
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let first_row = usize::try_from(first_row).unwrap_or(usize::MAX) + 1;
    let mut rows = range.rows().map(|cells| {
        let mut text: Vec<String> = vec![String::new(); first_column as usize];
        text.extend(cells.iter().map(Data::to_string));
        text
    });
    let headers: Vec<String> = rows
        .next()
        .ok_or_else(|| in_sheet(whole_file("trang tính trống".to_owned())))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let positions = column_positions(&headers, first_row).map_err(in_sheet)?;
    let rows: Vec<_> = rows
        .enumerate()
        .filter_map(|(index, cells)| criteria_row(first_row + 1 + index, &positions, &cells))
        .collect();
    tree_from_rows(&rows).map_err(in_sheet)
}
