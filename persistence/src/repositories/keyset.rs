//! Keyset paging on a UUID v7 id — the one way every list of the repositories is paged (never OFFSET: a page deep
//! in a list costs what the first one costs). One row more than asked tells whether another page follows, without
//! counting; paging from a cursor, an item existed at the cursor, so the other side has items too (Relay allows
//! that answer without a second query).

use hipe_domain::Result;
use hipe_domain::pagination::{Direction, Page, PageRequest};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter as _, QueryOrder as _, QuerySelect as _, Select};
use uuid::Uuid;

use crate::error::db_err;

/// `query` narrowed to the page: past the cursor, ordered by `id` in the page's direction, one row more than the
/// page's size. Shared with the EXPLAIN tests ([`crate::plans`]) through the queries built on it.
pub(crate) fn narrow<E: EntityTrait, K>(
    query: Select<E>,
    id: E::Column,
    page: &PageRequest<K>,
    key: impl Fn(&K) -> Uuid,
) -> Select<E> {
    let query = match (page.direction(), page.cursor().map(key)) {
        (Direction::Forward, Some(after)) => query.filter(id.gt(after)),
        (Direction::Backward, Some(before)) => query.filter(id.lt(before)),
        (_, None) => query,
    };
    let query = match page.direction() {
        Direction::Forward => query.order_by_asc(id),
        Direction::Backward => query.order_by_desc(id),
    };
    query.limit(u64::from(page.size()) + 1)
}

/// Splits the rows of a [`narrow`]ed query into the page, in list order whatever the direction.
pub(crate) fn split<T, K>(mut rows: Vec<T>, page: &PageRequest<K>) -> Page<T> {
    let more = rows.len() > usize::from(page.size());
    rows.truncate(usize::from(page.size()));
    let from_cursor = page.cursor().is_some();
    match page.direction() {
        Direction::Forward => Page { items: rows, has_next: more, has_previous: from_cursor },
        Direction::Backward => {
            rows.reverse();
            Page { items: rows, has_next: from_cursor, has_previous: more }
        }
    }
}

/// Runs `query` for the page `page` asks for, keyset on `id`: the rows in list order.
///
/// # Errors
/// [`hipe_domain::Error::Storage`].
pub(crate) async fn fetch<E: EntityTrait, K>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    id: E::Column,
    page: &PageRequest<K>,
    key: impl Fn(&K) -> Uuid,
) -> Result<Page<E::Model>> {
    let rows = narrow(query, id, page, key).all(db).await.map_err(db_err)?;
    Ok(split(rows, page))
}
