//! The audit trail of a period, of a unit, of a unit in a period, or of the
//! whole log: every event that concerns it, oldest first, with who acted,
//! in which role and unit, and the Vietnamese one-line summary.
//!
//! A period's events are its own and those of its scorecards and
//! worksheets (ids `period` and `period:…`). A unit's events are every event
//! whose aggregate or payload names the unit's id, or that one of its
//! accounts did.

use std::collections::HashMap;

use chamdiem_commands::store::Database;
use chamdiem_domain::account::Role;
use chamdiem_domain::ids::{PeriodId, UnitId};

use super::document::{Cell, Column, HeaderLine, ReportDocument, ReportSheet, Row};
use super::report_error::ReportError;
use super::report_facts::PeriodFacts;
use crate::queries::row_at::RowAt;
use crate::queries::unit_names;
use crate::{ProjectionTx, SqlValue};

/// Rows read per statement.
const PAGE: i64 = 1_000;

/// The trail's rows with their events (for the payload), and the scope's test.
const SCOPE: &str = "rm_audit_trail a JOIN events e ON e.position = a.position
     WHERE ($1 IS NULL OR a.aggregate_id = $1 OR a.aggregate_id LIKE $2)
     AND ($3 IS NULL OR a.unit_id = $3 OR a.aggregate_id LIKE $4 OR CAST(e.payload AS TEXT) LIKE $4)";

/// The trail of `period`, of `unit`, of both at once, or (neither) of
/// everything.
/// `progress` hears (rows done, rows in all).
pub async fn audit_trail_report(
    database: &Database,
    province: &str,
    period: Option<PeriodId>,
    unit: Option<UnitId>,
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> Result<ReportDocument, ReportError> {
    let mut header = vec![HeaderLine::new("Tỉnh", province)];
    if let Some(period) = period {
        header = PeriodFacts::load(database, period).await?.header(province);
    }
    let mut caption = Vec::new();
    if period.is_none() && unit.is_none() {
        caption.push(HeaderLine::new("Phạm vi", "toàn bộ nhật ký"));
    }
    if let Some(unit) = unit {
        let name = unit_names(database, &[unit])
            .await?
            .remove(&unit)
            .ok_or(ReportError::NotFound("đơn vị"))?;
        caption.push(HeaderLine::new("Đơn vị", name));
    }
    let scope = [
        SqlValue::from(period.map(|p| p.to_string())),
        SqlValue::from(period.map(|p| format!("{p}:%"))),
        SqlValue::from(unit.map(|u| u.to_string())),
        SqlValue::from(unit.map(|u| format!("%{u}%"))),
    ];
    let mut tx = ProjectionTx::begin_read(database).await?;
    let total: u64 = tx
        .int(&format!("SELECT COUNT(*) FROM {SCOPE}"), &scope)
        .await?
        .and_then(|count| u64::try_from(count).ok())
        .unwrap_or(0);
    let usernames = usernames(&mut tx).await?;
    let mut rows = Vec::new();
    let mut after = 0_i64;
    loop {
        let mut values = scope.to_vec();
        values.extend([SqlValue::from(after), SqlValue::from(PAGE)]);
        let page: Vec<TrailRecord> = tx
            .records(
                &format!(
                    "SELECT a.position, a.recorded_at, a.actor, a.role, a.unit_id, a.aggregate_type, a.event_type, a.summary
                     FROM {SCOPE} AND a.position > $5
                     ORDER BY a.position LIMIT $6"
                ),
                &values,
            )
            .await?;
        let Some(last) = page.last() else { break };
        after = last.position;
        for row in page.iter().as_slice() {
            rows.push(trail_row(row, &usernames)?);
        }
        progress(u64::try_from(rows.len()).unwrap_or(u64::MAX), total);
        if i64::try_from(page.len()).unwrap_or(0) < PAGE {
            break;
        }
    }
    tx.commit().await?;
    // A unit id the trail recorded is shown as it is when it names no unit.
    let unit_ids: Vec<UnitId> = rows
        .iter()
        .filter_map(|(unit, _)| unit.as_deref().and_then(|u| u.parse().ok()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let units = unit_names(database, &unit_ids).await?;
    let rows = rows
        .into_iter()
        .map(|(unit, mut row)| {
            if let Some(cell) = row.cells.get_mut(4) {
                *cell = Cell::text(unit.map(|u| {
                    u.parse::<UnitId>()
                        .ok()
                        .and_then(|id| units.get(&id).cloned())
                        .unwrap_or(u)
                }));
            }
            row
        })
        .collect();
    Ok(ReportDocument {
        title: "NHẬT KÝ KIỂM TRA (AUDIT TRAIL)".to_owned(),
        header,
        sheets: vec![ReportSheet {
            name: "Nhật ký".to_owned(),
            caption,
            columns: vec![
                Column::new("Vị trí", 7, 10),
                Column::new("Thời điểm ghi (UTC)", 20, 32),
                Column::new("Người thực hiện", 14, 24),
                Column::new("Vai trò", 10, 16),
                Column::new("Đơn vị người thực hiện", 16, 32),
                Column::new("Đối tượng", 12, 18),
                Column::new("Sự kiện", 18, 32),
                Column::new("Nội dung", 30, 70),
            ],
            rows,
            chart: None,
        }],
    })
}

/// A row of the audit trail as the report reads it.
#[derive(sqlx::FromRow)]
struct TrailRecord {
    position: i64,
    recorded_at: String,
    actor: Option<String>,
    role: Option<String>,
    unit_id: Option<String>,
    aggregate_type: String,
    event_type: String,
    summary: String,
}

/// A row and the acting unit's id (named once every row is read).
fn trail_row(
    row: &TrailRecord,
    usernames: &HashMap<String, String>,
) -> Result<(Option<String>, Row), ReportError> {
    let key = row.position.to_string();
    let at = RowAt::new("rm_audit_trail", &key);
    let role = match &row.role {
        Some(role) => Some(at.known("role", role, Role::parse)?.label_vi()),
        None => None,
    };
    let actor = row.actor.clone();
    let cells = vec![
        Cell::Integer(row.position),
        Cell::Text(row.recorded_at.clone()),
        Cell::text(actor.map(|a| usernames.get(&a).cloned().unwrap_or(a))),
        Cell::text(role),
        Cell::Empty,
        Cell::Text(row.aggregate_type.clone()),
        Cell::Text(row.event_type.clone()),
        Cell::Text(row.summary.clone()),
    ];
    Ok((row.unit_id.clone(), Row::plain(cells)))
}

/// An account's username, by id.
#[derive(sqlx::FromRow)]
struct UsernameRecord {
    account_id: String,
    username: String,
}

async fn usernames(tx: &mut ProjectionTx) -> Result<HashMap<String, String>, ReportError> {
    let records: Vec<UsernameRecord> = tx
        .records("SELECT account_id, username FROM rm_accounts", &[])
        .await?;
    Ok(records
        .into_iter()
        .map(|r| (r.account_id, r.username))
        .collect())
}
