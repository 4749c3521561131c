//! Reading a criteria tree from the CSV layout of a decision's appendix:
//! `code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by`,
//! one row per node, and two optional columns for the rules a province's
//! decision may set otherwise: `step`, a range leaf's score step (0.25 when
//! empty), and `weights`, a survey leaf's answer shares
//! (`A=100|B=60|C=20|D=0` when empty). Errors name the row (as a spreadsheet
//! numbers it, the header being row 1) and the column.

use std::collections::HashMap;

use super::{CriteriaTree, Criterion, CriterionCode, Department, Level, ScoringMethod, TreeError};
use crate::scoring::Points;
use crate::self_assessment::SurveyWeights;
use crate::table_file::{ImportError, ImportProblem, Table, read_csv_table};

/// The columns, in the order the appendix prints them.
pub const COLUMNS: [&str; 8] = [
    "code",
    "title",
    "max_score",
    "method",
    "levels",
    "evidence_required",
    "not_applicable_allowed",
    "appraised_by",
];

/// The columns a sheet may leave out: the leaves' rules, and the set's
/// classification bands (read by [`super::criteria_file`]).
pub const OPTIONAL_COLUMNS: [&str; 3] = ["step", "weights", "bands"];

/// The optional columns that give one leaf a rule.
const LEAF_RULE_COLUMNS: [&str; 2] = ["step", "weights"];

/// One row of the sheet as text, whatever the source (CSV or XLSX).
#[derive(Debug, Clone, Default)]
pub struct CriteriaRow {
    /// Its row number, the header being row 1.
    pub row: usize,
    /// The cells, by column name.
    pub cells: HashMap<&'static str, String>,
}

/// Reads a criteria tree from CSV text (UTF-8, an optional byte-order mark,
/// columns in any order).
pub fn import_criteria_csv(text: &str) -> Result<CriteriaTree, ImportError> {
    tree_from_table(&read_csv_table(text)?)
}

/// Reads a criteria tree from a table, whatever file it came from (the
/// bands column aside: [`super::criteria_file_from_table`] reads both).
pub fn tree_from_table(table: &Table) -> Result<CriteriaTree, ImportError> {
    tree_from_rows(&rows_of(table)?).map_err(|e| e.in_sheet(table.sheet.as_deref()))
}

/// The table's rows as text by column name, once its header names every
/// column the layout needs.
pub(super) fn rows_of(table: &Table) -> Result<Vec<CriteriaRow>, ImportError> {
    let columns = table.columns(&COLUMNS, &OPTIONAL_COLUMNS)?;
    Ok(table
        .rows
        .iter()
        .map(|row| CriteriaRow {
            row: row.row,
            cells: COLUMNS
                .iter()
                .chain(OPTIONAL_COLUMNS.iter())
                .map(|name| (*name, columns.cell(row, name).to_owned()))
                .collect(),
        })
        .collect())
}

/// Builds the tree from rows, reporting every row problem, then the first
/// problem of the tree as a whole at the row and column it concerns.
pub fn tree_from_rows(rows: &[CriteriaRow]) -> Result<CriteriaTree, ImportError> {
    let mut problems = Vec::new();
    let mut nodes = Vec::new();
    let mut row_of: HashMap<CriterionCode, usize> = HashMap::new();
    for row in rows {
        match parse_row(row) {
            Ok(node) => {
                if let Some(first) = row_of.get(&node.code) {
                    problems.push(ImportProblem::at(
                        row.row,
                        "code",
                        format!("mã {} đã có ở dòng {first}", node.code),
                    ));
                    continue;
                }
                row_of.insert(node.code.clone(), row.row);
                nodes.push(node);
            }
            Err(mut row_problems) => problems.append(&mut row_problems),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError(problems));
    }
    CriteriaTree::new(nodes).map_err(|error| {
        let (code, column) = locate(&error);
        let row = code.and_then(|c| row_of.get(c)).copied().unwrap_or(0);
        ImportError(vec![ImportProblem {
            sheet: None,
            row,
            column: column.map(str::to_owned),
            message: error.to_string(),
        }])
    })
}

