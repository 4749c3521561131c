use std::fmt;

/// One problem in an imported file, where a spreadsheet user can find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The worksheet, for a workbook.
    pub sheet: Option<String>,
    /// The row as the spreadsheet numbers it (from 1); 0 when the file as a
    /// whole is at fault.
    pub row: usize,
    /// The column's heading, when one column is at fault.
    pub column: Option<String>,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl ImportProblem {
    /// A problem at a row and column.
    pub fn at(row: usize, column: &str, message: impl Into<String>) -> Self {
        Self {
            sheet: None,
            row,
            column: Some(column.to_owned()),
            message: message.into(),
        }
    }

    /// A problem with a whole row.
    pub fn in_row(row: usize, message: impl Into<String>) -> Self {
        Self {
            sheet: None,
            row,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "trang tính {sheet}, ")?;
        }
        match (self.row, &self.column) {
            (0, _) => f.write_str(&self.message),
            (row, Some(column)) => write!(f, "dòng {row}, cột {column}: {}", self.message),
            (row, None) => write!(f, "dòng {row}: {}", self.message),
        }
    }
}

/// Every problem found in an imported file (at least one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError(pub Vec<ImportProblem>);

impl ImportError {
    /// The file as a whole is at fault.
    pub fn whole_file(message: impl Into<String>) -> Self {
        Self(vec![ImportProblem::in_row(0, message)])
    }

    /// The problems, each placed in `sheet`.
    pub fn in_sheet(mut self, sheet: Option<&str>) -> Self {
        for problem in &mut self.0 {
            problem.sheet = sheet.map(str::to_owned);
        }
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("; "))
    }
}
