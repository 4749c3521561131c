//! Relay's object identification: every object with an id implements
//! `Node`, and `node(id:)` fetches any of them by that id alone. Ids are
//! UUIDs (unit ids derive from the unit's code, the others are random), so
//! one id names one object whatever its type; clients treat them as opaque.

use async_graphql::{Context, ID, Interface, Object};
use chamdiem_commands::gate::Gate;
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::period::PeriodStatus;

use super::caller::Caller;
use super::command_runner::invalid;
use super::criteria_queries::CriteriaSetNode;
use super::directory_queries::{AccountNode, UnitNode};
use super::period_queries::{PeriodNode, SubAccountRequestNode};
use super::read_queries::read_error;
use chamdiem_projections::queries::{
    account, criteria_set, period, sub_account_request, units_by_id,
};

/// An object with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "&ID", desc = "Its global id."))]
pub enum Node {
    /// A unit.
    Unit(UnitNode),
    /// An account.
    Account(AccountNode),
    /// A scoring period.
    Period(PeriodNode),
    /// A criteria set.
    CriteriaSet(CriteriaSetNode),
    /// A sub-account request.
    SubAccountRequest(SubAccountRequestNode),
}

/// The `node` query.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its id, if the caller may see it (each type under the
    /// rule of the list it belongs to: `units`, `accounts`, `periods`,
    /// `criteriaSets`, `subAccountRequests`); null when there is none.
    async fn node(&self, context: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        let caller = Caller::of(context);
        let database = context.data::<Database>()?;
        let text = id.as_str().trim();
        let unit = global_id(text)?;
        if let Some(row) = units_by_id(database, &[unit])
            .await
            .map_err(read_error)?
            .remove(&unit)
        {
            caller.authorized(&Action::ReadResults)?;
            return Ok(Some(Node::Unit(row.into())));
        }
        if let Some(row) = account(database, global_id(text)?)
            .await
            .map_err(read_error)?
        {
            caller.authorized(&Action::ReadAccounts)?;
            let now = context.data::<Gate>()?.now();
            return Ok(Some(Node::Account(AccountNode::at(row, now))));
        }
        if let Some(row) = period(database, global_id(text)?)
            .await
            .map_err(read_error)?
        {
            // As `periods` lists them: without signing in (where the server
            // shows results to anyone), a published period only.
            caller.results_view(context)?;
            if caller.is_anonymous() && row.status != PeriodStatus::Published {
                return Ok(None);
            }
            return Ok(Some(Node::Period(row.into())));
        }
        if let Some(row) = criteria_set(database, global_id(text)?)
            .await
            .map_err(read_error)?
        {
            caller.authorized(&Action::ReadResults)?;
            return Ok(Some(Node::CriteriaSet(row.into())));
        }
        if let Some(row) = sub_account_request(database, global_id(text)?)
            .await
            .map_err(read_error)?
        {
            caller.authorized(&Action::DecideSubAccountRequest)?;
            return Ok(Some(Node::SubAccountRequest(row.into())));
        }
        // Nobody learns which ids exist without being signed in.
        caller.authorized(&Action::ReadResults)?;
        Ok(None)
    }
}

/// `text` as the id of one type (every id is a UUID).
fn global_id<T: std::str::FromStr>(text: &str) -> async_graphql::Result<T> {
    text.parse()
        .map_err(|_| invalid("id", "không phải mã định danh của đối tượng nào"))
}
