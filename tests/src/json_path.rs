//! Reaching into an answer by a dotted path ("registerUnit.unit.id"), as a
//! client names what it selected.

use serde_json::Value;

/// The value at `path` (field names separated by dots) under `value`;
/// `Value::Null` where the path leads nowhere.
pub fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(value, |inner, name| &inner[name])
}
