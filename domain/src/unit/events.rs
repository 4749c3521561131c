use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{UnitCode, UnitKind, UnitName};
use crate::ids::UnitId;

/// What happened to a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(UnitEventKind),
    doc = "Which UnitEvent it is, without its data: every variant, for the catalog of consumers.",
    derive(
        strum::EnumIter,
        strum::IntoStaticStr,
        strum::EnumString,
        Hash,
        PartialOrd,
        Ord
    )
)]
pub enum UnitEvent {
    /// A unit was registered.
    #[serde(rename = "UnitRegistered")]
    #[strum_discriminants(strum(serialize = "UnitRegistered"))]
    Registered(UnitRegistered),
    /// A unit was renamed.
    #[serde(rename = "UnitRenamed")]
    #[strum_discriminants(strum(serialize = "UnitRenamed"))]
    Renamed(UnitRenamed),
    /// A unit was deactivated.
    #[serde(rename = "UnitDeactivated")]
    #[strum_discriminants(strum(serialize = "UnitDeactivated"))]
    Deactivated(UnitDeactivated),
}

/// A unit was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRegistered {
    /// Its id (derived from the code).
    pub unit_id: UnitId,
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: UnitName,
    /// Its kind.
    pub kind: UnitKind,
    /// The unit it belongs to.
    pub parent: Option<UnitId>,
}

/// A unit was renamed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRenamed {
    /// The unit.
    pub unit_id: UnitId,
    /// The name it had.
    pub previous_name: UnitName,
    /// The name it has now.
    pub name: UnitName,
}

/// A unit was deactivated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitDeactivated {
    /// The unit.
    pub unit_id: UnitId,
    /// Why.
    pub reason: String,
}

impl DomainEvent for UnitEvent {
    fn event_type(&self) -> String {
        match self {
            Self::Registered(_) => "UnitRegistered",
            Self::Renamed(_) => "UnitRenamed",
            Self::Deactivated(_) => "UnitDeactivated",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
