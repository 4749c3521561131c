//! Deadline-night load: many clients entering scores at once, half of them
//! on the same few units (so that their writes conflict), half spread out,
//! against one or more servers; and the check that afterwards every
//! acknowledged entry is in the log exactly once and no refused one is.
//!
//! Each attempt carries its own `x-request-id`, which the server writes into
//! the metadata of the events it appends: that is how an answer is matched
//! to the log.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chamdiem_commands::store::{Database, LogPosition};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::api_year::PAR;
use crate::{TestApp, api_year_with_neighbours, unit_account};

/// How long one request may take before the client gives up on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

const ENTER: &str = "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(periodId: $p, unitId: $u, leafCode: $l, entry: $e) }";

/// A unit the load writes to, with a token allowed to.
#[derive(Debug, Clone)]
pub struct LoadUnit {
    /// The unit's id.
    pub unit: String,
    /// A bearer token of one of its accounts.
    pub token: String,
}

/// A leaf and the scores it accepts.
#[derive(Debug, Clone)]
pub struct LoadLeaf {
    /// Its code.
    pub code: String,
    /// Scores an entry may have.
    pub scores: Vec<String>,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// The servers' base addresses; clients go round them and move on to
    /// the next when one stops answering.
    pub servers: Vec<String>,
    /// How many clients at once.
    pub clients: usize,
    /// How long they keep sending.
    pub duration: Duration,
    /// The period.
    pub period: String,
    /// The few units half the clients share.
    pub hot: Vec<LoadUnit>,
    /// The units the other half spread over.
    pub spread: Vec<LoadUnit>,
    /// The leaves entered.
    pub leaves: Vec<LoadLeaf>,
    /// How many times a client retries an entry answered CONFLICT.
    pub conflict_retries: u32,
    /// Goes into every request id, so that runs against one log keep
    /// their attempts apart.
    pub label: String,
}

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ending {
    Acknowledged,
    Refused,
    Unknown,
}

/// What the clients saw.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    /// Every attempt's request id, how it ended, and when.
    attempts: Vec<(String, Ending, tokio::time::Instant)>,
    /// Refusals by `extensions.code`.
    pub errors_by_code: BTreeMap<String, u64>,
    /// Answers by HTTP status.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no HTTP answer (refused connection, reset, timeout).
    pub transport_errors: u64,
    /// Retries after a CONFLICT.
    pub conflict_retries: u64,
}

impl LoadReport {
    /// Mutations the server acknowledged.
    pub fn acknowledged(&self) -> usize {
        self.count(Ending::Acknowledged)
    }

    /// Mutations acknowledged after `instant`.
    pub fn acknowledged_after(&self, instant: tokio::time::Instant) -> usize {
        self.attempts
            .iter()
            .filter(|(_, ending, at)| *ending == Ending::Acknowledged && *at > instant)
            .count()
    }

    /// The request ids of the mutations acknowledged before `instant`.
    pub fn acknowledged_before(&self, instant: tokio::time::Instant) -> Vec<&str> {
        self.attempts
            .iter()
            .filter(|(_, ending, at)| *ending == Ending::Acknowledged && *at < instant)
            .map(|(id, _, _)| id.as_str())
            .collect()
    }

    /// Attempts sent in all.
    pub fn attempts(&self) -> usize {
        self.attempts.len()
    }

    fn count(&self, ending: Ending) -> usize {
        self.attempts
            .iter()
            .filter(|(_, e, _)| *e == ending)
            .count()
    }

    /// HTTP 500 answers (there must be none).
    pub fn server_errors(&self) -> u64 {
        self.statuses.get(&500).copied().unwrap_or(0)
    }

    fn merge(&mut self, other: LoadReport) {
        self.attempts.extend(other.attempts);
        for (code, n) in other.errors_by_code {
            *self.errors_by_code.entry(code).or_default() += n;
        }
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.transport_errors += other.transport_errors;
        self.conflict_retries += other.conflict_retries;
    }

