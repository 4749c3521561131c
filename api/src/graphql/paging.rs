//! Relay connections over read-model rows: one page size rule and one way of
//! telling that there is a next page, for every list that can grow.

use async_graphql::OutputType;
use async_graphql::connection::{Connection, Edge};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::command_runner::invalid;

/// The lists that hand out cursors. A cursor names its list, so that one
/// list's cursor given to another is refused, not misread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorList {
    /// Units, by code.
    Units,
    /// Accounts, by username.
    Accounts,
    /// The audit trail, by log position.
    AuditTrail,
    /// The global log, by position.
    Events,
    /// Sub-account requests, by id.
    SubAccountRequests,
}

impl CursorList {
    fn prefix(self) -> &'static str {
        match self {
            Self::Units => "units",
            Self::Accounts => "accounts",
            Self::AuditTrail => "audit",
            Self::Events => "events",
            Self::SubAccountRequests => "requests",
        }
    }

    /// The opaque cursor of the item whose key is `key`: clients hand it
    /// back as `after` and never read it (Relay's rule), so the key may
    /// change without a client noticing.
    pub fn cursor(self, key: &str) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{key}", self.prefix()))
    }

    /// The key inside `after`, a cursor of this list; anything else is a
    /// validation error on `after`.
    pub fn key_after(self, after: Option<&str>) -> async_graphql::Result<Option<String>> {
        let Some(after) = after else {
            return Ok(None);
        };
        let refused = || invalid("after", "con trỏ không hợp lệ cho danh sách này");
        let bytes = URL_SAFE_NO_PAD
            .decode(after.trim())
            .map_err(|_| refused())?;
        let text = String::from_utf8(bytes).map_err(|_| refused())?;
        text.strip_prefix(self.prefix())
            .and_then(|rest| rest.strip_prefix(':'))
            .map(|key| Some(key.to_owned()))
            .ok_or_else(refused)
    }

    /// The position inside `after`, for the lists ordered by log position
    /// (0 when absent: from the start).
    pub fn position_after(self, after: Option<&str>) -> async_graphql::Result<i64> {
        match self.key_after(after)? {
            None => Ok(0),
            Some(key) => key
                .parse::<i64>()
                .ok()
                .filter(|p| *p >= 0)
                .ok_or_else(|| invalid("after", "con trỏ không hợp lệ cho danh sách này")),
        }
    }
}

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
/// the extra row is not shown, it only says that a next page exists. Each
/// edge's cursor is `list`'s opaque cursor of the row's `key`.
pub fn connection<R, N: OutputType>(
    list: CursorList,
    mut rows: Vec<R>,
    first: u32,
    has_previous: bool,
    key: impl Fn(&R) -> String,
    node: impl Fn(R) -> N,
) -> Connection<String, N> {
    let page = usize::try_from(first).unwrap_or(usize::MAX);
    let has_next = rows.len() > page;
    rows.truncate(page);
    let mut connection = Connection::new(has_previous, has_next);
    connection.edges.extend(rows.into_iter().map(|row| {
        let cursor = list.cursor(&key(&row));
        Edge::new(cursor, node(row))
    }));
    connection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_is_opaque_and_belongs_to_its_list() {
        let cursor = CursorList::Units.cursor("S01");
        assert!(!cursor.contains("S01"));
        assert_eq!(
            CursorList::Units.key_after(Some(&cursor)).ok().flatten(),
            Some("S01".to_owned())
        );
        assert!(CursorList::Accounts.key_after(Some(&cursor)).is_err());
        assert!(CursorList::Units.key_after(Some("S01")).is_err());
        let position = CursorList::Events.cursor("42");
        assert_eq!(
            CursorList::Events.position_after(Some(&position)).ok(),
            Some(42)
        );
        assert!(CursorList::Events.position_after(Some(&cursor)).is_err());
    }

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
        let list = CursorList::Units;
        let page = connection(list, vec![1, 2, 3], 2, false, |n| n.to_string(), |n| n * 10);
        assert!(page.has_next_page);
        assert_eq!(
            page.edges.iter().map(|e| e.node).collect::<Vec<_>>(),
            [10, 20]
        );
        let last = connection(list, vec![1, 2], 2, true, |n| n.to_string(), |n| n);
        assert!(!last.has_next_page && last.has_previous_page);
    }
}
