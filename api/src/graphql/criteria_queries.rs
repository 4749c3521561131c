//! Criteria sets and their trees.

use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::ids::CriteriaSetId;
use chamdiem_projections::queries::{criteria, criteria_sets};

use super::caller::Caller;
use super::mutations::id;
use super::read_queries::read_error;

/// A criteria set.
#[derive(SimpleObject)]
pub struct CriteriaSetNode {
    /// Its id.
    pub id: ID,
    /// par or task_completion.
    pub index_kind: String,
    /// Its name.
    pub name: String,
    /// The year it scores.
    pub year: i32,
    /// Its version.
    pub version: i32,
    /// Whether it is published (frozen).
    pub published: bool,
    /// SHA-256 of its published tree and bands.
    pub digest: Option<String>,
}

/// A node of a criteria tree.
#[derive(SimpleObject)]
pub struct CriterionNode {
    /// Its code (1, 1.2, 1.2.3, B.1, P.1).
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its maximum (for B and P, the cap).
    pub max_score: String,
    /// levels, ratio, range or survey (leaves only).
    pub method: Option<String>,
    /// The levels with their wording, as JSON (levels leaves).
    pub levels: Option<String>,
    /// Whether evidence is required.
    pub evidence_required: bool,
    /// Whether a unit may mark it not applicable.
    pub not_applicable_allowed: bool,
    /// The department that appraises it.
    pub appraised_by: String,
}

/// Criteria queries (every signed-in account).
#[derive(Default)]
pub struct CriteriaQuery;

#[Object]
impl CriteriaQuery {
    /// Every criteria set, newest first.
    async fn criteria_sets(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Vec<CriteriaSetNode>> {
        Caller::of(context).authorized(&Action::ReadResults)?;
        let rows = criteria_sets(context.data::<Database>()?)
            .await
            .map_err(read_error)?;
        Ok(rows
            .into_iter()
            .map(|r| CriteriaSetNode {
                id: ID(r.criteria_set_id),
                index_kind: r.index_kind,
                name: r.name,
                year: r.year,
                version: r.version,
                published: r.published,
                digest: r.digest,
            })
            .collect())
    }

    /// A set's tree, in tree order.
    async fn criteria(
        &self,
        context: &Context<'_>,
        criteria_set_id: ID,
    ) -> async_graphql::Result<Vec<CriterionNode>> {
        Caller::of(context).authorized(&Action::ReadResults)?;
        let set: CriteriaSetId = id("criteriaSetId", &criteria_set_id)?;
        let rows = criteria(context.data::<Database>()?, &set.to_string())
            .await
            .map_err(read_error)?;
        Ok(rows
            .into_iter()
            .map(|r| CriterionNode {
                code: r.code,
                title: r.title,
                max_score: r.max_score,
                method: r.method,
                levels: r.levels,
                evidence_required: r.evidence_required,
                not_applicable_allowed: r.not_applicable_allowed,
                appraised_by: r.appraised_by,
            })
            .collect())
    }
}
