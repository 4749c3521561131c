//! Evidence attached to a leaf, and the unit's answers to round 1 that may
//! carry more of it.

use async_graphql::{ID, SimpleObject};
use chamdiem_domain::self_assessment::Evidence;
use chamdiem_projections::queries::AppraisalAnswer;

use super::decimal::Decimal;

/// A file attached to a leaf as evidence.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
#[graphql(name = "Evidence")]
pub struct EvidenceItem {
    /// The attachment's id (to remove it).
    pub id: ID,
    /// SHA-256 of the file's content: also its address, `GET /evidence/{hash}`.
    pub content_hash: String,
    /// Its name.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type.
    pub media_type: String,
    /// The page or section that proves the point.
    pub locator: String,
}

impl From<&Evidence> for EvidenceItem {
    fn from(evidence: &Evidence) -> Self {
        Self {
            id: ID(evidence.evidence_id.to_string()),
            content_hash: evidence.content_hash.clone(),
            file_name: evidence.file_name.clone(),
            size: evidence.size,
            media_type: evidence.media_type.clone(),
            locator: evidence.locator.clone(),
        }
    }
}

/// The unit's answer to a round-1 appraisal score.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
#[graphql(name = "AppraisalAnswer")]
pub struct AppraisalAnswerNode {
    /// The round-1 score answered.
    pub round1_points: Decimal,
    /// The answer.
    pub text: String,
    /// Supplementary evidence.
    pub evidence: Vec<EvidenceItem>,
}

impl From<&AppraisalAnswer> for AppraisalAnswerNode {
    fn from(answer: &AppraisalAnswer) -> Self {
        Self {
            round1_points: answer.round_one.into(),
            text: answer.text.as_str().to_owned(),
            evidence: answer.evidence.iter().map(Into::into).collect(),
        }
    }
}
