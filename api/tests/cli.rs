//! The `chamdiem` binary as an operator meets it: bad configuration ends with
//! one clear line and a failing exit code, never a panic trace.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_chamdiem");

/// The binary with a clean environment: no store or server settings leak in
/// from the machine running the tests.
fn chamdiem(data_dir: &Path) -> Command {
    let mut command = Command::new(BIN);
    for (name, _) in std::env::vars() {
        if name.starts_with("CHAMDIEM_") || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    command
        .env("CHAMDIEM_DATA_DIR", data_dir)
        .stdin(Stdio::null());
    command
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("running {BIN}: {e}"))
}

/// Exit code ≠ 0, exactly one line on standard error, starting with "lỗi:"
/// and containing `expected`; no panic.
fn assert_one_clear_line(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "must fail: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].starts_with("lỗi: "), "{stderr}");
    assert!(lines[0].contains(expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_unreachable_database_url_is_one_clear_line() {
    let dir = temp_dir();
    // Nothing listens on port 1.
    let output = run(chamdiem(dir.path()).env(
        "DATABASE_URL",
        "postgres://chamdiem:secret@127.0.0.1:1/chamdiem",
    ));
    assert_one_clear_line(
        &output,
        "không kết nối được PostgreSQL tại 127.0.0.1:1/chamdiem",
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("secret"),
        "no password in messages"
    );

    let output = run(chamdiem(dir.path()).args(["migrate", "--database-url", "mysql://nope"]));
    assert_one_clear_line(&output, "DATABASE_URL không hợp lệ");
}

#[test]
fn an_unusable_data_folder_is_one_clear_line() {
    let dir = temp_dir();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a folder").unwrap_or_else(|e| panic!("{e}"));
    // A folder inside a regular file cannot exist, even for root.
    let output = run(chamdiem(&file.join("data")).arg("migrate"));
    assert_one_clear_line(&output, "không dùng được thư mục dữ liệu");
}

#[test]
fn a_port_in_use_is_one_clear_line() {
    let dir = temp_dir();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = taken
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run(chamdiem(dir.path()).args(["--port", &port.to_string()]));
    assert_one_clear_line(&output, &format!("không mở được cổng 127.0.0.1:{port}"));
}

#[test]
fn bootstrap_admin_takes_the_password_from_the_environment_only_once() {
    let dir = temp_dir();
    let without_password = run(chamdiem(dir.path()).arg("bootstrap-admin"));
    assert_one_clear_line(&without_password, "CHAMDIEM_ADMIN_PASSWORD");

    let weak = run(chamdiem(dir.path())
        .arg("bootstrap-admin")
        .env("CHAMDIEM_ADMIN_PASSWORD", "ngắn"));
    assert_one_clear_line(&weak, "mật khẩu không đạt yêu cầu");

    let password = "mật khẩu quản trị 2026";
    let first = run(chamdiem(dir.path())
        .arg("bootstrap-admin")
        .env("CHAMDIEM_ADMIN_PASSWORD", password));
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        stdout.contains("Đã cấp tài khoản quản trị \"quantri\""),
        "{stdout}"
    );
    assert!(
        dir.path().join("chamdiem.sqlite3").exists(),
        "the SQLite file is created on first use"
    );

    let second = run(chamdiem(dir.path())
        .args(["bootstrap-admin", "--username", "admin2"])
        .env("CHAMDIEM_ADMIN_PASSWORD", password));
    assert_one_clear_line(&second, "đã có tài khoản quản trị (quantri)");
}

#[tokio::test]
async fn the_server_starts_with_json_logs_and_stops_gracefully_on_sigterm() {
    let dir = temp_dir();
    let mut server = chamdiem(dir.path())
        .args(["serve", "--port", "0"])
        .env("CHAMDIEM_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = server.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    // The first log line says where it listens.
    let (address, mut lines) = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stderr).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&first)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {first}"));
        (
            json["address"].as_str().unwrap_or_default().to_owned(),
            lines,
        )
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let health = reqwest::get(format!("http://{address}/healthz")).await;
    assert_eq!(
        health.map(|r| r.status().as_u16()).ok(),
        Some(200),
        "serving on {address}"
    );

    // A path an attacker made 60,000 characters long reaches the log only
    // within the bound of a line.
    let long_path = format!("http://{address}/{}", "a".repeat(60_000));
    let long = reqwest::get(long_path).await;
    assert!(long.is_ok(), "{long:?}");

    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    assert!(killed.map(|s| s.success()).unwrap_or(false));
    let status = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(status) = server.try_wait().unwrap_or_else(|e| panic!("{e}")) {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server did not stop on SIGTERM"));
    assert!(status.success(), "graceful shutdown exits 0: {status}");
    let rest: Vec<String> = lines.by_ref().map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|l| l.contains("chamdiem stopped")),
        "{rest:?}"
    );
    // Every line is one JSON object of at most 16 KiB; each answered
    // request says its status and latency as numbers.
    for line in &rest {
        assert!(line.len() < 16 * 1024, "a line of {} bytes", line.len());
        let json: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line:.200}"));
        assert!(json.is_object());
    }
    let answered: Vec<serde_json::Value> = rest
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|j| j["message"] == "answered")
        .collect();
    assert!(answered.len() >= 2, "{rest:?}");
    for line in &answered {
        assert!(line["latency_ms"].is_f64(), "{line}");
        assert!(line["status"].is_u64(), "{line}");
    }
    assert!(
        rest.iter().any(|l| l.contains("bytes cut]")),
        "the long path was cut: {rest:?}"
    );
}

