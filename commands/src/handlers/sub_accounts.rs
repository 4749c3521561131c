use chamdiem_domain::Code;
use std::sync::Arc;

use chamdiem_domain::account::{Account, Role};
use chamdiem_domain::ids::{AccountId, SubAccountRequestId, UnitId};
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::sub_account_request::{
    RequestedAccount, SubAccountCommand, SubAccountRequest,
};
use chamdiem_domain::unit::Unit;

use super::{IssueAccountRequest, TemporaryCredentials};
use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

impl WriteSide {
    /// A unit's account asks for accounts of `unit_id`, which must be an
    /// active unit directly under `requester_unit`.
    pub async fn request_sub_accounts(
        &self,
        metadata: &CommandMetadata,
        requested_by: AccountId,
        requester_unit: UnitId,
        unit_id: UnitId,
        accounts: Vec<RequestedAccount>,
    ) -> Result<SubAccountRequestId, CommandError> {
        let unit: Arc<Unit> = self.load(&unit_id.to_string()).await?;
        // The leader's own unit, or one directly under it.
        let own_or_under = unit_id == requester_unit || unit.parent() == Some(requester_unit);
        if !unit.is_active() || !own_or_under {
            return Err(CommandError::refused(
                Code::Forbidden,
                "chỉ đề nghị được tài khoản cho đơn vị của mình hoặc đơn vị trực thuộc",
            ));
        }
        let request_id = SubAccountRequestId::new();
        let command = SubAccountCommand::Submit {
            request_id,
            requested_by,
            unit_id,
            accounts,
        };
        self.run::<SubAccountRequest>(&request_id.to_string(), metadata, command)
            .await?;
        Ok(request_id)
    }

    /// The administrator approves: the request is marked approved, then each
    /// account is issued as a data-entry account of the unit, with a
    /// temporary password to hand over.
    pub async fn approve_sub_account_request(
        &self,
        metadata: &CommandMetadata,
        request_id: SubAccountRequestId,
    ) -> Result<Vec<TemporaryCredentials>, CommandError> {
        let request: Arc<SubAccountRequest> = self.load(&request_id.to_string()).await?;
        let unit_id = request
            .unit_id()
            .ok_or_else(|| CommandError::not_found("không có yêu cầu này"))?;
        let mut taken = Vec::new();
        for wanted in request.accounts() {
            let account: Arc<Account> = self
                .load(&AccountId::for_username(wanted.username.as_str()).to_string())
                .await?;
            if account.id().is_some() {
                taken.push(wanted.username.clone());
            }
        }
        self.run::<SubAccountRequest>(
            &request_id.to_string(),
            metadata,
            SubAccountCommand::Approve { taken },
        )
        .await?;
        let mut issued = Vec::new();
        for wanted in request.accounts() {
            let credentials = self
                .issue_account(
                    metadata,
                    IssueAccountRequest {
                        username: wanted.username.clone(),
                        display_name: wanted.display_name.clone(),
                        role: Role::DataEntry,
                        unit_id: Some(unit_id),
                        department: None,
                        permissions: Some(wanted.permissions.clone()),
                    },
                )
                .await?;
            issued.push(credentials);
        }
        Ok(issued)
    }

    /// The administrator rejects, with a reason.
    pub async fn reject_sub_account_request(
        &self,
        metadata: &CommandMetadata,
        request_id: SubAccountRequestId,
        reason: FreeText,
    ) -> Result<(), CommandError> {
        self.run::<SubAccountRequest>(
            &request_id.to_string(),
            metadata,
            SubAccountCommand::Reject { reason },
        )
        .await
    }
}