fn locate(error: &TreeError) -> (Option<&CriterionCode>, Option<&'static str>) {
    match error {
        TreeError::Empty => (None, None),
        TreeError::DuplicateCode(code) => (Some(code), Some("code")),
        TreeError::MissingParent { code, .. } => (Some(code), Some("code")),
        TreeError::GroupMaximum { code, .. } | TreeError::ZeroMaximum(code) => {
            (Some(code), Some("max_score"))
        }
        TreeError::AboveCap { code, .. } => (Some(code), Some("max_score")),
        TreeError::GroupWithMethod(code) | TreeError::LeafWithoutMethod(code) => {
            (Some(code), Some("method"))
        }
        TreeError::LevelAboveMaximum { code, .. } | TreeError::BadLevels(code) => {
            (Some(code), Some("levels"))
        }
        TreeError::EmptyTitle(code) => (Some(code), Some("title")),
        TreeError::NotApplicableInSection(code) => (Some(code), Some("not_applicable_allowed")),
    }
}

fn parse_row(row: &CriteriaRow) -> Result<Criterion, Vec<ImportProblem>> {
    let cell = |name: &'static str| row.cells.get(name).map_or("", String::as_str);
    let mut problems = Vec::new();
    let mut problem = |column: &'static str, message: String| {
        problems.push(ImportProblem::at(row.row, column, message));
    };
    let code = CriterionCode::parse(cell("code"))
        .map_err(|e| problem("code", e.to_string()))
        .ok();
    let max = Points::parse(cell("max_score"))
        .map_err(|e| problem("max_score", e.to_string()))
        .ok();
    let levels = parse_levels(cell("levels"))
        .map_err(|m| problem("levels", m))
        .ok();
    let method = match (cell("method").to_lowercase().as_str(), levels) {
        ("", Some(levels)) if levels.is_empty() => Some(None),
        ("", Some(_)) => {
            problem(
                "levels",
                "chỉ tiêu chí chấm theo mức (levels) mới có các mức".to_owned(),
            );
            None
        }
        ("levels", Some(levels)) => Some(Some(ScoringMethod::Levels { levels })),
        (method @ ("ratio" | "range" | "survey"), Some(levels)) => {
            if !levels.is_empty() {
                problem(
                    "levels",
                    "chỉ tiêu chí chấm theo mức (levels) mới có các mức".to_owned(),
                );
            }
            Some(Some(match method {
                "ratio" => ScoringMethod::Ratio,
                "range" => ScoringMethod::RANGE,
                _ => ScoringMethod::SURVEY,
            }))
        }
        (_, None) => None,
        (other, _) => {
            problem(
                "method",
                format!(
                    "phương pháp \"{other}\" không hợp lệ: dùng levels, ratio, range hoặc survey"
                ),
            );
            None
        }
    };
    let method = match method {
        Some(Some(method)) => with_rules(method, max, (cell("step"), cell("weights")))
            .map_err(|(column, message)| problem(column, message))
            .ok()
            .map(Some),
        other => {
            for column in LEAF_RULE_COLUMNS {
                if !cell(column).trim().is_empty() && matches!(other, Some(None)) {
                    problem(column, "nhóm tiêu chí không có quy tắc chấm".to_owned());
                }
            }
            other
        }
    };
    let evidence_required = yes_no(cell("evidence_required"))
        .map_err(|m| problem("evidence_required", m))
        .ok();
    let not_applicable_allowed = yes_no(cell("not_applicable_allowed"))
        .map_err(|m| problem("not_applicable_allowed", m))
        .ok();
    let appraised_by = Department::parse(cell("appraised_by"))
        .map_err(|e| problem("appraised_by", e.to_string()))
        .ok();
    let title = cell("title").to_owned();
    match (
        code,
        max,
        method,
        evidence_required,
        not_applicable_allowed,
        appraised_by,
    ) {
        (Some(code), Some(max), Some(method), Some(evidence), Some(na), Some(department))
            if problems.is_empty() =>
        {
            Ok(Criterion {
                code,
                title,
                max,
                method,
                evidence_required: evidence,
                not_applicable_allowed: na,
                appraised_by: department,
            })
        }
        _ => Err(problems),
    }
}

