use std::collections::BTreeMap;

use super::archive::ARCHIVED_DIGESTS;
use super::seal_check::{SealCheck, check_seals, seal_ends};
use super::{SignedCheckpoint, TrustedKeys};
use crate::store::{
    Database, GENESIS, LogPosition, LoggedEvent, StoreError, StoredEventKey, entry_hash,
    parse_hash, stored_seals,
};

/// What is verified: the store itself, or an archive exported from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistorySource {
    /// The live store: every payload is checked from its stored bytes.
    Store,
    /// An archive: a payload written there without its password hash is
    /// checked through the digest of its stored text, kept beside it.
    Archive,
}

/// Where the chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first position that does not verify.
    pub position: i64,
    /// What is wrong there, in Vietnamese.
    pub reason: String,
}

/// Whether a held checkpoint still matches the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointCheck {
    /// The checkpoint's position.
    pub position: i64,
    /// Its signature is valid and the recomputed chain has its head there.
    pub consistent: bool,
    /// Why not, when not.
    pub reason: Option<String>,
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Events whose entry verified, from position 1 without a gap.
    pub verified: u64,
    /// The last verified position.
    pub head: i64,
    /// The recomputed hash at the head.
    pub head_hash: String,
    /// The first break, if any.
    pub broken: Option<ChainBreak>,
    /// One line per held checkpoint.
    pub checkpoints: Vec<CheckpointCheck>,
    /// What the server's seals say; `None` when the chain itself broke.
    pub seals: Option<SealCheck>,
    /// Archived events whose payload lacks the password hash it was stored
    /// with: the chain checks them through the stored text's digest.
    pub checked_by_digest: u64,
}

impl Verification {
    /// Whether the history and every checkpoint verified.
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
            && self.seals.as_ref().is_some_and(|s| s.broken.is_none())
            && self.checkpoints.iter().all(|c| c.consistent)
    }

    /// One line per finding, in Vietnamese.
    pub fn report(&self) -> Vec<String> {
        let mut lines = match &self.broken {
            None => vec![format!(
                "Đã xác minh {} sự kiện đến vị trí {}.",
                self.verified, self.head
            )],
            Some(broken) => vec![format!(
                "Chuỗi toàn vẹn bị phá vỡ tại vị trí {}: {} ({} sự kiện trước đó hợp lệ).",
                broken.position, broken.reason, self.verified
            )],
        };
        match self.seals.as_ref().and_then(|s| s.broken.as_ref()) {
            Some(broken) => lines.push(format!(
                "Niêm phong của máy chủ hỏng tại vị trí {}: {}.",
                broken.position, broken.reason
            )),
            None if self.broken.is_none() => lines.push(format!(
                "Mọi sự kiện đến vị trí {} đều được máy chủ niêm phong.",
                self.head
            )),
            None => {}
        }
        if self.checked_by_digest > 0 {
            lines.push(format!(
                "{} sự kiện cũ từng chứa mã băm mật khẩu được xuất không kèm mã băm đó: \
                 chuỗi đối chiếu chúng qua mã SHA-256 của bản gốc ghi lúc xuất.",
                self.checked_by_digest
            ));
        }
        for check in &self.checkpoints {
            lines.push(match &check.reason {
                None => format!("Điểm kiểm tra tại vị trí {}: khớp.", check.position),
                Some(reason) => format!(
                    "Điểm kiểm tra tại vị trí {}: KHÔNG khớp — {reason}.",
                    check.position
                ),
            });
        }
        lines
    }
}

const BATCH: u32 = 1_000;

async fn chain_from(
    database: &Database,
    from: i64,
    limit: u32,
) -> Result<Vec<(i64, String)>, StoreError> {
    const SQL_PG: &str =
        "SELECT position, hash FROM event_chain WHERE position >= $1 ORDER BY position LIMIT $2";
    const SQL_LITE: &str =
        "SELECT position, hash FROM event_chain WHERE position >= ? ORDER BY position LIMIT ?";
    Ok(match database {
        Database::Postgres(pool) => {
            sqlx::query_as(SQL_PG)
                .bind(from)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?
        }
        Database::Sqlite(pool) => {
            sqlx::query_as(SQL_LITE)
                .bind(from)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?
        }
    })
}

/// The digests an archive keeps for payloads written without their
/// password hash; none for an older archive that has no such table.
async fn archived_digests(database: &Database) -> Result<BTreeMap<i64, [u8; 32]>, StoreError> {
    let Database::Sqlite(pool) = database else {
        return Ok(BTreeMap::new());
    };
    let exists: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
            .bind(ARCHIVED_DIGESTS)
            .fetch_optional(pool)
            .await?;
    if exists.is_none() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT position, stored_sha256 FROM archived_payload_digests")
            .fetch_all(pool)
            .await?;
    rows.into_iter()
        .map(|(position, text)| {
            parse_hash(&text)
                .map(|digest| (position, digest))
                .ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "{ARCHIVED_DIGESTS} at position {position}: not a SHA-256"
                    ))
                })
        })
        .collect()
}

