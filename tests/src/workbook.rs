//! Spreadsheets as officials make them, for import tests.

use rust_xlsxwriter::Workbook;

/// The CSV as an official's workbook: one sheet, maxima typed as numbers.
pub fn workbook_of(csv: &str, sheet: &str) -> Vec<u8> {
    workbook_at(csv, sheet, (0, 0))
}

/// The same, with the table's top-left cell at `(row, column)`, counted from 0.
pub fn workbook_at(csv: &str, sheet: &str, (top, left): (u32, u16)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).unwrap_or_else(|e| panic!("{e}"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        let row = u32::try_from(row).unwrap_or_else(|e| panic!("{e}"));
        for (column, cell) in record.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or_else(|e| panic!("{e}"));
            let written = match (column, cell.parse::<f64>()) {
                (2, Ok(number)) if row > 0 => {
                    worksheet.write_number(top + row, left + column, number)
                }
                _ if cell.is_empty() => continue,
                _ => worksheet.write_string(top + row, left + column, cell),
            };
            written.unwrap_or_else(|e| panic!("{e}"));
        }
    }
    workbook.save_to_buffer().unwrap_or_else(|e| panic!("{e}"))
}