/// A leaf's method with the rules its row sets: a range leaf's step (a
/// maximum no step reaches is refused), a survey leaf's answer shares; a
/// rule given to a leaf of another method is refused.
fn with_rules(
    method: ScoringMethod,
    max: Option<Points>,
    (step, weights): (&str, &str),
) -> Result<ScoringMethod, (&'static str, String)> {
    let (step, weights) = (step.trim(), weights.trim());
    let method = match (method, step.is_empty()) {
        (method, true) => method,
        (ScoringMethod::Range { .. }, false) => {
            let step = Points::parse(step).map_err(|e| ("step", e.to_string()))?;
            if step == Points::ZERO {
                return Err(("step", "bước điểm phải lớn hơn 0".to_owned()));
            }
            if let Some(max) = max
                && !max.is_multiple_of(step.value())
            {
                return Err((
                    "step",
                    format!(
                        "điểm tối đa {max} không phải bội số của bước {step}: không chấm được điểm tối đa"
                    ),
                ));
            }
            ScoringMethod::Range { step: Some(step) }
        }
        (_, false) => {
            return Err((
                "step",
                "chỉ tiêu chí chấm trong khoảng (range) mới có bước điểm".to_owned(),
            ));
        }
    };
    match (method, weights.is_empty()) {
        (method, true) => Ok(method),
        (ScoringMethod::Survey { .. }, false) => Ok(ScoringMethod::Survey {
            weights: Some(SurveyWeights::parse(weights).map_err(|m| ("weights", m))?),
        }),
        (_, false) => Err((
            "weights",
            "chỉ tiêu chí khảo sát (survey) mới có tỷ lệ đáp án".to_owned(),
        )),
    }
}

fn parse_levels(text: &str) -> Result<Vec<Level>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split('|')
        .map(|pair| {
            let (score, wording) = pair
                .split_once('=')
                .ok_or_else(|| format!("mức \"{pair}\" cần dạng điểm=mô tả"))?;
            let score = Points::parse(score).map_err(|e| format!("mức \"{pair}\": {e}"))?;
            let wording = wording.trim();
            if wording.is_empty() {
                return Err(format!("mức \"{pair}\" chưa có mô tả"));
            }
            Ok(Level {
                score,
                wording: wording.to_owned(),
            })
        })
        .collect()
}

