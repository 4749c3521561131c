//! What a criteria file gives besides its tree: the set's classification
//! bands, when a province's decision fixes its own. They sit in the
//! optional `bands` column of one row (conventionally the first), written
//! `Hoàn thành xuất sắc=90|Hoàn thành tốt=75|Hoàn thành=50|Không hoàn thành=0`;
//! a task-completion set whose file gives none takes the regulation's
//! 90/75/50, and a PAR set, which ranks without classifying, refuses them.

use super::CriteriaTree;
use super::csv_import::{rows_of, tree_from_rows};
use crate::criteria_set::IndexKind;
use crate::scoring::ClassificationBands;
use crate::table_file::{ImportError, ImportProblem, Table, read_csv_table};

/// The column that holds the bands.
const BANDS: &str = "bands";

/// A criteria file read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaFile {
    /// The tree.
    pub tree: CriteriaTree,
    /// The bands, when a row gives them.
    pub bands: Option<FileBands>,
    /// The worksheet it came from (none for CSV), to place problems found
    /// later.
    pub sheet: Option<String>,
}

/// Bands as the file gives them, with the row that gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct FileBands {
    /// The row (as the spreadsheet numbers it).
    pub row: usize,
    /// The bands.
    pub bands: ClassificationBands,
}

impl CriteriaFile {
    /// The bands a set of `index` takes from this file: a task-completion
    /// set the file's, or the regulation's when it gives none; a PAR set
    /// none, and bands given for one are refused at their row.
    pub fn bands_for(&self, index: IndexKind) -> Result<Option<ClassificationBands>, ImportError> {
        match (index, &self.bands) {
            (IndexKind::TaskCompletion, Some(given)) => Ok(Some(given.bands.clone())),
            (IndexKind::TaskCompletion, None) => Ok(Some(ClassificationBands::standard())),
            (IndexKind::Par, None) => Ok(None),
            (IndexKind::Par, Some(given)) => Err(ImportError(vec![ImportProblem::at(
                given.row,
                BANDS,
                "bộ chỉ số cải cách hành chính chỉ xếp hạng, không xếp loại: \
                 chỉ bộ tiêu chí đánh giá mức độ hoàn thành nhiệm vụ mới có các mức xếp loại",
            )])
            .in_sheet(self.sheet.as_deref())),
        }
    }
}

/// Reads a criteria file from CSV text.
pub fn read_criteria_csv(text: &str) -> Result<CriteriaFile, ImportError> {
    criteria_file_from_table(&read_csv_table(text)?)
}

