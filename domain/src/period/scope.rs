use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::UnitId;
use crate::unit::{UnitCode, UnitKind};

/// A unit scored in a period, with the block it is ranked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopedUnit {
    /// The unit.
    pub unit_id: UnitId,
    /// Its code (for ordering ties and reports).
    pub code: UnitCode,
    /// Its kind.
    pub kind: UnitKind,
    /// The block it is ranked in.
    pub block: RankingBlock,
}

/// A ranking block (khối): units are ranked only against their block. By
/// default the unit kind's code; a period may group otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RankingBlock(String);

impl RankingBlock {
    /// The default block of a unit kind.
    pub fn of_kind(kind: UnitKind) -> Self {
        Self(kind.code().to_owned())
    }

    /// A named block (trimmed; `None` when empty or over 100 characters).
    pub fn named(name: &str) -> Option<Self> {
        let name = name.trim();
        (!name.is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control))
            .then(|| Self(name.to_owned()))
    }

    /// The block's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RankingBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
