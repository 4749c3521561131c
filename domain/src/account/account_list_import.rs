//! A list of accounts to issue, brought as a file (XLSX or CSV) with a
//! header row: `username`, `name` and `role`, and where they apply `unit`
//! (the unit's code, for data-entry accounts), `department` (for
//! appraisers) and `permissions` (data-entry permissions, separated by
//! commas or semicolons; the defaults when empty). Roles and permissions
//! may be written as the API names them or in Vietnamese. Every problem
//! names its row and column; administrators' accounts are not issued from
//! a file.

use std::collections::{BTreeMap, BTreeSet};

use super::{DisplayName, Permission, Role, Username};
use crate::criteria::Department;
use crate::table_file::{ImportError, ImportProblem, Table};
use crate::unit::UnitCode;

/// The columns every accounts list has.
pub const ACCOUNT_LIST_COLUMNS: [&str; 3] = ["username", "name", "role"];
/// The columns an accounts list may have.
pub const ACCOUNT_LIST_OPTIONAL: [&str; 3] = ["unit", "department", "permissions"];
/// The most accounts one file issues.
pub const MAX_ACCOUNTS: usize = 2_000;

/// One account of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountListEntry {
    /// The row it came from.
    pub row: usize,
    /// Its sign-in name.
    pub username: Username,
    /// Its display name.
    pub display_name: DisplayName,
    /// Its role.
    pub role: Role,
    /// Its unit's code (data-entry accounts).
    pub unit: Option<UnitCode>,
    /// Its department (appraisers).
    pub department: Option<Department>,
    /// Its permissions (data-entry accounts); the defaults when `None`.
    pub permissions: Option<BTreeSet<Permission>>,
}

/// Reads the accounts of a table, reporting every bad cell and every
/// username given twice.
pub fn account_list_from_table(table: &Table) -> Result<Vec<AccountListEntry>, ImportError> {
    let (entries, problems) = read_account_list(table)?;
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(table.problems(problems))
    }
}

/// Reads the accounts of a table: the rows that read well, and the
/// problems of the others (so that a caller may check the good rows
/// further and name every problem at once); refused whole only when its
/// columns are not there or it has too many rows.
pub fn read_account_list(
    table: &Table,
) -> Result<(Vec<AccountListEntry>, Vec<ImportProblem>), ImportError> {
    let columns = table.columns(&ACCOUNT_LIST_COLUMNS, &ACCOUNT_LIST_OPTIONAL)?;
    if table.rows.len() > MAX_ACCOUNTS {
        return Err(ImportError::whole_file(format!(
            "mỗi tệp cấp tối đa {MAX_ACCOUNTS} tài khoản"
        )));
    }
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let mut at = |column: &str, message: String| {
            problems.push(ImportProblem::at(row.row, column, message));
        };
        let username = match Username::parse(columns.cell(row, "username")) {
            Err(e) => {
                at("username", e.to_string());
                None
            }
            // A name given twice is named at its second row, whatever else
            // is wrong with either.
            Ok(name) => match first_row.get(name.as_str()) {
                Some(first) => {
                    at(
                        "username",
                        format!("tên đăng nhập {name} đã có ở dòng {first}"),
                    );
                    None
                }
                None => {
                    first_row.insert(name.as_str().to_owned(), row.row);
                    Some(name)
                }
            },
        };
        let display_name = DisplayName::parse(columns.cell(row, "name"))
            .map_err(|e| at("name", e.to_string()))
            .ok();
        let role_text = columns.cell(row, "role");
        let role = match parse_role(role_text) {
            Some(Role::Admin) => {
                at(
                    "role",
                    "tài khoản quản trị chỉ cấp từng tài khoản một, không cấp qua tệp".to_owned(),
                );
                None
            }
            Some(role) => Some(role),
            None => {
                at(
                    "role",
                    format!(
                        "vai trò \"{role_text}\" không hợp lệ: dùng nhập liệu, thẩm định, quản lý hoặc kiểm toán"
                    ),
                );
                None
            }
        };
        // The other columns depend on the role: checked once it is known.
        let Some(role) = role else {
            continue;
        };
        let unit = role_column(
            columns.cell(row, "unit"),
            role == Role::DataEntry,
            (
                "tài khoản nhập liệu cần mã đơn vị",
                "chỉ tài khoản nhập liệu thuộc một đơn vị",
            ),
            |text| UnitCode::parse(text).map_err(|e| e.to_string()),
        )
        .map_err(|message| at("unit", message));
        let department = role_column(
            columns.cell(row, "department"),
            role == Role::Appraiser,
            (
                "tài khoản thẩm định cần tên cơ quan",
                "chỉ tài khoản thẩm định ghi cơ quan",
            ),
            |text| Department::parse(text).map_err(|e| e.to_string()),
        )
        .map_err(|message| at("department", message));
        let permissions = match columns.cell(row, "permissions").trim() {
            "" => Ok(None),
            _ if role != Role::DataEntry => {
                Err("chỉ tài khoản nhập liệu được ghi quyền".to_owned())
            }
            text => parse_permissions(text)
                .map(Some)
                .map_err(|unknown| format!("quyền \"{unknown}\" không hợp lệ")),
        }
        .map_err(|message| at("permissions", message));
        let (Some(username), Some(display_name), Ok(unit), Ok(department), Ok(permissions)) =
            (username, display_name, unit, department, permissions)
        else {
            continue;
        };
        entries.push(AccountListEntry {
            row: row.row,
            username,
            display_name,
            role,
            unit,
            department,
            permissions,
        });
    }
    if entries.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::in_row(0, "tệp không có tài khoản nào"));
    }
    Ok((entries, problems))
}

