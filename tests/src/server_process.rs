//! A real `chamdiem serve` process, for tests and runs that kill servers
//! with SIGKILL and start them again on the same port.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long a server may take to answer `/healthz` after it starts.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The `chamdiem` binary: `CHAMDIEM_BIN`, else the one cargo built next to
/// the running test (`target/<profile>/chamdiem`), which `cargo test
/// --workspace` builds first; `cargo test -p chamdiem-tests` alone does not,
/// and would run whatever binary an earlier build left there.
pub fn chamdiem_binary() -> PathBuf {
    if let Ok(path) = std::env::var("CHAMDIEM_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current_exe: {e}"));
    // target/<profile>/deps/<test> → target/<profile>/chamdiem
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("no target folder above {}", exe.display()));
    let binary = profile.join("chamdiem");
    assert!(
        binary.exists(),
        "{} is missing: build it with `cargo build -p chamdiem-api` or set CHAMDIEM_BIN",
        binary.display()
    );
    binary
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|e| panic!("free port: {e}"))
}

/// One server process on a fixed port, against one store.
pub struct ServerProcess {
    binary: PathBuf,
    port: u16,
    database_url: Option<String>,
    data_dir: PathBuf,
    child: Option<Child>,
    env: Vec<(String, String)>,
    /// How many times it was killed.
    pub kills: u32,
}

impl ServerProcess {
    /// Starts a server on `port` with `database_url` (SQLite in `data_dir`
    /// without one), and waits until it answers.
    pub async fn start(
        binary: &Path,
        port: u16,
        database_url: Option<String>,
        data_dir: &Path,
    ) -> Self {
        Self::start_with_env(binary, port, database_url, data_dir, Vec::new()).await
    }

    /// [`ServerProcess::start`] with more `CHAMDIEM_*` settings in its
    /// environment.
    pub async fn start_with_env(
        binary: &Path,
        port: u16,
        database_url: Option<String>,
        data_dir: &Path,
        env: Vec<(String, String)>,
    ) -> Self {
        let mut server = Self {
            binary: binary.to_owned(),
            port,
            database_url,
            data_dir: data_dir.to_owned(),
            child: None,
            env,
            kills: 0,
        };
        server.restart().await;
        server
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the process (again) and waits until `/healthz` answers.
    pub async fn restart(&mut self) {
        let mut command = Command::new(&self.binary);
        command
            .args([
                "serve",
                "--port",
                &self.port.to_string(),
                "--graphiql",
                "false",
                // Several servers and tests share one PostgreSQL in the suite.
                "--db-max-connections",
                "8",
            ])
            .arg("--data-dir")
            .arg(&self.data_dir)
            .env_remove("DATABASE_URL")
            .env_remove("CHAMDIEM_DATABASE_URL")
            .env("RUST_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(self.log_file());
        if let Some(url) = &self.database_url {
            command.env("CHAMDIEM_DATABASE_URL", url);
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", self.binary.display()));
        self.child = Some(child);
        let client = reqwest::Client::new();
        let started = tokio::time::Instant::now();
        loop {
            let answer = client
                .get(format!("{}/healthz", self.address()))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("the server on port {} exited: {status}", self.port);
            }
            assert!(
                started.elapsed() < START_TIMEOUT,
                "the server on port {} did not start",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Where its warnings and errors go: `server-PORT.log` in its data
    /// folder, appended across restarts.
    pub fn log_path(&self) -> PathBuf {
        self.data_dir.join(format!("server-{}.log", self.port))
    }

    fn log_file(&self) -> Stdio {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .map(Stdio::from)
            .unwrap_or_else(|_| Stdio::null())
    }

    /// SIGKILL: no graceful stop, whatever it was doing.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
            self.kills += 1;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}
