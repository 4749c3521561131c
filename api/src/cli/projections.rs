use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use super::StoreArgs;
use chamdiem_projections::Projector;

/// `chamdiem projections …`.
#[derive(Debug, Clone, Subcommand)]
pub enum ProjectionsCommand {
    /// Empty every read model and replay the whole log.
    Rebuild,
}

/// Runs a projections subcommand.
pub async fn run(store: &StoreArgs, command: ProjectionsCommand) -> anyhow::Result<()> {
    let database = store.open_existing().await?;
    match command {
        ProjectionsCommand::Rebuild => {
            let projector = Projector::new(database.clone());
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} sự kiện ({per_sec}, còn {eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let report = projector
                .rebuild(|done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                })
                .await?;
            bar.finish_and_clear();
            println!(
                "Đã dựng lại các bảng đọc: {} sự kiện trong {:.2} giây ({:.0} sự kiện/giây).",
                report.events,
                report.elapsed.as_secs_f64(),
                report.events_per_second()
            );
        }
    }
    database.close().await;
    Ok(())
}
