//! The long reliability run behind `ops/reliability/run.sh`: two
//! `chamdiem serve` processes on one PostgreSQL, 64 clients (half on three
//! units, half spread over eight), servers killed with SIGKILL in the middle
//! of the load, then PostgreSQL itself stopped for a while under load and
//! started again. Prints the figures: mutations acknowledged, events found,
//! errors by code, faults injected; exits non-zero when a check fails.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chamdiem_tests::{
    LoadPlan, LoadReport, ServerProcess, TestApp, TestStore, UNCHANGED_KEY, free_port, load_scene,
    run_load, tables_differing_from_a_rebuild, wait_until_projected,
};
use clap::Parser;

/// The run's settings.
#[derive(Debug, Parser)]
#[command(name = "chamdiem-reliability")]
struct Args {
    /// The `chamdiem` binary to run as servers.
    #[arg(long)]
    chamdiem: std::path::PathBuf,
    /// Seconds of load in each phase.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Clients at once.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Shell command that stops PostgreSQL (the outage begins).
    #[arg(long)]
    stop_database: String,
    /// Shell command that starts PostgreSQL again.
    #[arg(long)]
    start_database: String,
    /// Seconds PostgreSQL stays stopped.
    #[arg(long, default_value_t = 10)]
    outage: u64,
}

fn shell(command: &str) -> Result<(), String> {
    let status = Command::new("sh")
        .args(["-c", command])
        .status()
        .map_err(|e| format!("{command}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command}: {status}"))
    }
}

/// Matches the report to the log and prints both; the problems found.
async fn account(phase: &str, report: &LoadReport, app: &TestApp) -> Vec<String> {
    let check = report.check_against_log(&app.database).await;
    println!(
        "--- {phase}\n{}\n{}",
        report.summary(),
        check.summary(report)
    );
    let mut problems = check.problems;
    if report.server_errors() > 0 {
        problems.push(format!(
            "{phase}: {} answers were HTTP 500",
            report.server_errors()
        ));
    }
    for code in report.errors_by_code.keys() {
        if !matches!(code.as_str(), "CONFLICT" | "UNAVAILABLE") && code != UNCHANGED_KEY {
            problems.push(format!("{phase}: unexpected refusals {code}"));
        }
    }
    problems
}

fn spawn_load(plan: &LoadPlan) -> tokio::task::JoinHandle<LoadReport> {
    let plan = plan.clone();
    tokio::spawn(async move { run_load(&plan, Arc::new(AtomicBool::new(false))).await })
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let mut app = TestApp::spawn(TestStore::Postgres).await;
    let mut plan = load_scene(&app, 3, 8).await;
    app.stop_server().await;
    let url = app.database.postgres_url();
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut servers = Vec::new();
    for _ in 0..2 {
        servers.push(
            ServerProcess::start(&args.chamdiem, free_port(), url.clone(), data.path()).await,
        );
    }
    plan.servers = servers.iter().map(ServerProcess::address).collect();
    plan.clients = args.clients;
    plan.duration = Duration::from_secs(args.seconds);
    let mut problems = Vec::new();
    let mut faults = Vec::new();

    // Phase 1: both servers killed in turn mid-load.
    plan.label = "kill".to_owned();
    let load = spawn_load(&plan);
    let quarter = Duration::from_secs(args.seconds / 4);
    for (index, server) in servers.iter_mut().enumerate() {
        tokio::time::sleep(quarter).await;
        server.kill();
        faults.push(format!("kill -9 server {index} (and the projector it ran)"));
        tokio::time::sleep(Duration::from_secs(1)).await;
        server.restart().await;
    }
    let report = load.await.map_err(|e| e.to_string())?;
    problems.extend(account("two servers, kill -9 each", &report, &app).await);

    // Phase 2: PostgreSQL stopped under load.
    plan.label = "outage".to_owned();
    let load = spawn_load(&plan);
    tokio::time::sleep(quarter).await;
    shell(&args.stop_database)?;
    faults.push(format!("PostgreSQL stopped for {} s", args.outage));
    let stopped = tokio::time::Instant::now();
    let client = reqwest::Client::new();
    let mut readiness = std::collections::BTreeMap::<u16, u32>::new();
    while stopped.elapsed() < Duration::from_secs(args.outage) {
        for server in &servers {
            let status = client
                .get(format!("{}/readyz", server.address()))
                .timeout(Duration::from_secs(3))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            *readiness.entry(status).or_default() += 1;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    shell(&args.start_database)?;
    let back = tokio::time::Instant::now();
    let mut ready_again = None;
    while back.elapsed() < Duration::from_secs(60) {
        let answers = futures::future::join_all(servers.iter().map(|server| {
            client
                .get(format!("{}/readyz", server.address()))
                .timeout(Duration::from_secs(3))
                .send()
        }))
        .await;
        if answers
            .iter()
            .all(|a| a.as_ref().is_ok_and(|r| r.status().is_success()))
        {
            ready_again = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let report = load.await.map_err(|e| e.to_string())?;
    println!("\n/readyz while PostgreSQL was stopped: {readiness:?}");
    println!("both servers ready again {ready_again:?} after PostgreSQL was started (no restart)");
    if !readiness.contains_key(&503) {
        problems.push("/readyz never answered 503 during the outage".to_owned());
    }
    if ready_again.is_none() {
        problems.push("the servers did not become ready again".to_owned());
    }
    if report
        .errors_by_code
        .get("UNAVAILABLE")
        .is_none_or(|n| *n == 0)
    {
        problems.push("no client was told UNAVAILABLE".to_owned());
    }
    problems.extend(account("PostgreSQL outage", &report, &app).await);
    let after = report.acknowledged_after(back + ready_again.unwrap_or_default());
    println!("acknowledged after the servers were ready again: {after}");
    if after == 0 {
        problems.push("nothing was acknowledged after the outage".to_owned());
    }

    // The read models converge to a rebuild.
    if let Err(error) = wait_until_projected(&app.database, Duration::from_secs(120)).await {
        problems.push(error);
    }
    let kills: u32 = servers.iter().map(|s| s.kills).sum();
    drop(servers);
    match tables_differing_from_a_rebuild(&app.database).await {
        Ok(tables) if tables.is_empty() => println!("\nread models equal a full rebuild"),
        Ok(tables) => problems.push(format!("read models differ from a rebuild: {tables:?}")),
        Err(error) => problems.push(error),
    }
    println!("faults injected ({} kills): {faults:?}", kills);
    if problems.is_empty() {
        println!("\nRESULT: every check held");
        Ok(())
    } else {
        println!("\nRESULT: {} problems", problems.len());
        for problem in problems.iter().take(50) {
            println!("  {problem}");
        }
        Err(format!("{} problems", problems.len()))
    }
}
