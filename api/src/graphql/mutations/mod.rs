//! Every command of the cycle as a mutation, one file per area. Each one
//! parses its input (naming the field that does not parse), gives the
//! command through the gate, and answers once the read models have it.

mod accounts;
mod appraisal;
mod corrections;
mod evidence_citation;
mod payloads;
mod self_assessment;
mod setup;
mod staged_upload;
mod table_imports;
mod upload;
mod uploaded_file_name;

pub use accounts::AccountMutation;
pub use appraisal::AppraisalMutation;
pub use corrections::CorrectionMutation;
pub use self_assessment::SelfAssessmentMutation;
pub use setup::SetupMutation;
pub use table_imports::TableImportMutation;
pub use upload::UploadMutation;

use std::str::FromStr;

use async_graphql::ID;

use super::command_runner::invalid;

/// Parses an id argument, naming it when it does not parse.
pub fn id<T: FromStr>(field: &str, value: &ID) -> async_graphql::Result<T>
where
    T::Err: std::fmt::Display,
{
    T::from_str(value.as_str()).map_err(|e| invalid(field, e))
}
