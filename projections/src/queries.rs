//! Reads of the read models for the API. Authorization is the caller's
//! business (the policy), these only read.

use chamdiem_commands::store::{Database, StoredEventKey, payload_without_password_hash};
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use chamdiem_domain::account::{LockReason, Permission, Role};
use chamdiem_domain::ids::PeriodId;

use crate::{ProjectionError, ProjectionTx, SqlValue};

/// The state a ranking row has once the results are published.
pub const PUBLISHED: &str = "published";

/// One row of a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankingRow {
    /// The block.
    pub block: String,
    /// The rank in the block.
    pub rank: i64,
    /// The unit's id.
    pub unit_id: String,
    /// The unit's code.
    pub unit_code: String,
    /// Its total.
    pub total: String,
    /// Its applicable maximum.
    pub applicable_maximum: String,
    /// Its index, two places.
    pub index: String,
    /// Component indexes per field, JSON.
    pub fields: String,
    /// Its classification, for task completion.
    pub classification: Option<String>,
    /// `provisional`, `final` or `published`.
    pub state: String,
}

/// A period's aggregated ranking, block by block (or of one `block`), best first.
pub async fn ranking(
    database: &Database,
    period: PeriodId,
    block: Option<&str>,
) -> Result<Vec<RankingRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT block, CAST(rank AS TEXT), unit_id, unit_code, total, applicable_maximum, index_value, fields, classification, state
             FROM rm_rankings WHERE period_id = $1 AND ($2 IS NULL OR block = $2)
             ORDER BY rm_rankings.block, rm_rankings.rank, rm_rankings.unit_code",
            &[period.to_string().into(), block.into()],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|row| RankingRow {
            block: text(row, 0),
            rank: text(row, 1).parse().unwrap_or_default(),
            unit_id: text(row, 2),
            unit_code: text(row, 3),
            total: text(row, 4),
            applicable_maximum: text(row, 5),
            index: text(row, 6),
            fields: text(row, 7),
            classification: row.get(8).cloned().flatten(),
            state: text(row, 9),
        })
        .collect())
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Log position (also the cursor).
    pub position: i64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who acted.
    pub actor: Option<String>,
    /// Their role (none for the operator and the process managers).
    pub role: Option<Role>,
    /// Their unit.
    pub unit_id: Option<String>,
    /// The aggregate type.
    pub aggregate_type: String,
    /// The aggregate id.
    pub aggregate_id: String,
    /// The event type.
    pub event_type: String,
    /// The Vietnamese summary.
    pub summary: String,
    /// The stored payload.
    pub payload: String,
}

/// Filters of the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only events by this actor.
    pub actor: Option<String>,
    /// Only events by accounts of this unit.
    pub unit_id: Option<String>,
    /// Only this event type.
    pub event_type: Option<String>,
    /// Only events of this aggregate.
    pub aggregate_id: Option<String>,
    /// Only events recorded at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Only events recorded before this time (RFC 3339).
    pub until: Option<String>,
}

/// Up to `first` rows after position `after`, oldest first, matching `filter`.
pub async fn audit_trail(
    database: &Database,
    after: i64,
    first: u32,
    filter: &AuditFilter,
) -> Result<Vec<AuditRow>, ProjectionError> {
    let optional = |v: &Option<String>| SqlValue::from(v.clone());
    let sql = format!(
        "{AUDIT_COLUMNS}
         WHERE a.position > $1
           AND ($2 IS NULL OR a.actor = $2) AND ($3 IS NULL OR a.unit_id = $3) AND ($4 IS NULL OR a.event_type = $4)
           AND ($5 IS NULL OR a.aggregate_id = $5) AND ($6 IS NULL OR a.recorded_at >= $6) AND ($7 IS NULL OR a.recorded_at < $7)
         ORDER BY a.position LIMIT $8"
    );
    let values = [
        after.into(),
        optional(&filter.actor),
        optional(&filter.unit_id),
        optional(&filter.event_type),
        optional(&filter.aggregate_id),
        optional(&filter.since),
        optional(&filter.until),
        i64::from(first).into(),
    ];
    let rows = ProjectionTx::read_rows(database, &sql, &values).await?;
    rows.iter().map(|row| audit_row(row)).collect()
}

/// A unit of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// Its id.
    pub unit_id: String,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Its parent.
    pub parent_id: Option<String>,
    /// Whether it is active.
    pub active: bool,
}

