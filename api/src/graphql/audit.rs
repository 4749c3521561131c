//! Verification of the history through the API, for auditors.

use async_graphql::{Context, Object, SimpleObject};
use chamdiem_commands::integrity::{
    HistorySource, TrustedKeys, Verification, stored_checkpoints, verify_history,
};
use chamdiem_commands::policy::Action;

use super::TrustedSealers;
use super::caller::{Caller, graphql_error};
use super::costly_work::CostlyWork;
use super::log_position::Position;
use super::request_budget::RequestBudget;
use chamdiem_commands::store::Database;

/// The outcome of verifying the integrity chain.
#[derive(SimpleObject)]
pub struct VerificationReport {
    /// Whether the chain, the server's seals and every stored checkpoint
    /// verified.
    pub intact: bool,
    /// Events verified from position 1 without a gap.
    pub verified: u64,
    /// The last verified position.
    pub head: Position,
    /// The recomputed hash at the head (hex).
    pub head_hash: String,
    /// The first break, if any.
    pub broken_at: Option<Position>,
    /// Why it breaks there.
    pub broken_reason: Option<String>,
    /// The first position the server's seals do not vouch for (a row
    /// written behind the server's back, a rewritten chain), if any.
    pub unsealed_at: Option<Position>,
    /// Why.
    pub unsealed_reason: Option<String>,
    /// One line per finding, in Vietnamese.
    pub report: Vec<String>,
}

impl From<Verification> for VerificationReport {
    fn from(verification: Verification) -> Self {
        let seal_break = verification.seals.as_ref().and_then(|s| s.broken.as_ref());
        Self {
            intact: verification.is_intact(),
            verified: verification.verified,
            head: Position(verification.head),
            head_hash: verification.head_hash.clone(),
            broken_at: verification.broken.as_ref().map(|b| Position(b.position)),
            broken_reason: verification.broken.as_ref().map(|b| b.reason.clone()),
            unsealed_at: seal_break.map(|b| Position(b.position)),
            unsealed_reason: seal_break.map(|b| b.reason.clone()),
            report: verification.report(),
        }
    }
}

/// The audit queries.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Recomputes the integrity chain over the whole history and checks the
    /// server's seals over it and the checkpoints kept in the database; a
    /// checkpoint counts only when signed by a key the server is configured
    /// to trust (auditors, managers, administrators).
    async fn verify_history(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<VerificationReport> {
        let caller = Caller::of(context).authorized(&Action::Audit)?;
        RequestBudget::of(context).verify_once()?;
        let _slot = context
            .data::<CostlyWork>()?
            .begin(caller.account_id)
            .await?;
        let database = context.data::<Database>()?;
        let checkpoints = stored_checkpoints(database)
            .await
            .map_err(|e| graphql_error(e.into()))?;
        let trusted = context.data::<TrustedKeys>()?;
        let TrustedSealers(sealers) = context.data::<TrustedSealers>()?;
        let verification = verify_history(
            database,
            HistorySource::Store,
            &checkpoints,
            trusted,
            sealers,
        )
        .await
        .map_err(|e| graphql_error(e.into()))?;
        Ok(verification.into())
    }
}
