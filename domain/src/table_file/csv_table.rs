use super::{ImportError, ImportProblem, Table, TableRow};

/// Reads a table from CSV text (UTF-8, an optional byte-order mark; the
/// header is row 1).
pub fn read_csv_table(text: &str) -> Result<Table, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::whole_file(format!("không đọc được dòng tiêu đề: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if headings.iter().all(String::is_empty) {
        return Err(ImportError::whole_file("tệp trống"));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.map_err(|e| {
            ImportError(vec![ImportProblem::in_row(
                row,
                format!("dòng CSV không hợp lệ: {e}"),
            )])
        })?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(TableRow { row, cells });
        }
    }
    Table {
        sheet: None,
        header_row: 1,
        headings,
        rows,
    }
    .refusing_unstorable_text()
}
