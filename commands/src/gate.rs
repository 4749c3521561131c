//! The only door to the write side for a caller: authenticate, look up the
//! relations the policy needs, authorize, then run the handler with the
//! caller's metadata. The API calls this, never a handler directly.

use chamdiem_domain::Code;
use std::collections::BTreeSet;
use std::sync::Arc;

use chamdiem_domain::account::Permission;
use chamdiem_domain::appraisal::Round;
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::ids::{AccountId, CriteriaSetId, PeriodId, SubAccountRequestId, UnitId};
use chamdiem_domain::period::{DeadlineKind, Period};
use chamdiem_domain::scoring::ClassificationBands;
use chamdiem_domain::self_assessment::{FreeText, ScorecardAction};
use chamdiem_domain::sub_account_request::RequestedAccount;
use chamdiem_domain::table_file::Table;
use chamdiem_domain::unit::{RegisterUnit, UnitName};
use chrono::NaiveDate;

use crate::command_error::CommandError;
use crate::handlers::{
    DraftCriteriaSetRequest, IssueAccountRequest, OpenPeriodRequest, SurveyImport,
    TemporaryCredentials, UnitImport,
};
use crate::metadata::RequestContext;
use crate::policy::{Action, authorize};
use crate::sessions::Principal;
use crate::write_side::WriteSide;

/// Every command a caller can give.
#[derive(Debug, Clone)]
pub enum CommandRequest {
    /// Issue an account.
    IssueAccount(IssueAccountRequest),
    /// Expand an account's permissions.
    GrantPermission {
        /// The account.
        account: AccountId,
        /// The permission.
        permission: Permission,
    },
    /// Restrict an account's permissions.
    RevokePermission {
        /// The account.
        account: AccountId,
        /// The permission.
        permission: Permission,
    },
    /// Reset an account's password.
    ResetPassword {
        /// The account.
        account: AccountId,
    },
    /// Lock an account.
    LockAccount {
        /// The account.
        account: AccountId,
        /// Why.
        reason: FreeText,
    },
    /// Unlock an account.
    UnlockAccount {
        /// The account.
        account: AccountId,
        /// Why.
        reason: FreeText,
    },
    /// Change one's own password.
    ChangeOwnPassword {
        /// The current password.
        current: String,
        /// The new password.
        new: String,
    },
    /// Ask for accounts for a subordinate unit.
    RequestSubAccounts {
        /// The subordinate unit.
        unit: UnitId,
        /// The accounts.
        accounts: Vec<RequestedAccount>,
    },
    /// Approve a sub-account request.
    ApproveSubAccountRequest {
        /// The request.
        request: SubAccountRequestId,
    },
    /// Reject a sub-account request.
    RejectSubAccountRequest {
        /// The request.
        request: SubAccountRequestId,
        /// Why.
        reason: FreeText,
    },
    /// Register a unit.
    RegisterUnit(RegisterUnit),
    /// Rename a unit.
    RenameUnit {
        /// The unit.
        unit: UnitId,
        /// The new name.
        name: UnitName,
    },
    /// Deactivate a unit.
    DeactivateUnit {
        /// The unit.
        unit: UnitId,
        /// Why.
        reason: FreeText,
    },
    /// Register the units of a list (a file read as a table).
    ImportUnits {
        /// The list.
        table: Table,
    },
    /// Start a criteria set draft.
    DraftCriteriaSet(DraftCriteriaSetRequest),
    /// Give a draft its tree from a CSV appendix.
    ImportCriteriaCsv {
        /// The set.
        set: CriteriaSetId,
        /// The file's text.
        csv: String,
    },
    /// Give a draft its tree from the appendix as a file (XLSX or CSV).
    ImportCriteriaTable {
        /// The set.
        set: CriteriaSetId,
        /// The file, read as a table.
        table: Table,
    },
    /// Give a task-completion draft its bands.
    SetClassificationBands {
        /// The set.
        set: CriteriaSetId,
        /// The bands.
        bands: ClassificationBands,
    },
    /// Publish a criteria set.
    PublishCriteriaSet {
        /// The set.
        set: CriteriaSetId,
    },
    /// Open a period.
    OpenPeriod(OpenPeriodRequest),
    /// Extend a deadline.
    ExtendDeadline {
        /// The period.
        period: PeriodId,
        /// Which deadline.
        kind: DeadlineKind,
        /// The new date.
        date: NaiveDate,
        /// Why.
        reason: FreeText,
    },
    /// Assign an appraiser.
    AssignAppraiser {
        /// The period.
        period: PeriodId,
        /// The appraiser's account.
        appraiser: AccountId,
        /// The units.
        units: BTreeSet<UnitId>,
        /// The criteria.
        criteria: BTreeSet<CriterionCode>,
    },
    /// Record the survey forms of a file (a table) for a unit in a period.
    ImportSurveyForms {
        /// The period.
        period: PeriodId,
        /// The unit.
        unit: UnitId,
        /// The forms.
        table: Table,
    },
    /// Work on a unit's self-assessment.
    Scorecard {
        /// The period.
        period: PeriodId,
        /// The unit.
        unit: UnitId,
        /// What to do.
        action: ScorecardAction,
    },
    /// Score (unit, leaf) on one's own worksheet.
    Appraise {
        /// The period.
        period: PeriodId,
        /// The round.
        round: Round,
        /// The unit.
        unit: UnitId,
        /// The leaf.
        leaf: CriterionCode,
        /// The score or percentage.
        entry: LeafEntry,
        /// Why it differs from the self score.
        reason: Option<FreeText>,
    },
    /// Submit one's own worksheet.
    SubmitAppraisal {
        /// The period.
        period: PeriodId,
    },
    /// Finalize a period's results.
    FinalizeResults {
        /// The period.
        period: PeriodId,
    },
    /// Publish a period's results.
    PublishResults {
        /// The period.
        period: PeriodId,
    },
}

