//! Who did something, as the audit pages name them: "Nguyễn Văn A (Nhập
//! liệu)" for an account, "Hệ thống" or "Người vận hành" for the rest.

use chamdiem_domain::account::Role;

use crate::graphql::enums::RoleGql;

/// The name the API gives the actor, with the role it acted in.
pub fn actor_label(name: Option<&str>, role: Option<RoleGql>) -> String {
    match (name, role) {
        (Some(name), Some(role)) => format!("{name} ({})", Role::from(role).label_vi()),
        (Some(name), None) => name.to_owned(),
        (None, Some(role)) => Role::from(role).label_vi().to_owned(),
        (None, None) => "Hệ thống".to_owned(),
    }
}
