//! A demonstration year, generated through the command layer exactly as
//! users would make it: units, accounts, the sample criteria sets, periods,
//! self-assessments with revisions, evidence and surveys, two appraisal
//! rounds, submissions, and the results the process managers aggregate.
//!
//! `Province` is Thanh Hóa's 53 units; `National` is 34 provinces, about
//! 3,900 units and more than a million events. What is generated depends
//! only on the seed (ids drawn at random and recording times aside): each
//! unit's and appraiser's choices come from a generator seeded with the
//! seed and its own name.

mod appraisal_script;
mod catalogue;
mod random_entries;
mod unit_script;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chamdiem_domain::account::{DisplayName, Password, Permission, Role, Username};
use chamdiem_domain::criteria::{CriteriaTree, CriterionCode, Department, ScoringMethod};
use chamdiem_domain::criteria_set::{IndexKind, IssuingDecision};
use chamdiem_domain::ids::{AccountId, CriteriaSetId, PeriodId, UnitId};
use chamdiem_domain::period::{Deadlines, Period};
use chamdiem_domain::scoring::ClassificationBands;
use chamdiem_domain::unit::{RegisterUnit, UnitKind};
use chrono::{DateTime, NaiveDate, Utc};
use futures::stream::{self, StreamExt, TryStreamExt};
use rand::SeedableRng;
use rand::rngs::StdRng;
use secrecy::ExposeSecret;

pub use catalogue::{DemoProvince, DemoUnit};

use crate::bootstrap_admin::{BootstrapAdmin, BootstrapError, bootstrap_admin};
use crate::clock::FixedClock;
use crate::command_error::CommandError;
use crate::handlers::{
    DraftCriteriaSetRequest, IssueAccountRequest, OpenPeriodRequest, UnitInScope,
};
use crate::metadata::{CommandMetadata, RequestContext};
use crate::process_managers::ProcessManagers;
use crate::store::{Database, SealKey};
use crate::write_side::WriteSide;

const PAR: &str = include_str!("../../../domain/tests/data/par-department-sample.csv");
const HTNV: &str = include_str!("../../../domain/tests/data/htnv-department-sample.csv");

/// The password of every demonstration account (administrator, unit
/// leaders, appraisers): for trying the product and for benchmarks only.
pub const DEMO_PASSWORD: &str = "mật khẩu dữ liệu mẫu 2026";

/// How large a deployment to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// One province: Thanh Hóa's 53 units.
    Province,
    /// 34 provinces, about 3,900 units.
    National,
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// The size.
    pub scale: DemoScale,
    /// The seed of every choice.
    pub seed: u64,
    /// Units or appraisers worked on at once.
    pub concurrency: usize,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    /// The periods opened, in order.
    pub period_ids: Vec<PeriodId>,
    /// Units registered.
    pub units: usize,
    /// Accounts issued.
    pub accounts: usize,
    /// Periods opened.
    pub periods: usize,
    /// Events in the log afterwards.
    pub events: i64,
}

/// Why the demonstration could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// It goes only into an empty database.
    #[error("cơ sở dữ liệu đã có dữ liệu: dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống")]
    NotEmpty,
    /// The administrator could not be issued.
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    /// A command failed.
    #[error(transparent)]
    Command(#[from] CommandError),
}

/// A period of the demonstration and who works in it.
struct DemoPeriod {
    id: PeriodId,
    /// Its name: what choices are seeded with (ids are drawn at random).
    name: String,
    tree: Arc<CriteriaTree>,
    /// (unit, its leader's metadata).
    units: Vec<(UnitId, String, CommandMetadata)>,
    /// (appraiser's metadata, account).
    appraisers: Vec<(CommandMetadata, AccountId)>,
}

