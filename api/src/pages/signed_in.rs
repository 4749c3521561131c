//! Who is signed in, as every page's header shows them.

use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::account::Role;
use serde_json::Value;

use super::operations::WHO_AM_I;
use super::page_api::{ApiError, run};
use super::page_session::PageSession;
use crate::state::AppState;

/// The signed-in account.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Its display name.
    pub display_name: String,
    /// Its username.
    pub username: String,
    /// Its role in Vietnamese.
    pub role_label: String,
    /// Its unit's name, if it has a unit.
    pub unit_name: Option<String>,
    /// Its department, for appraisers.
    pub department: Option<String>,
    /// Whether it must change its temporary password first.
    pub must_change_password: bool,
    /// The form token of its session.
    pub csrf: String,
}

impl SignedIn {
    /// Reads the account of `session` through the API.
    pub async fn read(
        state: &AppState,
        context: &RequestContext,
        session: &PageSession,
    ) -> Result<Self, Vec<ApiError>> {
        let data = run(state, context, Some(session), WHO_AM_I, Value::Null)
            .await
            .ok()?;
        let me = &data["me"];
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let role = text(&me["role"]).unwrap_or_default().to_lowercase();
        Ok(Self {
            display_name: text(&me["displayName"]).unwrap_or_default(),
            username: text(&me["username"]).unwrap_or_default(),
            role_label: Role::parse(&role).map_or(role, |r| r.label_vi().to_owned()),
            unit_name: text(&me["unit"]["name"]),
            department: text(&me["department"]),
            must_change_password: me["mustChangePassword"] == true,
            csrf: session.form_token(),
        })
    }
}
