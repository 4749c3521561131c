//! Reads of the read models for the API. Authorization is the caller's
//! business (the policy), these only read.
//!
//! Each read takes rows by column name into a record (`sqlx::FromRow`, the
//! same record on both stores) and converts it to domain types at once;
//! what does not convert is an error naming the table, the column and the
//! row ([`row_at::RowAt`]), never an empty or zero value.

mod accounts;
mod audit_trail;
mod criteria;
mod evidence_owners;
mod id_list;
mod periods;
mod ranking;
mod results_versions;
pub mod row_at;
mod scorecard;
mod sub_account_requests;
mod units;
mod worksheet_marks;
mod worksheet_submission;

pub use accounts::{AccountRow, account, accounts, accounts_by_id};
pub use audit_trail::{AuditFilter, AuditRow, audit_trail, leaf_history};
pub use criteria::{
    CriteriaSetRow, CriterionRow, criteria, criteria_set, criteria_sets, criteria_tree,
};
pub use evidence_owners::{EvidenceOwner, PeriodDocument, evidence_owners, period_documents};
pub use periods::{PeriodRow, period, periods};
pub use ranking::{RankingRow, RankingState, current_ranking, live_ranking, ranking};
pub use results_versions::{
    ResultsVersionRow, results_version_content, results_versions, version_rows,
};
pub use scorecard::{
    AppraisalAnswer, LeafRow, ScorecardRow, ScorecardStatus, missing_before_submission,
    period_state, scorecard, scorecards,
};
pub use sub_account_requests::{
    RequestStatus, SubAccountRequestRow, sub_account_request, sub_account_requests,
};
pub use units::{UnitRow, unit_names, units, units_by_id};
pub use worksheet_marks::{UnitMarks, worksheet_marks};
pub use worksheet_submission::worksheet_submitted;
