use std::collections::BTreeSet;

use chamdiem_domain::account::{Account, Permission, Role, Username};
use chamdiem_domain::criteria::Department;
use chamdiem_domain::ids::{AccountId, UnitId};

use crate::metadata::{CommandMetadata, RequestContext};

/// Who is calling: a signed-in, unlocked account, as it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account.
    pub account_id: AccountId,
    /// Its username.
    pub username: Username,
    /// Its role.
    pub role: Role,
    /// Its unit (data-entry accounts).
    pub unit: Option<UnitId>,
    /// Its department (appraisers).
    pub department: Option<Department>,
    /// Its permissions (data-entry accounts).
    pub permissions: BTreeSet<Permission>,
    /// Whether it must change its password before anything else.
    pub must_change_password: bool,
}

impl Principal {
    /// The principal of an issued account; `None` if it was never issued.
    pub fn of(account: &Account) -> Option<Self> {
        Some(Self {
            account_id: account.id()?,
            username: account.username()?.clone(),
            role: account.role()?,
            unit: account.unit(),
            department: account.department().cloned(),
            permissions: account.permissions(),
            must_change_password: account.must_change_password(),
        })
    }

    /// Whether it holds `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// The metadata of a command it gives through `request`.
    pub fn metadata(&self, request: &RequestContext) -> CommandMetadata {
        CommandMetadata::for_account(self.account_id, self.role, self.unit, request)
    }
}
