//! Tables that people bring as files, XLSX or CSV alike: a header row
//! naming the columns, one record per row. Readers here turn either file
//! into the same [`Table`]; each import (criteria sets, units, survey
//! forms) reads its columns from it and reports every problem with the
//! sheet, row and column a spreadsheet user would look at.

mod csv_table;
mod import_problem;
mod inflated_size;
mod table;
mod xlsx_table;

pub use csv_table::read_csv_table;
pub use import_problem::{ImportError, ImportProblem};
pub use table::{Columns, Table, TableRow};
pub use xlsx_table::read_xlsx_table;

/// How every XLSX file (a ZIP archive) begins.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// What browsers and office suites call a CSV file (Windows sends Excel's
/// type for `.csv`); an absent type is taken as CSV too.
const CSV_MEDIA_TYPES: [&str; 5] = [
    "",
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.ms-excel",
];

/// Reads an uploaded file: a workbook when it is one (whatever type the
/// client declared), else CSV in UTF-8 when its type says CSV.
pub fn read_table_file(bytes: &[u8], media_type: &str) -> Result<Table, ImportError> {
    if bytes.starts_with(ZIP_MAGIC) {
        return read_xlsx_table(bytes);
    }
    if !CSV_MEDIA_TYPES.contains(&media_type) {
        return Err(ImportError::whole_file(format!(
            "tệp không phải XLSX hay CSV (kiểu {media_type})"
        )));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::whole_file("tệp CSV phải được lưu với mã UTF-8"))?;
    read_csv_table(text)
}
