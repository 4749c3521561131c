//! The integrity chain's definition, shared by the SQLite repository (which
//! writes entries), the verifier and the archive. PostgreSQL computes the same
//! entries in a trigger (schema/postgres/…_event_chain.sql).

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use super::LoggedEvent;

/// The hash before the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// The recorded time as the chain hashes it: UTC, RFC 3339, microseconds.
pub fn canonical_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The entry of `event` after `previous`.
pub fn entry_hash(previous: &[u8; 32], event: &LoggedEvent) -> [u8; 32] {
    let field = |text: &str| Sha256::digest(text.as_bytes());
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(field(&event.position.to_string()));
    hasher.update(field(&canonical_time(event.recorded_at)));
    hasher.update(field(&event.aggregate_type));
    hasher.update(field(&event.aggregate_id));
    hasher.update(field(&event.sequence.to_string()));
    hasher.update(field(&event.event_type));
    hasher.update(field(&event.event_version));
    hasher.update(event.payload_digest());
    hasher.update(field(&event.metadata));
    hasher.finalize().into()
}

/// Parses a stored hex hash.
pub fn parse_hash(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::LogPosition;

    #[test]
    fn every_field_counts() {
        let event = LoggedEvent {
            position: LogPosition::new(1),
            recorded_at: "2026-11-27T13:20:43.868123Z".parse().unwrap_or_default(),
            aggregate_type: "unit".into(),
            aggregate_id: "a".into(),
            sequence: 1,
            event_type: "UnitRegistered".into(),
            event_version: "1".into(),
            payload: "{}".into(),
            metadata: "{}".into(),
            stored_payload_digest: None,
        };
        let base = entry_hash(&GENESIS, &event);
        let mut changed = event.clone();
        changed.payload = "{ }".into();
        assert_ne!(entry_hash(&GENESIS, &changed), base);
        let mut moved = event.clone();
        moved.position = LogPosition::new(2);
        assert_ne!(entry_hash(&GENESIS, &moved), base);
        assert_ne!(entry_hash(&base, &event), base, "the previous entry counts");
        assert_eq!(
            canonical_time(event.recorded_at),
            "2026-11-27T13:20:43.868123Z"
        );
    }
}
