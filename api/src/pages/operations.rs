//! The GraphQL operations the pages run, one file each under `operations/`,
//! validated against `schema/schema.graphql` by a test.

/// Signs in.
pub const SIGN_IN: &str = include_str!("operations/sign_in.graphql");
/// Ends the session.
pub const SIGN_OUT: &str = include_str!("operations/sign_out.graphql");
/// Changes one's own password.
pub const CHANGE_PASSWORD: &str = include_str!("operations/change_password.graphql");
/// The signed-in account.
pub const WHO_AM_I: &str = include_str!("operations/whoami.graphql");
/// The home page.
pub const HOME: &str = include_str!("operations/home.graphql");
/// A period's ranking.
pub const RANKING: &str = include_str!("operations/ranking.graphql");
/// A unit's scorecard with its criteria tree.
pub const SCORECARD: &str = include_str!("operations/scorecard.graphql");
/// A self score entered.
pub const ENTER_SCORE: &str = include_str!("operations/enter_score.graphql");
/// A leaf marked not applicable, with the reason.
pub const MARK_NOT_APPLICABLE: &str = include_str!("operations/leaf_mark_not_applicable.graphql");
/// A not-applicable mark undone.
pub const MARK_APPLICABLE: &str = include_str!("operations/leaf_mark_applicable.graphql");
/// The report approved by the unit's leader.
pub const APPROVE_REPORT: &str = include_str!("operations/approve_report.graphql");
/// The approved self-assessment submitted.
pub const SUBMIT_SELF_ASSESSMENT: &str = include_str!("operations/submit_self_assessment.graphql");
/// An appraiser's worksheet with the criteria it covers.
pub const WORKSHEET: &str = include_str!("operations/worksheet.graphql");
/// An appraisal score.
pub const APPRAISE: &str = include_str!("operations/appraise.graphql");
/// A leaf's explanation written.
pub const WRITE_EXPLANATION: &str = include_str!("operations/leaf_write_explanation.graphql");
/// The units, for the administrator.
pub const ADMIN_UNITS: &str = include_str!("operations/admin_units.graphql");
/// One unit registered.
pub const REGISTER_UNIT: &str = include_str!("operations/register_unit.graphql");
/// A file of units imported.
pub const UPLOAD_UNITS: &str = include_str!("operations/upload_units.graphql");
/// The accounts and the units they can belong to, for the administrator.
pub const ADMIN_ACCOUNTS: &str = include_str!("operations/admin_accounts.graphql");
/// An account issued.
pub const ISSUE_ACCOUNT: &str = include_str!("operations/issue_account.graphql");
/// An account's password reset to a temporary one.
pub const RESET_PASSWORD: &str = include_str!("operations/reset_password.graphql");
/// An account locked by the administrator.
pub const LOCK_ACCOUNT: &str = include_str!("operations/lock_account.graphql");
/// An account unlocked.
pub const UNLOCK_ACCOUNT: &str = include_str!("operations/unlock_account.graphql");
/// Every criteria set, for the administrator.
pub const ADMIN_CRITERIA_SETS: &str = include_str!("operations/admin_criteria_sets.graphql");
/// A new draft criteria set.
pub const DRAFT_CRITERIA_SET: &str = include_str!("operations/draft_criteria_set.graphql");
/// One criteria set with its tree.
pub const CRITERIA_SET: &str = include_str!("operations/criteria_set.graphql");
/// A draft's tree from the appendix as a file.
pub const UPLOAD_CRITERIA: &str = include_str!("operations/upload_criteria.graphql");
/// A draft published.
pub const PUBLISH_CRITERIA_SET: &str = include_str!("operations/publish_criteria_set.graphql");
/// Periods, published sets and units, for the administrator.
pub const ADMIN_PERIODS: &str = include_str!("operations/admin_periods.graphql");
/// A period opened.
pub const OPEN_PERIOD: &str = include_str!("operations/open_period.graphql");
/// One period with its deadlines, units in scope and appraisers.
pub const ADMIN_PERIOD: &str = include_str!("operations/admin_period.graphql");
/// A deadline extended.
pub const EXTEND_DEADLINE: &str = include_str!("operations/extend_deadline.graphql");
/// A unit's submitted self-assessment reopened by an administrator.
pub const REOPEN_SELF_ASSESSMENT: &str = include_str!("operations/reopen_self_assessment.graphql");
/// An appraiser's units moved to another appraiser.
pub const MOVE_ASSIGNMENT: &str = include_str!("operations/move_assignment.graphql");
/// An appraisal closed in place of an appraiser who never submitted.
pub const CLOSE_APPRAISAL: &str = include_str!("operations/close_appraisal.graphql");
/// An appraiser assigned units and criteria.
pub const ASSIGN_APPRAISER: &str = include_str!("operations/assign_appraiser.graphql");
/// An evidence file uploaded and attached to a leaf.
pub const UPLOAD_EVIDENCE: &str = include_str!("operations/upload_evidence.graphql");
/// One's own worksheet submitted (closed for the period).
pub const SUBMIT_APPRAISAL: &str = include_str!("operations/submit_appraisal.graphql");
/// A unit's answer to its round-1 appraisal of a leaf.
pub const ANSWER_APPRAISAL: &str = include_str!("operations/answer_appraisal.graphql");
/// A period's progress board.
pub const PROGRESS: &str = include_str!("operations/progress.graphql");
/// Aggregated results finalized.
pub const FINALIZE_RESULTS: &str = include_str!("operations/finalize_results.graphql");
/// Finalized results published.
pub const PUBLISH_RESULTS: &str = include_str!("operations/publish_results.graphql");
/// The whole history verified.
pub const VERIFY_HISTORY: &str = include_str!("operations/verify_history.graphql");
/// The audit trail, filtered, a page at a time.
pub const AUDIT_TRAIL: &str = include_str!("operations/audit_trail.graphql");
/// Accounts asked for a subordinate unit.
pub const REQUEST_SUB_ACCOUNTS: &str = include_str!("operations/request_sub_accounts.graphql");
/// The units, with their parents (to find one's subordinate units).
pub const SUBORDINATE_UNITS: &str = include_str!("operations/subordinate_units.graphql");
/// The sub-account requests waiting for a decision.
pub const SUB_ACCOUNT_REQUESTS: &str = include_str!("operations/sub_account_requests.graphql");
/// A sub-account request approved: its accounts issued.
pub const APPROVE_SUB_ACCOUNT_REQUEST: &str =
    include_str!("operations/approve_sub_account_request.graphql");