/// Units in code order, after `after` (a code), up to `first`.
pub async fn units(
    database: &Database,
    after: Option<&str>,
    first: u32,
) -> Result<Vec<UnitRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
        "SELECT unit_id, code, name, kind, parent_id, CAST(active AS TEXT) FROM rm_units
             WHERE ($1 IS NULL OR code > $1) ORDER BY rm_units.code LIMIT $2",
        &[
            SqlValue::from(after.map(str::to_owned)),
            i64::from(first).into(),
        ],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|row| UnitRow {
            unit_id: text(row, 0),
            code: text(row, 1),
            name: text(row, 2),
            kind: text(row, 3),
            parent_id: row.get(4).cloned().flatten(),
            active: text(row, 5) == "1",
        })
        .collect())
}

/// A leaf of a scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafRow {
    /// The leaf's code.
    pub code: String,
    /// The self score.
    pub self_points: Option<String>,
    /// Why it is not applicable, if it is.
    pub not_applicable_reason: Option<String>,
    /// The explanation.
    pub explanation: Option<String>,
    /// Evidence, JSON.
    pub evidence: String,
    /// Round-1 score.
    pub round1_points: Option<String>,
    /// Round-1 reason.
    pub round1_reason: Option<String>,
    /// Round-2 score.
    pub round2_points: Option<String>,
    /// Round-2 reason.
    pub round2_reason: Option<String>,
    /// The appraiser.
    pub appraiser_id: Option<String>,
    /// The unit's answers to round 1, JSON.
    pub answers: String,
}

/// A unit's scorecard in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardRow {
    /// draft, approved or submitted.
    pub status: String,
    /// The approved content hash, while the approval holds.
    pub approved_hash: Option<String>,
    /// Points of the fields.
    pub field_points: String,
    /// Bonus, capped.
    pub bonus: String,
    /// Penalty, capped.
    pub penalty: String,
    /// Total.
    pub total: String,
    /// Applicable maximum.
    pub applicable_maximum: String,
    /// Index, two places.
    pub index: String,
    /// Component indexes, JSON.
    pub fields: String,
    /// Final score per leaf with its source, JSON.
    pub final_leaves: String,
    /// The leaves touched so far.
    pub leaves: Vec<LeafRow>,
}

/// The scorecard of `unit` in `period`, if anything happened to it.
pub async fn scorecard(
    database: &Database,
    period: PeriodId,
    unit: &str,
) -> Result<Option<ScorecardRow>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let key = [SqlValue::from(period.to_string()), SqlValue::from(unit)];
    let head = tx
        .text_rows(
            "SELECT status, approved_hash, field_points, bonus, penalty, total, applicable_maximum, index_value, fields, final_leaves
             FROM rm_scorecards WHERE period_id = $1 AND unit_id = $2",
            &key,
        )
        .await?;
    let Some(head) = head.into_iter().next() else {
        tx.commit().await?;
        return Ok(None);
    };
    let leaves = tx
        .text_rows(
            "SELECT code, self_points, not_applicable_reason, explanation, evidence, round1_points, round1_reason,
                    round2_points, round2_reason, appraiser_id, answers
             FROM rm_scorecard_leaves WHERE period_id = $1 AND unit_id = $2 ORDER BY rm_scorecard_leaves.code",
            &key,
        )
        .await?;
    tx.commit().await?;
    let optional = |row: &[Option<String>], i: usize| row.get(i).cloned().flatten();
    Ok(Some(ScorecardRow {
        status: text(&head, 0),
        approved_hash: optional(&head, 1),
        field_points: text(&head, 2),
        bonus: text(&head, 3),
        penalty: text(&head, 4),
        total: text(&head, 5),
        applicable_maximum: text(&head, 6),
        index: text(&head, 7),
        fields: text(&head, 8),
        final_leaves: text(&head, 9),
        leaves: leaves
            .iter()
            .map(|row| LeafRow {
                code: text(row, 0),
                self_points: optional(row, 1),
                not_applicable_reason: optional(row, 2),
                explanation: optional(row, 3),
                evidence: text(row, 4),
                round1_points: optional(row, 5),
                round1_reason: optional(row, 6),
                round2_points: optional(row, 7),
                round2_reason: optional(row, 8),
                appraiser_id: optional(row, 9),
                answers: text(row, 10),
            })
            .collect(),
    }))
}

