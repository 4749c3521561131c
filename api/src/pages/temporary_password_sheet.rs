//! The sheet of temporary passwords of accounts issued from a file: shown
//! once on the answer page, to print and hand out, and offered as a CSV
//! file made in the page itself (never stored, never in an address the
//! server logs).

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use crate::graphql::enums::RoleGql;
use chamdiem_domain::account::Role;

/// What `import_accounts.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedAccounts {
    import_accounts: Vec<FromSheet>,
}

#[derive(Deserialize)]
struct FromSheet {
    row: u32,
    issued: IssuedData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IssuedData {
    temporary_password: String,
    account: AccountData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountData {
    username: String,
    display_name: String,
    role: RoleGql,
    department: Option<String>,
    unit: Option<UnitData>,
}

#[derive(Deserialize)]
struct UnitData {
    code: String,
    name: String,
}

/// One line of the sheet.
pub struct SheetLine {
    pub row: u32,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub placed: String,
    pub temporary_password: String,
}

/// The sheet, ready for the page.
pub struct PasswordSheet {
    pub lines: Vec<SheetLine>,
    /// The same lines as a CSV file, as a `data:` address to download.
    pub csv_link: String,
}

impl PasswordSheet {
    /// The sheet of what the import answered.
    pub fn of(answer: ImportedAccounts) -> Self {
        let lines: Vec<SheetLine> = answer
            .import_accounts
            .into_iter()
            .map(|line| {
                let account = line.issued.account;
                SheetLine {
                    row: line.row,
                    placed: match (&account.unit, &account.department) {
                        (Some(unit), _) => format!("{} – {}", unit.code, unit.name),
                        (None, Some(department)) => department.clone(),
                        (None, None) => String::new(),
                    },
                    username: account.username,
                    display_name: account.display_name,
                    role: Role::from(account.role).label_vi(),
                    temporary_password: line.issued.temporary_password,
                }
            })
            .collect();
        let mut csv = String::from(
            "\u{feff}Dòng,Tên đăng nhập,Họ và tên,Vai trò,Đơn vị / cơ quan,Mật khẩu tạm thời\r\n",
        );
        for line in &lines {
            let cells = [
                line.row.to_string(),
                line.username.clone(),
                line.display_name.clone(),
                line.role.to_owned(),
                line.placed.clone(),
                line.temporary_password.clone(),
            ];
            let quoted: Vec<String> = cells
                .iter()
                .map(|cell| format!("\"{}\"", cell.replace('"', "\"\"")))
                .collect();
            csv.push_str(&quoted.join(","));
            csv.push_str("\r\n");
        }
        Self {
            csv_link: format!(
                "data:text/csv;charset=utf-8,{}",
                utf8_percent_encode(&csv, NON_ALPHANUMERIC)
            ),
            lines,
        }
    }
}
