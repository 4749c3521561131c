use std::fmt;

use serde::{Deserialize, Serialize};

use super::{CriterionCode, ScoringMethod};
use crate::scoring::Points;

/// One node of a criteria tree: a field, a criterion or a sub-criterion, a
/// bonus or penalty section or item. A node with a scoring method is a leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Its place in the tree.
    pub code: CriterionCode,
    /// Its title, in Vietnamese.
    pub title: String,
    /// The maximum score; for the B and P sections, the cap.
    pub max: Points,
    /// How it is scored, for leaves; `None` for groups.
    pub method: Option<ScoringMethod>,
    /// Whether evidence (or an explanation in its place) is required.
    pub evidence_required: bool,
    /// Whether a unit may mark it not applicable.
    pub not_applicable_allowed: bool,
    /// The department whose appraisers score it.
    pub appraised_by: Department,
}

impl Criterion {
    /// Whether it is scored directly (has a method).
    pub fn is_leaf(&self) -> bool {
        self.method.is_some()
    }
}

/// The name of an appraising department ("Sở Tư pháp", "Văn phòng UBND tỉnh").
/// Compared after trimming and collapsing inner spaces, so that a stray
/// space in an imported file does not split a department in two.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Department(String);

/// Why a text is not a department name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepartmentError {
    /// Empty.
    #[error("tên cơ quan thẩm định không được để trống")]
    Empty,
    /// Over 200 characters or with control characters.
    #[error("tên cơ quan thẩm định không hợp lệ")]
    Invalid,
}

impl Department {
    /// Parses a department name.
    pub fn parse(raw: &str) -> Result<Self, DepartmentError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(DepartmentError::Empty);
        }
        if name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(DepartmentError::Invalid);
        }
        Ok(Self(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Department {
    type Error = DepartmentError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Department> for String {
    fn from(department: Department) -> Self {
        department.0
    }
}

impl fmt::Display for Department {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