/// The period's domain state, for authorization lookups (assignments).
pub async fn period_state(
    database: &Database,
    period: PeriodId,
) -> Result<Option<chamdiem_domain::period::Period>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let json = tx
        .text(
            "SELECT period_state FROM rm_periods WHERE period_id = $1",
            &[period.to_string().into()],
        )
        .await?;
    tx.commit().await?;
    json.map(|json| serde_json::from_str(&json).map_err(|e| ProjectionError::corrupt("period", e)))
        .transpose()
}

/// The live ranking of a period before its results are aggregated: every
/// unit in scope ranked within its block on its current scorecard (self
/// scores, and appraised scores where there are some), compared exactly.
pub async fn live_ranking(
    database: &Database,
    period: PeriodId,
) -> Result<Vec<RankingRow>, ProjectionError> {
    use chamdiem_domain::scoring::{Index, Points, rank};
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let Some(state) = period_state(database, period).await? else {
        return Ok(Vec::new());
    };
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT unit_id, total, applicable_maximum, index_value, fields FROM rm_scorecards WHERE period_id = $1",
            &[period.to_string().into()],
    )
    .await?;
    let by_unit: std::collections::HashMap<String, Vec<Option<String>>> = rows
        .into_iter()
        .map(|row| (row.first().cloned().flatten().unwrap_or_default(), row))
        .collect();
    let mut entries = Vec::new();
    for unit in state.units() {
        let row = by_unit.get(&unit.unit_id.to_string());
        let cell = |i: usize| row.and_then(|r| r.get(i).cloned().flatten());
        let total = Decimal::from_str(&cell(1).unwrap_or_else(|| "0".into())).unwrap_or_default();
        let maximum = Points::parse(&cell(2).unwrap_or_else(|| "0".into())).unwrap_or(Points::ZERO);
        entries.push((
            unit.clone(),
            Index::new(total, maximum),
            cell(1),
            cell(2),
            cell(3),
            cell(4),
        ));
    }
    let mut ranked = Vec::new();
    let blocks: std::collections::BTreeSet<_> = entries.iter().map(|e| e.0.block.clone()).collect();
    for block in blocks {
        let in_block: Vec<_> = entries
            .iter()
            .filter(|e| e.0.block == block)
            .cloned()
            .collect();
        for item in rank(in_block, |e| e.1, |e| e.0.code.clone()) {
            let (unit, _, total, maximum, index, fields) = item.item;
            ranked.push(RankingRow {
                block: block.to_string(),
                rank: i64::from(item.rank),
                unit_id: unit.unit_id.to_string(),
                unit_code: unit.code.to_string(),
                total: total.unwrap_or_else(|| "0".into()),
                applicable_maximum: maximum.unwrap_or_else(|| "0".into()),
                index: index.unwrap_or_else(|| "0.00".into()),
                fields: fields.unwrap_or_else(|| "[]".into()),
                classification: None,
                state: "live".into(),
            });
        }
    }
    Ok(ranked)
}

/// The ranking a reader sees, of every block or of one `block`: the
/// aggregated results once they exist, before that the live ranking.
/// (Aggregation ranks every unit in scope, so a block with no aggregated
/// row has no unit, live or not.)
pub async fn current_ranking(
    database: &Database,
    period: PeriodId,
    block: Option<&str>,
) -> Result<Vec<RankingRow>, ProjectionError> {
    let aggregated = ranking(database, period, block).await?;
    if !aggregated.is_empty() {
        return Ok(aggregated);
    }
    let mut live = live_ranking(database, period).await?;
    if let Some(block) = block {
        live.retain(|row| row.block == block);
    }
    Ok(live)
}

/// Where an evidence file is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceOwner {
    /// The period.
    pub period_id: String,
    /// The unit.
    pub unit_id: String,
    /// The media type it was attached with.
    pub media_type: String,
    /// The file name it was attached with.
    pub file_name: String,
}

