//! Renders a [`ReportDocument`] as an XLSX workbook the way officials print
//! it: the title and header on top, the column headings frozen under them
//! (and repeated on every printed page), two decimals, A4 landscape one page
//! wide, columns as wide as their Vietnamese text within limits.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use super::document::{Cell, ReportDocument, ReportSheet, Row, RowStyle, two_places};

/// The workbook's bytes. The same document always gives the same bytes:
/// the creation time is fixed (as reproducible builds fix theirs), so a
/// report's file hash depends only on what it shows.
pub fn render_xlsx(document: &ReportDocument) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&document.title)
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    let mut names = std::collections::BTreeSet::new();
    for sheet in &document.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(unique_name(&sheet.name, &mut names))?;
        write_sheet(worksheet, document, sheet, &formats)?;
    }
    workbook.save_to_buffer()
}

struct Formats {
    title: Format,
    header: Format,
    heading: Format,
    text: Format,
    number: Format,
    integer: Format,
}

impl Formats {
    fn new() -> Self {
        let font = |format: Format| format.set_font_name("Times New Roman").set_font_size(12);
        let cell = |format: Format| {
            font(format)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
        };
        Self {
            title: font(Format::new())
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            header: font(Format::new()),
            heading: cell(Format::new())
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#DDEBF7"),
            text: cell(Format::new()).set_text_wrap(),
            number: cell(Format::new()).set_num_format("0.00"),
            integer: cell(Format::new()).set_num_format("0"),
        }
    }
}

fn write_sheet(
    worksheet: &mut Worksheet,
    document: &ReportDocument,
    sheet: &ReportSheet,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let last_column = u16::try_from(sheet.columns.len().max(1) - 1).unwrap_or(0);
    let mut row: u32 = 0;
    full_width(worksheet, row, last_column, &document.title, &formats.title)?;
    row += 1;
    for line in document.header.iter().chain(&sheet.caption) {
        full_width(worksheet, row, last_column, &line.text(), &formats.header)?;
        row += 1;
    }
    row += 1;
    let heading_row = row;
    for (column, spec) in (0u16..).zip(&sheet.columns) {
        worksheet.write_string_with_format(row, column, &spec.title, &formats.heading)?;
    }
    // Everything down to the column headings stays in view and on every page.
    worksheet.set_freeze_panes(heading_row + 1, 0)?;
    worksheet.set_repeat_rows(heading_row, heading_row)?;
    let first_data_row = heading_row + 1;
    for (offset, data) in (0u32..).zip(&sheet.rows) {
        write_row(worksheet, first_data_row + offset, data, formats)?;
    }
    for (column, spec) in (0u16..).zip(&sheet.columns) {
        worksheet.set_column_width(column, column_width(sheet, usize::from(column), spec))?;
    }
    if let (Some(chart), Ok(count)) = (&sheet.chart, u32::try_from(sheet.rows.len())) {
        if count > 0 {
            let last_data_row = first_data_row + count - 1;
            let category = u16::try_from(chart.category_column).unwrap_or(0);
            let value = u16::try_from(chart.value_column).unwrap_or(0);
            let mut bar = Chart::new(ChartType::Bar);
            bar.title().set_name(&chart.title);
            bar.add_series()
                .set_name(&chart.title)
                .set_categories((
                    sheet.name.as_str(),
                    first_data_row,
                    category,
                    last_data_row,
                    category,
                ))
                .set_values((
                    sheet.name.as_str(),
                    first_data_row,
                    value,
                    last_data_row,
                    value,
                ));
            // Best first from the top, as the table reads.
            bar.y_axis().set_reverse();
            bar.legend().set_hidden();
            bar.set_width(720)
                .set_height(count.saturating_mul(22).clamp(320, 4_000));
            worksheet.insert_chart(first_data_row, last_column + 2, &bar)?;
        }
    }
    worksheet.set_landscape();
    worksheet.set_paper_size(9); // A4
    worksheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A sheet name not used yet in the workbook (Excel compares names without
/// case): two blocks whose names shorten alike get "(2)", "(3)"…
fn unique_name(name: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let mut candidate = name.to_owned();
    let mut n = 1;
    while taken.contains(&candidate.to_lowercase()) {
        n += 1;
        let suffix = format!(" ({n})");
        let room = 31_usize.saturating_sub(suffix.chars().count());
        candidate = name.chars().take(room).collect::<String>() + &suffix;
    }
    taken.insert(candidate.to_lowercase());
    candidate
}

/// Text across every column of the table.
fn full_width(
    worksheet: &mut Worksheet,
    row: u32,
    last_column: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last_column == 0 {
        worksheet.write_string_with_format(row, 0, text, format)?;
    } else {
        worksheet.merge_range(row, 0, row, last_column, text, format)?;
    }
    Ok(())
}

fn write_row(
    worksheet: &mut Worksheet,
    row: u32,
    data: &Row,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let emphasis = |format: &Format| match data.style {
        RowStyle::Plain => format.clone(),
        RowStyle::Group => format.clone().set_bold(),
        RowStyle::Total => format
            .clone()
            .set_bold()
            .set_border_top(FormatBorder::Medium),
    };
    for (column, cell) in (0u16..).zip(&data.cells) {
        match cell {
            Cell::Empty => {
                worksheet.write_blank(row, column, &emphasis(&formats.text))?;
            }
            Cell::Text(text) => {
                worksheet.write_string_with_format(row, column, text, &emphasis(&formats.text))?;
            }
            Cell::Decimal(value) => {
                let number = two_places(*value).to_f64().unwrap_or_default();
                worksheet.write_number_with_format(
                    row,
                    column,
                    number,
                    &emphasis(&formats.number),
                )?;
            }
            Cell::Integer(value) => {
                // Log positions stay far below 2^53: exact as a float.
                let number = *value as f64;
                worksheet.write_number_with_format(
                    row,
                    column,
                    number,
                    &emphasis(&formats.integer),
                )?;
            }
        }
    }
    Ok(())
}

/// The widest cell of the column (characters, not bytes: Vietnamese letters
/// take two or three bytes), within the column's limits.
fn column_width(sheet: &ReportSheet, column: usize, spec: &super::document::Column) -> f64 {
    let widest = sheet
        .rows
        .iter()
        .filter_map(|row| row.cells.get(column))
        .map(|cell| cell.shown().chars().count())
        .chain(
            spec.title
                .split_whitespace()
                .map(|word| word.chars().count()),
        )
        .max()
        .unwrap_or(0);
    let width = u16::try_from(widest + 2).unwrap_or(u16::MAX);
    f64::from(width.clamp(spec.min_width, spec.max_width.max(spec.min_width)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_stay_unique_and_short() {
        let mut taken = std::collections::BTreeSet::new();
        let long = "Khối các đơn vị sự nghiệp công lập thuộc tỉnh";
        let first = unique_name(&long.chars().take(31).collect::<String>(), &mut taken);
        let second = unique_name(&long.chars().take(31).collect::<String>(), &mut taken);
        assert_ne!(first.to_lowercase(), second.to_lowercase());
        assert!(second.ends_with(" (2)") && second.chars().count() <= 31);
        assert_eq!(unique_name("D1", &mut taken), "D1");
        assert_eq!(unique_name("d1", &mut taken), "d1 (2)");
    }
}