/// A column a role needs (`required`) and others must leave empty: its
/// value, or the message for the cell.
fn role_column<T>(
    text: &str,
    required: bool,
    (missing, not_for_role): (&str, &str),
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    match (required, text.trim().is_empty()) {
        (true, true) => Err(missing.to_owned()),
        (true, false) => parse(text).map(Some),
        (false, true) => Ok(None),
        (false, false) => Err(not_for_role.to_owned()),
    }
}

/// A role by its API name (`DATA_ENTRY`), its stored code or its
/// Vietnamese name ("Nhập liệu", "tài khoản thẩm định").
fn parse_role(text: &str) -> Option<Role> {
    let wanted = text.trim().to_lowercase();
    let wanted = wanted.strip_prefix("tài khoản ").unwrap_or(&wanted);
    Role::ALL
        .into_iter()
        .find(|role| role.code() == wanted || role.label_vi().to_lowercase() == wanted)
}

/// Permissions separated by commas or semicolons, each by its API name
/// (`ENTERS_SCORES`), its code or its Vietnamese name; the first one not
/// known when one is not.
fn parse_permissions(text: &str) -> Result<BTreeSet<Permission>, String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let wanted = part.to_lowercase();
            Permission::ALL
                .into_iter()
                .find(|p| p.code() == wanted || p.label_vi().to_lowercase() == wanted)
                .ok_or_else(|| part.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table_file::read_csv_table;

    fn entries(csv: &str) -> Result<Vec<AccountListEntry>, ImportError> {
        account_list_from_table(&read_csv_table(csv)?)
    }

    fn places(error: &ImportError) -> Vec<(usize, Option<&str>)> {
        error
            .0
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect()
    }

    #[test]
    fn a_sheet_reads_roles_units_departments_and_permissions() {
        let csv = "username,name,role,unit,department,permissions\n\
            nhaplieu.s02,Nguyễn Văn A,Nhập liệu,S02,,\n\
            lanhdao.s02,Trần Thị B,data_entry,S02,,\"enters_scores, approves_reports\"\n\
            thamdinh.stp,Lê Văn C,Thẩm định,,Sở Tư pháp,\n\
            kiemtoan.1,Phạm D,Kiểm toán,,,\n";
        let accounts = entries(csv).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(accounts.len(), 4);
        assert_eq!(accounts[0].role, Role::DataEntry);
        assert_eq!(accounts[0].unit.as_ref().map(UnitCode::as_str), Some("S02"));
        assert_eq!(accounts[0].permissions, None);
        assert_eq!(
            accounts[1].permissions,
            Some(BTreeSet::from([
                Permission::EntersScores,
                Permission::ApprovesReports
            ]))
        );
        assert_eq!(accounts[2].role, Role::Appraiser);
        assert_eq!(
            accounts[2].department.as_ref().map(Department::as_str),
            Some("Sở Tư pháp")
        );
        assert_eq!(accounts[3].role, Role::Auditor);
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let csv = "username,name,role,unit,department,permissions\n\
            nhaplieu.s02,Nguyễn Văn A,Nhập liệu,,,\n\
            nhaplieu.s03,Trần B,nhập liệu,S03,,bay\n\
            nhaplieu.s03,Trần C,nhập liệu,S03,,\n\
            thamdinh.x,Lê D,Thẩm định,,,\n\
            quantri.2,Phạm E,Quản trị,,,\n\
            ab,F,giám đốc,S02,,\n";
        let error = entries(csv).err().unwrap_or_else(|| panic!("refused"));
        assert_eq!(
            places(&error),
            [
                (2, Some("unit")),
                (3, Some("permissions")),
                (4, Some("username")),
                (5, Some("department")),
                (6, Some("role")),
                (7, Some("username")),
                (7, Some("role")),
            ]
        );
    }

    #[test]
    fn a_missing_column_is_named_on_the_header_row() {
        let error = entries("username,name\nnhaplieu.s02,A\n")
            .err()
            .unwrap_or_else(|| panic!("refused"));
        assert_eq!(places(&error), [(1, Some("role"))]);
    }
}