/// Every (period, unit) whose scorecard lists the file with this hash.
pub async fn evidence_owners(
    database: &Database,
    hash: &str,
) -> Result<Vec<EvidenceOwner>, ProjectionError> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT period_id, unit_id, evidence, answers FROM rm_scorecard_leaves WHERE evidence LIKE $1 OR answers LIKE $1",
            &[format!("%{hash}%").into()],
    )
    .await?;
    let mut owners = Vec::new();
    for row in rows {
        let text = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
        let lists: Vec<serde_json::Value> = [text(2), text(3)]
            .iter()
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect();
        let found = lists
            .iter()
            .flat_map(|list| list.as_array().cloned().unwrap_or_default())
            .flat_map(|item| {
                // Evidence items, or answers that carry evidence lists.
                let mut items = vec![item.clone()];
                items.extend(item["evidence"].as_array().cloned().unwrap_or_default());
                items
            })
            .find(|item| item["content_hash"] == hash);
        if let Some(item) = found {
            owners.push(EvidenceOwner {
                period_id: text(0),
                unit_id: text(1),
                media_type: item["media_type"]
                    .as_str()
                    .unwrap_or("application/octet-stream")
                    .to_owned(),
                file_name: item["file_name"].as_str().unwrap_or("tai-lieu").to_owned(),
            });
        }
    }
    Ok(owners)
}

/// An account of the directory (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Its id.
    pub account_id: String,
    /// Its username.
    pub username: String,
    /// Its display name.
    pub display_name: String,
    /// Its role.
    pub role: Role,
    /// Its unit.
    pub unit_id: Option<String>,
    /// Its department.
    pub department: Option<String>,
    /// Its permissions.
    pub permissions: BTreeSet<Permission>,
    /// The lock on it, if any (one after failed sign-ins may have ended:
    /// ask [`LockReason::holds_at`]).
    pub lock: Option<LockReason>,
}

/// Accounts in username order, after `after` (a username), up to `first`.
pub async fn accounts(
    database: &Database,
    after: Option<&str>,
    first: u32,
) -> Result<Vec<AccountRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT account_id, username, display_name, role, unit_id, department, permissions, CAST(locked AS TEXT), lock_reason
             FROM rm_accounts WHERE ($1 IS NULL OR username > $1) ORDER BY rm_accounts.username LIMIT $2",
            &[SqlValue::from(after.map(str::to_owned)), i64::from(first).into()],
    )
    .await?;
    rows.iter()
        .map(|row| {
            let lock_reason = row.get(8).cloned().flatten();
            let lock = match (text(row, 7).as_str(), &lock_reason) {
                ("0", _) => None,
                ("1", Some(reason)) => Some(serde_json::from_str(reason).map_err(|e| {
                    ProjectionError::corrupt(
                        format!("rm_accounts lock_reason of {}", text(row, 0)),
                        e,
                    )
                })?),
                (flag, _) => {
                    return Err(ProjectionError::corrupt(
                        format!("rm_accounts locked of {}", text(row, 0)),
                        format!("{flag:?} without its reason"),
                    ));
                }
            };
            let corrupt = |column: &str, value: &str| {
                ProjectionError::corrupt(
                    format!("rm_accounts {column} of {}", text(row, 0)),
                    format!("{value:?}"),
                )
            };
            let role = text(row, 3);
            let permissions = text(row, 6);
            Ok(AccountRow {
                account_id: text(row, 0),
                username: text(row, 1),
                display_name: text(row, 2),
                role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
                unit_id: row.get(4).cloned().flatten(),
                department: row.get(5).cloned().flatten(),
                permissions: permissions
                    .split(',')
                    .filter(|code| !code.is_empty())
                    .map(|code| Permission::parse(code).ok_or_else(|| corrupt("permissions", code)))
                    .collect::<Result<_, _>>()?,
                lock,
            })
        })
        .collect()
}

/// The names of these units, by id (for batching N lookups into one).
pub async fn unit_names(
    database: &Database,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let mut names = std::collections::HashMap::new();
    // One statement per chunk: portable (no array parameters on SQLite).
    for chunk in ids.chunks(200) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT unit_id, name FROM rm_units WHERE unit_id IN ({})",
            placeholders.join(", ")
        );
        let values: Vec<SqlValue> = chunk.iter().map(|id| SqlValue::from(id.as_str())).collect();
        for row in tx.text_rows(&sql, &values).await? {
            if let (Some(Some(id)), Some(Some(name))) = (row.first().cloned(), row.get(1).cloned())
            {
                names.insert(id, name);
            }
        }
    }
    tx.commit().await?;
    Ok(names)
}

/// A criteria set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaSetRow {
    /// Its id.
    pub criteria_set_id: String,
    /// par or task_completion.
    pub index_kind: String,
    /// Its name.
    pub name: String,
    /// The year it scores.
    pub year: i32,
    /// Its version.
    pub version: i32,
    /// Whether it is published.
    pub published: bool,
    /// Its digest, once published.
    pub digest: Option<String>,
}

