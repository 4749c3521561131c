//! Both sample criteria sets read the same from XLSX as from CSV, and a
//! malformed workbook is refused with its sheet, row and column named.

use chamdiem_domain::criteria::{ImportError, import_criteria_csv, import_criteria_xlsx};
use chamdiem_tests::workbook_of;

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
        .map(|p| (p.sheet.as_deref(), p.row, p.column))
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
