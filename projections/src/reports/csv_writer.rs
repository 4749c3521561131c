//! Renders a [`ReportDocument`] as CSV: the same rows as the XLSX sheet,
//! cell for cell (title, header lines, a blank line, the column headings,
//! the data), sheets one after another with a blank line between them.
//! UTF-8 with a byte-order mark, so that Excel opens the Vietnamese text
//! correctly; decimals with a point and two places.

use super::document::{ReportDocument, ReportSheet};

/// The CSV file's bytes.
pub fn render_csv(document: &ReportDocument) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for (index, sheet) in document.sheets.iter().enumerate() {
        if index > 0 {
            writer.write_record([""])?;
        }
        write_sheet(&mut writer, document, sheet)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

fn write_sheet(
    writer: &mut csv::Writer<Vec<u8>>,
    document: &ReportDocument,
    sheet: &ReportSheet,
) -> Result<(), csv::Error> {
    writer.write_record([document.title.as_str()])?;
    for line in document.header.iter().chain(&sheet.caption) {
        writer.write_record([line.text()])?;
    }
    writer.write_record([""])?;
    writer.write_record(sheet.columns.iter().map(|c| c.title.as_str()))?;
    for row in &sheet.rows {
        writer.write_record(row.cells.iter().map(super::document::Cell::shown))?;
    }
    Ok(())
}
