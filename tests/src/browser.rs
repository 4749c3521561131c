//! A real headless Chromium driven through WebDriver (Debian's `chromium`
//! and `chromium-driver`, installed by the test script), as an official's
//! browser would use the pages. No host but the test server's resolves, so
//! a page that needs the internet shows it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value, json};

use crate::free_port;

/// A browser and the driver it runs under; both stop when dropped.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `chromedriver` and a headless Chromium under it.
    pub async fn start() -> Self {
        let driver_binary =
            std::env::var("CHAMDIEM_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let browser_binary =
            std::env::var("CHAMDIEM_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let port = free_port();
        let driver = Command::new(&driver_binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{driver_binary}: {e} (ops/test.sh installs chromium-driver)")
            });
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut capabilities = Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": browser_binary,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-first-run",
                    "--disable-extensions",
                    "--disable-background-networking",
                    "--window-size=1280,900",
                    "--lang=vi",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("chromedriver did not start: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Self {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    /// The path of the page shown now (`/dang-nhap`), with its query.
    pub async fn path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The first element matching `css`.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.element(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Whether an element matches `css`.
    pub async fn has(&self, css: &str) -> bool {
        self.client
            .find_all(Locator::Css(css))
            .await
            .is_ok_and(|found| !found.is_empty())
    }

    /// The current value of the input matching `css`.
    pub async fn value(&self, css: &str) -> String {
        self.element(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .unwrap_or_default()
    }

    /// Types `text` into the input matching `css`.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.element(css).await;
        field.clear().await.unwrap_or_else(|e| panic!("{css}: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }

    /// Resizes the window (a phone is about 390 × 844).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("{width}×{height}: {e}"));
    }

    /// Whether the page is wider than the window (a sideways scroll).
    pub async fn overflows_sideways(&self) -> bool {
        self.run("return document.documentElement.scrollWidth > window.innerWidth")
            .await
            == Value::Bool(true)
    }

    /// Puts the file at `path` into the file input matching `css`.
    pub async fn attach(&self, css: &str, path: &std::path::Path) {
        self.element(css)
            .await
            .send_keys(&path.display().to_string())
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }

    /// Picks the option whose value is `value` in the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.element(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{css} = {value}: {e}"));
    }

    /// Clicks a control that stays on the page (a radio button, a box).
    pub async fn choose(&self, css: &str) {
        self.element(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }

    /// Clicks the element matching `css` and waits until the browser shows
    /// the page it leads to (a click does not wait for the navigation it
    /// starts: the old page's root element is marked and a new one awaited,
    /// whether the browser navigates or the page's script writes the
    /// server's answer in place).
    pub async fn click(&self, css: &str) {
        self.run("document.documentElement.dataset.chamdiemOldPage = 'yes'; return null")
            .await;
        self.element(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        let started = Instant::now();
        loop {
            let loaded = self
                .client
                .execute(
                    "return document.documentElement.dataset.chamdiemOldPage === undefined && document.readyState === 'complete'",
                    Vec::new(),
                )
                .await
                .is_ok_and(|answer| answer == Value::Bool(true));
            if loaded {
                return;
            }
            if started.elapsed() > Duration::from_secs(15) {
                panic!("clicking {css} led to no new page within 15 s");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The page's HTML as the browser has it.
    pub async fn source(&self) -> String {
        self.client.source().await.unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs `script` in the page and answers its result.
    pub async fn run(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The serious and critical accessibility violations of the page shown
    /// now, by axe-core (WCAG 2.1 A and AA rules) run inside it: one line
    /// per violation with its rule and the elements at fault.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");
        self.client
            .execute(&format!("{AXE}\nreturn true;"), Vec::new())
            .await
            .unwrap_or_else(|e| panic!("axe-core did not load: {e}"));
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                    .then(r => done(r.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                            + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe-core failed: ' + e]));",
                Vec::new(),
            )
            .await
            .unwrap_or_else(|e| panic!("axe-core did not run: {e}"));
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|line| line.as_str().map(str::to_owned))
            .collect()
    }

    /// Saves a screenshot of the page as `target/screenshots/{name}.png`
    /// (an artifact for reviewers; the README shows some).
    pub async fn screenshot(&self, name: &str) {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join(format!("{name}.png")), png).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Ends the browser session and the driver.
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