/// A sub-account request rejected, with a reason.
pub const REJECT_SUB_ACCOUNT_REQUEST: &str =
    include_str!("operations/reject_sub_account_request.graphql");
/// A file of a unit's survey forms recorded.
pub const UPLOAD_SURVEY_FORMS: &str = include_str!("operations/upload_survey_forms.graphql");
/// Survey forms Sở Nội vụ collected about a unit (answered under the same
/// name as the unit's own, so that one answer type reads both).
pub const UPLOAD_PROVINCE_SURVEY_FORMS: &str =
    include_str!("operations/upload_province_survey_forms.graphql");
/// The periods whose results are published, read without signing in.
pub const PUBLIC_PERIODS: &str = include_str!("operations/public_periods.graphql");

/// One leaf's history for one unit in a period.
pub const LEAF_HISTORY: &str = include_str!("operations/leaf_history.graphql");
/// The periods and units a history is asked for.
pub const HISTORY_CHOICES: &str = include_str!("operations/history_choices.graphql");

/// A period's ranking as it stood at a moment or a log position.
pub const RANKING_AS_OF: &str = include_str!("operations/ranking_as_of.graphql");
/// A unit's result as it stood at a moment or a log position, with the
/// titles of its criteria.
pub const SCORECARD_AS_OF: &str = include_str!("operations/scorecard_as_of.graphql");

/// Every unit of an appraiser's worksheet with how far each stands.
pub const WORKSHEET_UNITS: &str = include_str!("operations/worksheet_units.graphql");

/// (Unit, leaf) pairs nobody appraises, exempted with a reason.
pub const EXEMPT_FROM_APPRAISAL: &str = include_str!("operations/exempt_from_appraisal.graphql");
/// Accounts issued from a sheet, with their temporary passwords.
pub const IMPORT_ACCOUNTS: &str = include_str!("operations/import_accounts.graphql");
/// The appraisal council's agreement, with its minutes.
pub const RECORD_COUNCIL_AGREEMENT: &str =
    include_str!("operations/record_council_agreement.graphql");
/// A period's complaints and reopened leaves, with what each form needs.
pub const COMPLAINTS: &str = include_str!("operations/complaints.graphql");
/// The window for complaints opened (or extended).
pub const OPEN_COMPLAINT_WINDOW: &str = include_str!("operations/open_complaint_window.graphql");
/// A unit's complaint, with a file.
pub const LODGE_COMPLAINT: &str = include_str!("operations/lodge_complaint.graphql");
/// A complaint answered.
pub const ANSWER_COMPLAINT: &str = include_str!("operations/answer_complaint.graphql");
/// A leaf reopened on its appraiser's worksheet.
pub const REOPEN_LEAF: &str = include_str!("operations/reopen_leaf.graphql");
/// A reopened leaf scored again.
pub const CORRECT_APPRAISAL: &str = include_str!("operations/correct_appraisal.graphql");
/// The unit scores again a leaf reopened on its scorecard.
pub const CORRECT_SELF_SCORE: &str = include_str!("operations/correct_self_score.graphql");
/// The results aggregated again as a new version.
pub const REAGGREGATE_RESULTS: &str = include_str!("operations/reaggregate_results.graphql");

#[cfg(test)]
mod tests {
    use apollo_compiler::{ExecutableDocument, Schema};

    /// Every file of `operations/` is validated, read from the folder
    /// itself: an operation cannot be added and left out of the check.
    #[test]
    fn every_page_operation_is_valid_against_the_committed_schema() {
        let sdl = include_str!("../../../schema/schema.graphql");
        let schema = Schema::parse_and_validate(sdl, "schema.graphql")
            .unwrap_or_else(|errors| panic!("the committed schema: {errors}"));
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages/operations");
        let mut invalid = Vec::new();
        let mut checked = 0;
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            let name = path.display().to_string();
            let document = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            if let Err(errors) = ExecutableDocument::parse_and_validate(&schema, document, &name) {
                invalid.push(format!("{name}: {}", errors.errors));
            }
            checked += 1;
        }
        assert!(
            checked > 40,
            "only {checked} operations found in {}",
            folder.display()
        );
        assert!(invalid.is_empty(), "{}", invalid.join("\n"));
    }
}