    /// Reads the whole log and matches it to the answers.
    pub async fn check_against_log(&self, database: &Database) -> LogCheck {
        let mut per_request: BTreeMap<String, u64> = BTreeMap::new();
        let mut next = LogPosition::START.next();
        let mut events = 0_u64;
        loop {
            let batch = database
                .read_from(next, 2_000)
                .await
                .unwrap_or_else(|e| panic!("reading the log: {e}"));
            let Some(last) = batch.last() else { break };
            next = last.position.next();
            for event in &batch {
                events += 1;
                let metadata: Value = serde_json::from_str(&event.metadata).unwrap_or(Value::Null);
                if let Some(id) = metadata["request_id"].as_str()
                    && id.starts_with("load-")
                {
                    *per_request.entry(id.to_owned()).or_default() += 1;
                }
            }
        }
        let mut check = LogCheck {
            events,
            ..LogCheck::default()
        };
        for (id, ending, _) in &self.attempts {
            let found = per_request.get(id).copied().unwrap_or(0);
            match (ending, found) {
                (Ending::Acknowledged, 1) => check.acknowledged_found += 1,
                (Ending::Acknowledged, _) => check
                    .problems
                    .push(format!("{id}: acknowledged, {found} events")),
                (Ending::Refused, 0) => {}
                (Ending::Refused, _) => check
                    .problems
                    .push(format!("{id}: refused, {found} events")),
                (Ending::Unknown, 0 | 1) => check.unknown_found += found,
                (Ending::Unknown, _) => check
                    .problems
                    .push(format!("{id}: no answer, {found} events")),
            }
        }
        check
    }

    /// The figures, one per line.
    pub fn summary(&self) -> String {
        format!(
            "attempts sent: {}\nmutations acknowledged: {}\nrefused: {}\nno sure answer (connection lost, UNAVAILABLE): {}\nconflict retries: {}\nerrors by code: {:?}\nHTTP statuses: {:?}",
            self.attempts(),
            self.acknowledged(),
            self.count(Ending::Refused),
            self.count(Ending::Unknown),
            self.conflict_retries,
            self.errors_by_code,
            self.statuses,
        )
    }
}

/// The log matched to the answers.
#[derive(Debug, Default)]
pub struct LogCheck {
    /// Events in the whole log.
    pub events: u64,
    /// Acknowledged mutations found exactly once.
    pub acknowledged_found: usize,
    /// Attempts without a sure answer (connection lost, UNAVAILABLE) that
    /// did reach the log (once).
    pub unknown_found: u64,
    /// Every mismatch: an acknowledged mutation missing or doubled, a
    /// refused one in the log.
    pub problems: Vec<String>,
}

/// Runs the plan; `stop` ends it early.
pub async fn run_load(plan: &LoadPlan, stop: Arc<AtomicBool>) -> LoadReport {
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(plan.clients)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let report = Arc::new(Mutex::new(LoadReport::default()));
    let deadline = tokio::time::Instant::now() + plan.duration;
    let mut clients = Vec::new();
    for index in 0..plan.clients {
        let (plan, client, report, stop) =
            (plan.clone(), client.clone(), report.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let mine = one_client(&plan, &client, index, deadline, &stop).await;
            report.lock().await.merge(mine);
        }));
    }
    for client in clients {
        client
            .await
            .unwrap_or_else(|e| panic!("a load client panicked: {e}"));
    }
    report.lock().await.clone()
}

