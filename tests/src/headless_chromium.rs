//! A real headless Chromium (Debian's `chromium`, installed by the test
//! script) that loads a page of the test server and gives back the DOM once
//! its scripts have run. No other host resolves: a page that needs the
//! internet shows it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a page may take, at most, before the browser is stopped.
const LIMIT: Duration = Duration::from_secs(60);

/// The DOM of `url` after `budget` of the page's own (virtual) time.
pub async fn rendered_dom(url: &str, budget: Duration) -> String {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || run(&url, budget))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn run(url: &str, budget: Duration) -> String {
    let binary = std::env::var("CHAMDIEM_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(&binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            // Every host but the test server's fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--virtual-time-budget={}", budget.as_millis()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{binary}: {e} (ops/test.sh installs chromium)"));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > LIMIT => {
                let _ = child.kill();
                panic!("chromium did not finish {url} within {LIMIT:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(error) => panic!("{error}"),
        }
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&output.stdout).into_owned()
}
