//! Who an evidence file belongs to: every scorecard that lists it, and
//! every unit that gave it in support of a complaint; and the periods
//! whose council minutes or signed decision it is.

use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::{Period, PeriodStatus};
use chamdiem_domain::self_assessment::Evidence;

use super::row_at::RowAt;
use super::scorecard::AppraisalAnswer;
use crate::{ProjectionError, ProjectionTx};

/// Where an evidence file is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceOwner {
    /// The period.
    pub period_id: PeriodId,
    /// The unit.
    pub unit_id: UnitId,
    /// The media type it was attached with.
    pub media_type: String,
    /// The file name it was attached with.
    pub file_name: String,
}

/// The lists of a leaf that may name a file.
#[derive(sqlx::FromRow)]
struct EvidenceRecord {
    period_id: String,
    unit_id: String,
    code: String,
    evidence: String,
    answers: String,
}

impl EvidenceRecord {
    /// Where this leaf lists the file, if it does (its evidence, or the
    /// evidence of the unit's answers).
    fn owner_of(&self, hash: &str) -> Result<Option<EvidenceOwner>, ProjectionError> {
        let key = format!("{}/{}/{}", self.period_id, self.unit_id, self.code);
        let at = RowAt::new("rm_scorecard_leaves", &key);
        let evidence: Vec<Evidence> = at.json("evidence", &self.evidence)?;
        let answers: Vec<AppraisalAnswer> = at.json("answers", &self.answers)?;
        let found = evidence
            .iter()
            .chain(answers.iter().flat_map(|answer| answer.evidence.iter()))
            .find(|item| item.content_hash == hash);
        let Some(item) = found else {
            return Ok(None);
        };
        Ok(Some(EvidenceOwner {
            period_id: at.parsed("period_id", &self.period_id, str::parse)?,
            unit_id: at.parsed("unit_id", &self.unit_id, str::parse)?,
            media_type: item.media_type.clone(),
            file_name: item.file_name.clone(),
        }))
    }
}

/// Every (period, unit) whose scorecard lists the file with this hash.
pub async fn evidence_owners(
    database: &Database,
    hash: &str,
) -> Result<Vec<EvidenceOwner>, ProjectionError> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let records: Vec<EvidenceRecord> = ProjectionTx::read_records(
        database,
        "SELECT period_id, unit_id, code, evidence, answers FROM rm_scorecard_leaves WHERE evidence LIKE $1 OR answers LIKE $1",
        &[format!("%{hash}%").into()],
    )
    .await?;
    let mut owners = Vec::new();
    for record in &records {
        if let Some(owner) = record.owner_of(hash)? {
            owners.push(owner);
        }
    }
    owners.extend(complaint_owners(database, hash).await?);
    owners.extend(signed_report_owners(database, hash).await?);
    Ok(owners)
}

/// Every (period, unit) that submitted the file as its signed report.
async fn signed_report_owners(
    database: &Database,
    hash: &str,
) -> Result<Vec<EvidenceOwner>, ProjectionError> {
    let records: Vec<SignedReportRecord> = ProjectionTx::read_records(
        database,
        "SELECT period_id, unit_id, signed_report FROM rm_scorecards WHERE signed_report LIKE $1",
        &[format!("%{hash}%").into()],
    )
    .await?;
    let mut owners = Vec::new();
    for record in records {
        let key = format!("{}/{}", record.period_id, record.unit_id);
        let at = RowAt::new("rm_scorecards", &key);
        let Some(json) = record.signed_report.as_deref() else {
            continue;
        };
        let report: Evidence = at.json("signed_report", json)?;
        if report.content_hash == hash {
            owners.push(EvidenceOwner {
                period_id: at.parsed("period_id", &record.period_id, str::parse)?,
                unit_id: at.parsed("unit_id", &record.unit_id, str::parse)?,
                media_type: report.media_type,
                file_name: report.file_name,
            });
        }
    }
    Ok(owners)
}

/// A scorecard's signed report.
#[derive(sqlx::FromRow)]
struct SignedReportRecord {
    period_id: String,
    unit_id: String,
    signed_report: Option<String>,
}

/// Every (period, unit) that gave the file in support of a complaint.
async fn complaint_owners(
    database: &Database,
    hash: &str,
) -> Result<Vec<EvidenceOwner>, ProjectionError> {
    let states: Vec<PeriodStateRecord> = ProjectionTx::read_records(
        database,
        "SELECT period_id, period_state FROM rm_periods WHERE period_state LIKE $1",
        &[format!("%{hash}%").into()],
    )
    .await?;
    let mut owners = Vec::new();
    for record in states {
        let at = RowAt::new("rm_periods", &record.period_id);
        let period: Period = at.json("period_state", &record.period_state)?;
        let period_id: PeriodId = at.parsed("period_id", &record.period_id, str::parse)?;
        for complaint in period.complaints() {
            if let Some(item) = complaint.evidence.iter().find(|e| e.content_hash == hash) {
                owners.push(EvidenceOwner {
                    period_id,
                    unit_id: complaint.unit_id,
                    media_type: item.media_type.clone(),
                    file_name: item.file_name.clone(),
                });
            }
        }
    }
    Ok(owners)
}

/// A file that belongs to a period rather than a unit: the council's
/// minutes, the People's Committee's signed decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodDocument {
    /// The period.
    pub period_id: PeriodId,
    /// Whether the period's results are published (the documents are then
    /// public to every account).
    pub published: bool,
    /// The media type it was stored with.
    pub media_type: String,
    /// Its file name.
    pub file_name: String,
}

/// Every period whose council minutes or signed decision is the file with
/// this hash.
pub async fn period_documents(
    database: &Database,
    hash: &str,
) -> Result<Vec<PeriodDocument>, ProjectionError> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let states: Vec<PeriodStateRecord> = ProjectionTx::read_records(
        database,
        "SELECT period_id, period_state FROM rm_periods WHERE period_state LIKE $1",
        &[format!("%{hash}%").into()],
    )
    .await?;
    let mut documents = Vec::new();
    for record in states {
        let at = RowAt::new("rm_periods", &record.period_id);
        let period: Period = at.json("period_state", &record.period_state)?;
        let period_id: PeriodId = at.parsed("period_id", &record.period_id, str::parse)?;
        let files = period
            .council_agreement()
            .map(|c| &c.minutes)
            .into_iter()
            .chain(period.publication_decision().map(|d| &d.signed));
        for file in files.filter(|f| f.content_hash == hash) {
            documents.push(PeriodDocument {
                period_id,
                published: period.status() == Some(PeriodStatus::Published),
                media_type: file.media_type.clone(),
                file_name: file.file_name.clone(),
            });
        }
    }
    Ok(documents)
}

/// A period's state, to find the files its complaints give.
#[derive(sqlx::FromRow)]
struct PeriodStateRecord {
    period_id: String,
    period_state: String,
}
