//! Criteria sets and their trees.

use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::{CriterionCode, Department, Level, ScoringMethod};
use chamdiem_domain::criteria_set::{CriteriaSet, IndexKind};
use chamdiem_domain::ids::CriteriaSetId;
use chamdiem_domain::scoring::{ClassificationBands, Points};

use super::row_at::RowAt;
use crate::{ProjectionError, ProjectionTx};

/// A criteria set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaSetRow {
    /// Its id.
    pub criteria_set_id: CriteriaSetId,
    /// The index it scores.
    pub index_kind: IndexKind,
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
    /// Its classification bands (task completion only).
    pub bands: Option<ClassificationBands>,
}

/// A row of `rm_criteria_sets`.
#[derive(sqlx::FromRow)]
struct CriteriaSetRecord {
    criteria_set_id: String,
    index_kind: String,
    name: String,
    year: i64,
    version: i64,
    published: i64,
    digest: Option<String>,
    set_state: String,
}

impl CriteriaSetRecord {
    fn read(self) -> Result<CriteriaSetRow, ProjectionError> {
        let at = RowAt::new("rm_criteria_sets", &self.criteria_set_id);
        Ok(CriteriaSetRow {
            criteria_set_id: at.parsed("criteria_set_id", &self.criteria_set_id, str::parse)?,
            index_kind: at.named("index_kind", &self.index_kind)?,
            year: at.count("year", self.year)?,
            version: at.count("version", self.version)?,
            published: at.flag("published", self.published)?,
            bands: at
                .json::<CriteriaSet>("set_state", &self.set_state)?
                .bands()
                .cloned(),
            name: self.name,
            digest: self.digest,
        })
    }
}

const SET_COLUMNS: &str = "SELECT criteria_set_id, index_kind, name, year, version, published, digest, set_state FROM rm_criteria_sets";

/// The criteria set `id`, if there is one.
pub async fn criteria_set(
    database: &Database,
    id: CriteriaSetId,
) -> Result<Option<CriteriaSetRow>, ProjectionError> {
    let records: Vec<CriteriaSetRecord> = ProjectionTx::read_records(
        database,
        &format!("{SET_COLUMNS} WHERE criteria_set_id = $1"),
        &[id.to_string().into()],
    )
    .await?;
    records
        .into_iter()
        .next()
        .map(CriteriaSetRecord::read)
        .transpose()
}

/// Every criteria set, newest version first within a year.
pub async fn criteria_sets(database: &Database) -> Result<Vec<CriteriaSetRow>, ProjectionError> {
    let records: Vec<CriteriaSetRecord> = ProjectionTx::read_records(
        database,
        &format!(
            "{SET_COLUMNS} ORDER BY rm_criteria_sets.year DESC, rm_criteria_sets.version DESC, rm_criteria_sets.name"
        ),
        &[],
    )
    .await?;
    records.into_iter().map(CriteriaSetRecord::read).collect()
}

/// A node of a criteria tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRow {
    /// Its code.
    pub code: CriterionCode,
    /// Its title.
    pub title: String,
    /// Its maximum.
    pub max_score: Points,
    /// How it is scored (leaves only).
    pub method: Option<ScoringMethod>,
    /// Whether evidence is required.
    pub evidence_required: bool,
    /// Whether it may be marked not applicable.
    pub not_applicable_allowed: bool,
    /// Who appraises it.
    pub appraised_by: Department,
}

/// A row of `rm_criteria`.
#[derive(sqlx::FromRow)]
struct CriterionRecord {
    code: String,
    title: String,
    max_score: String,
    method: Option<String>,
    levels: Option<String>,
    rules: Option<String>,
    evidence_required: i64,
    not_applicable_allowed: i64,
    appraised_by: String,
}

impl CriterionRecord {
    fn read(self, set: &str) -> Result<CriterionRow, ProjectionError> {
        let key = format!("{set}/{}", self.code);
        let at = RowAt::new("rm_criteria", &key);
        let method = match (self.method.as_deref(), &self.levels) {
            (None, None) => None,
            (Some("levels"), Some(levels)) => Some(ScoringMethod::Levels {
                levels: at.json::<Vec<Level>>("levels", levels)?,
            }),
            (Some("ratio"), None) => Some(ScoringMethod::Ratio),
            (Some("range"), None) => Some(ScoringMethod::Range {
                step: self
                    .rules
                    .as_deref()
                    .map(|rules| at.json("rules", rules))
                    .transpose()?,
            }),
            (Some("survey"), None) => Some(ScoringMethod::Survey {
                weights: self
                    .rules
                    .as_deref()
                    .map(|rules| at.json("rules", rules))
                    .transpose()?,
            }),
            (method, levels) => {
                return Err(at.unreadable(
                    "method",
                    format!("{method:?} with levels {levels:?} is not a scoring method"),
                ));
            }
        };
        Ok(CriterionRow {
            code: at.parsed("code", &self.code, CriterionCode::parse)?,
            max_score: at.parsed("max_score", &self.max_score, Points::parse)?,
            evidence_required: at.flag("evidence_required", self.evidence_required)?,
            not_applicable_allowed: at
                .flag("not_applicable_allowed", self.not_applicable_allowed)?,
            appraised_by: at.parsed("appraised_by", &self.appraised_by, Department::parse)?,
            method,
            title: self.title,
        })
    }
}

/// A set's tree, in tree order.
pub async fn criteria(
    database: &Database,
    set: CriteriaSetId,
) -> Result<Vec<CriterionRow>, ProjectionError> {
    let set = set.to_string();
    let records: Vec<CriterionRecord> = ProjectionTx::read_records(
        database,
        "SELECT code, title, max_score, method, levels, rules, evidence_required, not_applicable_allowed, appraised_by
         FROM rm_criteria WHERE criteria_set_id = $1 ORDER BY rm_criteria.ordinal",
        &[set.as_str().into()],
    )
    .await?;
    records
        .into_iter()
        .map(|record| record.read(&set))
        .collect()
}

/// The tree of a criteria set as its domain state holds it, if it has one.
pub async fn criteria_tree(
    database: &Database,
    set: CriteriaSetId,
) -> Result<Option<chamdiem_domain::criteria::CriteriaTree>, ProjectionError> {
    let mut tx = ProjectionTx::begin_read(database).await?;
    let state = crate::read_models::criteria_sets::load(&mut tx, set).await?;
    tx.commit().await?;
    Ok(state.tree().cloned())
}
