//! Keyset pagination, the shape every list port takes: a bounded page size and an optional cursor. Never OFFSET:
//! a page deep in a list costs the same as the first one.

use crate::Error;

/// The largest page a caller may ask for.
pub const MAX_PAGE_SIZE: u16 = 100;

/// Which end of the ordered list a page starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `first` / `after`: from the start towards the end.
    Forward,
    /// `last` / `before`: from the end towards the start.
    Backward,
}

/// A validated page request. `K` is the key the list is ordered by (for dossiers, their id, a UUID v7 so
/// creation order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest<K> {
    size: u16,
    direction: Direction,
    cursor: Option<K>,
}

impl<K> PageRequest<K> {
    /// Builds a page request from Relay arguments.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when both `first` and `last` are given, or a size is outside 1–100, or a cursor
    /// is given in the wrong direction.
    pub fn relay(first: Option<i32>, after: Option<K>, last: Option<i32>, before: Option<K>) -> Result<Self, Error> {
        let bounded = |field: &'static str, n: i32| {
            u16::try_from(n)
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| Error::invalid(field, format!("must be between 1 and {MAX_PAGE_SIZE}")))
        };
        match (first, last) {
            (Some(_), Some(_)) => Err(Error::invalid("first", "give either `first` or `last`, not both")),
            (_, Some(n)) => {
                if after.is_some() {
                    return Err(Error::invalid("after", "`after` goes with `first`"));
                }
                Ok(Self { size: bounded("last", n)?, direction: Direction::Backward, cursor: before })
            }
            (first, None) => {
                if before.is_some() {
                    return Err(Error::invalid("before", "`before` goes with `last`"));
                }
                let size = first.map_or(Ok(20), |n| bounded("first", n))?;
                Ok(Self { size, direction: Direction::Forward, cursor: after })
            }
        }
    }

    /// The number of items asked for.
    pub const fn size(&self) -> u16 {
        self.size
    }

    /// Which end the page starts from.
    pub const fn direction(&self) -> Direction {
        self.direction
    }

    /// The key the page starts after (forward) or before (backward), exclusive.
    pub const fn cursor(&self) -> Option<&K> {
        self.cursor.as_ref()
    }
}

/// One page of a list, in list order whatever the direction. The total is a separate port call, made only
/// when a client asks for it: counting a large list is not free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Whether items exist after the last one of this page.
    pub has_next: bool,
    /// Whether items exist before the first one of this page. Paging forward from a cursor, this is `true`
    /// without a second query (an item was at the cursor), as Relay permits.
    pub has_previous: bool,
}

impl<T> Page<T> {
    /// The same page with each item converted; the first failure fails it.
    ///
    /// # Errors
    /// The first error `convert` returns.
    pub fn try_map<U, E>(self, convert: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(convert).collect::<Result<_, _>>()?,
            has_next: self.has_next,
            has_previous: self.has_previous,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Direction, PageRequest};

    #[test]
    fn defaults_to_twenty_forward() {
        let page = PageRequest::<u32>::relay(None, None, None, None).expect("valid");
        assert_eq!((page.size(), page.direction()), (20, Direction::Forward));
    }

    #[test]
    fn refuses_sizes_outside_one_to_a_hundred_and_mixed_directions() {
        assert!(PageRequest::<u32>::relay(Some(0), None, None, None).is_err());
        assert!(PageRequest::<u32>::relay(Some(101), None, None, None).is_err());
        assert!(PageRequest::<u32>::relay(None, None, Some(-1), None).is_err());
        assert!(PageRequest::<u32>::relay(Some(5), None, Some(5), None).is_err());
        assert!(PageRequest::relay(None, Some(3_u32), Some(5), None).is_err());
        assert!(PageRequest::relay(Some(5), None, None, Some(3_u32)).is_err());
    }

    #[test]
    fn last_with_before_pages_backward() {
        let page = PageRequest::relay(None, None, Some(100), Some(7_u32)).expect("valid");
        assert_eq!(page.direction(), Direction::Backward);
        assert_eq!(page.cursor(), Some(&7));
    }
}
