//! `chamdiem export <report> … --format xlsx|csv --out FILE`: writes a
//! report from the read models (brought up to date with the log first),
//! with a progress bar for the long ones.

use chamdiem_commands::results_view::ResultsView;
use std::path::PathBuf;

use anyhow::Context as _;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::unit::unit_id_from_id_or_code;
use chamdiem_projections::Projector;
use chamdiem_projections::reports::{ReportFormat, ReportRequest, export};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::StoreArgs;

/// The reports.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportKind {
    /// A unit's self-assessment report (needs --period and --unit).
    SelfAssessment,
    /// The appraisal report (needs --period; --unit for one unit).
    Appraisal,
    /// The ranking report (needs --period; --block for one block).
    Ranking,
    /// The audit trail of a period and/or a unit; without either, of everything.
    AuditTrail,
}

/// The file formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// An Excel workbook.
    Xlsx,
    /// CSV, UTF-8 with a byte-order mark.
    Csv,
}

/// Options of `chamdiem export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Which report.
    #[arg(value_enum)]
    pub report: ReportKind,
    /// The period's id.
    #[arg(long)]
    pub period: Option<PeriodId>,
    /// The unit: its id or its code (S01).
    #[arg(long)]
    pub unit: Option<String>,
    /// One ranking block (department, district…).
    #[arg(long)]
    pub block: Option<String>,
    /// The file format.
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: FormatArg,
    /// Where to write the file (refused if it exists, unless `--overwrite`).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace `--out` if it exists.
    #[arg(long)]
    pub overwrite: bool,
    /// The province named in the report's header.
    #[arg(long, env = "CHAMDIEM_PROVINCE", default_value = "Thanh Hóa")]
    pub province: String,
}

impl ExportArgs {
    fn request(&self) -> anyhow::Result<ReportRequest> {
        let unit = self.unit.as_deref().map(unit_id).transpose()?;
        let period = || {
            self.period
                .context("cần --period (mã kỳ đánh giá) cho báo cáo này")
        };
        Ok(match self.report {
            ReportKind::SelfAssessment => ReportRequest::SelfAssessment {
                period: period()?,
                unit: unit.context("cần --unit (mã hoặc id đơn vị) cho báo cáo tự đánh giá")?,
            },
            ReportKind::Appraisal => ReportRequest::Appraisal {
                period: period()?,
                unit,
            },
            // The operator on the server's own command line sees every row.
            ReportKind::Ranking => ReportRequest::Ranking {
                period: period()?,
                block: self.block.clone(),
                view: ResultsView::Everything,
            },
            ReportKind::AuditTrail => ReportRequest::AuditTrail {
                period: self.period,
                unit,
            },
        })
    }
}

/// A unit given by id or by code.
fn unit_id(text: &str) -> anyhow::Result<UnitId> {
    unit_id_from_id_or_code(text).map_err(|e| anyhow::anyhow!("đơn vị không hợp lệ: {e}"))
}

/// Runs `chamdiem export`.
pub async fn run(store: &StoreArgs, args: ExportArgs) -> anyhow::Result<()> {
    let request = args.request()?;
    // Checked before the work, so a signed copy is not lost to a typo; the
    // write below refuses again if the file appeared meanwhile.
    if !args.overwrite && args.out.exists() {
        anyhow::bail!(
            "tệp {} đã có: chọn tên khác, hoặc thêm --overwrite để ghi đè",
            args.out.display()
        );
    }
    let database = store.open_existing().await?;
    // The server may be stopped: bring the read models up to the log first
    // (a running server's projector holds the lock and this is a no-op).
    Projector::new(database.clone()).catch_up().await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let format = match args.format {
        FormatArg::Xlsx => ReportFormat::Xlsx,
        FormatArg::Csv => ReportFormat::Csv,
    };
    let file = export(
        &database,
        &args.province,
        &request,
        format,
        &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
    )
    .await;
    bar.finish_and_clear();
    database.close().await;
    let file = file?;
    write_report(&args.out, &file.bytes, args.overwrite)
        .with_context(|| format!("không ghi được tệp {}", args.out.display()))?;
    println!(
        "Đã ghi {} ({} byte, SHA-256 {}).",
        args.out.display(),
        file.bytes.len(),
        file.file_hash
    );
    if let Some(hash) = file.content_hash {
        println!("Mã băm nội dung báo cáo (để phê duyệt): {hash}");
    }
    Ok(())
}

/// Writes `bytes` to `path`, never over an existing file unless `overwrite`.
fn write_report(path: &std::path::Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