#[test]
fn a_mistyped_data_folder_is_refused_not_created() {
    let dir = temp_dir();
    let mistyped = dir.path().join("dta");
    let out = dir.path().join("xep-hang.csv");
    for args in [
        vec!["export", "audit-trail", "--out", &*out.to_string_lossy()],
        vec!["audit", "verify"],
        vec!["projections", "rebuild"],
    ] {
        let output = run(chamdiem(&mistyped).args(&args));
        assert_one_clear_line(&output, "không có kho dữ liệu");
        assert!(
            !mistyped.exists(),
            "{args:?} created {}",
            mistyped.display()
        );
    }
    assert!(!out.exists());
}

#[test]
fn the_deployment_settings_read_the_same_in_a_shell() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ops/deploy/chamdiem.env.example"
    );
    let output = run(Command::new("sh").args([
        "-c",
        "set -a; . \"$0\"; printf '%s|%s|%s' \"$CHAMDIEM_PROVINCE\" \"$CHAMDIEM_PORT\" \"$CHAMDIEM_TRUSTED_PROXIES\"",
        example,
    ]));
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Thanh Hóa|8080|127.0.0.1,::1"
    );
}

#[test]
fn export_writes_a_report_file_or_says_in_one_line_why_not() {
    let dir = temp_dir();
    let admin = run(chamdiem(dir.path())
        .arg("bootstrap-admin")
        .env("CHAMDIEM_ADMIN_PASSWORD", "mật khẩu quản trị 2026"));
    assert!(admin.status.success());

    let out = dir.path().join("nhat-ky.csv");
    let exported = run(chamdiem(dir.path()).args([
        "export",
        "audit-trail",
        "--format",
        "csv",
        "--out",
        &out.to_string_lossy(),
    ]));
    let stdout = String::from_utf8_lossy(&exported.stdout);
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    assert!(stdout.starts_with("Đã ghi "), "{stdout}");
    let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("a byte-order mark for Excel"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "NHẬT KÝ KIỂM TRA (AUDIT TRAIL)");
    assert_eq!(lines[1], "Tỉnh: Thanh Hóa");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1,") && l.contains("AccountIssued")),
        "the administrator's issuance is the first event: {lines:?}"
    );

    let workbook = dir.path().join("nhat-ky.xlsx");
    let exported = run(chamdiem(dir.path()).args([
        "export",
        "audit-trail",
        "--out",
        &workbook.to_string_lossy(),
    ]));
    assert!(exported.status.success());
    let bytes = std::fs::read(&workbook).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        bytes.starts_with(b"PK\x03\x04"),
        "an XLSX workbook by default"
    );

    // An existing file is kept unless the operator says to replace it.
    let again = run(chamdiem(dir.path()).args([
        "export",
        "audit-trail",
        "--format",
        "csv",
        "--out",
        &workbook.to_string_lossy(),
    ]));
    assert_one_clear_line(&again, "đã có");
    assert_eq!(
        std::fs::read(&workbook).unwrap_or_default(),
        bytes,
        "the workbook is untouched"
    );
    let replaced = run(chamdiem(dir.path()).args([
        "export",
        "audit-trail",
        "--format",
        "csv",
        "--overwrite",
        "--out",
        &workbook.to_string_lossy(),
    ]));
    assert!(replaced.status.success(), "{replaced:?}");
    assert!(
        std::fs::read(&workbook)
            .unwrap_or_default()
            .starts_with("\u{feff}".as_bytes()),
        "replaced by the CSV file"
    );

    let elsewhere = dir.path().join("xep-hang.xlsx");
    let unknown = run(chamdiem(dir.path()).args([
        "export",
        "ranking",
        "--period",
        "0190f5a4-0000-7000-8000-000000000000",
        "--out",
        &elsewhere.to_string_lossy(),
    ]));
    assert_one_clear_line(&unknown, "không tìm thấy kỳ đánh giá");
    let no_period = run(chamdiem(dir.path()).args([
        "export",
        "ranking",
        "--out",
        &elsewhere.to_string_lossy(),
    ]));
    assert_one_clear_line(&no_period, "cần --period");
}

