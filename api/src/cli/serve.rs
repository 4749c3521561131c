use std::net::{IpAddr, Ipv4Addr};

use chamdiem_commands::evidence_store::EvidenceStore;
use chamdiem_commands::integrity::TrustedKeys;
use clap::Args;

use super::StoreArgs;
use crate::cors_origins::CorsOrigins;
use crate::startup::{Application, ServerSettings, shutdown_signal};

/// Options of `chamdiem serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CHAMDIEM_HOST", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "CHAMDIEM_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Serve GraphiQL on GET /graphql (switch off in production if wanted).
    #[arg(long, env = "CHAMDIEM_GRAPHIQL", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphiql: bool,
    /// Answer GraphQL introspection queries.
    #[arg(long, env = "CHAMDIEM_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
    /// Largest request body accepted, in bytes (evidence uploads excepted).
    #[arg(long, env = "CHAMDIEM_BODY_LIMIT", default_value_t = 2 * 1024 * 1024)]
    pub body_limit: usize,
    /// Largest evidence file accepted, in bytes.
    #[arg(long, env = "CHAMDIEM_UPLOAD_LIMIT", default_value_t = 20 * 1024 * 1024)]
    pub upload_limit: usize,
    /// Where evidence files go: `s3://bucket/prefix` (credentials from the
    /// usual AWS_* variables); by default the `evidence` folder of the data folder.
    #[arg(long, env = "CHAMDIEM_EVIDENCE_URL")]
    pub evidence_url: Option<String>,
    /// The province named in the header of every report.
    #[arg(long, env = "CHAMDIEM_PROVINCE", default_value = "Thanh Hóa")]
    pub province: String,
    /// Addresses of reverse proxies in front of the server, comma-separated:
    /// from these the client is read from `X-Forwarded-For` (what events
    /// record as "from where"); from anyone else the header is ignored.
    #[arg(long, env = "CHAMDIEM_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Let anyone read the published ranking without signing in (results
    /// are public once published; the administrator decides whether this
    /// server shows them to people without an account).
    #[arg(long, env = "CHAMDIEM_PUBLIC_RESULTS", default_value_t = false, action = clap::ArgAction::Set)]
    pub public_results: bool,
    /// Other web origins allowed to call the API from a browser
    /// (`https://host[:port]`, comma-separated); none by default.
    #[arg(long, env = "CHAMDIEM_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Public keys (hex, comma-separated) whose signed checkpoints
    /// `verifyHistory` trusts; a checkpoint signed by any other key fails.
    #[arg(long, env = "CHAMDIEM_AUDIT_TRUSTED_KEYS", value_delimiter = ',')]
    pub audit_trusted_keys: Vec<String>,
    /// Public keys (hex, comma-separated) of earlier seal keys whose seals
    /// `verifyHistory` still trusts; the server's own key is always trusted.
    #[arg(long, env = "CHAMDIEM_AUDIT_TRUSTED_SEAL_KEYS", value_delimiter = ',')]
    pub audit_trusted_seal_keys: Vec<String>,
}

impl ServeArgs {
    fn settings(&self, store: &StoreArgs) -> anyhow::Result<ServerSettings> {
        let evidence = match &self.evidence_url {
            Some(url) => EvidenceStore::from_url(url)?,
            None => EvidenceStore::local(&store.data_dir)?,
        };
        Ok(ServerSettings {
            host: self.host,
            port: self.port,
            graphiql: self.graphiql,
            introspection: self.introspection,
            body_limit: self.body_limit,
            upload_limit: self.upload_limit,
            evidence,
            province: self.province.clone(),
            trusted_proxies: self.trusted_proxies.clone(),
            sessions: chamdiem_commands::sessions::SessionSettings::default(),
            public_results: self.public_results,
            cors_origins: CorsOrigins::parse(&self.cors_origins)?,
            audit_trusted_keys: TrustedKeys::parse(&self.audit_trusted_keys)?,
            audit_trusted_seal_keys: TrustedKeys::parse(&self.audit_trusted_seal_keys)?,
            seal_key: store.seal_key()?,
        })
    }
}

/// Opens and migrates the store, binds, and serves until SIGINT or SIGTERM.
pub async fn run(store: &StoreArgs, args: ServeArgs) -> anyhow::Result<()> {
    let database = store.open_migrated().await?;
    let application = Application::build(&args.settings(store)?, database.clone()).await?;
    tracing::info!(
        address = %application.local_addr(),
        store = database.kind().name(),
        graphiql = args.graphiql,
        "chamdiem is serving: the pages on /, GraphQL on /graphql{}",
        if args.graphiql { " (GraphiQL there too)" } else { "" }
    );
    application.run_until_stopped(shutdown_signal()).await?;
    database.close().await;
    tracing::info!("chamdiem stopped");
    Ok(())
}
