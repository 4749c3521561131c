//! The refusal codes of a GraphQL answer, one operation or a batch.

use serde_json::Value;

/// Every `extensions.code` of `answer` (an answer, or a batch's array of
/// them), in order; an error without a code counts as `NONE`.
pub fn error_codes(answer: &Value) -> Vec<String> {
    let answers = match answer.as_array() {
        Some(batch) => batch.iter().collect(),
        None => vec![answer],
    };
    answers
        .into_iter()
        .flat_map(|a| a["errors"].as_array().into_iter().flatten())
        .map(|e| {
            e["extensions"]["code"]
                .as_str()
                .unwrap_or("NONE")
                .to_owned()
        })
        .collect()
}
