use chrono::{SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::rngs::OsRng;

use crate::store::{Database, StoreError};

/// A signed checkpoint: the chain's head hash at a position, signed with
/// the operator's ed25519 key. Printed as a few lines of text that can be
/// published or printed in the annual report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The log position.
    pub position: i64,
    /// The chain's hash there, hex.
    pub head: String,
    /// When it was signed (UTC, RFC 3339).
    pub signed_at: String,
    /// The signer's public key, hex.
    pub public_key: String,
    /// The signature, hex.
    pub signature: String,
}

/// Why a key or a checkpoint is refused.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The key file is not a 32-byte hex seed.
    #[error("tệp khoá không hợp lệ (cần 64 ký tự hex)")]
    Key,
    /// The text is not a checkpoint.
    #[error("điểm kiểm tra không đọc được: thiếu hoặc sai dòng \"{0}\"")]
    Format(&'static str),
    /// The signature does not verify.
    #[error("chữ ký của điểm kiểm tra không hợp lệ")]
    Signature,
    /// The signer is not the expected key.
    #[error("điểm kiểm tra được ký bằng khoá khác với khoá tin cậy")]
    UntrustedKey,
    /// No key is trusted, so no checkpoint can count.
    #[error(
        "chưa có khoá tin cậy nào để kiểm điểm kiểm tra (--trusted-key, CHAMDIEM_AUDIT_TRUSTED_KEYS)"
    )]
    NoTrustedKey,
    /// A key given as trusted is not a public key.
    #[error("khoá tin cậy không hợp lệ (cần 64 ký tự hex của khoá công khai)")]
    TrustedKey,
    /// Nothing to sign yet.
    #[error("chưa có sự kiện nào để ký")]
    EmptyLog,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

const HEADER: &str = "chamdiem checkpoint v1";

impl SignedCheckpoint {
    fn message(position: i64, head: &str, signed_at: &str) -> String {
        format!("{HEADER}\n{position}\n{head}\n{signed_at}\n")
    }

    /// Checks the signature against the embedded public key.
    pub fn verify_signature(&self) -> Result<(), CheckpointError> {
        let key: [u8; 32] = hex::decode(&self.public_key)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CheckpointError::Signature)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| CheckpointError::Signature)?;
        let signature: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CheckpointError::Signature)?;
        key.verify(
            Self::message(self.position, &self.head, &self.signed_at).as_bytes(),
            &Signature::from_bytes(&signature),
        )
        .map_err(|_| CheckpointError::Signature)
    }

    /// The printable form.
    pub fn to_text(&self) -> String {
        format!(
            "{HEADER}\nposition: {}\nhead: {}\nsigned_at: {}\npublic_key: {}\nsignature: {}\n",
            self.position, self.head, self.signed_at, self.public_key, self.signature
        )
    }

    /// Parses the printable form.
    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some(HEADER) {
            return Err(CheckpointError::Format("chamdiem checkpoint v1"));
        }
        let mut field = |name: &'static str| -> Result<String, CheckpointError> {
            lines
                .next()
                .and_then(|line| {
                    line.strip_prefix(name)?
                        .strip_prefix(':')
                        .map(|v| v.trim().to_owned())
                })
                .ok_or(CheckpointError::Format(name))
        };
        let position = field("position")?
            .parse()
            .map_err(|_| CheckpointError::Format("position"))?;
        Ok(Self {
            position,
            head: field("head")?,
            signed_at: field("signed_at")?,
            public_key: field("public_key")?,
            signature: field("signature")?,
        })
    }
}

/// A new signing key, as the hex text of its 32-byte seed (keep it secret).
pub fn generate_key() -> String {
    hex::encode(SigningKey::generate(&mut OsRng).to_bytes())
}

/// The public key (hex) of the signing key in `key_hex`: what verifiers
/// are given to trust.
pub fn public_key_of(key_hex: &str) -> Result<String, CheckpointError> {
    Ok(hex::encode(
        signing_key(key_hex)?.verifying_key().to_bytes(),
    ))
}

fn signing_key(key_hex: &str) -> Result<SigningKey, CheckpointError> {
    let seed: [u8; 32] = hex::decode(key_hex.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CheckpointError::Key)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Signs the chain's current head with the key in `key_hex`.
pub async fn sign_checkpoint(
    database: &Database,
    key_hex: &str,
) -> Result<SignedCheckpoint, CheckpointError> {
    let key = signing_key(key_hex)?;
    const HEAD_PG: &str = "SELECT position, hash FROM event_chain ORDER BY position DESC LIMIT 1";
    let head: Option<(i64, String)> = match database {
        Database::Postgres(pool) => sqlx::query_as(HEAD_PG)
            .fetch_optional(pool)
            .await
            .map_err(StoreError::from)?,
        Database::Sqlite(pool) => sqlx::query_as(HEAD_PG)
            .fetch_optional(pool)
            .await
            .map_err(StoreError::from)?,
    };
    let (position, head) = head.ok_or(CheckpointError::EmptyLog)?;
    let signed_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let signature = key.sign(SignedCheckpoint::message(position, &head, &signed_at).as_bytes());
    Ok(SignedCheckpoint {
        position,
        head,
        signed_at,
        public_key: hex::encode(key.verifying_key().to_bytes()),
        signature: hex::encode(signature.to_bytes()),
    })
}

/// Keeps a checkpoint in the database too.
pub async fn store_checkpoint(
    database: &Database,
    checkpoint: &SignedCheckpoint,
) -> Result<(), StoreError> {
    const INSERT_PG: &str = "INSERT INTO audit_checkpoints (position, head, signed_at, public_key, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
    const INSERT_LITE: &str = "INSERT INTO audit_checkpoints (position, head, signed_at, public_key, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    let c = checkpoint;
    match database {
        Database::Postgres(pool) => {
            sqlx::query(INSERT_PG)
                .bind(c.position)
                .bind(&c.head)
                .bind(&c.signed_at)
                .bind(&c.public_key)
                .bind(&c.signature)
                .execute(pool)
                .await?;
        }
        Database::Sqlite(pool) => {
            sqlx::query(INSERT_LITE)
                .bind(c.position)
                .bind(&c.head)
                .bind(&c.signed_at)
                .bind(&c.public_key)
                .bind(&c.signature)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

/// Every checkpoint kept in the database.
pub async fn stored_checkpoints(database: &Database) -> Result<Vec<SignedCheckpoint>, StoreError> {
    const SELECT: &str = "SELECT position, head, signed_at, public_key, signature FROM audit_checkpoints ORDER BY position";
    let rows: Vec<(i64, String, String, String, String)> = match database {
        Database::Postgres(pool) => sqlx::query_as(SELECT).fetch_all(pool).await?,
        Database::Sqlite(pool) => sqlx::query_as(SELECT).fetch_all(pool).await?,
    };
    Ok(rows
        .into_iter()
        .map(
            |(position, head, signed_at, public_key, signature)| SignedCheckpoint {
                position,
                head,
                signed_at,
                public_key,
                signature,
            },
        )
        .collect())
}
