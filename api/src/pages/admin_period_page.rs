//! `/quan-tri/ky-danh-gia/{period}`: one period for the administrator: its
//! deadlines, each extended with a reason for every unit or for one unit
//! alone (its self-assessment or explanation), and the appraisers' assignment as
//! a grid of the units in scope × the departments that appraise the set's
//! criteria: each department appraises the leaves the set names it for, so
//! a cell is one appraiser of that department for one unit. An empty cell
//! is work nobody will appraise.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use askama::Template;
use async_graphql::resolver_utils::EnumType;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::Form;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::{DeadlineKind, PeriodStatus};
use serde::Deserialize;

use super::period_node::PeriodNode;
use serde_json::json;

use super::form_errors::FormErrors;
use super::operations::{ADMIN_PERIOD, ASSIGN_APPRAISER, EXTEND_DEADLINE, REOPEN_SELF_ASSESSMENT};
use super::page_api::{ApiError, run, run_form, stale_form};
use super::page_door::{SignedInRequest, not_found, open_page_for};
use super::page_response::{page, see_other_to};
use super::problem_page::problem;
use super::signed_in::SignedIn;
use super::vietnamese_numbers::date;
use crate::graphql::enums::{DeadlineKindGql, PeriodStatusGql, ProgressStatusGql, RoleGql};
use crate::state::AppState;

/// What `admin_period.graphql` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PeriodAnswer {
    period: Option<PeriodNode<PeriodData>>,
    progress_board: Board,
    accounts: AccountPage,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PeriodData {
    id: String,
    name: String,
    status: PeriodStatusGql,
    deadlines: Vec<DeadlineData>,
    unit_extensions: Vec<ExtensionData>,
    appraisal_coverage: CoverageData,
    assignments: Vec<AssignmentData>,
    criteria_set: SetData,
}

/// Which (unit, leaf) pairs have neither an appraiser nor an exemption.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CoverageData {
    missing_count: u32,
    missing: Vec<UnitLeavesData>,
    exempted: Vec<UnitLeavesData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UnitLeavesData {
    unit_code: String,
    leaf_codes: Vec<String>,
}

