//! Where a list the API pages stands: whether more follows and the cursor
//! to ask for it, as the pages link "Trang sau".

use serde::Deserialize;

use super::page_response::url_text;

/// A connection's page info, as the operations select it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    /// Whether more follows.
    pub has_next_page: bool,
    /// The cursor of the last item.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    /// The link to the next page of `path` (`sau` = the cursor), if more
    /// follows.
    pub fn next_link(&self, path: &str) -> Option<String> {
        let cursor = self.end_cursor.as_deref().filter(|_| self.has_next_page)?;
        Some(format!("{path}?sau={}", url_text(cursor)))
    }
}
