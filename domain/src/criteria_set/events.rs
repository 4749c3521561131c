use std::collections::BTreeSet;

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{IndexKind, IssuingDecision};
use crate::criteria::CriteriaTree;
use crate::ids::CriteriaSetId;
use crate::scoring::{ClassificationBands, Points};
use crate::unit::UnitKind;

/// What happened to a criteria set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(CriteriaSetEventKind),
    doc = "Which CriteriaSetEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum CriteriaSetEvent {
    /// A draft was started.
    #[serde(rename = "CriteriaSetDrafted")]
    #[strum_discriminants(strum(serialize = "CriteriaSetDrafted"))]
    Drafted(CriteriaSetDrafted),
    /// The draft's tree was defined (replacing any earlier one).
    #[serde(rename = "CriteriaTreeDefined")]
    #[strum_discriminants(strum(serialize = "CriteriaTreeDefined"))]
    TreeDefined(CriteriaTreeDefined),
    /// The draft's classification bands were set.
    #[serde(rename = "ClassificationBandsSet")]
    #[strum_discriminants(strum(serialize = "ClassificationBandsSet"))]
    BandsSet(ClassificationBandsSet),
    /// The set was published and frozen.
    #[serde(rename = "CriteriaSetPublished")]
    #[strum_discriminants(strum(serialize = "CriteriaSetPublished"))]
    Published(CriteriaSetPublished),
}

/// A criteria set draft was started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaSetDrafted {
    /// The set.
    pub criteria_set_id: CriteriaSetId,
    /// PAR index or task completion.
    pub index_kind: IndexKind,
    /// Its name.
    pub name: String,
    /// The decision that issues it.
    pub decision: IssuingDecision,
    /// The year it scores.
    pub year: i32,
    /// The unit kinds it applies to.
    pub unit_kinds: BTreeSet<UnitKind>,
    /// 1, or one more than the version it supersedes.
    pub version: u32,
    /// The set it replaces.
    pub supersedes: Option<CriteriaSetId>,
}

/// The tree of a draft, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaTreeDefined {
    /// The set.
    pub criteria_set_id: CriteriaSetId,
    /// The tree.
    pub tree: CriteriaTree,
}

/// The classification bands of a task-completion draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationBandsSet {
    /// The set.
    pub criteria_set_id: CriteriaSetId,
    /// The bands.
    pub bands: ClassificationBands,
}

/// A criteria set was published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaSetPublished {
    /// The set.
    pub criteria_set_id: CriteriaSetId,
    /// The sum of its fields' maxima.
    pub maximum: Points,
    /// How many leaves it scores.
    pub leaves: u32,
    /// SHA-256 of the published tree and bands: what the paper decision must match.
    pub digest: String,
}

impl DomainEvent for CriteriaSetEvent {
    fn event_type(&self) -> String {
        match self {
            Self::Drafted(_) => "CriteriaSetDrafted",
            Self::TreeDefined(_) => "CriteriaTreeDefined",
            Self::BandsSet(_) => "ClassificationBandsSet",
            Self::Published(_) => "CriteriaSetPublished",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
