//! Criteria sets.

use chamdiem_domain::ids::CriteriaSetId;
use chamdiem_domain::scoring::ClassificationBands;
use chamdiem_domain::table_file::Table;

use super::{Allowed, Facts, GateCommand};
use crate::command_error::CommandError;
use crate::handlers::DraftCriteriaSetRequest;
use crate::policy::Action;

impl GateCommand for DraftCriteriaSetRequest {
    type Output = CriteriaSetId;

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageCriteriaSets)
    }

    async fn run(self, on: Allowed<'_>) -> Result<CriteriaSetId, CommandError> {
        on.write.draft_criteria_set(on.metadata, self).await
    }
}

/// Give a draft its tree from a CSV appendix.
#[derive(Debug, Clone)]
pub struct ImportCriteriaCsv {
    /// The set.
    pub set: CriteriaSetId,
    /// The file's text.
    pub csv: String,
}

impl GateCommand for ImportCriteriaCsv {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageCriteriaSets)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .import_criteria_csv(on.metadata, self.set, &self.csv)
            .await
    }
}

/// Give a draft its tree from the appendix as a file (XLSX or CSV).
#[derive(Debug, Clone)]
pub struct ImportCriteriaTable {
    /// The set.
    pub set: CriteriaSetId,
    /// The file, read as a table.
    pub table: Table,
}

impl GateCommand for ImportCriteriaTable {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageCriteriaSets)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .import_criteria_table(on.metadata, self.set, &self.table)
            .await
    }
}

/// Give a task-completion draft its classification bands.
#[derive(Debug, Clone)]
pub struct SetClassificationBands {
    /// The set.
    pub set: CriteriaSetId,
    /// The bands.
    pub bands: ClassificationBands,
}

impl GateCommand for SetClassificationBands {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageCriteriaSets)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write
            .set_classification_bands(on.metadata, self.set, self.bands)
            .await
    }
}

/// Publish a criteria set: it is frozen from then on.
#[derive(Debug, Clone)]
pub struct PublishCriteriaSet {
    /// The set.
    pub set: CriteriaSetId,
}

impl GateCommand for PublishCriteriaSet {
    type Output = ();

    async fn action(&self, _: Facts<'_>) -> Result<Action, CommandError> {
        Ok(Action::ManageCriteriaSets)
    }

    async fn run(self, on: Allowed<'_>) -> Result<(), CommandError> {
        on.write.publish_criteria_set(on.metadata, self.set).await
    }
}
