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

/// How long one request may take before the client gives up on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The message of a refusal because nothing would change.
const UNCHANGED: &str = "không có gì thay đổi";
/// How such refusals are counted.
pub const UNCHANGED_KEY: &str = "CONFLICT (không có gì thay đổi)";

const ENTER: &str = "mutation($p: ID!, $u: ID!, $l: String!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: $l, entry: $e }) { __typename } }";

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
    /// How long each answered attempt took.
    answer_times: Vec<Duration>,
    /// How long each UNAVAILABLE answer took.
    unavailable_times: Vec<Duration>,
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

    /// An attempt whose answer never came whole: its outcome is unknown.
    fn lost(&mut self, id: String) {
        self.transport_errors += 1;
        self.attempts
            .push((id, Ending::Unknown, tokio::time::Instant::now()));
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
        self.answer_times.extend(other.answer_times);
        self.unavailable_times.extend(other.unavailable_times);
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
            "attempts sent: {}\nmutations acknowledged: {}\nrefused: {}\nno sure answer (connection lost, UNAVAILABLE): {}\nconflict retries: {}\nerrors by code: {:?}\nHTTP statuses: {:?}\nanswer time p50 / p99 / max: {}\nUNAVAILABLE answered within p50 / max: {}",
            self.attempts(),
            self.acknowledged(),
            self.count(Ending::Refused),
            self.count(Ending::Unknown),
            self.conflict_retries,
            self.errors_by_code,
            self.statuses,
            percentiles(&self.answer_times, &[0.5, 0.99, 1.0]),
            percentiles(&self.unavailable_times, &[0.5, 1.0]),
        )
    }
}

/// The given quantiles of `times`, e.g. `12ms / 80ms / 2.1s`; `-` when none.
fn percentiles(times: &[Duration], quantiles: &[f64]) -> String {
    if times.is_empty() {
        return "-".to_owned();
    }
    let mut sorted = times.to_vec();
    sorted.sort();
    quantiles
        .iter()
        .map(|q| {
            let index = ((sorted.len() - 1) as f64 * q).round() as usize;
            format!("{:.0?}", sorted[index.min(sorted.len() - 1)])
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

impl LogCheck {
    /// The figures, one per line.
    pub fn summary(&self, report: &LoadReport) -> String {
        format!(
            "events in the log: {}\nacknowledged found exactly once: {} of {}\nunsure attempts found in the log: {}",
            self.events,
            self.acknowledged_found,
            report.acknowledged(),
            self.unknown_found
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
            let started = tokio::time::Instant::now();
            let answer = client
                .post(format!("{}/graphql", plan.servers[server]))
                .bearer_auth(&target.token)
                .header("x-request-id", &id)
                .json(&json!({ "query": ENTER, "variables": variables }))
                .send()
                .await;
            let Ok(response) = answer else {
                report.lost(id);
                // That server is down: the next one.
                server = (server + 1) % plan.servers.len();
                tokio::time::sleep(Duration::from_millis(50)).await;
                break;
            };
            *report
                .statuses
                .entry(response.status().as_u16())
                .or_default() += 1;
            let Ok(body) = response.json::<Value>().await else {
                report.lost(id);
                break;
            };
            if body["data"]["enterScore"]["__typename"] == "LeafPayload" {
                report.answer_times.push(started.elapsed());
                report
                    .attempts
                    .push((id, Ending::Acknowledged, tokio::time::Instant::now()));
                break;
            }
            let mut code = body["errors"][0]["extensions"]["code"]
                .as_str()
                .unwrap_or("NO_CODE")
                .to_owned();
            report.answer_times.push(started.elapsed());
            if code == "UNAVAILABLE" {
                report.unavailable_times.push(started.elapsed());
            }
            // The same score entered again is a CONFLICT too, but no retry
            // can help it: counted apart, not retried.
            if code == "CONFLICT" && body["errors"][0]["message"] == UNCHANGED {
                code = UNCHANGED_KEY.to_owned();
            }
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