/// Every criteria set, newest version first within a year.
pub async fn criteria_sets(database: &Database) -> Result<Vec<CriteriaSetRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT criteria_set_id, index_kind, name, CAST(year AS TEXT), CAST(version AS TEXT), CAST(published AS TEXT), digest
             FROM rm_criteria_sets ORDER BY rm_criteria_sets.year DESC, rm_criteria_sets.version DESC, rm_criteria_sets.name",
            &[],
    )
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CriteriaSetRow {
                criteria_set_id: text(row, 0),
                index_kind: text(row, 1),
                name: text(row, 2),
                year: number(row, 3, "rm_criteria_sets year")?,
                version: number(row, 4, "rm_criteria_sets version")?,
                published: text(row, 5) == "1",
                digest: row.get(6).cloned().flatten(),
            })
        })
        .collect()
}

/// A node of a criteria tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRow {
    /// Its code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its maximum.
    pub max_score: String,
    /// Its method (leaves).
    pub method: Option<String>,
    /// Its levels, JSON (levels leaves).
    pub levels: Option<String>,
    /// Whether evidence is required.
    pub evidence_required: bool,
    /// Whether it may be marked not applicable.
    pub not_applicable_allowed: bool,
    /// Who appraises it.
    pub appraised_by: String,
}

/// A set's tree, in tree order.
pub async fn criteria(
    database: &Database,
    set: &str,
) -> Result<Vec<CriterionRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT code, title, max_score, method, levels, CAST(evidence_required AS TEXT), CAST(not_applicable_allowed AS TEXT), appraised_by
             FROM rm_criteria WHERE criteria_set_id = $1 ORDER BY rm_criteria.ordinal",
            &[set.into()],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|row| CriterionRow {
            code: text(row, 0),
            title: text(row, 1),
            max_score: text(row, 2),
            method: row.get(3).cloned().flatten(),
            levels: row.get(4).cloned().flatten(),
            evidence_required: text(row, 5) == "1",
            not_applicable_allowed: text(row, 6) == "1",
            appraised_by: text(row, 7),
        })
        .collect())
}

/// Every event about one leaf of one unit in a period (its scorecard's and
/// the appraisers'), oldest first.
pub async fn leaf_history(
    database: &Database,
    period: PeriodId,
    unit: &str,
    leaf: &str,
) -> Result<Vec<AuditRow>, ProjectionError> {
    let mut rows = Vec::new();
    let mut after = 0;
    loop {
        let page = audit_trail_with_prefix(database, after, 1_000, &format!("{period}:")).await?;
        let Some(last) = page.last().map(|r| r.position) else {
            break;
        };
        after = last;
        rows.extend(page.into_iter().filter(|row| {
            let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
            let inner = payload.get(&row.event_type).cloned().unwrap_or_default();
            let same_unit = inner["unit_id"] == unit || row.aggregate_id.ends_with(unit);
            let same_leaf = inner["leaf"] == leaf
                || inner["response"]["answers"].get(leaf).is_some()
                || inner["final_scores"].as_array().is_some_and(|scores| {
                    scores
                        .iter()
                        .any(|s| s["leaf"] == leaf && s["unit_id"] == unit)
                });
            same_unit && same_leaf
        }));
    }
    Ok(rows)
}

async fn audit_trail_with_prefix(
    database: &Database,
    after: i64,
    first: u32,
    prefix: &str,
) -> Result<Vec<AuditRow>, ProjectionError> {
    let sql = format!(
        "{AUDIT_COLUMNS} WHERE a.position > $1 AND a.aggregate_id LIKE $2 ORDER BY a.position LIMIT $3"
    );
    let values = [
        after.into(),
        format!("{prefix}%").into(),
        i64::from(first).into(),
    ];
    let rows = ProjectionTx::read_rows(database, &sql, &values).await?;
    rows.iter().map(|row| audit_row(row)).collect()
}

/// The audit trail's columns, the payload read from the event itself.
const AUDIT_COLUMNS: &str =
    "SELECT CAST(a.position AS TEXT), a.recorded_at, a.actor, a.role, a.unit_id,
        a.aggregate_type, a.aggregate_id, a.event_type, a.summary, CAST(e.payload AS TEXT),
        CAST(e.sequence AS TEXT), e.event_version
     FROM rm_audit_trail a JOIN events e ON e.position = a.position";

