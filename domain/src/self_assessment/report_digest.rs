//! The content hash of a self-assessment report: what the unit leader
//! approves. It covers everything the report shows (scores, not-applicable
//! marks with reasons, explanations, evidence, survey forms) and nothing
//! else, so the same content always gives the same hash and any change to
//! it gives another.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// SHA-256, in hex, of the canonical JSON of `content`. Callers pass
/// ordered maps only, so the JSON is canonical.
pub fn digest<T: Serialize>(content: &T) -> String {
    let canonical = serde_json::to_vec(content).unwrap_or_default();
    hex::encode(Sha256::digest(canonical))
}