impl UnitLeavesData {
    /// "S02: 1.1, 1.2" as the page lists it.
    fn line(&self) -> String {
        format!("{}: {}", self.unit_code, self.leaf_codes.join(", "))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentData {
    appraiser_id: String,
    units: Vec<AssignedUnitData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignedUnitData {
    unit_id: String,
    leaf_codes: Vec<String>,
}

#[derive(Deserialize)]
struct ExtensionData {
    kind: DeadlineKindGql,
    date: String,
    unit: UnitHead,
}

#[derive(Deserialize)]
struct UnitHead {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct DeadlineData {
    kind: DeadlineKindGql,
    label: String,
    date: String,
    passed: bool,
}

#[derive(Deserialize)]
struct SetData {
    name: String,
    criteria: Vec<CriterionData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CriterionData {
    code: String,
    appraised_by: String,
}

#[derive(Deserialize)]
struct Board {
    appraisers: Vec<AppraiserRow>,
    units: Vec<UnitRow>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppraiserRow {
    appraiser_id: String,
    submitted: bool,
}

#[derive(Deserialize)]
struct UnitRow {
    status: ProgressStatusGql,
    unit: UnitData,
}

#[derive(Deserialize)]
struct UnitData {
    id: String,
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct AccountPage {
    nodes: Vec<AccountData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountData {
    id: String,
    display_name: String,
    role: RoleGql,
    department: Option<String>,
}

/// A deadline as the page shows it.
struct DeadlineLine {
    kind: &'static str,
    label: String,
    date: String,
    passed: bool,
}

/// A deadline extended for one unit, as the page lists it.
struct ExtensionLine {
    unit: String,
    label: String,
    date: String,
}

/// One cell of the grid: assigned already, or a choice of the
/// department's appraisers.
struct Cell {
    field: String,
    assigned: Option<String>,
}

/// One unit's row of the grid.
struct GridRow {
    unit: String,
    cells: Vec<Cell>,
}

/// A department's column: its appraisers to choose from.
struct Column {
    department: String,
    leaves: usize,
    appraisers: Vec<(String, String)>,
}

/// The page.
#[derive(Template)]
#[template(path = "admin_period.html")]
struct PeriodPage {
    signed_in: Option<SignedIn>,
    csrf: String,
    action: String,
    name: String,
    set_name: String,
    status: &'static str,
    open: bool,
    deadlines: Vec<DeadlineLine>,
    /// Deadlines extended for one unit alone.
    unit_extensions: Vec<ExtensionLine>,
    /// The units in scope, to extend one's deadline: (id, code – name).
    units: Vec<(String, String)>,
    /// The units that have submitted, to reopen one: (id, code – name).
    submitted: Vec<(String, String)>,
    /// Appraisers with work not yet sent: (id, name), to move it or close it.
    awaited: Vec<(String, String)>,
    /// Every appraiser account, to take work over: (id, name – department).
    appraiser_choices: Vec<(String, String)>,
    columns: Vec<Column>,
    rows: Vec<GridRow>,
    unassigned: usize,
    /// Pairs with neither an appraiser nor an exemption (round 1 waits).
    missing_count: u32,
    missing: Vec<String>,
    exempted: Vec<String>,
    notice: Option<&'static str>,
    form: FormErrors,
}

/// What the page was asked to say.
#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    moi: Option<u8>,
    da_gia_han: Option<u8>,
    da_phan_cong: Option<u8>,
    da_mo_lai: Option<u8>,
    da_chuyen: Option<u8>,
    da_ket_thuc: Option<u8>,
    da_mien: Option<u8>,
}

/// `GET /quan-tri/ky-danh-gia/{period}`.
pub async fn show(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    Query(query): Query<PeriodQuery>,
    headers: HeaderMap,
) -> Response {
    if period.parse::<PeriodId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let notice = if query.moi.is_some() {
        Some("Đã mở kỳ đánh giá: hãy phân công người thẩm định.")
    } else if query.da_gia_han.is_some() {
        Some("Đã gia hạn.")
    } else if query.da_phan_cong.is_some() {
        Some("Đã lưu phân công thẩm định.")
    } else if query.da_mo_lai.is_some() {
        Some("Đã mở lại báo cáo tự đánh giá: đơn vị sửa, phê duyệt và gửi lại.")
    } else if query.da_chuyen.is_some() {
        Some("Đã chuyển phần thẩm định sang người thẩm định mới.")
    } else if query.da_ket_thuc.is_some() {
        Some("Đã kết thúc phần thẩm định thay người thẩm định chưa gửi kết quả.")
    } else if query.da_mien.is_some() {
        Some("Đã miễn thẩm định các ô đã chọn.")
    } else {
        None
    };
    render(&state, &context, door, &period, notice, Vec::new()).await
}

/// The form that extends one deadline.
#[derive(Deserialize)]
pub struct ExtendForm {
    csrf: String,
    /// Only this unit's deadline (the form for one unit).
    #[serde(default)]
    unit: Option<String>,
    kind: String,
    date: String,
    reason: String,
}

/// `POST /quan-tri/ky-danh-gia/{period}/gia-han`.
pub async fn extend(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ExtendForm>,
) -> Response {
    let mut input =
        json!({ "periodId": period, "kind": form.kind, "date": form.date, "reason": form.reason });
    if let Some(unit) = form.unit.filter(|unit| !unit.is_empty()) {
        input["unitId"] = json!(unit);
    }
    let door = PeriodDoor::at(&state, client, &headers, period, form.csrf);
    door.run(EXTEND_DEADLINE, input, "da_gia_han").await
}

/// One administrator's form posted on a period's page: the mutation it
/// runs, then back to the page saying it was done, or the page again with
/// what the API refused.
pub(super) struct PeriodDoor<'a> {
    state: &'a AppState,
    client: SocketAddr,
    headers: &'a HeaderMap,
    period: String,
    csrf: String,
}

impl<'a> PeriodDoor<'a> {
    /// The door of `period`'s page for a form carrying `csrf`.
    pub(super) fn at(
        state: &'a AppState,
        client: SocketAddr,
        headers: &'a HeaderMap,
        period: String,
        csrf: String,
    ) -> Self {
        Self {
            state,
            client,
            headers,
            period,
            csrf,
        }
    }

    /// Runs `operation` with `input`; on success back to the page with
    /// `?{done}=1`.
    pub(super) async fn run(
        self,
        operation: &str,
        input: serde_json::Value,
        done: &str,
    ) -> Response {
        let Self {
            state,
            client,
            headers,
            period,
            csrf,
        } = self;
        if period.parse::<PeriodId>().is_err() {
            return not_found();
        }
        let (context, door) = match open_page_for(state, client, headers, &["ADMIN"]).await {
            Ok(opened) => opened,
            Err(answer) => return answer,
        };
        match run_form(
            state,
            &context,
            &door.session,
            &csrf,
            operation,
            json!({ "input": input }),
        )
        .await
        {
            Ok(_) => see_other_to(format!("/quan-tri/ky-danh-gia/{period}?{done}=1")),
            Err(errors) => render(state, &context, door, &period, None, errors).await,
        }
    }
}

/// The form that reopens one unit's submitted self-assessment.
#[derive(Deserialize)]
pub struct ReopenForm {
    csrf: String,
    unit: String,
    reason: String,
}

/// `POST /quan-tri/ky-danh-gia/{period}/mo-lai`.
pub async fn reopen(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReopenForm>,
) -> Response {
    let input = json!({ "periodId": period, "unitId": form.unit, "reason": form.reason });
    let door = PeriodDoor::at(&state, client, &headers, period, form.csrf);
    door.run(REOPEN_SELF_ASSESSMENT, input, "da_mo_lai").await
}

/// `POST /quan-tri/ky-danh-gia/{period}/phan-cong`: the grid's chosen
/// cells, `o.{unit}.{column}` = an appraiser's id; one assignment per
/// (appraiser, department) with the units chosen for it.
pub async fn assign(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(period): Path<String>,
    headers: HeaderMap,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    if period.parse::<PeriodId>().is_err() {
        return not_found();
    }
    let (context, door) = match open_page_for(&state, client, &headers, &["ADMIN"]).await {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    if !door
        .session
        .accepts(form.get("csrf").map_or("", String::as_str))
    {
        return render(&state, &context, door, &period, None, vec![stale_form()]).await;
    }
    let grid = match read_grid(&state, &context, &door, &period).await {
        Ok(Some(grid)) => grid,
        Ok(None) => return not_found(),
        Err(errors) => return problem(door.signed_in, errors),
    };
    let mut chosen: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
    for (field, appraiser) in &form {
        let Some((unit, column)) = field
            .strip_prefix("o.")
            .and_then(|rest| rest.split_once('.'))
        else {
            continue;
        };
        if appraiser.is_empty() {
            continue;
        }
        let Ok(column) = column.parse::<usize>() else {
            continue;
        };
        chosen.entry((column, appraiser)).or_default().push(unit);
    }
    let mut errors = Vec::new();
    for ((column, appraiser), units) in chosen {
        let Some((department, leaves)) = grid.departments.get(column) else {
            continue;
        };
        let input = json!({
            "periodId": period, "appraiserId": appraiser, "unitIds": units,
            "criteria": leaves,
        });
        let answer = run(
            &state,
            &context,
            Some(&door.session),
            ASSIGN_APPRAISER,
            json!({ "input": input }),
        )
        .await;
        if let Err(refused) = answer.ok() {
            errors.extend(refused.into_iter().map(|error| ApiError {
                message: format!("{department}: {}", error.message),
                ..error
            }));
        }
    }
    if errors.is_empty() {
        see_other_to(format!("/quan-tri/ky-danh-gia/{period}?da_phan_cong=1"))
    } else {
        render(&state, &context, door, &period, None, errors).await
    }
}

/// The period and the grid's parts as they stand.
struct Grid {
    period: Box<PeriodData>,
    units: Vec<UnitData>,
    /// The units that have submitted: (id, code – name).
    submitted: Vec<(String, String)>,
    /// The appraisers who have sent their appraisal (or whose was closed).
    sent: BTreeSet<String>,
    /// Each department with the leaves it appraises, in the set's order of
    /// first appearance.
    departments: Vec<(String, Vec<String>)>,
    appraisers: Vec<AccountData>,
    /// (unit, department) → the appraiser's name.
    assigned: BTreeMap<(String, String), String>,
}

/// The grid as it stands; `None` when the id is not a period's.
async fn read_grid(
    state: &AppState,
    context: &RequestContext,
    door: &SignedInRequest,
    period: &str,
) -> Result<Option<Grid>, Vec<ApiError>> {
    let answer = run(
        state,
        context,
        Some(&door.session),
        ADMIN_PERIOD,
        json!({ "period": period }),
    )
    .await
    .read::<PeriodAnswer>()?;
    let Some(PeriodNode::Period(data)) = answer.period else {
        return Ok(None);
    };
    let leaves: Vec<&CriterionData> = data
        .criteria_set
        .criteria
        .iter()
        .filter(|c| {
            !data.criteria_set.criteria.iter().any(|other| {
                other
                    .code
                    .strip_prefix(&c.code)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
        })
        .collect();
    let mut departments: Vec<(String, Vec<String>)> = Vec::new();
    for leaf in &leaves {
        match departments
            .iter_mut()
            .find(|(d, _)| *d == leaf.appraised_by)
        {
            Some((_, codes)) => codes.push(leaf.code.clone()),
            None => departments.push((leaf.appraised_by.clone(), vec![leaf.code.clone()])),
        }
    }
    let department_of: BTreeMap<&str, &str> = leaves
        .iter()
        .map(|l| (l.code.as_str(), l.appraised_by.as_str()))
        .collect();
    let appraisers: Vec<AccountData> = answer
        .accounts
        .nodes
        .into_iter()
        .filter(|a| a.role == RoleGql::Appraiser)
        .collect();
    let mut assigned = BTreeMap::new();
    for assignment in &data.assignments {
        let name = appraisers
            .iter()
            .find(|a| a.id == assignment.appraiser_id)
            .map(|a| a.display_name.clone())
            .unwrap_or_default();
        for unit in &assignment.units {
            let departments: BTreeSet<&str> = unit
                .leaf_codes
                .iter()
                .filter_map(|leaf| department_of.get(leaf.as_str()).copied())
                .collect();
            for department in departments {
                assigned.insert((unit.unit_id.clone(), department.to_owned()), name.clone());
            }
        }
    }
    Ok(Some(Grid {
        period: data,
        sent: answer
            .progress_board
            .appraisers
            .iter()
            .filter(|a| a.submitted)
            .map(|a| a.appraiser_id.clone())
            .collect(),
        submitted: answer
            .progress_board
            .units
            .iter()
            .filter(|row| row.status == ProgressStatusGql::Submitted)
            .map(|row| {
                (
                    row.unit.id.clone(),
                    format!("{} – {}", row.unit.code, row.unit.name),
                )
            })
            .collect(),
        units: answer
            .progress_board
            .units
            .into_iter()
            .map(|row| row.unit)
            .collect(),
        departments,
        appraisers,
        assigned,
    }))
}

async fn render(
    state: &AppState,
    context: &RequestContext,
    door: SignedInRequest,
    period: &str,
    notice: Option<&'static str>,
    refused: Vec<ApiError>,
) -> Response {
    let grid = match read_grid(state, context, &door, period).await {
        Ok(Some(grid)) => grid,
        Ok(None) => return not_found(),
        Err(errors) => return problem(door.signed_in, errors),
    };
    let columns: Vec<Column> = grid
        .departments
        .iter()
        .map(|(department, leaves)| Column {
            department: department.clone(),
            leaves: leaves.len(),
            appraisers: grid
                .appraisers
                .iter()
                .filter(|a| a.department.as_deref() == Some(department.as_str()))
                .map(|a| (a.id.clone(), a.display_name.clone()))
                .collect(),
        })
        .collect();
    let rows: Vec<GridRow> = grid
        .units
        .iter()
        .map(|unit| GridRow {
            unit: format!("{} – {}", unit.code, unit.name),
            cells: grid
                .departments
                .iter()
                .enumerate()
                .map(|(column, (department, _))| Cell {
                    field: format!("o.{}.{column}", unit.id),
                    assigned: grid
                        .assigned
                        .get(&(unit.id.clone(), department.clone()))
                        .cloned(),
                })
                .collect(),
        })
        .collect();
    let unassigned = rows
        .iter()
        .flat_map(|row| &row.cells)
        .filter(|cell| cell.assigned.is_none())
        .count();
    let status = PeriodStatus::from(grid.period.status);
    page(&PeriodPage {
        csrf: door.session.form_token(),
        signed_in: Some(door.signed_in),
        action: format!("/quan-tri/ky-danh-gia/{}", grid.period.id),
        name: grid.period.name.clone(),
        set_name: grid.period.criteria_set.name.clone(),
        status: status.label_vi(),
        open: status == PeriodStatus::Open,
        deadlines: grid
            .period
            .deadlines
            .iter()
            .map(|d| DeadlineLine {
                kind: kind_name(d.kind),
                label: capitalized(&d.label),
                date: date(&d.date),
                passed: d.passed,
            })
            .collect(),
        missing_count: grid.period.appraisal_coverage.missing_count,
        missing: grid
            .period
            .appraisal_coverage
            .missing
            .iter()
            .map(UnitLeavesData::line)
            .collect(),
        exempted: grid
            .period
            .appraisal_coverage
            .exempted
            .iter()
            .map(UnitLeavesData::line)
            .collect(),
        unit_extensions: grid
            .period
            .unit_extensions
            .iter()
            .map(|e| ExtensionLine {
                unit: format!("{} – {}", e.unit.code, e.unit.name),
                label: capitalized(DeadlineKind::from(e.kind).label_vi()),
                date: date(&e.date),
            })
            .collect(),
        units: grid
            .units
            .iter()
            .map(|u| (u.id.clone(), format!("{} – {}", u.code, u.name)))
            .collect(),
        submitted: grid.submitted.clone(),
        awaited: grid
            .period
            .assignments
            .iter()
            .filter(|a| !grid.sent.contains(&a.appraiser_id))
            .map(|a| {
                let name = grid
                    .appraisers
                    .iter()
                    .find(|account| account.id == a.appraiser_id)
                    .map_or_else(
                        || a.appraiser_id.clone(),
                        |account| account.display_name.clone(),
                    );
                (a.appraiser_id.clone(), name)
            })
            .collect(),
        appraiser_choices: grid
            .appraisers
            .iter()
            .map(|a| {
                let department = a.department.as_deref().unwrap_or_default();
                (a.id.clone(), format!("{} – {department}", a.display_name))
            })
            .collect(),
        columns,
        rows,
        unassigned,
        notice,
        form: FormErrors::from_api(refused, &["date", "reason", "unitId"]),
    })
}

/// `text` with its first letter in capitals, to head a line.
fn capitalized(text: &str) -> String {
    let mut letters = text.chars();
    letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default()
}

/// A deadline kind's name in the API.
fn kind_name(kind: DeadlineKindGql) -> &'static str {
    DeadlineKindGql::items()
        .iter()
        .find(|item| item.value == kind)
        .map_or("", |item| item.name)
}
