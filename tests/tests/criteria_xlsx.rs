//! Both sample criteria sets read the same from XLSX as from CSV, and a
//! malformed workbook is refused with its sheet, row and column named.

use chamdiem_domain::criteria::{COLUMNS, ImportError, import_criteria_csv, import_criteria_xlsx};
use chamdiem_tests::{workbook_at, workbook_of};

const PAR: &str = include_str!("../../domain/tests/data/par-department-sample.csv");
const HTNV: &str = include_str!("../../domain/tests/data/htnv-department-sample.csv");

#[test]
fn both_sample_sets_read_the_same_from_xlsx_as_from_csv() {
    for csv in [PAR, HTNV] {
        let from_csv = import_criteria_csv(csv).unwrap_or_else(|e| panic!("{e}"));
        let from_xlsx =
            import_criteria_xlsx(&workbook_of(csv, "Phụ lục")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_xlsx, from_csv);
    }
}

fn problem_at(error: &ImportError) -> Vec<(Option<&str>, usize, Option<&str>)> {
    error
        .0
        .iter()
        .map(|p| (p.sheet.as_deref(), p.row, p.column.as_deref()))
        .collect()
}

#[test]
fn a_bad_cell_is_named_by_sheet_row_and_column() {
    // The third data row (spreadsheet row 4) gets a maximum that is not a number.
    let mut lines: Vec<String> = PAR.lines().map(str::to_owned).collect();
    lines[3] = lines[3].replacen(",1,levels,", ",một,levels,", 1);
    let broken = lines.join("\n");
    let error = import_criteria_xlsx(&workbook_of(&broken, "Phụ lục"))
        .err()
        .unwrap_or_else(|| panic!("a maximum of 'một' was accepted"));
    assert_eq!(
        problem_at(&error),
        [(Some("Phụ lục"), 4, Some("max_score"))]
    );
    assert!(
        error
            .to_string()
            .starts_with("trang tính Phụ lục, dòng 4, cột max_score: "),
        "{error}"
    );

    // A table under a title, starting at C3: the row is still the one the
    // spreadsheet shows (3 + 3 = 6).
    let error = import_criteria_xlsx(&workbook_at(&broken, "Phụ lục", (2, 2)))
        .err()
        .unwrap_or_else(|| panic!("a maximum of 'một' was accepted"));
    assert_eq!(
        problem_at(&error),
        [(Some("Phụ lục"), 6, Some("max_score"))]
    );
    let placed = import_criteria_xlsx(&workbook_at(PAR, "Phụ lục", (2, 2)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(Ok(placed), import_criteria_csv(PAR));
}

#[test]
fn a_missing_column_and_a_file_that_is_no_workbook_are_refused() {
    let without_department: String = PAR
        .lines()
        .map(|line| line.rsplit_once(',').map_or(line, |(rest, _)| rest))
        .collect::<Vec<_>>()
        .join("\n");
    let error = import_criteria_xlsx(&workbook_of(&without_department, "Sheet1"))
        .err()
        .unwrap_or_else(|| panic!("a sheet without appraised_by was accepted"));
    assert_eq!(
        problem_at(&error),
        [(Some("Sheet1"), 1, Some("appraised_by"))]
    );

    let error = import_criteria_xlsx(PAR.as_bytes())
        .err()
        .unwrap_or_else(|| panic!("CSV bytes were read as a workbook"));
    assert_eq!(problem_at(&error), [(None, 0, None)]);
}

#[test]
fn a_cell_in_the_far_corner_does_not_blow_up_the_reader() {
    // Read as a dense range this sheet would be 17 billion cells.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, name) in (0u16..).zip(COLUMNS) {
        sheet
            .write_string(0, column, name)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    sheet
        .write_string(1_048_575, 1, "Tiêu chí lạc")
        .unwrap_or_else(|e| panic!("{e}"));
    sheet
        .write_string(1_048_575, 16_383, "x")
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes = workbook.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let error = import_criteria_xlsx(&bytes)
        .err()
        .unwrap_or_else(|| panic!("a row without a code was accepted"));
    assert!(
        problem_at(&error).contains(&(Some("Sheet1"), 1_048_576, Some("code"))),
        "{error}"
    );
}