fn yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "có" | "co" | "x" | "true" | "1" => Ok(true),
        "no" | "không" | "khong" | "" | "false" | "0" => Ok(false),
        other => Err(format!("\"{other}\" không hợp lệ: dùng yes hoặc no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::Section;

    const HEADER: &str = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by\n";

    fn problems(body: &str) -> Vec<(usize, Option<String>)> {
        match import_criteria_csv(&format!("{HEADER}{body}")) {
            Ok(_) => Vec::new(),
            Err(ImportError(problems)) => {
                problems.iter().map(|p| (p.row, p.column.clone())).collect()
            }
        }
    }

    #[test]
    fn both_sample_sets_import() -> Result<(), ImportError> {
        let par = import_criteria_csv(include_str!("../../tests/data/par-department-sample.csv"))?;
        // 44 scored leaves, 40 of them in the fields and 4 in the B and P sections.
        assert_eq!(par.leaves().count(), 44);
        assert_eq!(
            par.leaves()
                .filter(|l| l.code.section() == Section::Main)
                .count(),
            40
        );
        assert_eq!(par.maximum().to_string(), "100");
        assert_eq!(
            (
                par.cap(Section::Bonus).to_string(),
                par.cap(Section::Penalty).to_string()
            ),
            ("2".into(), "3".into())
        );
        assert_eq!(par.fields().count(), 8);

        let htnv =
            import_criteria_csv(include_str!("../../tests/data/htnv-department-sample.csv"))?;
        assert_eq!(htnv.fields().count(), 4);
        assert_eq!(htnv.maximum().to_string(), "100");
        assert_eq!(
            (
                htnv.cap(Section::Bonus).to_string(),
                htnv.cap(Section::Penalty).to_string()
            ),
            ("5".into(), "10".into())
        );
        Ok(())
    }

    #[test]
    fn a_set_gives_a_range_leaf_its_step_and_a_survey_leaf_its_weights() {
        let header = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by,step,weights\n";
        let body = "1,Lĩnh vực,6,,,,,Sở Nội vụ,,\n\
            1.1,Nửa điểm,2,range,,no,no,Sở Nội vụ,0.5,\n\
            1.2,Mặc định,1,range,,no,no,Sở Nội vụ,,\n\
            1.3,Khảo sát,3,survey,,no,no,Sở Nội vụ,,A=100|B=75|C=50|D=0\n";
        let tree =
            import_criteria_csv(&format!("{header}{body}")).unwrap_or_else(|e| panic!("{e}"));
        let method = |code: &str| {
            tree.leaf(&CriterionCode::parse(code).unwrap_or_else(|e| panic!("{e}")))
                .and_then(|l| l.method.clone())
        };
        let points = |text: &str| Points::parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            method("1.1").and_then(|m| m.range_step()),
            Some(points("0.5"))
        );
        assert_eq!(
            method("1.2").and_then(|m| m.range_step()),
            Some(points("0.25"))
        );
        assert_eq!(
            method("1.3").and_then(|m| m.survey_weights()),
            SurveyWeights::parse("A=100|B=75|C=50|D=0").ok()
        );
        // The regulation's rules are left out of what is stored, so a set
        // without the columns keeps its stored form.
        assert_eq!(method("1.2"), Some(ScoringMethod::RANGE));
    }

    #[test]
    fn rules_that_cannot_work_are_refused_at_their_cell() {
        let header = "code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by,step,weights\n";
        let problems = |body: &str| -> Vec<(usize, Option<String>)> {
            match import_criteria_csv(&format!("{header}{body}")) {
                Ok(_) => Vec::new(),
                Err(ImportError(problems)) => {
                    problems.iter().map(|p| (p.row, p.column.clone())).collect()
                }
            }
        };
        // 1 is not a multiple of 0.75: no score reaches the maximum.
        let unreachable = "1,A,1,range,,no,no,Sở Nội vụ,0.75,\n";
        assert_eq!(problems(unreachable), [(2, Some("step".to_owned()))]);
        let on_levels = "1,A,1,levels,1=Có|0=Không,no,no,Sở Nội vụ,0.5,\n";
        assert_eq!(problems(on_levels), [(2, Some("step".to_owned()))]);
        let rising = "1,A,1,survey,,no,no,Sở Nội vụ,,A=100|B=60|C=80|D=0\n";
        assert_eq!(problems(rising), [(2, Some("weights".to_owned()))]);
        let on_range = "1,A,1,range,,no,no,Sở Nội vụ,,A=100|B=60|C=20|D=0\n";
        assert_eq!(problems(on_range), [(2, Some("weights".to_owned()))]);
        let zero = "1,A,1,range,,no,no,Sở Nội vụ,0,\n";
        assert_eq!(problems(zero), [(2, Some("step".to_owned()))]);
    }

    #[test]
    fn a_group_whose_maximum_does_not_add_up_is_named() {
        let body = "1,Lĩnh vực,3,,,,,Sở Nội vụ\n1.1,A,1,range,,no,no,Sở Nội vụ\n1.2,B,1,range,,no,no,Sở Nội vụ\n";
        assert_eq!(problems(body), [(2, Some("max_score".to_owned()))]);
    }

    #[test]
    fn repeated_and_orphan_codes_are_named() {
        let repeated = "1,Lĩnh vực,1,range,,no,no,Sở Nội vụ\n1,Lại,1,range,,no,no,Sở Nội vụ\n";
        assert_eq!(problems(repeated), [(3, Some("code".to_owned()))]);
        let orphan = "1,Lĩnh vực,1,,,,,Sở Nội vụ\n1.1.1,Mồ côi,1,range,,no,no,Sở Nội vụ\n";
        assert_eq!(problems(orphan), [(3, Some("code".to_owned()))]);
    }

    #[test]
    fn a_level_above_the_maximum_is_named() {
        let body = "1,Lĩnh vực,1,levels,2=Tốt|0=Không,no,no,Sở Nội vụ\n";
        assert_eq!(problems(body), [(2, Some("levels".to_owned()))]);
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported() {
        let body = "1.x,Tên,abc,magic,,maybe,no,\n";
        assert_eq!(
            problems(body),
            [
                (2, Some("code".to_owned())),
                (2, Some("max_score".to_owned())),
                (2, Some("method".to_owned())),
                (2, Some("evidence_required".to_owned())),
                (2, Some("appraised_by".to_owned()))
            ]
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let result = import_criteria_csv("code,title,max_score\n1,A,1\n");
        let missing: Vec<_> = result
            .err()
            .map(|e| e.0)
            .unwrap_or_default()
            .iter()
            .map(|p| p.column.clone())
            .collect();
        assert_eq!(missing.len(), 5);
        assert!(missing.contains(&Some("appraised_by".to_owned())));
    }

    #[test]
    fn messages_say_row_and_column_in_vietnamese() {
        let body = "1,Lĩnh vực,1,levels,2=Tốt|0=Không,no,no,Sở Nội vụ\n";
        let message = import_criteria_csv(&format!("{HEADER}{body}"))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some("dòng 2, cột levels: mức 2 của 1 vượt quá điểm tối đa 1")
        );
    }
}