async fn one_client(
    plan: &LoadPlan,
    client: &reqwest::Client,
    index: usize,
    deadline: tokio::time::Instant,
    stop: &AtomicBool,
) -> LoadReport {
    let mut report = LoadReport::default();
    let mut random = StdRng::seed_from_u64(index as u64);
    let hot = index % 2 == 0;
    let mut server = index % plan.servers.len().max(1);
    let mut sent = 0_u64;
    while tokio::time::Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
        let target = if hot {
            &plan.hot[random.gen_range(0..plan.hot.len())]
        } else {
            &plan.spread[(index / 2) % plan.spread.len()]
        };
        let leaf = &plan.leaves[random.gen_range(0..plan.leaves.len())];
        let score = &leaf.scores[random.gen_range(0..leaf.scores.len())];
        let variables =
            json!({ "p": plan.period, "u": target.unit, "l": leaf.code, "e": { "score": score } });
        sent += 1;
        let mut attempt = 0;
        loop {
            let id = format!("load-{}-{index}-{sent}-{attempt}", plan.label);
            let answer = client
                .post(format!("{}/graphql", plan.servers[server]))
                .bearer_auth(&target.token)
                .header("x-request-id", &id)
                .json(&json!({ "query": ENTER, "variables": variables }))
                .send()
                .await;
            let response = match answer {
                Ok(response) => response,
                Err(_) => {
                    report.transport_errors += 1;
                    report
                        .attempts
                        .push((id, Ending::Unknown, tokio::time::Instant::now()));
                    server = (server + 1) % plan.servers.len();
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    break;
                }
            };
            *report
                .statuses
                .entry(response.status().as_u16())
                .or_default() += 1;
            let body: Value = match response.json().await {
                Ok(body) => body,
                Err(_) => {
                    report.transport_errors += 1;
                    report
                        .attempts
                        .push((id, Ending::Unknown, tokio::time::Instant::now()));
                    break;
                }
            };
            if body["data"]["enterScore"] == json!(true) {
                report
                    .attempts
                    .push((id, Ending::Acknowledged, tokio::time::Instant::now()));
                break;
            }
            let code = body["errors"][0]["extensions"]["code"]
                .as_str()
                .unwrap_or("NO_CODE")
                .to_owned();
            // UNAVAILABLE may come after the commit went out and before
            // its answer came back: the outcome is unknown, as with a lost
            // connection.
            let ending = if code == "UNAVAILABLE" {
                Ending::Unknown
            } else {
                Ending::Refused
            };
            report
                .attempts
                .push((id, ending, tokio::time::Instant::now()));
            if code == "CONFLICT" && attempt < plan.conflict_retries {
                attempt += 1;
                report.conflict_retries += 1;
                continue;
            }
            *report.errors_by_code.entry(code.clone()).or_default() += 1;
            if code == "UNAVAILABLE" {
                // The database is away: back off a little before the next.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            break;
        }
    }
    report
}

/// Sets a year up through the API for a load: `hot + spread` departments in
/// one open period, each with a data-entry account signed in, and every
/// main-section leaf scored by levels. The plan has no servers yet.
pub async fn load_scene(app: &TestApp, hot: usize, spread: usize) -> LoadPlan {
    let codes: Vec<(String, String)> = (3..2 + hot + spread)
        .map(|n| (format!("S{n:02}"), format!("Sở thứ {n}")))
        .collect();
    let neighbours: Vec<(&str, &str)> = codes
        .iter()
        .map(|(c, n)| (c.as_str(), n.as_str()))
        .collect();
    let (year, others) =
        api_year_with_neighbours(app, "canbo.s02", &["ENTERS_SCORES"], &neighbours).await;
    let mut units = vec![LoadUnit {
        unit: year.unit.clone(),
        token: year.clerk.clone(),
    }];
    for (n, unit) in others.into_iter().enumerate() {
        let username = format!("canbo.tai{n}");
        let (_, token) = unit_account(
            app,
            &year.admin,
            (&username, "mật khẩu cán bộ tải thử"),
            &unit,
            &["ENTERS_SCORES"],
        )
        .await;
        units.push(LoadUnit { unit, token });
    }
    let spread_units = units.split_off(hot);
    LoadPlan {
        servers: Vec::new(),
        clients: 64,
        duration: Duration::from_secs(10),
        period: year.period,
        hot: units,
        spread: spread_units,
        leaves: level_leaves(),
        conflict_retries: 3,
        label: "a".to_owned(),
    }
}

/// The sample set's main-section leaves scored by levels, with their levels.
fn level_leaves() -> Vec<LoadLeaf> {
    csv::Reader::from_reader(PAR.as_bytes())
        .records()
        .filter_map(Result::ok)
        .filter(|row| row.get(3) == Some("levels") && !row[0].starts_with(['B', 'P']))
        .map(|row| LoadLeaf {
            code: row[0].to_owned(),
            scores: row[4]
                .split('|')
                .filter_map(|level| level.split_once('=').map(|(score, _)| score.to_owned()))
                .collect(),
        })
        .collect()
}
