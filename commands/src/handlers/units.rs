use std::sync::Arc;

use chamdiem_domain::ids::UnitId;
use chamdiem_domain::unit::{
    DeactivateUnit, RegisterUnit, RenameUnit, Unit, UnitCommand, UnitName,
};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

impl WriteSide {
    /// Registers a unit under the id of its code; its parent, when given,
    /// must be registered and active.
    pub async fn register_unit(
        &self,
        metadata: &CommandMetadata,
        command: RegisterUnit,
    ) -> Result<UnitId, CommandError> {
        if let Some(parent) = command.parent {
            let unit: Arc<Unit> = self.load(&parent.to_string()).await?;
            if !unit.is_active() {
                return Err(CommandError::not_found(
                    "đơn vị cấp trên không tồn tại hoặc đã ngừng hoạt động",
                ));
            }
        }
        let unit_id = command.code.unit_id();
        let command = UnitCommand::Register(command);
        self.run::<Unit>(&unit_id.to_string(), metadata, command)
            .await?;
        Ok(unit_id)
    }

    /// Renames a unit.
    pub async fn rename_unit(
        &self,
        metadata: &CommandMetadata,
        unit_id: UnitId,
        name: UnitName,
    ) -> Result<(), CommandError> {
        let command = UnitCommand::Rename(RenameUnit { name });
        self.run::<Unit>(&unit_id.to_string(), metadata, command)
            .await
    }

    /// Deactivates a unit.
    pub async fn deactivate_unit(
        &self,
        metadata: &CommandMetadata,
        unit_id: UnitId,
        reason: &str,
    ) -> Result<(), CommandError> {
        let command = {
            UnitCommand::Deactivate(DeactivateUnit {
                reason: reason.to_owned(),
            })
        };
        self.run::<Unit>(&unit_id.to_string(), metadata, command)
            .await
    }
}
