//! Every read-model row as text, for comparing two builds of the read
//! models row for row (an incremental run against a rebuild).

use std::collections::BTreeMap;

use chamdiem_commands::store::Database;

use crate::{ProjectionError, ProjectionTx};

/// Each table with its columns and the key it is ordered by.
const TABLES: [(&str, &str, &str); 12] = [
    (
        "rm_audit_trail",
        "position, recorded_at, actor, role, unit_id, aggregate_type, aggregate_id, event_type, summary",
        "position",
    ),
    (
        "rm_units",
        "unit_id, code, name, kind, parent_id, active",
        "unit_id",
    ),
    (
        "rm_accounts",
        "account_id, username, display_name, role, unit_id, department, permissions, locked, lock_reason, must_change_password",
        "account_id",
    ),
    (
        "rm_criteria_sets",
        "criteria_set_id, index_kind, name, year, version, published, digest, set_state",
        "criteria_set_id",
    ),
    (
        "rm_criteria",
        "criteria_set_id, code, ordinal, title, max_score, method, levels, evidence_required, not_applicable_allowed, appraised_by, rules",
        "criteria_set_id, code",
    ),
    (
        "rm_periods",
        "period_id, name, year, criteria_set_id, status, deadlines, period_state",
        "period_id",
    ),
    (
        "rm_sub_account_requests",
        "request_id, unit_id, requested_by, accounts, status, reason",
        "request_id",
    ),
    (
        "rm_scorecards",
        "period_id, unit_id, status, approved_hash, submitted_hash, field_points, bonus, penalty, total, applicable_maximum, index_value, fields, final_leaves, scorecard_state, signed_report",
        "period_id, unit_id",
    ),
    (
        "rm_scorecard_leaves",
        "period_id, unit_id, code, self_points, not_applicable_reason, explanation, evidence, round1_points, round1_reason, round2_points, round2_reason, appraiser_id, answers, self_percentage, round1_percentage, round2_percentage, corrected_points, corrected_reason",
        "period_id, unit_id, code",
    ),
    (
        "rm_worksheets",
        "period_id, appraiser_id, assigned, round1_done, round2_done, submitted, worksheet_state",
        "period_id, appraiser_id",
    ),
    (
        "rm_rankings",
        "period_id, unit_id, block, unit_code, rank, total, applicable_maximum, index_value, fields, classification, state",
        "period_id, unit_id",
    ),
    (
        "rm_results_versions",
        "period_id, version, aggregated_at, reason, corrections, results",
        "period_id, version",
    ),
];

/// Every row of every read model, as text, in key order.
pub async fn dump_read_models(
    database: &Database,
) -> Result<BTreeMap<&'static str, Vec<Vec<Option<String>>>>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let mut tables = BTreeMap::new();
    for (table, columns, order) in TABLES {
        let as_text: Vec<String> = columns
            .split(", ")
            .map(|c| format!("CAST({c} AS TEXT)"))
            .collect();
        let sql = format!(
            "SELECT {} FROM {table} ORDER BY {order}",
            as_text.join(", ")
        );
        tables.insert(table, tx.text_rows(&sql, &[]).await?);
    }
    tx.commit().await?;
    Ok(tables)
}
