use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use chamdiem_api::startup::{Application, ServerSettings};
use chamdiem_commands::sessions::SessionSettings;
use chamdiem_commands::store::SealKey;
use tokio::sync::oneshot;

use crate::{TestDatabase, TestStore};

/// How a test's server differs from the default one.
pub struct SpawnOptions {
    /// What decides deadlines and stamps events.
    pub clock: Arc<dyn chamdiem_commands::clock::Clock>,
    /// Session lifetime and sign-in throttling.
    pub sessions: SessionSettings,
    /// Peers whose `X-Forwarded-For` names the client (127.0.0.1 lets a
    /// test speak for several client addresses).
    pub trusted_proxies: Vec<IpAddr>,
    /// The keys whose checkpoints `verifyHistory` trusts.
    pub audit_trusted_keys: chamdiem_commands::integrity::TrustedKeys,
    /// Whether introspection is answered.
    pub introspection: bool,
    /// The largest request body, uploads excepted.
    pub body_limit: usize,
    /// The largest evidence file.
    pub upload_limit: usize,
    /// Whether anyone may read published results without signing in.
    pub public_results: bool,
    /// Other web origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
}

impl Default for SpawnOptions {
    fn default() -> Self {
        Self {
            clock: Arc::new(chamdiem_commands::clock::SystemClock),
            sessions: SessionSettings::default(),
            trusted_proxies: Vec::new(),
            audit_trusted_keys: chamdiem_commands::integrity::TrustedKeys::default(),
            introspection: true,
            body_limit: 2 * 1024 * 1024,
            upload_limit: 1024 * 1024,
            public_results: false,
            cors_origins: Vec::new(),
        }
    }
}

/// The real server, on a free port, against a fresh database of its own.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// An HTTP client for it.
    pub client: reqwest::Client,
    /// The database behind it.
    pub database: TestDatabase,
    /// The folder of its evidence files.
    pub evidence: tempfile::TempDir,
    /// The key that seals what it appends (for a test's own appends).
    pub seal_key: SealKey,
    stop: Option<oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    /// Starts the server on port 0 against a fresh database on `store`.
    pub async fn spawn(store: TestStore) -> Self {
        Self::spawn_with_clock(store, Arc::new(chamdiem_commands::clock::SystemClock)).await
    }

    /// Starts the server deciding deadlines by `clock`.
    pub async fn spawn_with_clock(
        store: TestStore,
        clock: Arc<dyn chamdiem_commands::clock::Clock>,
    ) -> Self {
        Self::spawn_with(
            store,
            SpawnOptions {
                clock,
                ..SpawnOptions::default()
            },
        )
        .await
    }

    /// Starts the server with `options`.
    pub async fn spawn_with(store: TestStore, options: SpawnOptions) -> Self {
        let database = TestDatabase::open(store).await;
        let evidence = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let clock = options.clock;
        let seal_key = SealKey::generate();
        let settings = ServerSettings {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            graphiql: true,
            introspection: options.introspection,
            body_limit: options.body_limit,
            upload_limit: options.upload_limit,
            evidence: chamdiem_commands::evidence_store::EvidenceStore::local(evidence.path())
                .unwrap_or_else(|e| panic!("{e}")),
            province: "Thanh Hóa".to_owned(),
            trusted_proxies: options.trusted_proxies,
            sessions: options.sessions,
            public_results: options.public_results,
            cors_origins: chamdiem_api::cors_origins::CorsOrigins::parse(&options.cors_origins)
                .unwrap_or_else(|e| panic!("{e}")),
            audit_trusted_keys: options.audit_trusted_keys,
            audit_trusted_seal_keys: Default::default(),
            seal_key: seal_key.clone(),
        };
        let application =
            Application::build_with_clock(&settings, database.database.clone(), clock)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        let address = format!("http://127.0.0.1:{}", application.port());
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(application.run_until_stopped(async {
            stopped.await.ok();
        }));
        Self {
            address,
            client: reqwest::Client::new(),
            database,
            evidence,
            seal_key,
            stop: Some(stop),
            served: Some(served),
        }
    }

    /// Stops the in-process server (its projector and process managers
    /// too) and waits until it has, keeping the database: for tests that
    /// go on with server processes of their own.
    pub async fn stop_server(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        if let Some(served) = self.served.take() {
            served.await.ok();
        }
    }

    /// The position of the last event in the log (0 when empty).
    pub async fn log_head(&self) -> i64 {
        self.database
            .log_head()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .get()
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// Posts a GraphQL multipart request whose variable `f` is one file
    /// (name, bytes, media type), as `token`, and returns the JSON answer.
    pub async fn graphql_upload(
        &self,
        token: &str,
        query: &str,
        variables: serde_json::Value,
        file: (&str, Vec<u8>, &str),
    ) -> serde_json::Value {
        self.graphql_upload_into(token, query, variables, "f", file)
            .await
    }

    /// Posts a GraphQL multipart request whose variable `variable` is one
    /// file (name, bytes, media type), as `token`, and returns the JSON answer.
    pub async fn graphql_upload_into(
        &self,
        token: &str,
        query: &str,
        variables: serde_json::Value,
        variable: &str,
        (file_name, bytes, media_type): (&str, Vec<u8>, &str),
    ) -> serde_json::Value {
        use reqwest::multipart::{Form, Part};
        let operations = serde_json::json!({ "query": query, "variables": variables });
        let form = Form::new()
            .text("operations", operations.to_string())
            .text(
                "map",
                serde_json::json!({ "0": [format!("variables.{variable}")] }).to_string(),
            )
            .part(
                "0",
                Part::bytes(bytes)
                    .file_name(file_name.to_owned())
                    .mime_str(media_type)
                    .unwrap_or_else(|e| panic!("{e}")),
            );
        self.client
            .post(format!("{}/graphql", self.address))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /graphql: {e}"))
            .json()
            .await
            .unwrap_or_default()
    }

    /// Posts a GraphQL query and returns the JSON answer.
    pub async fn graphql(&self, query: &str) -> serde_json::Value {
        self.graphql_as(None, query, serde_json::json!({})).await
    }

    /// Posts a GraphQL query with variables, carrying `token` as a bearer
    /// token when given, and returns the JSON answer.
    pub async fn graphql_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&serde_json::json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /graphql: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("POST /graphql answer: {e}"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
    }
}
