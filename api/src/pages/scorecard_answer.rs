//! What `scorecard.graphql` answers, read into types: the period with its
//! criteria tree, the unit, the report's content hash and the scorecard.

use serde::Deserialize;

use super::period_node::PeriodNode;

/// The whole answer.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardAnswer {
    /// The period the address names.
    pub period: Option<PeriodNode<PeriodData>>,
    /// The unit the address names.
    pub unit: Option<UnitNode>,
    /// The content hash of the report as it stands.
    pub report_content_hash: String,
    /// The scorecard, once anything was entered.
    pub scorecard: Option<CardData>,
    /// What it lacks before submission.
    pub missing_before_submission: Option<MissingData>,
}

/// What a scorecard lacks before submission, as the API says it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingData {
    /// Nothing is missing.
    pub complete: bool,
    /// Every main leaf is marked not applicable.
    pub nothing_applicable: bool,
    /// Leaves without a self score.
    pub unscored_leaf_codes: Vec<String>,
    /// Leaves without evidence or an explanation.
    pub unproven_leaf_codes: Vec<String>,
}

/// The node the unit's id names.
#[derive(Deserialize)]
#[serde(tag = "__typename")]
pub enum UnitNode {
    /// A unit.
    Unit {
        /// Its name.
        name: String,
    },
    /// Anything else.
    #[serde(other)]
    Other,
}

/// A period, as the operation selects it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodData {
    /// Its name.
    pub name: String,
    /// Where its results stand.
    pub status: String,
    /// Its deadlines.
    pub deadlines: Vec<DeadlineData>,
    /// Its criteria set.
    pub criteria_set: SetData,
}

/// A deadline.
#[derive(Deserialize)]
pub struct DeadlineData {
    /// Which.
    pub kind: String,
    /// Its date.
    pub date: String,
    /// Whether it has passed.
    pub passed: bool,
    /// Whole days left after today (0 on the last day), until it passes.
    #[serde(rename = "daysLeft")]
    pub days_left: Option<i64>,
}

/// The criteria set.
#[derive(Deserialize)]
pub struct SetData {
    /// Its name.
    pub name: String,
    /// Its tree, in tree order.
    pub criteria: Vec<CriterionData>,
}

/// A node of the tree.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionData {
    /// Its code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its maximum.
    pub max_score: String,
    /// How it is scored (leaves only).
    pub method: Option<String>,
    /// Its levels (levels leaves).
    pub levels: Vec<LevelData>,
    /// Its score step (range leaves).
    pub step: Option<String>,
    /// Whether the unit may mark it not applicable.
    pub not_applicable_allowed: bool,
    /// Whether a self score needs evidence.
    pub evidence_required: bool,
}

/// A level of a levels leaf.
#[derive(Deserialize)]
pub struct LevelData {
    /// Its score.
    pub score: String,
    /// Its wording.
    pub wording: String,
}

/// The scorecard.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardData {
    /// Where it stands.
    pub status: String,
    /// The approved content hash, while the approval holds.
    pub approved_hash: Option<String>,
    /// Its total.
    pub total: String,
    /// Its applicable maximum.
    pub applicable_maximum: String,
    /// Its index.
    pub index: String,
    /// The leaves touched so far.
    pub leaves: Vec<LeafData>,
}

/// A leaf touched so far.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeafData {
    /// Its code.
    pub leaf_code: String,
    /// The self score.
    pub self_points: Option<String>,
    /// The percentage a ratio leaf's self score was entered as.
    pub self_percentage: Option<String>,
    /// Why it is not applicable, if it is.
    pub not_applicable_reason: Option<String>,
    /// The explanation.
    pub explanation: Option<String>,
    /// Its evidence.
    pub evidence: Vec<EvidenceData>,
    /// The round-1 appraisal.
    pub round1_points: Option<String>,
    /// Why round 1 differs.
    pub round1_reason: Option<String>,
    /// The round-2 appraisal.
    pub round2_points: Option<String>,
    /// The score given again after the leaf was reopened.
    pub corrected_points: Option<String>,
    /// Why.
    pub correction_reason: Option<String>,
    /// The unit's answers to round 1.
    pub answers: Vec<AnswerData>,
}

/// An answer to round 1.
#[derive(Deserialize)]
pub struct AnswerData {
    /// What the unit wrote.
    pub text: String,
}

/// A file attached to a leaf.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceData {
    /// Its content's SHA-256: its address.
    pub content_hash: String,
    /// Its name.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The page or section that proves the point.
    pub locator: String,
}

impl ScorecardAnswer {
    /// The period, if the address names one.
    pub fn period(&self) -> Option<&PeriodData> {
        match &self.period {
            Some(PeriodNode::Period(period)) => Some(period),
            _ => None,
        }
    }

    /// The unit's name, if the address names a unit.
    pub fn unit_name(&self) -> String {
        match &self.unit {
            Some(UnitNode::Unit { name }) => name.clone(),
            _ => String::new(),
        }
    }
}
