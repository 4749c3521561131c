//! What every report of a period shows in its header, read once: the
//! period, its criteria set and the decision that issued the set.

use chamdiem_commands::store::Database;
use chamdiem_domain::criteria::CriteriaTree;
use chamdiem_domain::criteria_set::CriteriaSet;
use chamdiem_domain::ids::PeriodId;
use chamdiem_domain::period::Period;

use super::document::HeaderLine;
use super::report_error::ReportError;
use crate::ProjectionTx;
use crate::queries::row_at::RowAt;
use crate::read_models::criteria_sets;

/// A period with its criteria set, as reports need them.
#[derive(Debug, Clone)]
pub struct PeriodFacts {
    /// The period's id.
    pub period_id: PeriodId,
    /// The period's domain state.
    pub period: Period,
    /// Its name ("Chỉ số CCHC năm 2025").
    pub name: String,
    /// The year it scores.
    pub year: i32,
    /// Its criteria set.
    pub set: CriteriaSet,
    /// The set's tree.
    pub tree: CriteriaTree,
}

/// The columns of `rm_periods` a report's header needs.
#[derive(sqlx::FromRow)]
struct PeriodHead {
    name: String,
    year: i64,
    period_state: String,
}

impl PeriodFacts {
    /// Reads a period and its set; `NotFound` when either is missing.
    pub async fn load(database: &Database, period_id: PeriodId) -> Result<Self, ReportError> {
        let mut tx = ProjectionTx::begin_read(database).await?;
        let rows: Vec<PeriodHead> = tx
            .records(
                "SELECT name, year, period_state FROM rm_periods WHERE period_id = $1",
                &[period_id.to_string().into()],
            )
            .await?;
        let Some(row) = rows.into_iter().next() else {
            tx.commit().await?;
            return Err(ReportError::NotFound("kỳ đánh giá"));
        };
        let key = period_id.to_string();
        let at = RowAt::new("rm_periods", &key);
        let period: Period = at.json("period_state", &row.period_state)?;
        let year: i32 = at.count("year", row.year)?;
        let Some(set_id) = period.criteria_set_id() else {
            tx.commit().await?;
            return Err(ReportError::NotFound("bộ tiêu chí của kỳ đánh giá"));
        };
        let set = criteria_sets::load(&mut tx, set_id).await?;
        tx.commit().await?;
        let tree = set
            .tree()
            .cloned()
            .ok_or(ReportError::NotFound("bộ tiêu chí của kỳ đánh giá"))?;
        Ok(Self {
            period_id,
            period,
            name: row.name,
            year,
            set,
            tree,
        })
    }

    /// The header every report of the period carries: the province, the
    /// period, and the criteria set with the decision that issued it.
    pub fn header(&self, province: &str) -> Vec<HeaderLine> {
        let mut set = self.set.name().unwrap_or_default().to_owned();
        if let Some(decision) = self.set.decision() {
            set.push_str(&format!(
                " (ban hành kèm theo Quyết định số {} ngày {})",
                decision.number(),
                decision.date().format("%d/%m/%Y")
            ));
        }
        vec![
            HeaderLine::new("Tỉnh", province),
            HeaderLine::new("Kỳ đánh giá", format!("{} (năm {})", self.name, self.year)),
            HeaderLine::new("Bộ tiêu chí", set),
        ]
    }

    /// The header of a report of results: the period's, then which version
    /// of the results it holds, the appraisal council's agreement and the
    /// People's Committee's decision, once each exists.
    pub fn results_header(&self, province: &str) -> Vec<HeaderLine> {
        let mut header = self.header(province);
        if let Some(version) = self.period.results_version() {
            header.push(HeaderLine::new("Phiên bản kết quả", version.to_string()));
        }
        if let Some(council) = self.period.council_agreement() {
            header.push(HeaderLine::new(
                "Hội đồng thẩm định thống nhất",
                format!(
                    "ngày {}, kết quả phiên bản {} ({} thành viên dự họp)",
                    council.date.format("%d/%m/%Y"),
                    council.version,
                    council.members.len()
                ),
            ));
        }
        if let Some(decision) = self.period.publication_decision() {
            header.push(HeaderLine::new(
                "Quyết định công bố",
                format!(
                    "Quyết định số {} ngày {} của UBND tỉnh",
                    decision.number,
                    decision.date.format("%d/%m/%Y")
                ),
            ));
        }
        header
    }
}
