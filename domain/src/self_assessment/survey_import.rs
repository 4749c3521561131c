//! Survey forms (phiếu khảo sát) brought as a file (XLSX or CSV): one row
//! per form, `form` (its number on paper), `respondent_group`, and one
//! column per survey leaf headed by its code (`8.1`), answered A, B, C or
//! D (empty: not answered). Every problem names its row and column.

use std::collections::BTreeMap;

use super::{SurveyAnswer, SurveyResponse};
use crate::criteria::{CriteriaTree, CriterionCode, ScoringMethod};
use crate::ids::{PeriodId, SurveyResponseId, UnitId};
use crate::table_file::{ImportError, ImportProblem, Table};

/// The columns every survey file has, besides its leaf columns.
pub const SURVEY_COLUMNS: [&str; 2] = ["form", "respondent_group"];

/// One form of the file, with the row it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyForm {
    /// The row.
    pub row: usize,
    /// The form's number as written on it.
    pub number: String,
    /// The form as recorded; its id follows from the period, the unit and
    /// the number ([`SurveyResponseId::for_form`]).
    pub response: SurveyResponse,
}

/// Who records a file of survey forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveySource {
    /// The assessed unit, as part of its self-assessment report.
    Unit,
    /// Sở Nội vụ, for any unit, apart from the unit's report.
    Province,
}

/// Reads the forms of `unit` in `period` from a table, checking the leaf
/// columns against the period's criteria tree; `source` keeps the ids of
/// forms Sở Nội vụ records apart from the unit's own.
pub fn survey_forms_from_table(
    table: &Table,
    tree: &CriteriaTree,
    (period, unit): (PeriodId, UnitId),
    source: SurveySource,
) -> Result<Vec<SurveyForm>, ImportError> {
    let columns = table.columns(&SURVEY_COLUMNS, &[])?;
    let mut problems = Vec::new();
    // Headings that are criterion codes: each must be a survey leaf.
    let mut leaves: Vec<(usize, CriterionCode)> = Vec::new();
    for (at, heading) in table.headings.iter().enumerate() {
        let Ok(code) = CriterionCode::parse(heading) else {
            continue;
        };
        let is_survey = tree
            .leaf(&code)
            .and_then(|l| l.method.as_ref())
            .is_some_and(ScoringMethod::is_survey);
        if is_survey {
            leaves.push((at, code));
        } else {
            problems.push(ImportProblem::at(
                table.header_row,
                heading,
                "không phải tiêu chí chấm bằng khảo sát của bộ tiêu chí",
            ));
        }
    }
    if leaves.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::in_row(
            table.header_row,
            "cần ít nhất một cột mang mã tiêu chí khảo sát (ví dụ 8.1)",
        ));
    }
    let mut forms = Vec::new();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let number = columns.cell(row, "form").to_owned();
        if number.is_empty() || number.chars().count() > 50 {
            problems.push(ImportProblem::at(
                row.row,
                "form",
                "cần số phiếu (tối đa 50 ký tự)",
            ));
            continue;
        }
        if let Some(first) = first_row.insert(number.clone(), row.row) {
            problems.push(ImportProblem::at(
                row.row,
                "form",
                format!("phiếu số {number} đã có ở dòng {first}"),
            ));
            continue;
        }
        let group = columns.cell(row, "respondent_group");
        if group.is_empty() {
            problems.push(ImportProblem::at(
                row.row,
                "respondent_group",
                "cần ghi nhóm đối tượng khảo sát",
            ));
        }
        let mut answers = BTreeMap::new();
        let mut unreadable = false;
        for (at, code) in &leaves {
            let text = row.cell(*at);
            if text.is_empty() {
                continue;
            }
            match SurveyAnswer::parse(text) {
                Some(answer) => {
                    answers.insert(code.clone(), answer);
                }
                None => {
                    unreadable = true;
                    problems.push(ImportProblem::at(
                        row.row,
                        code.as_str(),
                        format!("câu trả lời \"{text}\" không hợp lệ: dùng A, B, C hoặc D"),
                    ));
                }
            }
        }
        if unreadable {
            continue;
        }
        if answers.is_empty() {
            problems.push(ImportProblem::in_row(row.row, "phiếu chưa có câu trả lời"));
            continue;
        }
        forms.push(SurveyForm {
            row: row.row,
            response: SurveyResponse {
                response_id: match source {
                    SurveySource::Unit => SurveyResponseId::for_form(period, unit, &number),
                    SurveySource::Province => {
                        SurveyResponseId::for_province_form(period, unit, &number)
                    }
                },
                respondent_group: group.to_owned(),
                answers,
            },
            number,
        });
    }
    if forms.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::in_row(0, "tệp không có phiếu nào"));
    }
    if problems.is_empty() {
        Ok(forms)
    } else {
        Err(table.problems(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::import_criteria_csv;
    use crate::table_file::read_csv_table;

    fn forms(csv: &str) -> Result<Vec<SurveyForm>, ImportError> {
        let tree = import_criteria_csv(include_str!("../../tests/data/par-department-sample.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
        let table = read_csv_table(csv)?;
        survey_forms_from_table(
            &table,
            &tree,
            (PeriodId::new(), UnitId::for_code("S01")),
            SurveySource::Unit,
        )
    }

    #[test]
    fn forms_read_with_their_answers_and_stable_ids() {
        let csv = "form,respondent_group,8.1,8.2,ghi chú\n1,Người dân,A,b,\n2,Doanh nghiệp,,D,trả lời một câu\n";
        let read = forms(csv).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].response.answers.len(), 2);
        assert_eq!(read[1].response.answers.len(), 1);
        assert_eq!(read[1].response.respondent_group, "Doanh nghiệp");
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let csv = "form,respondent_group,8.1,1.1.1\n1,Người dân,E,\n1,Người dân,A,\n3,,A,\n4,Người dân,,\n";
        let error = forms(csv).err().unwrap_or_else(|| panic!("refused"));
        let places: Vec<(usize, Option<&str>)> = error
            .0
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            places,
            [
                (1, Some("1.1.1")),
                (2, Some("8.1")),
                (3, Some("form")),
                (4, Some("respondent_group")),
                (5, None)
            ]
        );
    }
}
