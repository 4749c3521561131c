//! The `chamdiem` command line. Every option can also be set with a
//! `CHAMDIEM_*` environment variable; `DATABASE_URL` is honoured as well.

mod audit;
mod bootstrap_admin;
mod demo;
mod export;
mod migrate;
mod projections;
mod serve;

use std::path::PathBuf;

use anyhow::Context as _;
use chamdiem_commands::store::{Database, SealKey, StoreConfig};
use clap::{Args, Parser, Subcommand};

pub use bootstrap_admin::BootstrapAdminArgs;
pub use serve::ServeArgs;

use crate::telemetry::LogFormat;

/// chamdiem: scoring the Administrative Reform Index and task completion.
#[derive(Debug, Parser)]
#[command(name = "chamdiem", version)]
pub struct Cli {
    /// Where the data lives.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Server options when no subcommand is given (`chamdiem --port 9000`).
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Log line format.
    #[arg(
        long,
        env = "CHAMDIEM_LOG_FORMAT",
        value_enum,
        default_value_t,
        global = true
    )]
    pub log_format: LogFormat,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Apply the database migrations and exit.
    Migrate,
    /// Issue the first administrator account (refused once one exists).
    BootstrapAdmin(BootstrapAdminArgs),
    /// Work on the read models.
    #[command(subcommand)]
    Projections(projections::ProjectionsCommand),
    /// The integrity chain: keys, signed checkpoints, verification, archives.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Demonstration data.
    #[command(subcommand)]
    Demo(demo::DemoCommand),
    /// Write a report (self-assessment, appraisal, ranking, audit trail)
    /// as XLSX or CSV.
    Export(export::ExportArgs),
}

/// Which store to use.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// PostgreSQL connection URL (postgres://…). Without it the embedded SQLite
    /// store in the data folder is used. `DATABASE_URL` is read too.
    #[arg(
        long,
        env = "CHAMDIEM_DATABASE_URL",
        hide_env_values = true,
        global = true
    )]
    pub database_url: Option<String>,
    /// Folder for the embedded database and other files; created if missing.
    #[arg(
        long,
        env = "CHAMDIEM_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// The server's own key that seals every append (ops/decisions/0018);
    /// by default `seal.key` in the data folder, created at first use. Keep
    /// it where the database's users cannot read it.
    #[arg(long, env = "CHAMDIEM_SEAL_KEY", global = true)]
    pub seal_key: Option<PathBuf>,
    /// Largest number of database connections the server opens.
    #[arg(
        long,
        env = "CHAMDIEM_DB_MAX_CONNECTIONS",
        default_value_t = 16,
        global = true
    )]
    pub db_max_connections: u32,
}

impl StoreArgs {
    /// The chosen store: `--database-url`, else `DATABASE_URL`, else SQLite.
    pub fn config(&self) -> StoreConfig {
        let url = self
            .database_url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok());
        StoreConfig::choose(url.as_deref(), &self.data_dir)
    }

    /// The seal key's file.
    pub fn seal_key_path(&self) -> PathBuf {
        self.seal_key
            .clone()
            .unwrap_or_else(|| self.data_dir.join("seal.key"))
    }

    /// The seal key, created on first use.
    pub fn seal_key(&self) -> anyhow::Result<SealKey> {
        Ok(SealKey::load_or_create(&self.seal_key_path())?)
    }

    /// Opens a store that must hold data already (exports, audits, rebuilds):
    /// a mistyped `--data-dir` would otherwise create an empty store and
    /// answer from it as if the year had never happened.
    pub async fn open_existing(&self) -> anyhow::Result<Database> {
        if let StoreConfig::Sqlite { path } = self.config()
            && !path.is_file()
        {
            anyhow::bail!(
                "không có kho dữ liệu tại {}: kiểm tra --data-dir (hoặc CHAMDIEM_DATA_DIR)",
                path.display()
            );
        }
        self.open_migrated().await
    }

    /// Opens the store and brings its schema up to date.
    pub async fn open_migrated(&self) -> anyhow::Result<Database> {
        let database = Database::connect(&self.config(), self.db_max_connections).await?;
        database
            .migrate()
            .await
            .context("cơ sở dữ liệu chưa sẵn sàng")?;
        Ok(database)
    }
}

impl Cli {
    /// The command line as parsed from `matches`, refusing server options
    /// written before a subcommand: they would apply to no one (`chamdiem
    /// --port 9000 serve` reads `serve`'s own port), and an option silently
    /// ignored is worse than one refused.
    pub fn from_matches(matches: &clap::ArgMatches) -> anyhow::Result<Self> {
        use clap::FromArgMatches as _;
        let cli = Self::from_arg_matches(matches)?;
        if let Some(command) = matches.subcommand_name() {
            let serve_options = ServeArgs::augment_args(clap::Command::new("serve"));
            let misplaced: Vec<String> = serve_options
                .get_arguments()
                .filter(|arg| {
                    matches.value_source(arg.get_id().as_str())
                        == Some(clap::parser::ValueSource::CommandLine)
                })
                .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
                .collect();
            if !misplaced.is_empty() {
                anyhow::bail!(
                    "{} đặt trước lệnh \"{command}\" không có tác dụng; hãy đặt sau tên lệnh \
                     (ví dụ: chamdiem {command} {} …)",
                    misplaced.join(", "),
                    misplaced[0]
                );
            }
        }
        Ok(cli)
    }

    /// Runs the chosen subcommand.
    pub async fn run(self) -> anyhow::Result<()> {
        match self.command {
            None => serve::run(&self.store, self.serve).await,
            Some(Command::Serve(args)) => serve::run(&self.store, args).await,
            Some(Command::Migrate) => migrate::run(&self.store).await,
            Some(Command::BootstrapAdmin(args)) => bootstrap_admin::run(&self.store, args).await,
            Some(Command::Projections(command)) => projections::run(&self.store, command).await,
            Some(Command::Audit(command)) => audit::run(&self.store, command).await,
            Some(Command::Export(args)) => export::run(&self.store, args).await,
            Some(Command::Demo(command)) => demo::run(&self.store, command).await,
        }
    }
}
