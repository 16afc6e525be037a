//! Relay connections: page requests from `first`/`after`/`last`/`before`, and `PageInfo`. Every list uses
//! keyset pagination on a UUID v7 key, so cursors are opaque wrappers of that key.

use async_graphql::SimpleObject;
use hipe_domain::pagination::{Page, PageRequest};
use uuid::Uuid;

use super::error::ApiError;
use super::id;

/// Relay page information.
#[derive(Debug, Clone, SimpleObject)]
pub struct PageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page.
    pub has_previous_page: bool,
    /// Cursor of the first item.
    pub start_cursor: Option<String>,
    /// Cursor of the last item.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    /// The page information of `page`, whose items are keyed by `key`.
    pub fn of<T>(page: &Page<T>, key: impl Fn(&T) -> Uuid) -> Self {
        Self {
            has_next_page: page.has_next,
            has_previous_page: page.has_previous,
            start_cursor: page.items.first().map(|item| id::cursor(key(item))),
            end_cursor: page.items.last().map(|item| id::cursor(key(item))),
        }
    }
}

/// The complexity of a connection: its children's, times the page size asked for (20 by default, at most 100 —
/// a larger request fails validation later, so it is weighed at the cap here).
pub fn weight(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let size = first.or(last).map_or(20, |n| usize::try_from(n.clamp(1, 100)).unwrap_or(100));
    size.saturating_mul(child_complexity.max(1))
}

/// A page request from Relay arguments; `wrap` turns a cursor's UUID into the list's key type.
///
/// # Errors
/// `BAD_USER_INPUT` for a malformed cursor, a size outside 1–100, or mixed directions.
pub fn page_request<K>(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
    wrap: impl Fn(Uuid) -> K,
) -> Result<PageRequest<K>, ApiError> {
    let cursor = |text: Option<String>| text.map(|t| id::decode_cursor(&t).map(&wrap)).transpose();
    PageRequest::relay(first, cursor(after)?, last, cursor(before)?).map_err(|e| ApiError::bad_input(e.to_string()))
}
