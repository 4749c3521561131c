//! Building the server: bind, route, serve until told to stop.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use crate::graphql::TrustedSealers;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::middleware;
use axum::routing::get;
use chamdiem_commands::clock::{Clock, SystemClock};
use chamdiem_commands::evidence_store::EvidenceStore;
use chamdiem_commands::gate::Gate;
use chamdiem_commands::integrity::TrustedKeys;
use chamdiem_commands::process_managers::ProcessManagers;
use chamdiem_commands::sessions::{SessionSettings, Sessions};
use chamdiem_commands::store::{Database, SealKey, seal_earlier_history};
use chamdiem_commands::write_side::WriteSide;
use chamdiem_projections::Projector;
use metrics_exporter_prometheus::BuildError;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::cors_origins::CorsOrigins;
use crate::database_watch::DatabaseWatch;
use crate::graphql::{Services, build_schema};
use crate::state::AppState;
use crate::{http_metrics, routes};

/// How the server listens and what it serves.
#[derive(Clone)]
pub struct ServerSettings {
    /// The address to listen on.
    pub host: IpAddr,
    /// The port; 0 picks a free one (tests).
    pub port: u16,
    /// Serve GraphiQL on `GET /graphql`.
    pub graphiql: bool,
    /// Answer GraphQL introspection queries.
    pub introspection: bool,
    /// The largest request body accepted, in bytes (uploads excepted).
    pub body_limit: usize,
    /// The largest evidence file accepted, in bytes.
    pub upload_limit: usize,
    /// Where evidence files are kept.
    pub evidence: EvidenceStore,
    /// The province named in the header of every report.
    pub province: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// Session lifetime and sign-in throttling.
    pub sessions: SessionSettings,
    /// Whether anyone may read published results without signing in.
    pub public_results: bool,
    /// Other web origins allowed to call the API from a browser.
    pub cors_origins: CorsOrigins,
    /// The keys whose checkpoints `verifyHistory` trusts.
    pub audit_trusted_keys: TrustedKeys,
    /// Earlier seal keys whose seals `verifyHistory` still trusts (the
    /// server's own is always trusted).
    pub audit_trusted_seal_keys: TrustedKeys,
    /// The key that seals every append (ops/decisions/0018).
    pub seal_key: SealKey,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The address could not be bound (port in use, no permission…).
    #[error("không mở được cổng {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The metrics recorder could not be installed.
    #[error("không khởi tạo được bộ đếm số liệu: {0}")]
    Metrics(#[from] BuildError),
    /// The history written before sealing could not be sealed.
    #[error("không niêm phong được lịch sử có sẵn: {0}")]
    Store(#[from] chamdiem_commands::store::StoreError),
}

/// Room for a multipart request's other parts around an evidence file.
pub const UPLOAD_OVERHEAD: usize = 64 * 1024;

/// How often, at the latest, the projector and the process managers look for
/// new events; a command committed in this process wakes them at once.
const BACKGROUND_INTERVAL: Duration = Duration::from_millis(200);

/// The server, bound and ready to run, with the process managers that run
/// beside it.
pub struct Application {
    listener: TcpListener,
    router: Router,
    local_addr: SocketAddr,
    process_managers: Arc<ProcessManagers>,
    projector: Projector,
    database: Database,
    database_watch: DatabaseWatch,
}

impl Application {
    /// Binds the listener and builds the routes. The database must already be
    /// migrated.
    pub async fn build(
        settings: &ServerSettings,
        database: Database,
    ) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, database, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`], deciding deadlines by `clock` (tests walk
    /// through a year with a clock they move).
    pub async fn build_with_clock(
        settings: &ServerSettings,
        database: Database,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StartupError> {
        let address = SocketAddr::new(settings.host, settings.port);
        let bind_error = |source| StartupError::Bind { address, source };
        let listener = TcpListener::bind(address).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        if let Some(head) = seal_earlier_history(&database, &settings.seal_key).await? {
            tracing::warn!(
                head,
                "the history written before sealing began is sealed now, up to this position"
            );
        }
        let projector = Projector::new(database.clone());
        let write_side = WriteSide::new(database.clone(), clock, settings.seal_key.clone());
        let sessions = Sessions::new(write_side.clone(), settings.sessions);
        let database_watch = DatabaseWatch::default();
        let state = AppState {
            database_watch: database_watch.clone(),
            projector: projector.clone(),
            sessions: sessions.clone(),
            schema: build_schema(
                settings.introspection,
                Some(Services {
                    database: database.clone(),
                    sessions,
                    gate: Gate::new(write_side.clone()),
                    projector: projector.clone(),
                    evidence: settings.evidence.clone(),
                    upload_limit: settings.upload_limit,
                    trusted_keys: settings.audit_trusted_keys.clone(),
                    trusted_sealers: TrustedSealers(
                        settings
                            .audit_trusted_seal_keys
                            .clone()
                            .with(settings.seal_key.public_key_bytes()),
                    ),
                    public_results: settings.public_results,
                }),
            ),
            database: database.clone(),
            metrics: http_metrics::recorder()?,
            graphiql: settings.graphiql,
            evidence: settings.evidence.clone(),
            upload_limit: settings.upload_limit,
            body_limit: settings.body_limit,
            province: settings.province.clone(),
            trusted_proxies: settings.trusted_proxies.clone().into(),
            account_sockets: routes::graphql_ws::AccountSockets::default(),
        };
        Ok(Self {
            listener,
            router: router(
                state,
                settings
                    .body_limit
                    .max(settings.upload_limit + UPLOAD_OVERHEAD),
                &settings.cors_origins,
            ),
            local_addr,
            process_managers: Arc::new(ProcessManagers::new(write_side)),
            projector,
            database,
            database_watch,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// Serves, and runs the process managers, until `shutdown` completes;
    /// then lets requests in flight finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let watcher = tokio::spawn(self.database_watch.run(self.database, stopped.clone()));
        let background = tokio::spawn(run_in_background(
            self.process_managers,
            self.projector,
            stopped,
        ));
        let shutdown = async move {
            shutdown.await;
            stop.send_replace(true);
        };
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        background.await.ok();
        watcher.await.ok();
        served
    }
}

/// Catches the read models and the process managers up with the log, again
/// and again, until told to stop. A failed pass (the database away, say) is
/// retried on the next tick.
async fn run_in_background(
    managers: Arc<ProcessManagers>,
    projector: Projector,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        if let Err(error) = projector.catch_up().await {
            tracing::warn!(%error, "projector: pass failed; will retry");
        }
        if let Err(error) = managers.catch_up().await {
            tracing::warn!(code = error.code().as_str(), %error, "process managers: pass failed; will retry");
        }
        // Also refreshes the lag gauge.
        projector.lag().await.ok();
        tokio::select! {
            _ = stopped.changed() => return,
            () = projector.woken() => {}
            () = tokio::time::sleep(BACKGROUND_INTERVAL) => {}
        }
    }
}

/// The routes; `body_limit` is the most any request may carry (uploads
/// included); the GraphQL handler holds JSON bodies to the lower limit.
fn router(state: AppState, body_limit: usize, cors: &CorsOrigins) -> Router {
    let layers = ServiceBuilder::new()
        .layer(middleware::map_request(
            routes::request_id::drop_unusable_request_id,
        ))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let request_id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|value| value.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path(),
                        request_id,
                    )
                })
                // One log line per answered request, with its status and
                // its latency as numbers a log collector can compute with.
                .on_response(LogAnswer),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(http_metrics::track))
        .layer(DefaultBodyLimit::max(body_limit))
        // The 413 below in the same JSON as every other refusal (a
        // builder's first layers are the outer ones).
        .layer(middleware::map_response(
            routes::graphql_rejection::json_payload_too_large,
        ))
        // Answers 413 up front when the declared length is over the limit.
        .layer(RequestBodyLimitLayer::new(body_limit));
    let router = Router::new()
        .route(
            "/graphql",
            get(routes::graphql::execute_or_page).post(routes::graphql::execute),
        )
        .route("/graphql/ws", get(routes::graphql_ws::subscriptions))
        .route("/graphiql/{file}", get(routes::graphiql::asset))
        .route("/evidence/{hash}", get(routes::evidence::download))
        .route("/reports/{report}", get(routes::reports::download))
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .route("/metrics", get(routes::metrics::metrics))
        .merge(crate::pages::routes())
        .layer(middleware::map_response(no_sniffing))
        .layer(layers)
        .with_state(state);
    // Outermost, so that a browser's preflight is answered before any other
    // layer looks at it.
    match cors.layer() {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// Logs one line per answered request: its status and its latency in
/// milliseconds, as numbers a log collector can compute with.
#[derive(Clone, Copy)]
struct LogAnswer;

impl<B> tower_http::trace::OnResponse<B> for LogAnswer {
    fn on_response(self, response: &axum::http::Response<B>, latency: Duration, _: &tracing::Span) {
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = latency.as_secs_f64() * 1000.0,
            "answered"
        );
    }
}

/// Every answer tells browsers to take its declared type as it is, so that
/// nothing served (an error page, a JSON answer, a file) is ever run as a
/// page of its own.
async fn no_sniffing(mut response: axum::response::Response) -> axum::response::Response {
    response
        .headers_mut()
        .entry(axum::http::header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(axum::http::HeaderValue::from_static("nosniff"));
    response
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
