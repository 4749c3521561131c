//! The attack measurements behind `ops/attacks/run.sh`: a real `chamdiem
//! serve` process on a small year, attacked in turn the ways the "Trust"
//! review found (an inflating workbook, aliased history pages, repeated
//! verification, sign-in guessing from one client and from many, sockets
//! full of subscriptions), each for a few seconds, on 127.0.0.1 only. For
//! each it prints the server's peak resident memory, how `/healthz` answered
//! meanwhile, and what the attack got; exits non-zero when the server grew
//! past the bound or answered a 5xx.

use std::io::{Cursor, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chamdiem_tests::{
    ADMIN_PASSWORD, CLERK_PASSWORD, ServerProcess, TestApp, TestStore, api_year, error_codes,
    free_port,
};
use clap::Parser;
use futures::SinkExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// The run's settings.
#[derive(Debug, Parser)]
#[command(name = "chamdiem-attacks")]
struct Args {
    /// The `chamdiem` binary to attack.
    #[arg(long)]
    chamdiem: std::path::PathBuf,
    /// Seconds each attack lasts.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Attackers at once.
    #[arg(long, default_value_t = 8)]
    attackers: usize,
    /// `sqlite` or `postgres`.
    #[arg(long, default_value = "sqlite")]
    store: String,
    /// The most resident memory the server may reach, in MiB.
    #[arg(long, default_value_t = 256)]
    memory_bound: u64,
}

/// What one attack did to the server.
struct Outcome {
    name: &'static str,
    peak_mib: u64,
    health: Vec<Duration>,
    health_failures: u64,
    tally: std::collections::BTreeMap<String, u64>,
    server_errors: u64,
    note: String,
}

fn resident_mib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

/// A workbook of `megabytes` MiB of one shared string, deflated.
fn inflating_workbook(megabytes: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let part = |writer: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, chunks: &[&[u8]]| {
        writer
            .start_file(name, options)
            .unwrap_or_else(|e| panic!("{e}"));
        for chunk in chunks {
            writer.write_all(chunk).unwrap_or_else(|e| panic!("{e}"));
        }
    };
    part(&mut writer, "[Content_Types].xml", &[b"<Types/>"]);
    let block = vec![b'A'; 1024 * 1024];
    let mut chunks: Vec<&[u8]> = vec![b"<sst><si><t>"];
    chunks.extend(std::iter::repeat_n(block.as_slice(), megabytes));
    chunks.push(b"</t></si></sst>");
    part(&mut writer, "xl/sharedStrings.xml", &chunks);
    writer
        .finish()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_inner()
}

struct Target {
    address: String,
    pid: u32,
    admin: String,
    client: reqwest::Client,
}

impl Target {
    async fn post(&self, body: Value, forwarded_for: Option<String>) -> (u16, Value) {
        self.post_within(body, forwarded_for, Duration::from_secs(60))
            .await
    }

    /// Posts, giving up (and closing the connection, which ends the
    /// request on the server too) after `within`.
    async fn post_within(
        &self,
        body: Value,
        forwarded_for: Option<String>,
        within: Duration,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .bearer_auth(&self.admin)
            .timeout(within)
            .json(&body);
        if let Some(address) = forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        match request.send().await {
            Ok(answer) => {
                let status = answer.status().as_u16();
                (status, answer.json().await.unwrap_or(Value::Null))
            }
            Err(_) => (0, Value::Null),
        }
    }
}

/// Runs `attack` with `attackers` copies for `seconds`, sampling memory and
/// `/healthz` meanwhile.
async fn measure<F, Fut>(
    name: &'static str,
    target: &Arc<Target>,
    args: &Args,
    attack: F,
) -> Outcome
where
    F: Fn(Arc<Target>, usize) -> Fut,
    Fut: std::future::Future<Output = Vec<(u16, Vec<String>)>> + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(resident_mib(target.pid)));
    let sampler = {
        let (stop, peak, pid) = (stop.clone(), peak.clone(), target.pid);
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(resident_mib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let prober = {
        let (stop, target) = (stop.clone(), target.clone());
        tokio::spawn(async move {
            let (mut times, mut failures) = (Vec::new(), 0_u64);
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                let answer = target
                    .client
                    .get(format!("{}/healthz", target.address))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match answer {
                    Ok(r) if r.status().is_success() => times.push(started.elapsed()),
                    _ => failures += 1,
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            (times, failures)
        })
    };
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut attackers = Vec::new();
    for n in 0..args.attackers {
        attackers.push(tokio::spawn(attack(target.clone(), n)));
    }
    let mut tally = std::collections::BTreeMap::new();
    let mut server_errors = 0;
    for attacker in attackers {
        let left = deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(30);
        let Ok(Ok(results)) = tokio::time::timeout(left, attacker).await else {
            *tally.entry("NO_ANSWER".to_owned()).or_insert(0) += 1;
            continue;
        };
        for (status, answer_codes) in results {
            if status >= 500 {
                server_errors += 1;
            }
            if answer_codes.is_empty() {
                *tally.entry("OK".to_owned()).or_insert(0) += 1;
            }
            for code in answer_codes {
                *tally.entry(code).or_insert(0) += 1;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    sampler.await.ok();
    let (mut health, health_failures) = prober.await.unwrap_or_default();
    health.sort();
    Outcome {
        name,
        peak_mib: peak.load(Ordering::Relaxed),
        health,
        health_failures,
        tally,
        server_errors,
        note: String::new(),
    }
}

/// Keeps sending `body` until `seconds` have passed.
async fn repeat(target: Arc<Target>, seconds: u64, body: Value) -> Vec<(u16, Vec<String>)> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut results = Vec::new();
    while Instant::now() < deadline {
        let (status, answer) = target.post(body.clone(), None).await;
        results.push((status, error_codes(&answer)));
    }
    results
}

async fn upload_bomb(
    target: Arc<Target>,
    seconds: u64,
    bomb: Arc<Vec<u8>>,
) -> Vec<(u16, Vec<String>)> {
    use reqwest::multipart::{Form, Part};
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut results = Vec::new();
    while Instant::now() < deadline {
        let operations = json!({ "query": "mutation($f: Upload!) { uploadUnits(file: $f) { added } }", "variables": { "f": null } });
        let form = Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.f"] }).to_string())
            .part(
                "0",
                Part::bytes(bomb.as_ref().clone())
                    .file_name("bom.xlsx")
                    .mime_str("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .unwrap_or_else(|e| panic!("{e}")),
            );
        let answer = target
            .client
            .post(format!("{}/graphql", target.address))
            .bearer_auth(&target.admin)
            .multipart(form)
            .send()
            .await;
        match answer {
            Ok(answer) => {
                let status = answer.status().as_u16();
                let body: Value = answer.json().await.unwrap_or(Value::Null);
                results.push((status, error_codes(&body)));
            }
            Err(_) => results.push((0, vec!["NO_ANSWER".to_owned()])),
        }
    }
    results
}

async fn guess(
    target: Arc<Target>,
    seconds: u64,
    attacker: usize,
    (username, many_clients): (&'static str, bool),
) -> Vec<(u16, Vec<String>)> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut results = Vec::new();
    let mut n = 0_u32;
    while Instant::now() < deadline {
        n += 1;
        // One client is one address (not the loopback the rest of the run
        // signs in from); many are a new address each time.
        let client = if many_clients {
            format!("10.{}.{}.{}", attacker, n / 250, n % 250 + 1)
        } else {
            "198.51.100.9".to_owned()
        };
        let body = json!({ "query": "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }",
            "variables": { "u": username, "p": format!("đoán {attacker}-{n}") } });
        let left = deadline.saturating_duration_since(Instant::now());
        let (status, answer) = target.post_within(body, Some(client), left).await;
        if status == 0 {
            // Still waiting its turn when the time ran out.
            results.push((0, vec!["STILL_WAITING".to_owned()]));
            continue;
        }
        results.push((status, error_codes(&answer)));
    }
    results
}

async fn sockets(
    target: Arc<Target>,
    seconds: u64,
    per_attacker: usize,
) -> Vec<(u16, Vec<String>)> {
    let url = format!("{}/graphql/ws", target.address.replace("http://", "ws://"));
    let mut open = Vec::new();
    let mut results = Vec::new();
    for _ in 0..per_attacker {
        let Ok(mut request) = url.as_str().into_client_request() else {
            continue;
        };
        if let Ok(protocol) = "graphql-transport-ws".parse() {
            request
                .headers_mut()
                .insert("sec-websocket-protocol", protocol);
        }
        let Ok((mut socket, _)) = tokio_tungstenite::connect_async(request).await else {
            results.push((0, vec!["NO_SOCKET".to_owned()]));
            continue;
        };
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {}", target.admin) } });
        socket.send(Message::text(init.to_string())).await.ok();
        for id in 0..20 {
            let subscribe = json!({ "id": id.to_string(), "type": "subscribe", "payload": { "query": "subscription { newEvents { position payload } }" } });
            socket.send(Message::text(subscribe.to_string())).await.ok();
        }
        results.push((200, Vec::new()));
        open.push(socket);
    }
    // Keeps them open, and the log moving, for the rest of the time.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        let body = json!({ "query": "mutation($i: RegisterUnitInput!) { registerUnit(input: $i) { unit { id } } }",
            "variables": { "i": { "code": format!("X{}", &uuid::Uuid::now_v7().simple().to_string()[20..]), "name": "Đơn vị thử", "kind": "DEPARTMENT" } } });
        let (status, answer) = target.post(body, None).await;
        results.push((status, error_codes(&answer)));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(open);
    results
}

fn print(outcome: &Outcome, seconds: u64) {
    let guesses = outcome.tally.get("UNAUTHENTICATED").copied().unwrap_or(0);
    println!(
        "| {} | {} | {:.1} / {:.1} / {:.1} | {} | {} | {:.2} | {} |",
        outcome.name,
        outcome.peak_mib,
        percentile(&outcome.health, 0.5).as_secs_f64() * 1e3,
        percentile(&outcome.health, 0.99).as_secs_f64() * 1e3,
        outcome
            .health
            .last()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3,
        outcome.health_failures,
        outcome
            .tally
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        guesses as f64 / seconds as f64,
        outcome.note,
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let args = Args::parse();
    let store = match args.store.as_str() {
        "postgres" => TestStore::Postgres,
        _ => TestStore::Sqlite,
    };
    let mut app = TestApp::spawn(store).await;
    api_year(&app, "canbo.s02", &["ENTERS_SCORES"]).await;
    app.stop_server().await;
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = app.database.postgres_url();
    let data_dir = match &url {
        None => app
            .database
            .sqlite_folder()
            .unwrap_or_else(|| panic!("no SQLite folder")),
        Some(_) => data.path().to_owned(),
    };
    let server = ServerProcess::start_with_env(
        &args.chamdiem,
        free_port(),
        url,
        &data_dir,
        vec![(
            "CHAMDIEM_TRUSTED_PROXIES".to_owned(),
            "127.0.0.1".to_owned(),
        )],
    )
    .await;
    let pid = server.pid().unwrap_or_else(|| panic!("no server process"));
    let client = reqwest::Client::new();
    let sign_in = |username: &'static str, password: &'static str, from: &'static str| {
        let (client, address) = (client.clone(), server.address());
        async move {
            let answer: Value = client
                .post(format!("{address}/graphql"))
                .header("x-forwarded-for", from)
                .json(&json!({ "query": "mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }", "variables": { "u": username, "p": password } }))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .json()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            answer["data"]["signIn"]["token"]
                .as_str()
                .unwrap_or_else(|| panic!("{answer}"))
                .to_owned()
        }
    };
    let admin = sign_in("quantri", ADMIN_PASSWORD, "192.0.2.1").await;
    let target = Arc::new(Target {
        address: server.address(),
        pid,
        admin,
        client: client.clone(),
    });
    let seconds = args.seconds;
    println!(
        "chamdiem-attacks: {} store, {} attackers, {} s each, server pid {pid}, idle {} MiB",
        args.store,
        args.attackers,
        seconds,
        resident_mib(pid)
    );
    println!(
        "| attack | peak RSS MiB | /healthz p50 / p99 / max ms | /healthz failures | answers | evaluated guesses/s | note |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut outcomes = Vec::new();
    outcomes.push(
        measure("none (baseline)", &target, &args, |_, _| async move {
            tokio::time::sleep(Duration::from_secs(seconds)).await;
            Vec::new()
        })
        .await,
    );
    let bomb = Arc::new(inflating_workbook(256));
    let bomb_kib = bomb.len() / 1024;
    let mut outcome = measure(
        "workbook inflating to 256 MiB (uploadUnits)",
        &target,
        &args,
        |t, _| upload_bomb(t, seconds, bomb.clone()),
    )
    .await;
    outcome.note = format!("file {bomb_kib} KiB");
    outcomes.push(outcome);
    let page = "events(first: 5000) { edges { node { position payload metadata } } }";
    let aliases: String = (0..400).map(|n| format!("a{n}: {page} ")).collect();
    outcomes.push(
        measure(
            "400 aliases of events(first: 5000)",
            &target,
            &args,
            |t, _| repeat(t, seconds, json!({ "query": format!("{{ {aliases} }}") })),
        )
        .await,
    );
    let batch: Vec<Value> = (0..32)
        .map(|_| json!({ "query": format!("{{ {} }}", (0..20).map(|n| format!("v{n}: verifyHistory {{ intact }} ")).collect::<String>()) }))
        .collect();
    outcomes.push(
        measure(
            "batches of 32 × 20 verifyHistory",
            &target,
            &args,
            |t, _| repeat(t, seconds, Value::Array(batch.clone())),
        )
        .await,
    );
    outcomes.push(
        measure(
            "sign-in guessing, one client, one account",
            &target,
            &args,
            |t, n| guess(t, seconds, n, ("canbo.s02", false)),
        )
        .await,
    );
    outcomes.push(
        measure(
            "sign-in guessing, many clients, one account",
            &target,
            &args,
            |t, n| guess(t, seconds, n, ("quantri", true)),
        )
        .await,
    );
    let started = Instant::now();
    let holder = sign_in("canbo.s02", CLERK_PASSWORD, "203.0.113.50").await;
    let holder_took = started.elapsed();
    let started = Instant::now();
    let administrator = sign_in("quantri", ADMIN_PASSWORD, "203.0.113.51").await;
    let administrator_took = started.elapsed();
    outcomes.push(
        measure(
            "WebSockets, 20 subscriptions each",
            &target,
            &args,
            |t, _| sockets(t, seconds, 25),
        )
        .await,
    );
    let mut failed = Vec::new();
    for outcome in &outcomes {
        print(outcome, seconds);
        if outcome.peak_mib > args.memory_bound {
            failed.push(format!("{}: {} MiB", outcome.name, outcome.peak_mib));
        }
        if outcome.server_errors > 0 {
            failed.push(format!(
                "{}: {} answers 5xx",
                outcome.name, outcome.server_errors
            ));
        }
    }
    println!(
        "Then the holders signed in from their own machines: canbo.s02 in {:.1} s ({}), quantri in {:.1} s ({}).",
        holder_took.as_secs_f64(),
        if holder.is_empty() {
            "refused"
        } else {
            "signed in"
        },
        administrator_took.as_secs_f64(),
        if administrator.is_empty() {
            "refused"
        } else {
            "signed in"
        },
    );
    drop(server);
    if !failed.is_empty() {
        eprintln!("chamdiem-attacks: {}", failed.join("; "));
        std::process::exit(1);
    }
}
