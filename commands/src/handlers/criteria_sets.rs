use chamdiem_domain::Code;
use std::collections::BTreeSet;
use std::sync::Arc;

use chamdiem_domain::criteria::{CriteriaTree, criteria_file_from_table};
use chamdiem_domain::criteria_set::{
    CriteriaSet, CriteriaSetCommand, DraftCriteriaSet, IndexKind, IssuingDecision, Supersedes,
};
use chamdiem_domain::ids::CriteriaSetId;
use chamdiem_domain::scoring::ClassificationBands;
use chamdiem_domain::table_file::{Table, read_csv_table};
use chamdiem_domain::unit::UnitKind;

use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// Start a criteria set draft.
#[derive(Debug, Clone)]
pub struct DraftCriteriaSetRequest {
    /// PAR index or task completion.
    pub index_kind: IndexKind,
    /// Its name.
    pub name: String,
    /// The decision that issues it.
    pub decision: IssuingDecision,
    /// The year it scores.
    pub year: i32,
    /// The unit kinds it applies to.
    pub unit_kinds: BTreeSet<UnitKind>,
    /// The published set it replaces, if any.
    pub supersedes: Option<CriteriaSetId>,
}

impl WriteSide {
    /// Starts a draft; a new version must supersede a published set.
    pub async fn draft_criteria_set(
        &self,
        metadata: &CommandMetadata,
        request: DraftCriteriaSetRequest,
    ) -> Result<CriteriaSetId, CommandError> {
        let supersedes = match request.supersedes {
            None => None,
            Some(previous_id) => {
                let previous: Arc<CriteriaSet> = self.load(&previous_id.to_string()).await?;
                match (
                    previous.is_published(),
                    previous.version(),
                    previous.index_kind(),
                ) {
                    (true, Some(version), Some(index_kind)) => Some(Supersedes {
                        criteria_set_id: previous_id,
                        version,
                        index_kind,
                    }),
                    _ => {
                        return Err(CommandError::refused(
                            Code::Conflict,
                            "chỉ thay thế được bộ tiêu chí đã ban hành",
                        ));
                    }
                }
            }
        };
        let criteria_set_id = CriteriaSetId::new();
        let command = CriteriaSetCommand::Draft(DraftCriteriaSet {
            criteria_set_id,
            index_kind: request.index_kind,
            name: request.name,
            decision: request.decision,
            year: request.year,
            unit_kinds: request.unit_kinds,
            supersedes,
        });
        self.run::<CriteriaSet>(&criteria_set_id.to_string(), metadata, command)
            .await?;
        Ok(criteria_set_id)
    }

    /// Gives a draft its whole tree.
    pub async fn define_criteria_tree(
        &self,
        metadata: &CommandMetadata,
        criteria_set_id: CriteriaSetId,
        tree: CriteriaTree,
    ) -> Result<(), CommandError> {
        let command = CriteriaSetCommand::DefineTree(tree);
        self.run::<CriteriaSet>(&criteria_set_id.to_string(), metadata, command)
            .await
    }

    /// Gives a draft the tree of a CSV file laid out as a decision's
    /// appendix; problems name their row and column.
    pub async fn import_criteria_csv(
        &self,
        metadata: &CommandMetadata,
        criteria_set_id: CriteriaSetId,
        csv: &str,
    ) -> Result<(), CommandError> {
        let table = read_csv_table(csv).map_err(|e| CommandError::refused(Code::Validation, e))?;
        self.import_criteria_table(metadata, criteria_set_id, &table)
            .await
    }

    /// Gives a draft the tree of a table read from a file (XLSX or CSV)
    /// laid out as the appendix, and a task-completion draft the bands the
    /// file gives (the regulation's when it gives none); problems name
    /// their sheet, row and column, and are all found before anything is
    /// recorded.
    pub async fn import_criteria_table(
        &self,
        metadata: &CommandMetadata,
        criteria_set_id: CriteriaSetId,
        table: &Table,
    ) -> Result<(), CommandError> {
        let refused = |e| CommandError::refused(Code::Validation, e);
        let file = criteria_file_from_table(table).map_err(refused)?;
        let set: Arc<CriteriaSet> = self.load(&criteria_set_id.to_string()).await?;
        let bands = match set.index_kind() {
            Some(index) => file.bands_for(index).map_err(refused)?,
            None => None,
        };
        self.define_criteria_tree(metadata, criteria_set_id, file.tree)
            .await?;
        match bands {
            Some(bands) if set.bands() != Some(&bands) => {
                self.set_classification_bands(metadata, criteria_set_id, bands)
                    .await
            }
            _ => Ok(()),
        }
    }

    /// Gives a task-completion draft its classification bands.
    pub async fn set_classification_bands(
        &self,
        metadata: &CommandMetadata,
        criteria_set_id: CriteriaSetId,
        bands: ClassificationBands,
    ) -> Result<(), CommandError> {
        let command = CriteriaSetCommand::SetClassificationBands(bands);
        self.run::<CriteriaSet>(&criteria_set_id.to_string(), metadata, command)
            .await
    }

    /// Publishes a draft: it is frozen from now on.
    pub async fn publish_criteria_set(
        &self,
        metadata: &CommandMetadata,
        criteria_set_id: CriteriaSetId,
    ) -> Result<(), CommandError> {
        let command = CriteriaSetCommand::Publish;
        self.run::<CriteriaSet>(&criteria_set_id.to_string(), metadata, command)
            .await
    }
}
