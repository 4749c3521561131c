//! What a mutation answers: the thing it changed, read back from the read
//! models once they have the command's events (the runner waits for them),
//! so that a client sees the effect without asking again. Each payload reads
//! only what the caller just changed.

use async_graphql::{Context, Object};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::gate::Gate;
use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::CriterionCode;
use chamdiem_domain::ids::{AccountId, CriteriaSetId, PeriodId, SubAccountRequestId, UnitId};
use chamdiem_projections::queries::{
    account, criteria_set, period, scorecard, sub_account_request,
};

use crate::graphql::caller::graphql_error;
use crate::graphql::criteria_queries::CriteriaSetNode;
use crate::graphql::directory_queries::{AccountNode, UnitNode};
use crate::graphql::loaders;
use crate::graphql::period_queries::{PeriodNode, SubAccountRequestNode};
use crate::graphql::read_queries::read_error;
use crate::graphql::scorecard_queries::{ScorecardLeaf, ScorecardView, WorksheetItem};

/// A thing the command changed that the read models do not have.
fn missing(what: &str, id: impl std::fmt::Display) -> async_graphql::Error {
    graphql_error(CommandError::Internal(format!(
        "{what} {id} was changed but the read models do not have it"
    )))
}

/// A unit that was registered or changed.
pub struct UnitPayload(pub UnitId);

#[Object]
impl UnitPayload {
    /// The unit as it now stands.
    async fn unit(&self, context: &Context<'_>) -> async_graphql::Result<UnitNode> {
        loaders::unit(context, self.0).await
    }
}

/// An account that was changed.
pub struct AccountPayload(pub AccountId);

impl AccountPayload {
    /// Reads the account.
    pub async fn read(&self, context: &Context<'_>) -> async_graphql::Result<AccountNode> {
        let row = account(context.data::<Database>()?, self.0)
            .await
            .map_err(read_error)?
            .ok_or_else(|| missing("account", self.0))?;
        Ok(AccountNode::at(row, context.data::<Gate>()?.now()))
    }
}

#[Object]
impl AccountPayload {
    /// The account as it now stands.
    async fn account(&self, context: &Context<'_>) -> async_graphql::Result<AccountNode> {
        self.read(context).await
    }
}

/// A criteria set that was drafted or changed.
pub struct CriteriaSetPayload(pub CriteriaSetId);

#[Object]
impl CriteriaSetPayload {
    /// The criteria set as it now stands (its tree under `criteria`).
    async fn criteria_set(&self, context: &Context<'_>) -> async_graphql::Result<CriteriaSetNode> {
        let row = criteria_set(context.data::<Database>()?, self.0)
            .await
            .map_err(read_error)?
            .ok_or_else(|| missing("criteria set", self.0))?;
        Ok(row.into())
    }
}

/// A period that was opened or changed.
pub struct PeriodPayload(pub PeriodId);

#[Object]
impl PeriodPayload {
    /// The period as it now stands.
    async fn period(&self, context: &Context<'_>) -> async_graphql::Result<PeriodNode> {
        period_node(context, self.0).await
    }
}

async fn period_node(context: &Context<'_>, id: PeriodId) -> async_graphql::Result<PeriodNode> {
    let row = period(context.data::<Database>()?, id)
        .await
        .map_err(read_error)?
        .ok_or_else(|| missing("period", id))?;
    Ok(row.into())
}

/// A sub-account request that was made or decided.
pub struct SubAccountRequestPayload(pub SubAccountRequestId);

#[Object]
impl SubAccountRequestPayload {
    /// The request as it now stands.
    async fn request(&self, context: &Context<'_>) -> async_graphql::Result<SubAccountRequestNode> {
        self.read(context).await
    }
}

impl SubAccountRequestPayload {
    /// Reads the request.
    pub async fn read(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<SubAccountRequestNode> {
        let row = sub_account_request(context.data::<Database>()?, self.0)
            .await
            .map_err(read_error)?
            .ok_or_else(|| missing("sub-account request", self.0))?;
        Ok(row.into())
    }
}

/// A scorecard that was changed as a whole (approved, submitted, a survey
/// form recorded).
pub struct ScorecardPayload {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
}

#[Object]
impl ScorecardPayload {
    /// The scorecard as it now stands, with its totals.
    async fn scorecard(&self, context: &Context<'_>) -> async_graphql::Result<ScorecardView> {
        read_scorecard(context, self.period, self.unit).await
    }
}

async fn read_scorecard(
    context: &Context<'_>,
    period: PeriodId,
    unit: UnitId,
) -> async_graphql::Result<ScorecardView> {
    let row = scorecard(context.data::<Database>()?, period, unit)
        .await
        .map_err(read_error)?
        .ok_or_else(|| missing("scorecard of unit", unit))?;
    ScorecardView::of(row)
}

/// One leaf of a scorecard that was changed (a score, a mark, an
/// explanation, evidence, an answer).
pub struct LeafPayload {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
}

#[Object]
impl LeafPayload {
    /// The leaf as it now stands.
    async fn leaf(&self, context: &Context<'_>) -> async_graphql::Result<ScorecardLeaf> {
        let row = scorecard(context.data::<Database>()?, self.period, self.unit)
            .await
            .map_err(read_error)?
            .and_then(|card| card.leaves.into_iter().find(|l| l.code == self.leaf))
            .ok_or_else(|| missing("leaf", &self.leaf))?;
        Ok(row.into())
    }

    /// The scorecard as it now stands: its totals, index and the fields'
    /// component indexes.
    async fn scorecard(&self, context: &Context<'_>) -> async_graphql::Result<ScorecardView> {
        read_scorecard(context, self.period, self.unit).await
    }
}

/// An appraisal score that was recorded.
pub struct AppraisalPayload {
    /// The period.
    pub period: PeriodId,
    /// The unit.
    pub unit: UnitId,
    /// The leaf.
    pub leaf: CriterionCode,
}

#[Object]
impl AppraisalPayload {
    /// The worksheet item as it now stands.
    async fn worksheet_item(&self, context: &Context<'_>) -> async_graphql::Result<WorksheetItem> {
        let card = scorecard(context.data::<Database>()?, self.period, self.unit)
            .await
            .map_err(read_error)?;
        Ok(WorksheetItem::of(self.unit, &self.leaf, card.as_ref()))
    }
}

/// An appraisal that was submitted.
pub struct SubmitAppraisalPayload {
    /// The period.
    pub period: PeriodId,
    /// The appraiser.
    pub appraiser: AccountId,
}

#[Object]
impl SubmitAppraisalPayload {
    /// The period.
    async fn period(&self, context: &Context<'_>) -> async_graphql::Result<PeriodNode> {
        period_node(context, self.period).await
    }

    /// Whether the appraiser's account is now locked (Điều 10.3).
    async fn account_locked(&self, context: &Context<'_>) -> async_graphql::Result<bool> {
        let row = account(context.data::<Database>()?, self.appraiser)
            .await
            .map_err(read_error)?
            .ok_or_else(|| missing("account", self.appraiser))?;
        let now = context.data::<Gate>()?.now();
        Ok(row.lock.as_ref().is_some_and(|lock| lock.holds_at(now)))
    }
}
