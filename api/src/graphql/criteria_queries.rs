//! Criteria sets and their trees.

use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::policy::Action;
use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::ScoringMethod;
use chamdiem_domain::ids::CriteriaSetId;
use chamdiem_projections::queries::{CriteriaSetRow, CriterionRow, criteria, criteria_sets};

use super::caller::Caller;
use super::decimal::Decimal;
use super::enums::{ClassificationGql, IndexKindGql, ScoringMethodGql};
use super::mutations::id;
use super::read_queries::read_error;

/// A criteria set.
#[derive(SimpleObject, Clone)]
#[graphql(name = "CriteriaSet", complex)]
pub struct CriteriaSetNode {
    /// Its id.
    pub id: ID,
    /// The index it scores.
    pub index_kind: IndexKindGql,
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
    /// The classification bands, highest first: a task-completion set's
    /// (the file's, or the regulation's 90/75/50 when it gives none); none
    /// for the PAR index, which ranks without classifying.
    pub classification_bands: Option<Vec<ClassificationBandNode>>,
}

/// One classification band: the lowest index, inclusive, at which a unit
/// is classified so.
#[derive(SimpleObject, Clone)]
#[graphql(name = "ClassificationBand")]
pub struct ClassificationBandNode {
    /// The classification.
    pub classification: ClassificationGql,
    /// Its lowest index, inclusive.
    pub minimum: Decimal,
}

#[async_graphql::ComplexObject]
impl CriteriaSetNode {
    /// Its tree, in tree order.
    async fn criteria(&self, context: &Context<'_>) -> async_graphql::Result<Vec<CriterionNode>> {
        let set: CriteriaSetId = id("id", &self.id)?;
        tree(context, set).await
    }
}

/// The tree of `set`, in tree order.
async fn tree(
    context: &Context<'_>,
    set: CriteriaSetId,
) -> async_graphql::Result<Vec<CriterionNode>> {
    let rows = criteria(context.data::<Database>()?, set)
        .await
        .map_err(read_error)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

impl From<CriteriaSetRow> for CriteriaSetNode {
    fn from(set: CriteriaSetRow) -> Self {
        Self {
            id: ID(set.criteria_set_id.to_string()),
            index_kind: set.index_kind.into(),
            name: set.name,
            year: set.year,
            version: set.version,
            published: set.published,
            digest: set.digest,
            classification_bands: set.bands.map(|bands| {
                bands
                    .bands()
                    .iter()
                    .map(|band| ClassificationBandNode {
                        classification: band.classification.into(),
                        minimum: band.minimum.into(),
                    })
                    .collect()
            }),
        }
    }
}

/// One listed score of a levels leaf.
#[derive(SimpleObject)]
#[graphql(name = "Level")]
pub struct LevelNode {
    /// The score.
    pub score: Decimal,
    /// What it means ("Ban hành đúng thời hạn").
    pub wording: String,
}

/// What each survey answer is worth, in percent of the item.
#[derive(SimpleObject)]
#[graphql(name = "SurveyWeights")]
pub struct SurveyWeightsNode {
    /// A.
    pub a: Decimal,
    /// B.
    pub b: Decimal,
    /// C.
    pub c: Decimal,
    /// D.
    pub d: Decimal,
}

/// A node of a criteria tree.
#[derive(SimpleObject)]
#[graphql(name = "Criterion")]
pub struct CriterionNode {
    /// Its code (1, 1.2, 1.2.3, B.1, P.1).
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its maximum (for B and P, the cap).
    pub max_score: Decimal,
    /// How it is scored (leaves only).
    pub method: Option<ScoringMethodGql>,
    /// The levels to choose from, highest first (levels leaves; empty
    /// otherwise).
    pub levels: Vec<LevelNode>,
    /// A range leaf's score step (0.25 unless the set gives another).
    pub step: Option<Decimal>,
    /// A survey leaf's answer shares in percent (A, B, C, D = 100, 60, 20,
    /// 0 unless the set gives others).
    pub survey_weights: Option<SurveyWeightsNode>,
    /// Whether evidence is required.
    pub evidence_required: bool,
    /// Whether a unit may mark it not applicable.
    pub not_applicable_allowed: bool,
    /// The department that appraises it.
    pub appraised_by: String,
}

impl From<CriterionRow> for CriterionNode {
    fn from(node: CriterionRow) -> Self {
        let levels = match &node.method {
            Some(ScoringMethod::Levels { levels }) => levels
                .iter()
                .map(|level| LevelNode {
                    score: level.score.into(),
                    wording: level.wording.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Self {
            code: node.code.to_string(),
            title: node.title,
            max_score: node.max_score.into(),
            step: node
                .method
                .as_ref()
                .and_then(ScoringMethod::range_step)
                .map(Into::into),
            survey_weights: node
                .method
                .as_ref()
                .and_then(ScoringMethod::survey_weights)
                .map(|w| SurveyWeightsNode {
                    a: w.a.into(),
                    b: w.b.into(),
                    c: w.c.into(),
                    d: w.d.into(),
                }),
            method: node.method.as_ref().map(Into::into),
            levels,
            evidence_required: node.evidence_required,
            not_applicable_allowed: node.not_applicable_allowed,
            appraised_by: node.appraised_by.to_string(),
        }
    }
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
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// A set's tree, in tree order.
    async fn criteria(
        &self,
        context: &Context<'_>,
        criteria_set_id: ID,
    ) -> async_graphql::Result<Vec<CriterionNode>> {
        Caller::of(context).authorized(&Action::ReadResults)?;
        let set: CriteriaSetId = id("criteriaSetId", &criteria_set_id)?;
        tree(context, set).await
    }
}