/// A row of [`AUDIT_COLUMNS`], with any password hash an older history
/// holds taken out of the payload (ops/decisions/0017).
fn audit_row(row: &[Option<String>]) -> Result<AuditRow, ProjectionError> {
    let text = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
    let sequence = text(10);
    let key = StoredEventKey {
        aggregate_type: &text(5),
        aggregate_id: &text(6),
        sequence: sequence
            .parse()
            .map_err(|e| ProjectionError::corrupt(format!("events sequence {sequence:?}"), e))?,
        event_type: &text(7),
        event_version: &text(11),
    };
    let payload = payload_without_password_hash(key, &text(9))
        .map_err(|e| ProjectionError::corrupt(format!("events payload at {}", text(0)), e))?;
    let corrupt = |column: &str, error: &dyn std::fmt::Display| {
        ProjectionError::corrupt(format!("rm_audit_trail {column} at {:?}", text(0)), error)
    };
    let role = match row.get(3).cloned().flatten() {
        Some(role) => Some(Role::parse(&role).ok_or_else(|| corrupt("role", &role))?),
        None => None,
    };
    Ok(AuditRow {
        position: text(0).parse().map_err(|e| corrupt("position", &e))?,
        recorded_at: DateTime::parse_from_rfc3339(&text(1))
            .map_err(|e| corrupt("recorded_at", &e))?
            .with_timezone(&Utc),
        actor: row.get(2).cloned().flatten(),
        role,
        unit_id: row.get(4).cloned().flatten(),
        aggregate_type: text(5),
        aggregate_id: text(6),
        event_type: text(7),
        summary: text(8),
        payload,
    })
}

/// A period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRow {
    /// Its id.
    pub period_id: String,
    /// Its name.
    pub name: String,
    /// The year scored.
    pub year: i32,
    /// Its criteria set.
    pub criteria_set_id: String,
    /// open, aggregated, finalized or published.
    pub status: String,
    /// Its current deadlines, JSON.
    pub deadlines: String,
}

/// Every period, newest year first.
pub async fn periods(database: &Database) -> Result<Vec<PeriodRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT period_id, name, CAST(year AS TEXT), criteria_set_id, status, deadlines FROM rm_periods
             ORDER BY rm_periods.year DESC, rm_periods.name",
            &[],
    )
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PeriodRow {
                period_id: text(row, 0),
                name: text(row, 1),
                year: number(row, 2, "rm_periods year")?,
                criteria_set_id: text(row, 3),
                status: text(row, 4),
                deadlines: text(row, 5),
            })
        })
        .collect()
}

/// A sub-account request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAccountRequestRow {
    /// Its id.
    pub request_id: String,
    /// The subordinate unit.
    pub unit_id: String,
    /// Who asked.
    pub requested_by: String,
    /// The accounts asked for, JSON.
    pub accounts: String,
    /// pending, approved or rejected.
    pub status: String,
    /// Why rejected.
    pub reason: Option<String>,
}

/// Sub-account requests in id order, a page at a time, optionally only
/// those with a status (pending, approved, rejected).
pub async fn sub_account_requests(
    database: &Database,
    status: Option<&str>,
    after: Option<&str>,
    first: u32,
) -> Result<Vec<SubAccountRequestRow>, ProjectionError> {
    let rows = ProjectionTx::read_rows(
        database,
            "SELECT request_id, unit_id, requested_by, accounts, status, reason FROM rm_sub_account_requests
             WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR request_id > $2)
             ORDER BY rm_sub_account_requests.request_id LIMIT $3",
            &[
                SqlValue::from(status.map(str::to_owned)),
                SqlValue::from(after.map(str::to_owned)),
                i64::from(first).into(),
            ],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|row| SubAccountRequestRow {
            request_id: text(row, 0),
            unit_id: text(row, 1),
            requested_by: text(row, 2),
            accounts: text(row, 3),
            status: text(row, 4),
            reason: row.get(5).cloned().flatten(),
        })
        .collect())
}

/// A row's cell as text, empty when NULL or absent.
fn text(row: &[Option<String>], i: usize) -> String {
    row.get(i).cloned().flatten().unwrap_or_default()
}

/// Column `i` of `row` as a number; what does not parse is an error naming
/// the table, the column and the row's key (its first column).
fn number<T: std::str::FromStr>(
    row: &[Option<String>],
    i: usize,
    column: &str,
) -> Result<T, ProjectionError>
where
    T::Err: std::fmt::Display,
{
    text(row, i)
        .parse()
        .map_err(|e| ProjectionError::corrupt(format!("{column} of {:?}", text(row, 0)), e))
}
