//! Who is signed in, as every page's header shows them.

use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::account::Role;
use serde::Deserialize;
use serde_json::Value;

use super::operations::WHO_AM_I;
use super::page_api::{ApiError, run};
use super::page_session::PageSession;
use crate::state::AppState;

/// What `whoami.graphql` answers.
#[derive(Deserialize)]
struct WhoAmI {
    me: MeData,
}

/// The account, as the operation selects it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MeData {
    username: String,
    display_name: String,
    role: String,
    department: Option<String>,
    must_change_password: bool,
    permissions: Vec<String>,
    unit: Option<UnitData>,
}

/// The account's unit.
#[derive(Deserialize)]
struct UnitData {
    id: String,
    name: String,
}

/// The signed-in account.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Its display name.
    pub display_name: String,
    /// Its username.
    pub username: String,
    /// Its role in Vietnamese.
    pub role_label: String,
    /// Its unit's id, if it has a unit.
    pub unit_id: Option<String>,
    /// Its unit's name, if it has a unit.
    pub unit_name: Option<String>,
    /// Its role as the API names it (`DATA_ENTRY`…).
    pub role: String,
    /// Its permissions as the API names them (`ENTERS_SCORES`…).
    pub permissions: Vec<String>,
    /// Its department, for appraisers.
    pub department: Option<String>,
    /// Whether it must change its temporary password first.
    pub must_change_password: bool,
    /// The form token of its session.
    pub csrf: String,
}

/// A link of the menu under the header.
pub struct MenuLink {
    /// Where it leads.
    pub href: &'static str,
    /// What it says.
    pub label: &'static str,
}

impl SignedIn {
    /// The menu of this account's role: the pages it works in beyond its
    /// periods (the API still decides what each page may read and do).
    pub fn menu(&self) -> Vec<MenuLink> {
        let link = |href, label| MenuLink { href, label };
        let mut menu = vec![link("/", "Trang chính")];
        if self.role == "ADMIN" {
            menu.extend([
                link("/quan-tri/don-vi", "Đơn vị"),
                link("/quan-tri/tai-khoan", "Tài khoản"),
                link("/quan-tri/bo-tieu-chi", "Bộ tiêu chí"),
                link("/quan-tri/ky-danh-gia", "Kỳ đánh giá"),
                link("/quan-tri/de-nghi-tai-khoan", "Đề nghị cấp tài khoản"),
            ]);
        }
        if self
            .permissions
            .iter()
            .any(|p| p == "REQUESTS_SUB_ACCOUNTS" || p == "APPROVES_REPORTS")
        {
            menu.push(link("/de-nghi-tai-khoan", "Đề nghị cấp tài khoản"));
        }
        if matches!(self.role.as_str(), "AUDITOR" | "MANAGER" | "ADMIN") {
            menu.push(link("/kiem-toan/nhat-ky", "Nhật ký thay đổi"));
            menu.push(link("/kiem-toan/lich-su-tieu-chi", "Lịch sử tiêu chí"));
            menu.push(link("/kiem-toan/thoi-diem", "Kết quả tại một thời điểm"));
            menu.push(link("/kiem-tra-lich-su", "Kiểm tra lịch sử"));
        }
        menu
    }

    /// Whether this account enters the self scores of `unit`: a data-entry
    /// account of that unit with the permission (the API decides; the page
    /// only does not offer what it would refuse).
    pub fn enters_scores_of(&self, unit: &str) -> bool {
        self.of_unit_with(unit, "ENTERS_SCORES")
    }

    /// Whether this account approves and submits the reports of `unit`.
    pub fn approves_reports_of(&self, unit: &str) -> bool {
        self.of_unit_with(unit, "APPROVES_REPORTS")
    }

    fn of_unit_with(&self, unit: &str, permission: &str) -> bool {
        self.role == "DATA_ENTRY"
            && self.unit_id.as_deref() == Some(unit)
            && self.permissions.iter().any(|p| p == permission)
    }

    /// Reads the account of `session` through the API.
    pub async fn read(
        state: &AppState,
        context: &RequestContext,
        session: &PageSession,
    ) -> Result<Self, Vec<ApiError>> {
        let WhoAmI { me } = run(state, context, Some(session), WHO_AM_I, Value::Null)
            .await
            .read()?;
        let role_code = me.role.to_lowercase();
        Ok(Self {
            display_name: me.display_name,
            username: me.username,
            role_label: Role::parse(&role_code).map_or(role_code, |r| r.label_vi().to_owned()),
            unit_id: me.unit.as_ref().map(|u| u.id.clone()),
            unit_name: me.unit.map(|u| u.name),
            role: me.role,
            permissions: me.permissions,
            department: me.department,
            must_change_password: me.must_change_password,
            csrf: session.form_token(),
        })
    }
}
