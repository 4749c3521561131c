use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Criterion, CriterionCode, ScoringMethod, Section};
use crate::scoring::Points;

/// A validated criteria tree: every code once, every parent present, every
/// group's maximum the sum of its children's, every leaf with a method whose
/// levels fit its maximum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Criterion>", into = "Vec<Criterion>")]
pub struct CriteriaTree {
    nodes: BTreeMap<CriterionCode, Criterion>,
}

/// Why a set of nodes is not a valid tree. Each names the code at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// The tree has no scored field.
    #[error("bộ tiêu chí chưa có lĩnh vực nào")]
    Empty,
    /// A code appears twice.
    #[error("mã {0} bị lặp")]
    DuplicateCode(CriterionCode),
    /// A code's parent is missing.
    #[error("mã {code} thiếu mục cha {parent}")]
    MissingParent {
        /// The orphan.
        code: CriterionCode,
        /// The parent it needs.
        parent: CriterionCode,
    },
    /// A group's maximum is not the sum of its children's.
    #[error("điểm tối đa của {code} là {max} nhưng tổng các mục con là {children}")]
    GroupMaximum {
        /// The group.
        code: CriterionCode,
        /// Its stated maximum.
        max: Points,
        /// The sum of its children's maxima.
        children: Points,
    },
    /// A bonus or penalty item above its section's cap.
    #[error("điểm tối đa của {code} vượt mức trần {cap} của mục")]
    AboveCap {
        /// The item.
        code: CriterionCode,
        /// The section's cap.
        cap: Points,
    },
    /// A node with children has a scoring method.
    #[error("{0} có mục con nên không được có phương pháp chấm")]
    GroupWithMethod(CriterionCode),
    /// A node without children has no scoring method.
    #[error("{0} là tiêu chí lá nên cần phương pháp chấm")]
    LeafWithoutMethod(CriterionCode),
    /// A level scores more than the leaf's maximum.
    #[error("mức {level} của {code} vượt quá điểm tối đa {max}")]
    LevelAboveMaximum {
        /// The leaf.
        code: CriterionCode,
        /// The level's score.
        level: Points,
        /// The leaf's maximum.
        max: Points,
    },
    /// A levels leaf without levels, or with a score listed twice.
    #[error("các mức của {0} phải khác nhau và có ít nhất một mức")]
    BadLevels(CriterionCode),
    /// A leaf or group whose maximum is zero.
    #[error("điểm tối đa của {0} phải lớn hơn 0")]
    ZeroMaximum(CriterionCode),
    /// A title is empty.
    #[error("{0} chưa có tên")]
    EmptyTitle(CriterionCode),
    /// Not-applicable allowed in a bonus or penalty section (they default to 0).
    #[error("{0} thuộc mục thưởng/trừ nên không thể \"không áp dụng\"")]
    NotApplicableInSection(CriterionCode),
}

impl CriteriaTree {
    /// Validates `nodes` into a tree.
    pub fn new(nodes: Vec<Criterion>) -> Result<Self, TreeError> {
        let mut map = BTreeMap::new();
        for node in nodes {
            if node.title.trim().is_empty() {
                return Err(TreeError::EmptyTitle(node.code));
            }
            if let Some(previous) = map.insert(node.code.clone(), node) {
                return Err(TreeError::DuplicateCode(previous.code));
            }
        }
        let tree = Self { nodes: map };
        tree.check()?;
        Ok(tree)
    }

    fn check(&self) -> Result<(), TreeError> {
        if !self.nodes.keys().any(|c| c.section() == Section::Main) {
            return Err(TreeError::Empty);
        }
        // Orphans first: a missing parent explains the other symptoms.
        for node in self.nodes.values() {
            if let Some(parent) = node.code.parent() {
                if !self.nodes.contains_key(&parent) {
                    return Err(TreeError::MissingParent {
                        code: node.code.clone(),
                        parent,
                    });
                }
            }
        }
        for node in self.nodes.values() {
            if node.max == Points::ZERO {
                return Err(TreeError::ZeroMaximum(node.code.clone()));
            }
            self.check_node(node)?;
        }
        Ok(())
    }

