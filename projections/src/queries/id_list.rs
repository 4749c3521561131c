//! Reads by a list of ids, portable to both stores: SQLite has no array
//! parameters, so a list becomes `IN ($n, $n+1, …)`, in chunks small enough
//! for either store's limit on parameters.

use crate::SqlValue;

/// How many ids one statement takes.
pub const CHUNK: usize = 200;

/// `IN (…)` over `ids`, its parameters numbered after `before` others, and
/// the ids as values.
pub fn in_list<T: ToString>(before: usize, ids: &[T]) -> (String, Vec<SqlValue>) {
    let placeholders: Vec<String> = (before + 1..=before + ids.len())
        .map(|i| format!("${i}"))
        .collect();
    let values = ids
        .iter()
        .map(|id| SqlValue::from(id.to_string()))
        .collect();
    (format!("IN ({})", placeholders.join(", ")), values)
}

#[cfg(test)]
mod tests {
    use super::in_list;

    #[test]
    fn parameters_are_numbered_after_the_others() {
        assert_eq!(in_list(1, &["a", "b"]).0, "IN ($2, $3)");
        assert_eq!(in_list(0, &["a"]).0, "IN ($1)");
        assert_eq!(in_list(0, &["a", "b", "c"]).1.len(), 3);
    }
}
