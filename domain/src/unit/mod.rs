//! Scored units (cơ quan, đơn vị): departments, public service units,
//! districts and communes.

mod aggregate;
mod commands;
mod errors;
mod events;
mod unit_code;
mod unit_kind;
mod unit_list_import;
mod unit_name;

pub use aggregate::Unit;
pub use commands::{DeactivateUnit, RegisterUnit, RenameUnit, UnitCommand};
pub use errors::UnitError;
pub use events::{UnitDeactivated, UnitEvent, UnitEventKind, UnitRegistered, UnitRenamed};
pub use unit_code::{UnitCode, UnitCodeError, unit_id_from_id_or_code};
pub use unit_kind::UnitKind;
pub use unit_list_import::{
    UNIT_LIST_COLUMNS, UnitListEntry, registration_order, unit_list_from_table,
};
pub use unit_name::{UnitName, UnitNameError};