/// What a command produced, when more than "done".
#[derive(Debug)]
pub enum CommandOutcome {
    /// Done.
    Done,
    /// Accounts issued or reset, with their one-time passwords.
    Credentials(Vec<TemporaryCredentials>),
    /// A unit was registered.
    Unit(UnitId),
    /// A criteria set was drafted.
    CriteriaSet(CriteriaSetId),
    /// A period was opened.
    Period(PeriodId),
    /// A sub-account request was made.
    SubAccountRequest(SubAccountRequestId),
    /// A unit list was imported.
    UnitImport(UnitImport),
    /// Survey forms were imported.
    SurveyImport(SurveyImport),
}

/// Authorizes and runs commands for callers.
#[derive(Clone)]
pub struct Gate {
    write: WriteSide,
}

impl Gate {
    /// A gate in front of `write`.
    pub fn new(write: WriteSide) -> Self {
        Self { write }
    }

    /// The time now, by the clock commands are decided by (so that what
    /// is read about deadlines and locks agrees with what is decided).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.write.now()
    }

    /// The policy's view of `command` for `caller`: the action and its
    /// relations, looked up.
    pub async fn action(
        &self,
        caller: Option<&Principal>,
        command: &CommandRequest,
    ) -> Result<Action, CommandError> {
        use CommandRequest as C;
        Ok(match command {
            C::IssueAccount(_) => Action::IssueAccount,
            C::GrantPermission { .. }
            | C::RevokePermission { .. }
            | C::ResetPassword { .. }
            | C::LockAccount { .. }
            | C::UnlockAccount { .. } => Action::ManageAccount,
            C::ChangeOwnPassword { .. } => Action::ChangeOwnPassword,
            C::RequestSubAccounts { .. } => Action::RequestSubAccounts {
                parent: caller.and_then(|c| c.unit),
            },
            C::ApproveSubAccountRequest { .. } | C::RejectSubAccountRequest { .. } => {
                Action::DecideSubAccountRequest
            }
            C::RegisterUnit(_)
            | C::RenameUnit { .. }
            | C::DeactivateUnit { .. }
            | C::ImportUnits { .. } => Action::ManageUnits,
            C::ImportSurveyForms { unit, .. } => Action::EditSelfAssessment { unit: *unit },
            C::DraftCriteriaSet(_)
            | C::ImportCriteriaCsv { .. }
            | C::ImportCriteriaTable { .. }
            | C::SetClassificationBands { .. }
            | C::PublishCriteriaSet { .. } => Action::ManageCriteriaSets,
            C::OpenPeriod(_) | C::ExtendDeadline { .. } | C::AssignAppraiser { .. } => {
                Action::ManagePeriods
            }
            C::Scorecard { unit, action, .. } => match action {
                ScorecardAction::Edit(_) | ScorecardAction::RecordSurveyForms(_) => {
                    Action::EditSelfAssessment { unit: *unit }
                }
                ScorecardAction::RespondToAppraisal { .. } => {
                    Action::AnswerAppraisal { unit: *unit }
                }
                ScorecardAction::ApproveReport { .. } | ScorecardAction::Submit => {
                    Action::ApproveReport { unit: *unit }
                }
            },
            C::Appraise {
                period, unit, leaf, ..
            } => {
                let assigned = match caller {
                    Some(caller) => {
                        let period: Arc<Period> = self.write.load(&period.to_string()).await?;
                        period
                            .assignment(caller.account_id)
                            .is_some_and(|a| a.covers(*unit, leaf))
                    }
                    None => false,
                };
                Action::Appraise { assigned }
            }
            C::SubmitAppraisal { .. } => Action::SubmitAppraisal,
            C::FinalizeResults { .. } | C::PublishResults { .. } => Action::DecideResults,
        })
    }

    /// Runs `command` for `caller` (none: not signed in) if the policy allows it.
    pub async fn execute(
        &self,
        caller: Option<&Principal>,
        request: &RequestContext,
        command: CommandRequest,
    ) -> Result<CommandOutcome, CommandError> {
        let action = self.action(caller, &command).await?;
        authorize(caller, &action)?;
        let Some(caller) = caller else {
            return Err(CommandError::refused(
                Code::Unauthenticated,
                "bạn cần đăng nhập",
            ));
        };
        let metadata = caller.metadata(request);
        let write = &self.write;
        use CommandOutcome as Out;
        use CommandRequest as C;
        match command {
            C::IssueAccount(request) => write
                .issue_account(&metadata, request)
                .await
                .map(|c| Out::Credentials(vec![c])),
            C::GrantPermission {
                account,
                permission,
            } => write
                .grant_permission(&metadata, account, permission)
                .await
                .map(|()| Out::Done),
            C::RevokePermission {
                account,
                permission,
            } => write
                .revoke_permission(&metadata, account, permission)
                .await
                .map(|()| Out::Done),
            C::ResetPassword { account } => write
                .reset_password(&metadata, account)
                .await
                .map(|c| Out::Credentials(vec![c])),
            C::LockAccount { account, reason } => write
                .lock_account(&metadata, account, reason)
                .await
                .map(|()| Out::Done),
            C::UnlockAccount { account, reason } => write
                .unlock_account(&metadata, account, reason)
                .await
                .map(|()| Out::Done),
            C::ChangeOwnPassword { current, new } => write
                .change_password(&metadata, caller.account_id, current, new)
                .await
                .map(|()| Out::Done),
            C::RequestSubAccounts { unit, accounts } => {
                let parent = caller.unit.ok_or_else(|| {
                    CommandError::refused(Code::Forbidden, "tài khoản không thuộc đơn vị nào")
                })?;
                write
                    .request_sub_accounts(&metadata, caller.account_id, parent, unit, accounts)
                    .await
                    .map(Out::SubAccountRequest)
            }
            C::ApproveSubAccountRequest { request } => write
                .approve_sub_account_request(&metadata, request)
                .await
                .map(Out::Credentials),
            C::RejectSubAccountRequest { request, reason } => write
                .reject_sub_account_request(&metadata, request, reason)
                .await
                .map(|()| Out::Done),
            C::RegisterUnit(command) => {
                write.register_unit(&metadata, command).await.map(Out::Unit)
            }
            C::ImportUnits { table } => write
                .import_units(&metadata, &table)
                .await
                .map(Out::UnitImport),
            C::ImportSurveyForms {
                period,
                unit,
                table,
            } => write
                .import_survey_forms(&metadata, period, unit, &table)
                .await
                .map(Out::SurveyImport),
            C::RenameUnit { unit, name } => write
                .rename_unit(&metadata, unit, name)
                .await
                .map(|()| Out::Done),
            C::DeactivateUnit { unit, reason } => write
                .deactivate_unit(&metadata, unit, reason.as_str())
                .await
                .map(|()| Out::Done),
            C::DraftCriteriaSet(request) => write
                .draft_criteria_set(&metadata, request)
                .await
                .map(Out::CriteriaSet),
            C::ImportCriteriaCsv { set, csv } => write
                .import_criteria_csv(&metadata, set, &csv)
                .await
                .map(|()| Out::Done),
            C::ImportCriteriaTable { set, table } => write
                .import_criteria_table(&metadata, set, &table)
                .await
                .map(|()| Out::Done),
            C::SetClassificationBands { set, bands } => write
                .set_classification_bands(&metadata, set, bands)
                .await
                .map(|()| Out::Done),
            C::PublishCriteriaSet { set } => write
                .publish_criteria_set(&metadata, set)
                .await
                .map(|()| Out::Done),
            C::OpenPeriod(request) => write.open_period(&metadata, request).await.map(Out::Period),
            C::ExtendDeadline {
                period,
                kind,
                date,
                reason,
            } => write
                .extend_deadline(&metadata, period, kind, date, reason.as_str())
                .await
                .map(|()| Out::Done),
            C::AssignAppraiser {
                period,
                appraiser,
                units,
                criteria,
            } => write
                .assign_appraiser(&metadata, period, appraiser, units, criteria)
                .await
                .map(|()| Out::Done),
            C::Scorecard {
                period,
                unit,
                action,
            } => write
                .scorecard(&metadata, period, unit, action)
                .await
                .map(|()| Out::Done),
            C::Appraise {
                period,
                round,
                unit,
                leaf,
                entry,
                reason,
            } => write
                .appraise(
                    &metadata,
                    period,
                    caller.account_id,
                    round,
                    unit,
                    leaf,
                    entry,
                    reason,
                )
                .await
                .map(|()| Out::Done),
            C::SubmitAppraisal { period } => write
                .submit_appraisal(&metadata, period, caller.account_id)
                .await
                .map(|()| Out::Done),
            C::FinalizeResults { period } => write
                .finalize_results(&metadata, period)
                .await
                .map(|()| Out::Done),
            C::PublishResults { period } => write
                .publish_results(&metadata, period)
                .await
                .map(|()| Out::Done),
        }
    }
}
