//! Criteria sets (bộ tiêu chí): the tree of fields, criteria and
//! sub-criteria with exact maxima and scoring methods, its import from a
//! decision's appendix, and the `CriteriaSet` aggregate that freezes it on
//! publication.

mod criteria_file;
mod criteria_tree;
mod criterion;
mod criterion_code;
mod csv_import;
mod scoring_method;
mod xlsx_import;

pub use criteria_file::{CriteriaFile, FileBands, criteria_file_from_table, read_criteria_csv};
pub use criteria_tree::{CriteriaTree, TreeError};
pub use criterion::{Criterion, Department, DepartmentError};
pub use criterion_code::{CriterionCode, CriterionCodeError, Section};
pub use csv_import::{COLUMNS, CriteriaRow, import_criteria_csv, tree_from_rows, tree_from_table};
pub use scoring_method::{EntryError, LeafEntry, Level, RANGE_STEP, ScoringMethod, ratio_points};
pub use xlsx_import::import_criteria_xlsx;

pub use crate::table_file::{ImportError, ImportProblem};
