use std::path::PathBuf;

use anyhow::{Context as _, bail};
use chamdiem_commands::evidence_check::check_evidence;
use chamdiem_commands::evidence_store::EvidenceStore;
use chamdiem_commands::integrity::{
    HistorySource, SignedCheckpoint, TrustedKeys, export_archive, generate_key, public_key_of,
    sign_checkpoint, store_checkpoint, stored_checkpoints, verify_history,
};
use chamdiem_commands::store::{Database, SealKey};
use clap::Subcommand;

use super::StoreArgs;

/// `chamdiem audit …`: the integrity chain.
#[derive(Debug, Clone, Subcommand)]
pub enum AuditCommand {
    /// Make a new ed25519 signing key for checkpoints (keep the file secret).
    Keygen {
        /// Where to write the key.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign the chain's head with the operator's key, keep the checkpoint in
    /// the database and print it for publication.
    Checkpoint {
        /// The operator's key file.
        #[arg(long, env = "CHAMDIEM_AUDIT_KEY_FILE")]
        key: PathBuf,
        /// Also write the checkpoint to this file.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Recompute the chain over the database (or an archive) and check held checkpoints.
    Verify {
        /// A checkpoint file to check against (repeatable).
        #[arg(long = "checkpoint")]
        checkpoints: Vec<PathBuf>,
        /// Verify this archive instead of the database (no server or PostgreSQL needed).
        #[arg(long)]
        archive: Option<PathBuf>,
        /// The public keys (hex; repeatable or comma-separated) whose
        /// checkpoints count. A checkpoint signed by any other key fails the
        /// verification; without a trusted key no checkpoint can count.
        #[arg(
            long = "trusted-key",
            env = "CHAMDIEM_AUDIT_TRUSTED_KEYS",
            value_delimiter = ','
        )]
        trusted_keys: Vec<String>,
        /// The public keys (hex; repeatable or comma-separated) whose seals
        /// count. Verifying the store itself, the key in the seal key file
        /// counts too; an archive needs the key `audit seal-key` printed.
        #[arg(
            long = "trusted-seal-key",
            env = "CHAMDIEM_AUDIT_TRUSTED_SEAL_KEYS",
            value_delimiter = ','
        )]
        trusted_seal_keys: Vec<String>,
    },
    /// Print the public key of the server's seal key, to publish beside
    /// checkpoints: an archive's seals are verified with it.
    SealKey,
    /// Check that every evidence file the history refers to is stored and
    /// intact (after restoring a backup, before serving from it).
    Evidence {
        /// The folder holding the files; by default the `evidence` folder of
        /// the data folder.
        #[arg(long, env = "CHAMDIEM_EVIDENCE_DIR")]
        evidence_dir: Option<PathBuf>,
        /// Or the storage URL the server uses (`s3://bucket/prefix`).
        #[arg(long, env = "CHAMDIEM_EVIDENCE_URL", conflicts_with = "evidence_dir")]
        evidence_url: Option<String>,
    },
    /// Write every event, the chain and the checkpoints into one SQLite file.
    Export {
        /// The archive to create (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs an audit subcommand.
pub async fn run(store: &StoreArgs, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Keygen { out } => {
            if out.exists() {
                bail!("tệp {} đã tồn tại", out.display());
            }
            let key = generate_key();
            write_secret(&out, &key)
                .with_context(|| format!("không ghi được {}", out.display()))?;
            println!("Đã tạo khoá ký tại {} (giữ bí mật tệp này).", out.display());
            println!(
                "Khoá công khai, để công bố và để người kiểm tra tin cậy (--trusted-key, CHAMDIEM_AUDIT_TRUSTED_KEYS): {}",
                public_key_of(&key)?
            );
            Ok(())
        }
        AuditCommand::Checkpoint { key, out } => {
            let key = std::fs::read_to_string(&key)
                .with_context(|| format!("không đọc được tệp khoá {}", key.display()))?;
            let database = store.open_existing().await?;
            let checkpoint = sign_checkpoint(&database, &key).await?;
            store_checkpoint(&database, &checkpoint).await?;
            database.close().await;
            if let Some(out) = out {
                std::fs::write(&out, checkpoint.to_text())
                    .with_context(|| format!("không ghi được {}", out.display()))?;
            }
            print!("{}", checkpoint.to_text());
            Ok(())
        }
        AuditCommand::Verify {
            checkpoints,
            archive,
            trusted_keys,
            trusted_seal_keys,
        } => {
            let trusted = TrustedKeys::parse(&trusted_keys)?;
            let mut sealers = TrustedKeys::parse(&trusted_seal_keys)?;
            if archive.is_none() {
                if let Some(own) = SealKey::load(&store.seal_key_path())? {
                    sealers = sealers.with(own.public_key_bytes());
                }
            }
            let mut held = Vec::new();
            for path in &checkpoints {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("không đọc được {}", path.display()))?;
                held.push(
                    SignedCheckpoint::parse(&text).with_context(|| path.display().to_string())?,
                );
            }
            let database = match &archive {
                Some(path) => {
                    if !path.exists() {
                        bail!("không có tệp lưu trữ {}", path.display());
                    }
                    Database::open_sqlite(path, 1).await?
                }
                None => store.open_existing().await?,
            };
            if held.is_empty() {
                // The database and an archive carry the checkpoints kept so
                // far; each still counts only if a trusted key signed it.
                held = stored_checkpoints(&database).await?;
            }
            let source = match archive {
                Some(_) => HistorySource::Archive,
                None => HistorySource::Store,
            };
            let verification = verify_history(&database, source, &held, &trusted, &sealers).await?;
            database.close().await;
            for line in verification.report() {
                println!("{line}");
            }
            if !verification.is_intact() {
                bail!("lịch sử không còn nguyên vẹn");
            }
            Ok(())
        }
        AuditCommand::SealKey => {
            println!("{}", store.seal_key()?.public_key());
            Ok(())
        }
        AuditCommand::Evidence {
            evidence_dir,
            evidence_url,
        } => {
            let files = match (&evidence_dir, &evidence_url) {
                (_, Some(url)) => EvidenceStore::from_url(url)?,
                (Some(folder), None) => EvidenceStore::in_folder(folder)?,
                (None, None) => EvidenceStore::local(&store.data_dir)?,
            };
            let database = store.open_existing().await?;
            let check = check_evidence(&database, &files).await?;
            database.close().await;
            println!(
                "Lịch sử dẫn {} tệp minh chứng: thiếu {}, hỏng {}.",
                check.referenced,
                check.missing.len(),
                check.corrupt.len()
            );
            for hash in &check.missing {
                println!("Thiếu tệp {hash}");
            }
            for hash in &check.corrupt {
                println!("Tệp {hash} không khớp mã băm của nó");
            }
            if !check.is_complete() {
                bail!("kho minh chứng không đủ tệp mà lịch sử dẫn tới");
            }
            Ok(())
        }
        AuditCommand::Export { out } => {
            let database = store.open_existing().await?;
            let events = export_archive(&database, &out).await?;
            database.close().await;
            println!(
                "Đã xuất {events} sự kiện cùng chuỗi toàn vẹn vào {}.",
                out.display()
            );
            Ok(())
        }
    }
}

fn write_secret(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}
