//! Reading a criteria tree from an XLSX workbook laid out like the CSV of a
//! decision's appendix: the first worksheet, a header row naming the
//! columns, one row per node. Errors name the sheet, the row (as the
//! spreadsheet numbers it) and the column.

use super::CriteriaTree;
use super::csv_import::tree_from_table;
use crate::table_file::{ImportError, read_xlsx_table};

/// Reads a criteria tree from the first worksheet of an XLSX file.
pub fn import_criteria_xlsx(bytes: &[u8]) -> Result<CriteriaTree, ImportError> {
    tree_from_table(&read_xlsx_table(bytes)?)
}
