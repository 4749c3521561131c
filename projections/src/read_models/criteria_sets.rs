//! Criteria sets and their trees, node by node.

use chamdiem_domain::criteria_set::{CriteriaSet, CriteriaSetEvent};
use chamdiem_domain::ids::CriteriaSetId;
use cqrs_es::Aggregate;

use super::{json, load_state, state_json};
use crate::{ProjectionError, ProjectionTx};

const STATE: &str = "SELECT set_state FROM rm_criteria_sets WHERE criteria_set_id = $1";

/// The set's domain state as the read model holds it.
pub async fn load(
    tx: &mut ProjectionTx,
    id: CriteriaSetId,
) -> Result<CriteriaSet, ProjectionError> {
    load_state(tx, STATE, &[id.to_string().into()]).await
}

/// Applies a criteria-set event.
pub async fn apply(tx: &mut ProjectionTx, event: CriteriaSetEvent) -> Result<(), ProjectionError> {
    let id = match &event {
        CriteriaSetEvent::Drafted(e) => e.criteria_set_id,
        CriteriaSetEvent::TreeDefined(e) => e.criteria_set_id,
        CriteriaSetEvent::BandsSet(e) => e.criteria_set_id,
        CriteriaSetEvent::Published(e) => e.criteria_set_id,
    };
    let mut set = load(tx, id).await?;
    set.apply(event.clone());
    let key = id.to_string();
    tx.execute(
        "INSERT INTO rm_criteria_sets (criteria_set_id, index_kind, name, year, version, published, digest, set_state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (criteria_set_id) DO UPDATE SET published = excluded.published,
             digest = COALESCE(excluded.digest, rm_criteria_sets.digest), set_state = excluded.set_state",
        &[
            key.clone().into(),
            json(&set.index_kind())?.trim_matches('"').to_owned().into(),
            set.name().unwrap_or_default().into(),
            i64::from(set.year().unwrap_or_default()).into(),
            i64::from(set.version().unwrap_or_default()).into(),
            set.is_published().into(),
            match &event {
                CriteriaSetEvent::Published(e) => Some(e.digest.clone()),
                _ => None,
            }
            .into(),
            state_json(&set)?.into(),
        ],
    )
    .await?;
    if let CriteriaSetEvent::TreeDefined(defined) = event {
        tx.execute(
            "DELETE FROM rm_criteria WHERE criteria_set_id = $1",
            &[key.clone().into()],
        )
        .await?;
        for (ordinal, node) in defined.tree.nodes().enumerate() {
            use chamdiem_domain::criteria::ScoringMethod;
            let levels = match &node.method {
                Some(ScoringMethod::Levels { levels }) => Some(json(levels)?),
                _ => None,
            };
            let rules = match &node.method {
                Some(ScoringMethod::Range { step: Some(step) }) => Some(json(step)?),
                Some(ScoringMethod::Survey {
                    weights: Some(weights),
                }) => Some(json(weights)?),
                _ => None,
            };
            tx.execute(
                "INSERT INTO rm_criteria (criteria_set_id, code, ordinal, title, max_score, method, levels, evidence_required, not_applicable_allowed, appraised_by, rules)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    key.clone().into(),
                    node.code.as_str().into(),
                    i64::try_from(ordinal).unwrap_or(i64::MAX).into(),
                    node.title.as_str().into(),
                    node.max.to_string().into(),
                    node.method.as_ref().map(|m| m.code()).into(),
                    levels.into(),
                    node.evidence_required.into(),
                    node.not_applicable_allowed.into(),
                    node.appraised_by.as_str().into(),
                    rules.into(),
                ],
            )
            .await?;
        }
    }
    Ok(())
}