/// The public key line of a printed checkpoint.
fn public_key_of(checkpoint: &str) -> String {
    checkpoint
        .lines()
        .find_map(|line| line.strip_prefix("public_key:"))
        .map(|key| key.trim().to_owned())
        .unwrap_or_else(|| panic!("no public key in {checkpoint}"))
}

#[test]
fn audit_verify_counts_only_checkpoints_and_seals_of_trusted_keys() {
    let dir = temp_dir();
    let admin = run(chamdiem(dir.path())
        .args(["bootstrap-admin", "--username", "quantri"])
        .env("CHAMDIEM_ADMIN_PASSWORD", "mật khẩu quản trị đủ dài"));
    assert!(admin.status.success(), "{admin:?}");
    let key = |name: &str| {
        let path = dir.path().join(name);
        let made = run(chamdiem(dir.path())
            .args(["audit", "keygen", "--out"])
            .arg(&path));
        assert!(made.status.success(), "{made:?}");
        path
    };
    let (operator, stranger) = (key("operator.key"), key("stranger.key"));
    let sign = |key: &Path| {
        let signed = run(chamdiem(dir.path())
            .args(["audit", "checkpoint", "--key"])
            .arg(key));
        assert!(signed.status.success(), "{signed:?}");
        public_key_of(&String::from_utf8_lossy(&signed.stdout))
    };
    let operator_key = sign(&operator);
    let stranger_key = sign(&stranger);
    let archive = dir.path().join("archive.sqlite3");
    let exported = run(chamdiem(dir.path())
        .args(["audit", "export", "--out"])
        .arg(&archive));
    assert!(exported.status.success(), "{exported:?}");
    // The archive's seals count with the server's seal key, published.
    let printed = run(chamdiem(dir.path()).args(["audit", "seal-key"]));
    assert!(printed.status.success(), "{printed:?}");
    let seal_key = String::from_utf8_lossy(&printed.stdout).trim().to_owned();
    assert_eq!(seal_key.len(), 64, "{printed:?}");
    let elsewhere = temp_dir();
    let verify_with = |trusted: &str, sealer: Option<&str>| {
        let mut command = chamdiem(elsewhere.path());
        command
            .args(["audit", "verify", "--archive"])
            .arg(&archive)
            .args(["--trusted-key", trusted]);
        if let Some(sealer) = sealer {
            command.args(["--trusted-seal-key", sealer]);
        }
        run(&mut command)
    };
    let verify = |trusted: &str| verify_with(trusted, Some(&seal_key));
    // The archive holds a checkpoint the operator's key did not sign.
    let refused = verify(&operator_key);
    assert!(!refused.status.success(), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stdout).contains("khoá khác"),
        "{refused:?}"
    );
    let both = format!("{operator_key},{stranger_key}");
    let trusted = verify(&both);
    assert!(trusted.status.success(), "{trusted:?}");
    // Verified elsewhere without the seal key, no seal counts.
    let unsealed = verify_with(&both, None);
    assert!(!unsealed.status.success(), "{unsealed:?}");
    assert!(
        String::from_utf8_lossy(&unsealed.stdout).contains("khoá niêm phong"),
        "{unsealed:?}"
    );
    // The live database is held to the same rule; its seals count with the
    // seal key of its data folder.
    let live = run(chamdiem(dir.path()).args(["audit", "verify", "--trusted-key", &operator_key]));
    assert!(!live.status.success(), "{live:?}");
    let live = run(chamdiem(dir.path()).args(["audit", "verify", "--trusted-key", &both]));
    assert!(live.status.success(), "{live:?}");
}

#[test]
fn a_server_option_before_a_subcommand_is_refused_not_ignored() {
    let dir = temp_dir();
    for (args, named) in [
        (vec!["--port", "9000", "serve"], "--port"),
        (vec!["--introspection", "false", "serve"], "--introspection"),
        (
            vec![
                "--province",
                "Nghệ An",
                "export",
                "ranking",
                "--out",
                "x.csv",
            ],
            "--province",
        ),
    ] {
        let refused = run(chamdiem(dir.path()).args(&args));
        assert_one_clear_line(&refused, named);
    }
    // After the subcommand, the same option is the subcommand's own.
    let port = run(chamdiem(dir.path()).args(["serve", "--port", "not-a-port"]));
    assert!(!port.status.success());
    assert!(
        String::from_utf8_lossy(&port.stderr).contains("not-a-port"),
        "{port:?}"
    );
}
