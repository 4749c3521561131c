use super::{ImportError, ImportProblem};

/// A table read from a file: a header row naming the columns, then the
/// rows below it, every cell as text (trimmed). Blank rows are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The worksheet it came from (none for CSV).
    pub sheet: Option<String>,
    /// The header row's number.
    pub header_row: usize,
    /// The headings, trimmed and lower-cased.
    pub headings: Vec<String>,
    /// The rows below the header.
    pub rows: Vec<TableRow>,
}

/// One row of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableRow {
    /// Its number as the spreadsheet shows it.
    pub row: usize,
    /// Its cells, from the first column.
    pub cells: Vec<String>,
}

impl TableRow {
    /// The cell in column `at` ("" when absent).
    pub fn cell(&self, at: usize) -> &str {
        self.cells.get(at).map_or("", String::as_str)
    }
}

impl Table {
    /// The table, unless a cell holds text no store can keep (the NUL
    /// character, which PostgreSQL refuses): each such cell is a problem at
    /// its row and column.
    pub fn refusing_unstorable_text(self) -> Result<Self, ImportError> {
        const MESSAGE: &str = "ô chứa ký tự NUL (mã 0), không lưu được: hãy bỏ ký tự đó";
        let mut problems: Vec<ImportProblem> = self
            .headings
            .iter()
            .enumerate()
            .filter(|(_, heading)| heading.contains('\0'))
            .map(|(at, _)| ImportProblem::at(self.header_row, &column_name(at), MESSAGE))
            .collect();
        for row in &self.rows {
            for (at, cell) in row.cells.iter().enumerate() {
                if cell.contains('\0') {
                    let heading = self
                        .headings
                        .get(at)
                        .filter(|h| !h.is_empty() && !h.contains('\0'))
                        .cloned()
                        .unwrap_or_else(|| column_name(at));
                    problems.push(ImportProblem::at(row.row, &heading, MESSAGE));
                }
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(ImportError(problems).in_sheet(self.sheet.as_deref()))
        }
    }

    /// Where each of `required` is (by heading), and `optional` where present.
    /// A missing required column is a problem on the header row.
    pub fn columns(
        &self,
        required: &[&'static str],
        optional: &[&'static str],
    ) -> Result<Columns, ImportError> {
        let find = |name: &str| self.headings.iter().position(|h| h == name);
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for name in required {
            match find(name) {
                Some(at) => found.push((*name, at)),
                None => missing.push(ImportProblem::at(
                    self.header_row,
                    name,
                    "thiếu cột này trong dòng tiêu đề",
                )),
            }
        }
        if !missing.is_empty() {
            return Err(ImportError(missing).in_sheet(self.sheet.as_deref()));
        }
        found.extend(
            optional
                .iter()
                .filter_map(|name| find(name).map(|at| (*name, at))),
        );
        Ok(Columns(found))
    }

    /// Places problems found in this table in its sheet.
    pub fn problems(&self, problems: Vec<ImportProblem>) -> ImportError {
        ImportError(problems).in_sheet(self.sheet.as_deref())
    }
}

/// Where the named columns of a table are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns(Vec<(&'static str, usize)>);

impl Columns {
    /// The cell of `row` under heading `name` ("" when the column is absent).
    pub fn cell<'a>(&self, row: &'a TableRow, name: &str) -> &'a str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, at)| row.cell(*at))
    }

    /// Whether the table has the column.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| *n == name)
    }
}

/// A column's letters as a spreadsheet shows them (0 → A, 26 → AA).
fn column_name(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + u8::try_from(index % 26).unwrap_or(0)));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_no_store_can_keep_is_a_problem_at_its_row_and_column() {
        let table = crate::table_file::read_csv_table("mã,tên\nS01,Sở Nội vụ\nS02,Sở\0Tư pháp\n");
        let problems = table.err().map(|e| e.0).unwrap_or_default();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 3);
        assert_eq!(problems[0].column.as_deref(), Some("tên"));
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
    }
}
