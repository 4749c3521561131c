//! The directory of units and accounts (never a password hash).

use chamdiem_domain::account::AccountEvent;
use chamdiem_domain::unit::UnitEvent;

use super::json;
use crate::{ProjectionError, ProjectionTx};

/// Applies a unit event.
pub async fn apply_unit(tx: &mut ProjectionTx, event: UnitEvent) -> Result<(), ProjectionError> {
    match event {
        UnitEvent::Registered(e) => {
            tx.execute(
                "INSERT INTO rm_units (unit_id, code, name, kind, parent_id, active) VALUES ($1, $2, $3, $4, $5, 1)",
                &[
                    e.unit_id.to_string().into(),
                    e.code.as_str().into(),
                    e.name.as_str().into(),
                    e.kind.code().into(),
                    e.parent.map(|p| p.to_string()).into(),
                ],
            )
            .await?;
        }
        UnitEvent::Renamed(e) => {
            tx.execute(
                "UPDATE rm_units SET name = $2 WHERE unit_id = $1",
                &[e.unit_id.to_string().into(), e.name.as_str().into()],
            )
            .await?;
        }
        UnitEvent::Deactivated(e) => {
            tx.execute(
                "UPDATE rm_units SET active = 0 WHERE unit_id = $1",
                &[e.unit_id.to_string().into()],
            )
            .await?;
        }
    }
    Ok(())
}

/// Applies an account event.
pub async fn apply_account(
    tx: &mut ProjectionTx,
    event: AccountEvent,
) -> Result<(), ProjectionError> {
    let permissions = |set: &std::collections::BTreeSet<chamdiem_domain::account::Permission>| {
        set.iter().map(|p| p.code()).collect::<Vec<_>>().join(",")
    };
    match event {
        AccountEvent::AccountIssued(e) => {
            tx.execute(
                "INSERT INTO rm_accounts (account_id, username, display_name, role, unit_id, department, permissions, locked, lock_reason, must_change_password)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 0, NULL, $8)",
                &[
                    e.account_id.to_string().into(),
                    e.username.as_str().into(),
                    e.display_name.as_str().into(),
                    e.role.code().into(),
                    e.unit_id.map(|u| u.to_string()).into(),
                    e.department.map(|d| d.to_string()).into(),
                    permissions(&e.permissions).into(),
                    e.must_change_password.into(),
                ],
            )
            .await?;
        }
        AccountEvent::PermissionsChanged(e) => {
            tx.execute(
                "UPDATE rm_accounts SET permissions = $2 WHERE account_id = $1",
                &[
                    e.account_id.to_string().into(),
                    permissions(&e.permissions).into(),
                ],
            )
            .await?;
        }
        AccountEvent::PasswordChanged(e) => {
            tx.execute(
                "UPDATE rm_accounts SET must_change_password = 0 WHERE account_id = $1",
                &[e.account_id.to_string().into()],
            )
            .await?;
        }
        AccountEvent::PasswordReset(e) => {
            tx.execute(
                "UPDATE rm_accounts SET must_change_password = 1 WHERE account_id = $1",
                &[e.account_id.to_string().into()],
            )
            .await?;
        }
        AccountEvent::AccountLocked(e) => {
            tx.execute(
                "UPDATE rm_accounts SET locked = 1, lock_reason = $2 WHERE account_id = $1",
                &[e.account_id.to_string().into(), json(&e.reason)?.into()],
            )
            .await?;
        }
        AccountEvent::AccountUnlocked(e) => {
            tx.execute(
                "UPDATE rm_accounts SET locked = 0, lock_reason = NULL WHERE account_id = $1",
                &[e.account_id.to_string().into()],
            )
            .await?;
        }
        // Kept in the audit trail only.
        AccountEvent::SignInFailed(_) => {}
    }
    Ok(())
}
