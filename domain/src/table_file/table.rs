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
