use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::inflated_size::check_inflated_size;
use super::{ImportError, Table, TableRow};

/// Columns read: cells further right are ignored.
const MAX_COLUMNS: u32 = 256;

/// Rows read: far more than any criteria set, unit list or survey batch of
/// a province.
const MAX_ROWS: usize = 20_000;

/// The longest text of one cell, in characters: a criterion's full wording
/// is a few hundred.
const MAX_CELL_CHARS: usize = 10_000;

/// The most text kept from all cells together, in bytes. Cells may repeat
/// one shared string, so this bounds what is kept, not what was inflated.
const MAX_TABLE_BYTES: usize = 16 * 1024 * 1024;

/// Reads a table from the first worksheet of an XLSX workbook: its first
/// non-blank row is the header (a title may stand above it).
///
/// Cells are read one by one rather than as calamine's dense range, so a
/// small file that names a far corner of the sheet cannot make it allocate
/// billions of empty cells; the archive's parts are measured inflated before
/// the reader inflates them whole; each cell and all text kept are bounded.
pub fn read_xlsx_table(bytes: &[u8]) -> Result<Table, ImportError> {
    check_inflated_size(bytes)?;
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ImportError::whole_file(format!("không đọc được tệp XLSX: {e}")))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ImportError::whole_file("tệp XLSX không có trang tính nào"))?;
    let fail = |message: String| ImportError::whole_file(message).in_sheet(Some(&sheet));
    let unreadable = |e: calamine::XlsxError| fail(format!("không đọc được trang tính: {e}"));
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    // Spreadsheet row number (from 1) → the row's cells by column (from 0).
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut kept = 0_usize;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            continue;
        }
        let text = Data::from(cell.get_value().clone()).to_string();
        if text.trim().is_empty() {
            continue;
        }
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(fail(format!(
                "ô dòng {}, cột {} dài quá {MAX_CELL_CHARS} ký tự",
                u64::from(row) + 1,
                column + 1
            )));
        }
        kept += text.len();
        if kept > MAX_TABLE_BYTES {
            return Err(fail(format!(
                "trang tính chứa quá nhiều chữ (tối đa {} MiB)",
                MAX_TABLE_BYTES / (1024 * 1024)
            )));
        }
        let row = usize::try_from(row).map_or(usize::MAX, |row| row.saturating_add(1));
        if !rows.contains_key(&row) && rows.len() >= MAX_ROWS {
            return Err(fail(format!(
                "trang tính có quá nhiều dòng (tối đa {MAX_ROWS})"
            )));
        }
        let row = rows.entry(row).or_default();
        let column = column as usize;
        if row.len() <= column {
            row.resize(column + 1, String::new());
        }
        row[column] = text.trim().to_owned();
    }
    let mut rows = rows.into_iter();
    let (header_row, headings) = rows
        .next()
        .ok_or_else(|| fail("trang tính trống".to_owned()))?;
    Table {
        header_row,
        headings: headings.iter().map(|h| h.trim().to_lowercase()).collect(),
        rows: rows.map(|(row, cells)| TableRow { row, cells }).collect(),
        sheet: Some(sheet),
    }
    .refusing_unstorable_text()
}