/// Reads the tree and the bands of a table, whatever file it came from;
/// every problem of either is reported at its row and column.
pub fn criteria_file_from_table(table: &Table) -> Result<CriteriaFile, ImportError> {
    let rows = rows_of(table)?;
    let mut problems = Vec::new();
    let mut bands: Option<FileBands> = None;
    for row in &rows {
        let text = row.cells.get(BANDS).map_or("", |cell| cell.trim());
        if text.is_empty() {
            continue;
        }
        if let Some(first) = &bands {
            problems.push(ImportProblem::at(
                row.row,
                BANDS,
                format!(
                    "các mức xếp loại đã có ở dòng {}: chỉ ghi ở một dòng",
                    first.row
                ),
            ));
            continue;
        }
        match ClassificationBands::parse(text) {
            Ok(parsed) => {
                bands = Some(FileBands {
                    row: row.row,
                    bands: parsed,
                });
            }
            Err(message) => problems.push(ImportProblem::at(row.row, BANDS, message)),
        }
    }
    let tree = tree_from_rows(&rows);
    let sheet = table.sheet.clone();
    match tree {
        Ok(tree) if problems.is_empty() => Ok(CriteriaFile { tree, bands, sheet }),
        Ok(_) => Err(ImportError(problems).in_sheet(sheet.as_deref())),
        Err(ImportError(mut more)) => {
            problems.append(&mut more);
            problems.sort_by_key(|p| p.row);
            Err(ImportError(problems).in_sheet(sheet.as_deref()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by,bands\n";

    fn file(rows: &str) -> Result<CriteriaFile, ImportError> {
        read_criteria_csv(&format!("{HEAD}{rows}"))
    }

    #[test]
    fn the_bands_of_one_row_are_the_sets() {
        let read = file(
            "1,Thực hiện nhiệm vụ,100,,,,,Sở Nội vụ,Hoàn thành xuất sắc=85|Hoàn thành tốt=70|Hoàn thành=50|Không hoàn thành=0\n\
             1.1,Kết quả,100,range,,no,no,Sở Nội vụ,\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let given = read.bands_for(IndexKind::TaskCompletion);
        assert_eq!(
            given.map(|b| b.map(|b| b.bands()[0].minimum.to_string())),
            Ok(Some("85".to_owned()))
        );
        assert_eq!(read.bands.map(|b| b.row), Some(2));
    }

    #[test]
    fn without_bands_task_completion_takes_the_regulations_and_par_none() {
        let read = file(
            "1,Thực hiện nhiệm vụ,100,,,,,Sở Nội vụ,\n1.1,Kết quả,100,range,,no,no,Sở Nội vụ,\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            read.bands_for(IndexKind::TaskCompletion),
            Ok(Some(ClassificationBands::standard()))
        );
        assert_eq!(read.bands_for(IndexKind::Par), Ok(None));
        // A file without the column at all reads the same.
        let plain = read_criteria_csv(
            "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by\n\
             1,Thực hiện nhiệm vụ,100,,,,,Sở Nội vụ\n1.1,Kết quả,100,range,,no,no,Sở Nội vụ\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plain.bands, None);
    }

    #[test]
    fn bad_bands_are_refused_at_their_row_and_column() {
        let problems = |rows: &str| -> Vec<(usize, Option<String>, String)> {
            file(rows)
                .err()
                .map(|e| e.0)
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.row, p.column, p.message))
                .collect()
        };
        let bad = problems(
            "1,Thực hiện nhiệm vụ,100,,,,,Sở Nội vụ,Hoàn thành tốt=75|Hoàn thành=50\n\
             1.1,Kết quả,100,range,,no,no,Sở Nội vụ,\n",
        );
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!((bad[0].0, bad[0].1.as_deref()), (2, Some("bands")));
        assert!(bad[0].2.contains("bắt đầu từ 0"), "{bad:?}");
        let twice = problems(
            "1,Thực hiện nhiệm vụ,100,,,,,Sở Nội vụ,Hoàn thành=50|Không hoàn thành=0\n\
             1.1,Kết quả,100,range,,no,no,Sở Nội vụ,Hoàn thành=40|Không hoàn thành=0\n",
        );
        assert_eq!(twice.len(), 1, "{twice:?}");
        assert_eq!(twice[0].0, 3);
        assert!(twice[0].2.contains("dòng 2"), "{twice:?}");
        // A problem of the tree and one of the bands are both reported.
        let both = problems(
            "1,Thực hiện nhiệm vụ,100,,,,,Sở Nội vụ,Giỏi=90\n1.1,Kết quả,100,bogus,,no,no,Sở Nội vụ,\n",
        );
        assert_eq!(
            both.iter().map(|p| p.1.as_deref()).collect::<Vec<_>>(),
            vec![Some("bands"), Some("method")]
        );
    }

    #[test]
    fn a_par_set_refuses_bands() {
        let read = file(
            "1,Công tác chỉ đạo,2,,,,,Sở Nội vụ,Hoàn thành=50|Không hoàn thành=0\n\
             1.1,Kế hoạch,2,range,,no,no,Sở Nội vụ,\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let refused = read.bands_for(IndexKind::Par).err().map(|e| e.0);
        let problem = refused.as_deref().and_then(<[_]>::first);
        assert_eq!(
            problem.map(|p| (p.row, p.column.as_deref())),
            Some((2, Some("bands")))
        );
    }
}