/// Generates the demonstration into an empty database. `progress` hears
/// (stage, done, total).
pub async fn seed_demo(
    database: &Database,
    seal_key: &SealKey,
    options: &DemoOptions,
    progress: &(dyn Fn(&str, u64, u64) + Send + Sync),
) -> Result<DemoReport, DemoError> {
    if database.log_head().await.map_err(CommandError::from)?.get() > 0 {
        return Err(DemoError::NotEmpty);
    }
    let concurrency = options.concurrency.max(1);
    let clock = Arc::new(FixedClock::new(noon(2025, 12, 1)));
    let write = WriteSide::new(database.clone(), clock.clone(), seal_key.clone());
    let managers = ProcessManagers::new(write.clone());
    let provinces = match options.scale {
        DemoScale::Province => catalogue::province(),
        DemoScale::National => catalogue::national(),
    };

    let admin_name = parse_username("quantri")?;
    let admin_id = bootstrap_admin(
        database,
        seal_key,
        BootstrapAdmin {
            password: Password::parse(DEMO_PASSWORD.to_owned(), &admin_name).map_err(internal)?,
            username: admin_name,
            display_name: DisplayName::parse("Quản trị (dữ liệu mẫu)").map_err(internal)?,
        },
    )
    .await?;
    let admin = account_metadata(admin_id, Role::Admin, None);
    let par = criteria_set(&write, &admin, IndexKind::Par, PAR).await?;
    let htnv = criteria_set(&write, &admin, IndexKind::TaskCompletion, HTNV).await?;

    let total_units: usize = provinces.iter().map(|p| p.units.len()).sum();
    let mut accounts = 1;
    let mut periods = Vec::new();
    for (p, province) in provinces.iter().enumerate() {
        progress("đơn vị và tài khoản", p as u64, provinces.len() as u64);
        let leaders = register_units_and_leaders(&write, &admin, province, concurrency).await?;
        accounts += leaders.len();
        let departments: Vec<_> = leaders
            .iter()
            .filter(|(_, kind, _, _)| *kind == UnitKind::Department)
            .cloned()
            .collect();
        for (set, in_scope, label, short) in [
            (&par, &leaders, "Chỉ số CCHC năm 2025", "cchc"),
            (
                &htnv,
                &departments,
                "Kết quả thực hiện nhiệm vụ năm 2025",
                "htnv",
            ),
        ] {
            let period = open_period(
                &write,
                &admin,
                (set.0, &set.1),
                in_scope,
                (&format!("{label} — {}", province.name), short),
                p,
            )
            .await?;
            accounts += period.appraisers.len();
            periods.push(period);
        }
    }

    // Self-assessment, a few days before its deadline.
    clock.set(noon(2026, 1, 12));
    let work: Vec<_> = periods
        .iter()
        .flat_map(|period| {
            period
                .units
                .iter()
                .map(move |(unit, code, leader)| (period, *unit, code, leader))
        })
        .collect();
    let total = work.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    stream::iter(work.iter().map(Ok::<_, CommandError>))
        .try_for_each_concurrent(concurrency, |(period, unit, code, leader)| {
            let write = &write;
            let done = &done;
            async move {
                let mut rng = rng_for(options.seed, &format!("{}/{code}", period.name));
                unit_script::self_assess(write, leader, period.id, *unit, &period.tree, &mut rng)
                    .await?;
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress("tự đánh giá", n, total);
                Ok(())
            }
        })
        .await?;

    // Round 1.
    clock.set(noon(2026, 1, 28));
    let lowered: Vec<(usize, usize, appraisal_script::Lowered)> =
        stream::iter(periods.iter().enumerate().flat_map(|(i, period)| {
            period
                .appraisers
                .iter()
                .enumerate()
                .map(move |(j, appraiser)| (i, j, period, appraiser))
        }))
        .map(|(i, j, period, (metadata, account))| {
            let write = &write;
            async move {
                let state: Arc<Period> = write.load(&period.id.to_string()).await?;
                let assignment = state
                    .assignment(*account)
                    .cloned()
                    .ok_or_else(|| CommandError::Internal("appraiser without assignment".into()))?;
                let mut rng = rng_for(options.seed, &format!("{}/{account}/1", period.name));
                let lowered = appraisal_script::round_one(
                    write,
                    (metadata, *account),
                    period.id,
                    &assignment,
                    &period.tree,
                    &mut rng,
                )
                .await?;
                Ok::<_, CommandError>((i, j, lowered))
            }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    progress("thẩm định vòng 1", total, total);

    // The units answer within the explanation window.
    clock.set(noon(2026, 2, 6));
    for (i, _, by_unit) in &lowered {
        let period = &periods[*i];
        for (unit, leaves) in by_unit {
            let Some((_, code, leader)) = period.units.iter().find(|(u, _, _)| u == unit) else {
                continue;
            };
            let changed: Vec<CriterionCode> = leaves.iter().map(|(c, _)| c.clone()).collect();
            let mut rng = rng_for(options.seed, &format!("{}/{code}/answer", period.name));
            unit_script::answer_appraisal(&write, leader, period.id, *unit, &changed, &mut rng)
                .await?;
        }
    }

    // Round 2 and submission; the process managers then record the
    // submissions in the periods and aggregate the results.
    clock.set(noon(2026, 2, 17));
    stream::iter(lowered.iter().map(Ok::<_, CommandError>))
        .try_for_each_concurrent(concurrency, |(i, j, lowered)| {
            let write = &write;
            let periods = &periods;
            async move {
                let period = &periods[*i];
                let (metadata, account) = &period.appraisers[*j];
                let state: Arc<Period> = write.load(&period.id.to_string()).await?;
                let assignment = state
                    .assignment(*account)
                    .cloned()
                    .ok_or_else(|| CommandError::Internal("appraiser without assignment".into()))?;
                let mut rng = rng_for(options.seed, &format!("{}/{account}/2", period.name));
                appraisal_script::round_two_and_submit(
                    write,
                    (metadata, *account),
                    period.id,
                    &assignment,
                    lowered,
                    &mut rng,
                )
                .await
            }
        })
        .await?;
    managers.catch_up().await?;
    progress("thẩm định vòng 2 và tổng hợp", total, total);

    Ok(DemoReport {
        period_ids: periods.iter().map(|p| p.id).collect(),
        units: total_units,
        accounts,
        periods: periods.len(),
        events: database.log_head().await.map_err(CommandError::from)?.get(),
    })
}

/// Drafts, fills and publishes a criteria set from a sample appendix.
async fn criteria_set(
    write: &WriteSide,
    admin: &CommandMetadata,
    kind: IndexKind,
    csv: &str,
) -> Result<(CriteriaSetId, Arc<CriteriaTree>), CommandError> {
    let (name, kinds) = match kind {
        IndexKind::Par => (
            "Bộ chỉ số cải cách hành chính (mẫu)",
            BTreeSet::from(UnitKind::ALL),
        ),
        IndexKind::TaskCompletion => (
            "Bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ (mẫu)",
            BTreeSet::from([UnitKind::Department]),
        ),
    };
    let decision = IssuingDecision::new(
        "192/QĐ-UBND",
        NaiveDate::from_ymd_opt(2025, 1, 15).unwrap_or_default(),
    )
    .map_err(internal)?;
    let set = write
        .draft_criteria_set(
            admin,
            DraftCriteriaSetRequest {
                index_kind: kind,
                name: name.to_owned(),
                decision,
                year: 2025,
                unit_kinds: kinds,
                supersedes: None,
            },
        )
        .await?;
    write.import_criteria_csv(admin, set, csv).await?;
    if kind == IndexKind::TaskCompletion {
        write
            .set_classification_bands(admin, set, ClassificationBands::standard())
            .await?;
    }
    write.publish_criteria_set(admin, set).await?;
    Ok((set, write.published_tree(set).await?))
}

/// (unit, kind, code, leader's metadata) of every unit of a province.
type Leader = (UnitId, UnitKind, String, CommandMetadata);

/// Registers a province's units, and for each a leader's account (who
/// enters scores and approves reports) with the demonstration password.
async fn register_units_and_leaders(
    write: &WriteSide,
    admin: &CommandMetadata,
    province: &DemoProvince,
    concurrency: usize,
) -> Result<Vec<Leader>, CommandError> {
    let mut units = Vec::with_capacity(province.units.len());
    for unit in &province.units {
        let id = write
            .register_unit(
                admin,
                RegisterUnit {
                    code: unit.code.clone(),
                    name: unit.name.clone(),
                    kind: unit.kind,
                    parent: None,
                },
            )
            .await?;
        units.push((id, unit));
    }
    stream::iter(units)
        .map(|(id, unit)| async move {
            let username = parse_username(&format!("ld.{}", unit.code.as_str().to_lowercase()))?;
            let issued = write
                .issue_account(
                    admin,
                    IssueAccountRequest {
                        username,
                        display_name: DisplayName::parse(&format!(
                            "Lãnh đạo {}",
                            unit.name.as_str()
                        ))
                        .map_err(internal)?,
                        role: Role::DataEntry,
                        unit_id: Some(id),
                        department: None,
                        permissions: Some(BTreeSet::from([
                            Permission::EntersScores,
                            Permission::ApprovesReports,
                        ])),
                    },
                )
                .await?;
            let leader = account_metadata(issued.account_id, Role::DataEntry, Some(id));
            write
                .change_password(
                    &leader,
                    issued.account_id,
                    issued.temporary_password.expose_secret().to_owned(),
                    DEMO_PASSWORD.to_owned(),
                )
                .await?;
            Ok::<_, CommandError>((id, unit.kind, unit.code.as_str().to_owned(), leader))
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await
}

/// Opens a period for `units` on a set, with one appraiser per appraising
/// department, assigned every unit for that department's leaves.
async fn open_period(
    write: &WriteSide,
    admin: &CommandMetadata,
    (set, tree): (CriteriaSetId, &Arc<CriteriaTree>),
    units: &[Leader],
    (name, short): (&str, &str),
    province: usize,
) -> Result<DemoPeriod, CommandError> {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
    let id = write
        .open_period(
            admin,
            OpenPeriodRequest {
                name: name.to_owned(),
                year: 2025,
                criteria_set_id: set,
                units: units
                    .iter()
                    .map(|(unit_id, ..)| UnitInScope {
                        unit_id: *unit_id,
                        block: None,
                    })
                    .collect(),
                deadlines: Deadlines {
                    self_assessment_opens: None,
                    self_assessment: day(1, 15),
                    appraisal_round_1: day(1, 31),
                    explanation: day(2, 10),
                    appraisal_round_2: day(2, 20),
                },
            },
        )
        .await?;
    let mut by_department: BTreeMap<&Department, BTreeSet<CriterionCode>> = BTreeMap::new();
    for leaf in tree.leaves() {
        if !leaf.method.as_ref().is_some_and(ScoringMethod::is_survey) {
            by_department
                .entry(&leaf.appraised_by)
                .or_default()
                .insert(leaf.code.clone());
        }
    }
    let mut appraisers = Vec::new();
    for (n, (department, leaves)) in by_department.into_iter().enumerate() {
        let username = parse_username(&format!("td.{short}.{province:02}.{n:02}"))?;
        let issued = write
            .issue_account(
                admin,
                IssueAccountRequest {
                    username,
                    display_name: DisplayName::parse(&format!("Thẩm định {department}"))
                        .map_err(internal)?,
                    role: Role::Appraiser,
                    unit_id: None,
                    department: Some(department.clone()),
                    permissions: None,
                },
            )
            .await?;
        // Like every other demonstration account, it signs in with the
        // demonstration password (a temporary one would have to be changed
        // first, and nobody knows it).
        let appraiser = account_metadata(issued.account_id, Role::Appraiser, None);
        write
            .change_password(
                &appraiser,
                issued.account_id,
                issued.temporary_password.expose_secret().to_owned(),
                DEMO_PASSWORD.to_owned(),
            )
            .await?;
        write
            .assign_appraiser(
                admin,
                id,
                issued.account_id,
                units.iter().map(|(unit, ..)| *unit).collect(),
                leaves,
            )
            .await?;
        appraisers.push((appraiser, issued.account_id));
    }
    Ok(DemoPeriod {
        id,
        name: name.to_owned(),
        tree: Arc::clone(tree),
        units: units
            .iter()
            .map(|(unit, _, code, leader)| (*unit, code.clone(), leader.clone()))
            .collect(),
        appraisers,
    })
}

fn account_metadata(id: AccountId, role: Role, unit: Option<UnitId>) -> CommandMetadata {
    CommandMetadata::for_account(id, role, unit, &RequestContext::default())
}

fn parse_username(text: &str) -> Result<Username, CommandError> {
    Username::parse(text).map_err(internal)
}

fn internal(error: impl std::fmt::Display) -> CommandError {
    CommandError::Internal(error.to_string())
}

/// Noon in Vietnam on a day.
fn noon(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(5, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

/// A generator for one actor's choices: the seed and the actor's name,
/// hashed with FNV-1a (stable across platforms and releases).
fn rng_for(seed: u64, name: &str) -> StdRng {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    StdRng::seed_from_u64(hash)
}
