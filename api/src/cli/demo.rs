//! `chamdiem demo seed --scale province|national [--seed N]`: a
//! demonstration year generated through the command layer, into an empty
//! database, with a progress bar; the read models are brought up to date
//! afterwards.

use chamdiem_commands::demo::{DEMO_PASSWORD, DemoOptions, DemoScale, seed_demo};
use chamdiem_projections::Projector;
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::StoreArgs;

/// `chamdiem demo …`.
#[derive(Debug, Clone, Subcommand)]
pub enum DemoCommand {
    /// Generate a demonstration year into an empty database.
    Seed(SeedArgs),
}

/// How large a deployment.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    /// Thanh Hóa's 53 units.
    Province,
    /// 34 provinces, about 3,900 units, more than a million events.
    National,
}

/// Options of `chamdiem demo seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// How large.
    #[arg(long, value_enum, default_value = "province")]
    pub scale: ScaleArg,
    /// The seed of every choice: the same seed, the same year.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Units or appraisers worked on at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
}

/// Runs a demo subcommand.
pub async fn run(store: &StoreArgs, command: DemoCommand) -> anyhow::Result<()> {
    let DemoCommand::Seed(args) = command;
    let database = store.open_migrated().await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:28} {bar:40} {pos}/{len} ({per_sec}, còn {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let options = DemoOptions {
        scale: match args.scale {
            ScaleArg::Province => DemoScale::Province,
            ScaleArg::National => DemoScale::National,
        },
        seed: args.seed,
        concurrency: args.concurrency,
    };
    let report = seed_demo(
        &database,
        &store.seal_key()?,
        &options,
        &|stage, done, total| {
            bar.set_message(stage.to_owned());
            bar.set_length(total);
            bar.set_position(done);
        },
    )
    .await;
    bar.finish_and_clear();
    let report = report?;
    let seeded = started.elapsed();
    let projected = Projector::new(database.clone()).catch_up().await?;
    database.close().await;
    println!(
        "Đã tạo dữ liệu mẫu: {} đơn vị, {} tài khoản, {} kỳ đánh giá, {} sự kiện trong {:.1} giây ({:.0} sự kiện/giây); {} sự kiện đã vào bảng đọc.",
        report.units,
        report.accounts,
        report.periods,
        report.events,
        seeded.as_secs_f64(),
        report.events as f64 / seeded.as_secs_f64().max(f64::EPSILON),
        projected
    );
    println!("Mật khẩu của mọi tài khoản mẫu (quantri, ld.<mã đơn vị>, td.…): {DEMO_PASSWORD}");
    Ok(())
}
