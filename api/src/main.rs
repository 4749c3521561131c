//! `chamdiem`: the server (default) and the operator commands.

use std::process::ExitCode;

use chamdiem_api::cli::Cli;
use clap::CommandFactory;

/// mimalloc instead of the system allocator: a rebuild and a busy server
/// allocate many short-lived strings and JSON values, and glibc's malloc
/// spent about half of a national rebuild's time allocating, freeing and
/// consolidating them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::from_matches(&Cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => {
            eprintln!("lỗi: {}", one_line(&error));
            return ExitCode::FAILURE;
        }
    };
    chamdiem_api::telemetry::init(cli.log_format);
    match cli.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, with the chain of causes: what went wrong and why.
            // No panic trace, no debug dump.
            eprintln!("lỗi: {}", one_line(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each cause once: many errors already
/// repeat their source in their own message.
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}
