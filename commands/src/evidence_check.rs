//! Whether every evidence file the history refers to is stored and intact:
//! what a restored backup must show before it is put in place, since the
//! log holds only the files' hashes and the files live beside it.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use crate::evidence_store::{EvidenceFileError, EvidenceStore};
use crate::store::{Database, LogPosition, StoreError};

/// What the check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EvidenceCheck {
    /// Distinct files the history refers to.
    pub referenced: usize,
    /// Hashes with no file.
    pub missing: Vec<String>,
    /// Hashes whose file's content has another hash.
    pub corrupt: Vec<String>,
}

impl EvidenceCheck {
    /// Whether every file is there and intact.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.corrupt.is_empty()
    }
}

/// Why the check could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceCheckError {
    /// The log could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The evidence store could not be read.
    #[error(transparent)]
    Files(#[from] EvidenceFileError),
    /// An event's payload is not JSON.
    #[error("sự kiện tại vị trí {0} có nội dung không đọc được")]
    Payload(i64),
}

/// Reads the whole log for the evidence it cites (every `content_hash`
/// in any event's payload) and checks each file in `files`.
pub async fn check_evidence(
    database: &Database,
    files: &EvidenceStore,
) -> Result<EvidenceCheck, EvidenceCheckError> {
    let mut hashes = BTreeSet::new();
    let mut from = LogPosition::START.next();
    loop {
        let batch = database.read_from(from, 1_000).await?;
        let Some(last) = batch.last() else { break };
        from = last.position.next();
        for event in &batch {
            if !event.payload.contains("content_hash") {
                continue;
            }
            let payload: serde_json::Value = serde_json::from_str(&event.payload)
                .map_err(|_| EvidenceCheckError::Payload(event.position.get()))?;
            collect_hashes(&payload, &mut hashes);
        }
    }
    let mut check = EvidenceCheck {
        referenced: hashes.len(),
        ..EvidenceCheck::default()
    };
    for hash in hashes {
        match files.get(&hash).await? {
            None => check.missing.push(hash),
            Some(bytes) if hex::encode(Sha256::digest(&bytes)) != hash => check.corrupt.push(hash),
            Some(_) => {}
        }
    }
    Ok(check)
}

fn collect_hashes(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, field) in fields {
                match (name.as_str(), field) {
                    ("content_hash", serde_json::Value::String(hash)) => {
                        into.insert(hash.to_lowercase());
                    }
                    _ => collect_hashes(field, into),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_hashes(item, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_found_at_any_depth() {
        let payload = serde_json::json!({ "EvidenceAttached": { "evidence": { "content_hash": "AB" },
            "answers": [{ "evidence": [{ "content_hash": "cd" }] }] } });
        let mut found = BTreeSet::new();
        collect_hashes(&payload, &mut found);
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["ab", "cd"]);
    }
}