    fn check_node(&self, node: &Criterion) -> Result<(), TreeError> {
        let children: Vec<&Criterion> = self.children(&node.code).collect();
        let is_section = node.code.section() != Section::Main && node.code.depth() == 1;
        if node.code.section() != Section::Main && node.not_applicable_allowed {
            return Err(TreeError::NotApplicableInSection(node.code.clone()));
        }
        match (&node.method, children.is_empty()) {
            (Some(_), false) => return Err(TreeError::GroupWithMethod(node.code.clone())),
            (None, true) => return Err(TreeError::LeafWithoutMethod(node.code.clone())),
            _ => {}
        }
        if is_section {
            // A section's maximum is a cap: its items may add up to more.
            if let Some(item) = children.iter().find(|c| c.max > node.max) {
                return Err(TreeError::AboveCap {
                    code: item.code.clone(),
                    cap: node.max,
                });
            }
        } else if !children.is_empty() {
            let sum: Points = children.iter().map(|c| c.max).sum();
            if sum != node.max {
                return Err(TreeError::GroupMaximum {
                    code: node.code.clone(),
                    max: node.max,
                    children: sum,
                });
            }
        }
        if let Some(ScoringMethod::Levels { levels }) = &node.method {
            let mut scores: Vec<Points> = levels.iter().map(|l| l.score).collect();
            scores.sort();
            scores.dedup();
            if levels.is_empty() || scores.len() != levels.len() {
                return Err(TreeError::BadLevels(node.code.clone()));
            }
            if let Some(level) = levels.iter().find(|l| l.score > node.max) {
                return Err(TreeError::LevelAboveMaximum {
                    code: node.code.clone(),
                    level: level.score,
                    max: node.max,
                });
            }
        }
        Ok(())
    }

    /// Every node, in tree order.
    pub fn nodes(&self) -> impl Iterator<Item = &Criterion> {
        self.nodes.values()
    }

    /// The node with this code.
    pub fn get(&self, code: &CriterionCode) -> Option<&Criterion> {
        self.nodes.get(code)
    }

    /// The direct children of `code`, in tree order.
    pub fn children<'a>(&'a self, code: &'a CriterionCode) -> impl Iterator<Item = &'a Criterion> {
        self.nodes
            .values()
            .filter(move |n| n.code.parent().as_ref() == Some(code))
    }

    /// Every leaf, in tree order.
    pub fn leaves(&self) -> impl Iterator<Item = &Criterion> {
        self.nodes.values().filter(|n| n.is_leaf())
    }

    /// The leaf with this code, if it is one.
    pub fn leaf(&self, code: &CriterionCode) -> Option<&Criterion> {
        self.get(code).filter(|n| n.is_leaf())
    }

    /// The scored fields (top-level nodes of the main section), in order.
    pub fn fields(&self) -> impl Iterator<Item = &Criterion> {
        self.nodes
            .values()
            .filter(|n| n.code.section() == Section::Main && n.code.depth() == 1)
    }

    /// The cap of the bonus or penalty section, zero when the set has none.
    pub fn cap(&self, section: Section) -> Points {
        self.nodes
            .values()
            .find(|n| n.code.section() == section && n.code.depth() == 1)
            .map_or(Points::ZERO, |n| n.max)
    }

    /// The sum of the fields' maxima (100 for the usual sets).
    pub fn maximum(&self) -> Points {
        self.fields().map(|f| f.max).sum()
    }

    /// How many nodes the tree has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no node (never true for a validated tree).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

impl TryFrom<Vec<Criterion>> for CriteriaTree {
    type Error = TreeError;

    fn try_from(nodes: Vec<Criterion>) -> Result<Self, Self::Error> {
        Self::new(nodes)
    }
}

impl From<CriteriaTree> for Vec<Criterion> {
    fn from(tree: CriteriaTree) -> Self {
        tree.nodes.into_values().collect()
    }
}
