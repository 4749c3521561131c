//! The directory of units.

use chamdiem_domain::ids::UnitId;
use chamdiem_domain::self_assessment::FreeText;
use chamdiem_domain::table_file::Table;
use chamdiem_domain::unit::{RegisterUnit, UnitName};

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::handlers::UnitImport;
use crate::policy::Action;

impl GateCommand for RegisterUnit {
    type Output = UnitId;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageUnits)
    }

    async fn run(self, on: Allowed<'_>) -> Result<UnitId, CommandError> {
        on.write.register_unit(on.metadata, self).await
    }
}

/// Rename a unit.
#[derive(Debug, Clone)]
pub struct RenameUnit {
    /// The unit.
    pub unit: UnitId,
    /// The new name.
    pub name: UnitName,
}

impl GateCommand for RenameUnit {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageUnits)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .rename_unit(on.metadata, self.unit, self.name)
            .await
    }
}

/// Deactivate a unit, with a reason.
#[derive(Debug, Clone)]
pub struct DeactivateUnit {
    /// The unit.
    pub unit: UnitId,
    /// Why.
    pub reason: FreeText,
}

impl GateCommand for DeactivateUnit {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageUnits)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .deactivate_unit(on.metadata, self.unit, self.reason.as_str())
            .await
    }
}

/// Register the units of a list (a file read as a table).
#[derive(Debug, Clone)]
pub struct ImportUnits {
    /// The list.
    pub table: Table,
}

impl GateCommand for ImportUnits {
    type Output = UnitImport;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageUnits)
    }

    async fn run(self, on: Allowed<'_>) -> Result<UnitImport, CommandError> {
        on.write.import_units(on.metadata, &self.table).await
    }
}
