//! The commands of the yearly cycle, one file per aggregate: what each
//! looks up before deciding, and how it runs. Authorization (who may call
//! which) is the policy's job, before these are called.

mod account_import;
mod accounts;
mod corrections;
mod criteria_sets;
mod periods;
mod scorecards;
mod stored_passwords;
mod sub_accounts;
mod survey_import;
mod unit_import;
mod units;
mod worksheets;

pub use account_import::IssuedFromSheet;
pub use accounts::{IssueAccountRequest, TemporaryCredentials};
pub use corrections::{ComplaintAnswerRequest, ComplaintRequest};
pub use criteria_sets::DraftCriteriaSetRequest;
pub use periods::{OpenPeriodRequest, UnitInScope};
pub use survey_import::SurveyImport;
pub use unit_import::UnitImport;
