//! The authorization policy: the one place that decides who may do what.
//! Every command and query goes through [`authorize`] before it runs; no
//! handler or resolver decides on its own.

use chamdiem_domain::Code;
use chamdiem_domain::account::{Permission, Role};
use chamdiem_domain::ids::{AccountId, UnitId};

use crate::command_error::CommandError;
use crate::sessions::Principal;

/// Something a caller wants to do, with the relations the decision needs
/// (looked up by the caller of the policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Issue an account.
    IssueAccount,
    /// Change another account: permissions, reset, lock, unlock.
    ManageAccount,
    /// Change one's own password.
    ChangeOwnPassword,
    /// Ask for accounts for the caller's unit or one of its subordinates
    /// (a unit leader, or an account allowed to ask).
    RequestSubAccounts {
        /// The caller's unit, if the caller has one.
        parent: Option<UnitId>,
    },
    /// Approve or reject a sub-account request.
    DecideSubAccountRequest,
    /// Register, rename, deactivate units.
    ManageUnits,
    /// Draft, import, publish criteria sets.
    ManageCriteriaSets,
    /// Open periods, extend deadlines, assign appraisers.
    ManagePeriods,
    /// Change a unit's self-assessment (scores, evidence, surveys…).
    EditSelfAssessment {
        /// The unit.
        unit: UnitId,
    },
    /// Answer a round-1 appraisal of a unit.
    AnswerAppraisal {
        /// The unit.
        unit: UnitId,
    },
    /// Approve or submit a unit's report (a unit leader).
    ApproveReport {
        /// The unit.
        unit: UnitId,
    },
    /// Score (unit, leaf) on one's own worksheet.
    Appraise {
        /// Whether (unit, leaf) is assigned to the caller.
        assigned: bool,
    },
    /// Submit one's own worksheet.
    SubmitAppraisal,
    /// Finalize or publish a period's results.
    DecideResults,
    /// Complain about one's own unit's provisional results (a unit leader).
    LodgeComplaint {
        /// The unit.
        unit: UnitId,
    },
    /// Answer a complaint: the leaf's appraiser (the period checks which
    /// leaf is theirs), or an administrator or a manager for the council.
    AnswerComplaint,
    /// Read a unit's scorecard and history.
    ReadUnit {
        /// The unit.
        unit: UnitId,
        /// Whether the caller appraises this unit.
        appraises_it: bool,
    },
    /// Read an appraiser's worksheet.
    ReadWorksheet {
        /// The appraiser.
        appraiser: AccountId,
    },
    /// Read rankings and progress.
    ReadResults,
    /// Read accounts.
    ReadAccounts,
    /// Read the audit trail and raw events, verify the history.
    Audit,
}

fn forbidden() -> CommandError {
    CommandError::refused(
        Code::Forbidden,
        "tài khoản của bạn không có quyền thực hiện thao tác này",
    )
}

/// Whether `principal` (none: not signed in) may do `action`.
pub fn authorize(principal: Option<&Principal>, action: &Action) -> Result<(), CommandError> {
    let Some(caller) = principal else {
        return Err(CommandError::refused(
            Code::Unauthenticated,
            "bạn cần đăng nhập",
        ));
    };
    if caller.must_change_password && *action != Action::ChangeOwnPassword {
        return Err(CommandError::refused(
            Code::Forbidden,
            "bạn cần đổi mật khẩu tạm thời trước khi tiếp tục",
        ));
    }
    let own_unit = |unit: &UnitId| caller.role == Role::DataEntry && caller.unit == Some(*unit);
    let allowed = match action {
        Action::ChangeOwnPassword => true,
        Action::IssueAccount
        | Action::ManageAccount
        | Action::DecideSubAccountRequest
        | Action::ManageUnits
        | Action::ManageCriteriaSets
        | Action::ManagePeriods => caller.role == Role::Admin,
        Action::RequestSubAccounts { parent } => {
            parent.as_ref().is_some_and(own_unit)
                && (caller.can(Permission::RequestsSubAccounts)
                    || caller.can(Permission::ApprovesReports))
        }
        Action::EditSelfAssessment { unit } | Action::AnswerAppraisal { unit } => {
            own_unit(unit) && caller.can(Permission::EntersScores)
        }
        Action::ApproveReport { unit } => own_unit(unit) && caller.can(Permission::ApprovesReports),
        Action::Appraise { assigned } => caller.role == Role::Appraiser && *assigned,
        Action::SubmitAppraisal => caller.role == Role::Appraiser,
        Action::DecideResults => caller.role == Role::Manager,
        Action::LodgeComplaint { unit } => {
            own_unit(unit) && caller.can(Permission::ApprovesReports)
        }
        Action::AnswerComplaint => {
            matches!(caller.role, Role::Admin | Role::Manager | Role::Appraiser)
        }
        Action::ReadUnit { unit, appraises_it } => match caller.role {
            Role::Admin | Role::Manager | Role::Auditor => true,
            Role::DataEntry => caller.unit == Some(*unit),
            Role::Appraiser => *appraises_it,
        },
        Action::ReadWorksheet { appraiser } => {
            matches!(caller.role, Role::Admin | Role::Manager | Role::Auditor)
                || caller.account_id == *appraiser
        }
        Action::ReadResults => true,
        Action::ReadAccounts => matches!(caller.role, Role::Admin | Role::Manager),
        Action::Audit => matches!(caller.role, Role::Admin | Role::Manager | Role::Auditor),
    };
    if allowed { Ok(()) } else { Err(forbidden()) }
}
