//! Reports as officials sign them, in XLSX and CSV: the self-assessment
//! report of a unit, the appraisal report, the ranking report per block and
//! the audit trail. Each report is built from the read models into a
//! format-free [`document::ReportDocument`], then written by
//! [`xlsx_writer`] or [`csv_writer`]; the two files hold the same cells.

pub mod appraisal_report;
pub mod audit_trail_report;
pub mod csv_writer;
pub mod document;
pub mod ranking_report;
pub mod report_error;
pub mod report_facts;
pub mod result_rows;
pub mod self_assessment_report;
pub mod xlsx_writer;

use chamdiem_commands::results_view::ResultsView;
use chamdiem_commands::store::Database;
use chamdiem_domain::ids::{PeriodId, UnitId};
use sha2::{Digest, Sha256};

pub use report_error::ReportError;

/// Which report, about what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRequest {
    /// A unit's self-assessment report in a period.
    SelfAssessment {
        /// The period.
        period: PeriodId,
        /// The unit.
        unit: UnitId,
    },
    /// The appraisal report of a unit, or of every unit of the period.
    Appraisal {
        /// The period.
        period: PeriodId,
        /// One unit, or all.
        unit: Option<UnitId>,
    },
    /// The ranking of a period, one block or all.
    Ranking {
        /// The period.
        period: PeriodId,
        /// One block (`department`, `district`…), or all.
        block: Option<String>,
        /// The rows its reader may see.
        view: ResultsView,
    },
    /// The audit trail of a period, a unit, a unit in a period, or (neither)
    /// the whole log.
    AuditTrail {
        /// The period.
        period: Option<PeriodId>,
        /// The unit.
        unit: Option<UnitId>,
    },
}

impl ReportRequest {
    /// A short name for files ("tu-danh-gia").
    fn slug(&self) -> &'static str {
        match self {
            Self::SelfAssessment { .. } => "bao-cao-tu-danh-gia",
            Self::Appraisal { .. } => "bao-cao-tham-dinh",
            Self::Ranking { .. } => "bao-cao-xep-hang",
            Self::AuditTrail { .. } => "nhat-ky-kiem-tra",
        }
    }
}

/// The file format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// An Excel workbook.
    Xlsx,
    /// Comma-separated values, UTF-8 with a byte-order mark.
    Csv,
}

impl ReportFormat {
    /// Parses `xlsx` or `csv` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// A report file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedReport {
    /// A file name to save it under.
    pub file_name: String,
    /// Its media type.
    pub media_type: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// SHA-256 (hex) of the bytes.
    pub file_hash: String,
    /// For a self-assessment report, the content hash it shows: what the
    /// unit leader approves.
    pub content_hash: Option<String>,
}

/// Builds and writes a report. `province` heads it; `progress` hears
/// (parts done, parts in all) of long reports.
pub async fn export(
    database: &Database,
    province: &str,
    request: &ReportRequest,
    format: ReportFormat,
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> Result<RenderedReport, ReportError> {
    let mut content_hash = None;
    let document = match request {
        ReportRequest::SelfAssessment { period, unit } => {
            let (document, hash) =
                self_assessment_report::self_assessment_report(database, province, *period, *unit)
                    .await?;
            content_hash = Some(hash);
            document
        }
        ReportRequest::Appraisal { period, unit } => {
            appraisal_report::appraisal_report(database, province, *period, *unit, progress).await?
        }
        ReportRequest::Ranking {
            period,
            block,
            view,
        } => {
            ranking_report::ranking_report(database, province, *period, block.as_deref(), *view)
                .await?
        }
        ReportRequest::AuditTrail { period, unit } => {
            audit_trail_report::audit_trail_report(database, province, *period, *unit, progress)
                .await?
        }
    };
    let bytes = match format {
        ReportFormat::Xlsx => {
            xlsx_writer::render_xlsx(&document).map_err(|e| ReportError::Render(e.to_string()))?
        }
        ReportFormat::Csv => {
            csv_writer::render_csv(&document).map_err(|e| ReportError::Render(e.to_string()))?
        }
    };
    Ok(RenderedReport {
        file_name: format!("{}.{}", request.slug(), format.extension()),
        media_type: format.media_type(),
        file_hash: hex::encode(Sha256::digest(&bytes)),
        bytes,
        content_hash,
    })
}
