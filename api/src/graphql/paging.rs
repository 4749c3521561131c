//! Relay connections over read-model rows: one page size rule and one way of
//! telling that there is a next page, for every list that can grow.

use async_graphql::OutputType;
use async_graphql::connection::{Connection, Edge};

use super::command_runner::invalid;

/// The page size asked for: the default when absent, at least one, at most
/// `max`; a negative size is a validation error on `first`.
pub fn page_size(first: Option<i32>, default: u32, max: u32) -> async_graphql::Result<u32> {
    match first {
        None => Ok(default.min(max)),
        Some(n) => u32::try_from(n)
            .map(|n| n.clamp(1, max))
            .map_err(|_| invalid("first", "phải là số dương")),
    }
}

/// How many items of a page count as one more time what each selects.
pub const ITEMS_PER_COMPLEXITY: u32 = 50;

/// The complexity of a page: what each item selects, once for every
/// [`ITEMS_PER_COMPLEXITY`] items of its size (as [`page_size`] will take
/// it), so that aliases of large pages add up while one page of the largest
/// size still fits.
pub fn page_complexity(first: Option<i32>, default: u32, max: u32, item: usize) -> usize {
    let size = page_size(first, default, max).unwrap_or(1);
    usize::try_from(size.div_ceil(ITEMS_PER_COMPLEXITY))
        .unwrap_or(usize::MAX)
        .saturating_mul(item)
}

/// A connection from rows fetched with a limit of one more than `first`:
/// the extra row is not shown, it only says that a next page exists.
pub fn connection<R, N: OutputType>(
    mut rows: Vec<R>,
    first: u32,
    has_previous: bool,
    cursor: impl Fn(&R) -> String,
    node: impl Fn(R) -> N,
) -> Connection<String, N> {
    let page = usize::try_from(first).unwrap_or(usize::MAX);
    let has_next = rows.len() > page;
    rows.truncate(page);
    let mut connection = Connection::new(has_previous, has_next);
    connection.edges.extend(rows.into_iter().map(|row| {
        let cursor = cursor(&row);
        Edge::new(cursor, node(row))
    }));
    connection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_size_is_bounded_and_a_negative_one_is_refused() {
        assert_eq!(page_size(None, 100, 1_000).ok(), Some(100));
        assert_eq!(page_size(Some(0), 100, 1_000).ok(), Some(1));
        assert_eq!(page_size(Some(5_000), 100, 1_000).ok(), Some(1_000));
        assert!(page_size(Some(-1), 100, 1_000).is_err());
    }

    #[test]
    fn a_page_counts_once_for_every_fifty_items_it_may_hold() {
        assert_eq!(page_complexity(None, 500, 5_000, 5), 50);
        assert_eq!(page_complexity(Some(5_000), 500, 5_000, 5), 500);
        assert_eq!(page_complexity(Some(1_000_000), 500, 5_000, 5), 500);
        assert_eq!(page_complexity(Some(1), 500, 5_000, 5), 5);
    }

    #[test]
    fn the_extra_row_only_says_there_is_a_next_page() {
        let page = connection(vec![1, 2, 3], 2, false, |n| n.to_string(), |n| n * 10);
        assert!(page.has_next_page);
        assert_eq!(
            page.edges.iter().map(|e| e.node).collect::<Vec<_>>(),
            [10, 20]
        );
        let last = connection(vec![1, 2], 2, true, |n| n.to_string(), |n| n);
        assert!(!last.has_next_page && last.has_previous_page);
    }
}