/// The event as the chain hashes it: an archived payload written without
/// its password hash counts through its digest. Only events that were
/// written with a hash may do so, so a digest cannot cover any other change.
fn with_archived_digest(
    event: &LoggedEvent,
    archived: &BTreeMap<i64, [u8; 32]>,
) -> Option<LoggedEvent> {
    let digest = archived.get(&event.position.get())?;
    let key = StoredEventKey {
        aggregate_type: &event.aggregate_type,
        aggregate_id: &event.aggregate_id,
        sequence: u64::try_from(event.sequence).ok()?,
        event_type: &event.event_type,
        event_version: &event.event_version,
    };
    if event.stored_payload_digest.is_some() || !key.may_hold_password_hash() {
        return None;
    }
    Some(LoggedEvent {
        stored_payload_digest: Some(*digest),
        ..event.clone()
    })
}

/// Recomputes the chain over every stored event and compares it with the
/// stored entries, with the server's seals and with each held checkpoint.
/// A checkpoint not signed by one of `trusted`, or a seal not signed by one
/// of `sealers`, does not verify, whatever it says.
pub async fn verify_history(
    database: &Database,
    source: HistorySource,
    checkpoints: &[SignedCheckpoint],
    trusted: &TrustedKeys,
    sealers: &TrustedKeys,
) -> Result<Verification, StoreError> {
    let seals = stored_seals(database).await?;
    let archived = match source {
        HistorySource::Store => BTreeMap::new(),
        HistorySource::Archive => archived_digests(database).await?,
    };
    let mut checked_by_digest = 0_u64;
    let mut previous = GENESIS;
    let mut recomputed: BTreeMap<i64, [u8; 32]> = BTreeMap::new();
    let wanted: std::collections::BTreeSet<i64> = checkpoints
        .iter()
        .map(|c| c.position)
        .chain(seal_ends(&seals))
        .collect();
    let mut expected = 1_i64;
    let mut broken = None;
    'events: loop {
        let events = database
            .read_from(LogPosition::new(expected), BATCH)
            .await?;
        let chain = chain_from(database, expected, BATCH).await?;
        if events.is_empty() {
            if let Some((position, _)) = chain.first() {
                broken = Some(ChainBreak {
                    position: *position,
                    reason: "có mục trong chuỗi nhưng không còn sự kiện (sự kiện cuối đã bị xoá)"
                        .into(),
                });
            }
            break;
        }
        let mut entries = chain.into_iter().peekable();
        for event in &events {
            let position = event.position.get();
            if position != expected {
                broken = Some(ChainBreak {
                    position: expected,
                    reason: "thiếu sự kiện (đã bị xoá hoặc đổi vị trí)".into(),
                });
                break 'events;
            }
            let stored = match entries.next_if(|(p, _)| *p == position) {
                Some((_, hash)) => parse_hash(&hash),
                None => {
                    broken = Some(ChainBreak {
                        position,
                        reason: "sự kiện không có trong chuỗi (được chèn ngoài hệ thống)".into(),
                    });
                    break 'events;
                }
            };
            let hash = match with_archived_digest(event, &archived) {
                Some(archived) => {
                    checked_by_digest += 1;
                    entry_hash(&previous, &archived)
                }
                None => entry_hash(&previous, event),
            };
            if stored != Some(hash) {
                broken = Some(ChainBreak {
                    position,
                    reason: "nội dung sự kiện không khớp với chuỗi (đã bị sửa)".into(),
                });
                break 'events;
            }
            if wanted.contains(&position) {
                recomputed.insert(position, hash);
            }
            previous = hash;
            expected += 1;
        }
    }
    let verified = u64::try_from(expected - 1).unwrap_or(0);
    let head = expected - 1;
    let checks = checkpoints
        .iter()
        .map(|checkpoint| {
            let reason = if let Err(error) = trusted.check(checkpoint) {
                Some(error.to_string())
            } else if checkpoint.position > head {
                Some(format!(
                    "lịch sử chỉ còn đến vị trí {head}, trước vị trí đã ký (phần cuối đã bị cắt)"
                ))
            } else {
                match recomputed.get(&checkpoint.position) {
                    Some(hash) if hex::encode(hash) == checkpoint.head => None,
                    Some(_) => Some(
                        "mã băm tại vị trí đã ký khác với bản đã ký (lịch sử đã bị viết lại)"
                            .to_owned(),
                    ),
                    None => Some("không tính lại được chuỗi đến vị trí đã ký".to_owned()),
                }
            };
            CheckpointCheck {
                position: checkpoint.position,
                consistent: reason.is_none(),
                reason,
            }
        })
        .collect();
    Ok(Verification {
        verified,
        head,
        head_hash: hex::encode(previous),
        checkpoints: checks,
        seals: broken
            .is_none()
            .then(|| check_seals(&seals, &recomputed, head, sealers)),
        broken,
        checked_by_digest,
    })
}
