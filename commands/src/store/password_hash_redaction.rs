//! Histories written before credentials moved out of the log hold each
//! password's hash in version 1 of the events that set one. Those rows
//! cannot change (the chain covers their bytes), so every read of the log
//! takes the hash out instead, and puts in its place the credential the
//! hash was carried over to (ops/decisions/0017): the aggregate, the read
//! models, the API and the archive all see the version-2 shape.

use chamdiem_domain::account::{AccountEvent, CredentialId};
use serde_json::Value;

/// What identifies a stored event, enough to tell whether its payload may
/// hold a hash and which credential that hash was carried over to.
#[derive(Debug, Clone, Copy)]
pub struct StoredEventKey<'a> {
    /// The aggregate type.
    pub aggregate_type: &'a str,
    /// The aggregate instance.
    pub aggregate_id: &'a str,
    /// The event's sequence within its aggregate.
    pub sequence: u64,
    /// The stored event name.
    pub event_type: &'a str,
    /// The stored event version.
    pub event_version: &'a str,
}

impl StoredEventKey<'_> {
    /// Whether an event so named was written with a password hash in it.
    pub fn may_hold_password_hash(&self) -> bool {
        self.aggregate_type == "account"
            && self.event_version == "1"
            && AccountEvent::CARRIES_CREDENTIAL.contains(&self.event_type)
    }

    /// The credential a hash in this event was carried over to.
    pub fn carried_over_credential(&self) -> CredentialId {
        CredentialId::carried_over(self.aggregate_id, self.sequence)
    }
}

/// Takes the password hash out of `payload` when the event named by `key`
/// holds one, names the carried-over credential instead, and returns the
/// hash taken out. Any other payload is left alone.
pub fn take_out_password_hash(key: StoredEventKey<'_>, payload: &mut Value) -> Option<Value> {
    if !key.may_hold_password_hash() {
        return None;
    }
    let fields = payload.get_mut(key.event_type)?.as_object_mut()?;
    let hash = fields.remove("password_hash")?;
    fields.insert(
        "credential".to_owned(),
        Value::String(key.carried_over_credential().to_string()),
    );
    Some(hash)
}

/// The stored payload text of the event named by `key`, with the password
/// hash taken out when it holds one; unreadable JSON is an error.
pub fn payload_without_password_hash(
    key: StoredEventKey<'_>,
    stored: &str,
) -> Result<String, serde_json::Error> {
    if !key.may_hold_password_hash() {
        return Ok(stored.to_owned());
    }
    let mut payload: Value = serde_json::from_str(stored)?;
    Ok(match take_out_password_hash(key, &mut payload) {
        Some(_) => payload.to_string(),
        None => stored.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key<'a>(event_type: &'a str, event_version: &'a str) -> StoredEventKey<'a> {
        StoredEventKey {
            aggregate_type: "account",
            aggregate_id: "a-1",
            sequence: 3,
            event_type,
            event_version,
        }
    }

    #[test]
    fn a_version_1_password_event_loses_its_hash_and_names_the_credential() {
        let mut payload =
            json!({"AccountPasswordReset": {"account_id": "a-1", "password_hash": "$argon2id$x"}});
        let taken = take_out_password_hash(key("AccountPasswordReset", "1"), &mut payload);
        assert_eq!(taken, Some(json!("$argon2id$x")));
        assert_eq!(
            payload,
            json!({"AccountPasswordReset": {
                "account_id": "a-1",
                "credential": CredentialId::carried_over("a-1", 3).to_string()
            }})
        );
    }

    #[test]
    fn other_events_and_versions_are_left_alone() {
        let original = json!({"AccountPasswordReset": {"password_hash": "kept"}});
        for key in [
            key("AccountPasswordReset", "2"),
            key("AccountLocked", "1"),
            StoredEventKey {
                aggregate_type: "unit",
                ..key("AccountPasswordReset", "1")
            },
        ] {
            let mut payload = original.clone();
            assert_eq!(take_out_password_hash(key, &mut payload), None);
            assert_eq!(payload, original);
        }
    }
}
