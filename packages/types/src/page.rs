//! Pages of list queries: one rule for every paged query of the three contracts.
//!
//! A paged query answers at most `limit` items after `start_after`, ordered by key, and
//! `next_start_after`: the key of the last item returned **when more items follow it**, `None` on
//! the last page. The contract reads one item more than it returns to know which; a client pages
//! until the cursor is `None` and never fetches an empty trailing page.

use cosmwasm_std::StdResult;

/// The first `limit` of `items` and the cursor of the next page: `key` of the last item kept if
/// `items` had more, else `None`. Reads at most `limit + 1` items.
pub fn page<T, K>(
    items: impl Iterator<Item = StdResult<T>>,
    limit: usize,
    key: impl FnOnce(&T) -> K,
) -> StdResult<(Vec<T>, Option<K>)> {
    let mut items = items
        .take(limit.saturating_add(1))
        .collect::<StdResult<Vec<T>>>()?;
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(key)
    } else {
        None
    };
    Ok((items, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::StdError;

    /// Pages of `0..n` after `start_after`, as a contract answers them from a sorted map.
    fn query(n: u32, start_after: Option<u32>, limit: usize) -> (Vec<u32>, Option<u32>) {
        let items = (0..n)
            .filter(|i| start_after.is_none_or(|s| *i > s))
            .map(Ok);
        page(items, limit, |i| *i).unwrap()
    }

    #[test]
    fn paging_until_none_visits_every_item_once_without_an_empty_last_page() {
        for n in 0..12 {
            for limit in 1..6 {
                let (mut seen, mut cursor, mut calls) = (Vec::<u32>::new(), None, 0);
                loop {
                    let (items, next) = query(n, cursor, limit);
                    calls += 1;
                    assert!(items.len() <= limit);
                    assert!(
                        n == 0 || !items.is_empty(),
                        "empty page, n={n} limit={limit}"
                    );
                    seen.extend(&items);
                    match next {
                        Some(key) => {
                            assert_eq!(items.len(), limit, "a cursor only after a full page");
                            assert_eq!(Some(&key), items.last());
                            cursor = Some(key);
                        }
                        None => break,
                    }
                }
                assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n={n} limit={limit}");
                let expected_calls = (n as usize).div_ceil(limit).max(1);
                assert_eq!(calls, expected_calls, "n={n} limit={limit}");
            }
        }
        // a page that is exactly full and last has no cursor; one item more gives one
        assert_eq!(query(3, None, 3), (vec![0, 1, 2], None));
        assert_eq!(query(4, None, 3), (vec![0, 1, 2], Some(2)));
    }

    #[test]
    fn a_read_error_is_returned() {
        let items = vec![Ok(1), Err(StdError::msg("broken")), Ok(3)].into_iter();
        assert!(page(items, 5, |i: &u32| *i).is_err());
    }
}
