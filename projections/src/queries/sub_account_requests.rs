//! Sub-account requests and what became of them.

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{AccountId, SubAccountRequestId, UnitId};
use chamdiem_domain::sub_account_request::RequestedAccount;
use serde::{Deserialize, Serialize};

use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx, SqlValue};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Waiting for an administrator.
    #[serde(rename = "pending")]
    Pending,
    /// Approved: the accounts were issued.
    #[serde(rename = "approved")]
    Approved,
    /// Rejected, with a reason.
    #[serde(rename = "rejected")]
    Rejected,
}

impl RequestStatus {
    /// The name the read model keeps.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

/// A sub-account request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAccountRequestRow {
    /// Its id.
    pub request_id: SubAccountRequestId,
    /// The subordinate unit.
    pub unit_id: UnitId,
    /// Who asked.
    pub requested_by: AccountId,
    /// The accounts asked for.
    pub accounts: Vec<RequestedAccount>,
    /// Where it stands.
    pub status: RequestStatus,
    /// Why rejected.
    pub reason: Option<String>,
}

/// A row of `rm_sub_account_requests`.
#[derive(sqlx::FromRow)]
struct RequestRecord {
    request_id: String,
    unit_id: String,
    requested_by: String,
    accounts: String,
    status: String,
    reason: Option<String>,
}

impl RequestRecord {
    fn read(self) -> Result<SubAccountRequestRow, ProjectionError> {
        let at = RowAt::new("rm_sub_account_requests", &self.request_id);
        Ok(SubAccountRequestRow {
            request_id: at.parsed("request_id", &self.request_id, str::parse)?,
            unit_id: at.parsed("unit_id", &self.unit_id, str::parse)?,
            requested_by: at.parsed("requested_by", &self.requested_by, str::parse)?,
            accounts: at.json("accounts", &self.accounts)?,
            status: at.named("status", &self.status)?,
            reason: self.reason,
        })
    }
}

const REQUEST_COLUMNS: &str = "SELECT request_id, unit_id, requested_by, accounts, status, reason FROM rm_sub_account_requests";

/// The request `id`, if there is one.
pub async fn sub_account_request(
    database: &Database,
    id: SubAccountRequestId,
) -> Result<Option<SubAccountRequestRow>, ProjectionError> {
    let records: Vec<RequestRecord> = ProjectionTx::read_records(
        database,
        &format!("{REQUEST_COLUMNS} WHERE request_id = $1"),
        &[id.to_string().into()],
    )
    .await?;
    records
        .into_iter()
        .next()
        .map(RequestRecord::read)
        .transpose()
}

/// Sub-account requests in id order, a page at a time, optionally only
/// those with a status.
pub async fn sub_account_requests(
    database: &Database,
    status: Option<RequestStatus>,
    after: Option<&str>,
    first: u32,
) -> Result<Vec<SubAccountRequestRow>, ProjectionError> {
    let records: Vec<RequestRecord> = ProjectionTx::read_records(
        database,
        &format!(
            "{REQUEST_COLUMNS} WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR request_id > $2)
             ORDER BY rm_sub_account_requests.request_id LIMIT $3"
        ),
        &[
            SqlValue::from(status.map(RequestStatus::code)),
            SqlValue::from(after.map(str::to_owned)),
            i64::from(first).into(),
        ],
    )
    .await?;
    records.into_iter().map(RequestRecord::read).collect()
}
