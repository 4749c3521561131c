use super::{UnitCode, UnitKind, UnitName};
use crate::ids::UnitId;

/// What may be asked of a unit.
#[derive(Debug, Clone)]
pub enum UnitCommand {
    /// Register it.
    Register(RegisterUnit),
    /// Give it a new name.
    Rename(RenameUnit),
    /// Take it out of future periods.
    Deactivate(DeactivateUnit),
}

/// Register a unit. Its id is [`UnitCode::unit_id`].
#[derive(Debug, Clone)]
pub struct RegisterUnit {
    /// Its code.
    pub code: UnitCode,
    /// Its Vietnamese name.
    pub name: UnitName,
    /// Its kind (and default ranking block).
    pub kind: UnitKind,
    /// The unit it belongs to, checked to exist by the caller.
    pub parent: Option<UnitId>,
}

/// Rename a unit.
#[derive(Debug, Clone)]
pub struct RenameUnit {
    /// The new name.
    pub name: UnitName,
}

/// Deactivate a unit.
#[derive(Debug, Clone)]
pub struct DeactivateUnit {
    /// Why (merger, dissolution…).
    pub reason: String,
}
