use chamdiem_domain::Code;
use std::collections::BTreeSet;
use std::sync::Arc;

use chamdiem_domain::table_file::{ImportError, ImportProblem, Table};
use chamdiem_domain::unit::{
    RegisterUnit, Unit, UnitCode, registration_order, unit_list_from_table,
};

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// What an imported unit list changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitImport {
    /// Units registered now.
    pub registered: u32,
    /// Units already registered just as the file has them.
    pub unchanged: u32,
}

impl WriteSide {
    /// Registers the units of a list (XLSX or CSV table). The whole file is
    /// checked first and refused with every problem named by row and column:
    /// bad cells, a code given twice, a code already used for another name
    /// or kind, an unknown parent, a loop of parents. Units already
    /// registered as the file has them are left as they are, so a file can
    /// be imported again after an interruption.
    pub async fn import_units(
        &self,
        metadata: &CommandMetadata,
        table: &Table,
    ) -> Result<UnitImport, CommandError> {
        let entries = unit_list_from_table(table).map_err(refused)?;
        let mut problems = Vec::new();
        let mut fresh = Vec::new();
        let mut unchanged = 0_u32;
        for entry in entries {
            let unit: Arc<Unit> = self.load(&entry.code.unit_id().to_string()).await?;
            if unit.code().is_none() {
                fresh.push(entry);
            } else if unit.name() == Some(&entry.name) && unit.kind() == Some(entry.kind) {
                unchanged += 1;
            } else {
                problems.push(ImportProblem::at(
                    entry.row,
                    "code",
                    format!(
                        "mã {} đã được dùng cho đơn vị \"{}\"; đổi tên hay loại đơn vị bằng chức năng riêng",
                        entry.code,
                        unit.name().map_or("", |n| n.as_str())
                    ),
                ));
            }
        }
        let mut registered_codes = BTreeSet::new();
        let parents: BTreeSet<UnitCode> = fresh.iter().filter_map(|e| e.parent.clone()).collect();
        for parent in parents {
            let unit: Arc<Unit> = self.load(&parent.unit_id().to_string()).await?;
            if unit.is_active() {
                registered_codes.insert(parent);
            }
        }
        let ordered = match registration_order(fresh, &registered_codes) {
            Ok(ordered) => ordered,
            Err(mut order_problems) => {
                problems.append(&mut order_problems);
                Vec::new()
            }
        };
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(refused(table.problems(problems)));
        }
        let mut registered = 0_u32;
        for entry in ordered {
            self.register_unit(
                metadata,
                RegisterUnit {
                    code: entry.code,
                    name: entry.name,
                    kind: entry.kind,
                    parent: entry.parent.map(|p| p.unit_id()),
                },
            )
            .await?;
            registered += 1;
        }
        Ok(UnitImport {
            registered,
            unchanged,
        })
    }
}

/// A file refused with its problems.
pub(crate) fn refused(error: ImportError) -> CommandError {
    CommandError::refused(Code::Validation, error)
}
