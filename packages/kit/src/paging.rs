//! Pages of list queries: one rule for every paged query of the three contracts, and one loop
//! that reads them.
//!
//! A paged query answers at most `limit` items after `start_after`, ordered by key, and
//! `next_start_after`: the key of the last item returned **when more items follow it**, `None` on
//! the last page ([`next_cursor`]). The contract reads one record more than it returns to know
//! which ([`Page::more`]); a client pages until the cursor is `None` and never fetches an empty
//! trailing page.
//!
//! The pages are read as raw storage records, by one loop that is not generic.
//!
//! `Map::range`/`Map::keys` with a [`cw_storage_plus::Bound`] instantiate cw-storage-plus' iterator
//! pipeline (bounds, prefix, key and value decoding) once per map and key type: about 3 KB of Wasm
//! for each list query. Here a list query builds the map's storage prefix and its cursor as bytes,
//! reads one page through [`page`] (one copy for every map), and decodes the page's keys itself
//! with [`split_part`] and [`u32_key`]. The bytes are cw-storage-plus' own key encoding, which the
//! tests below check against `Map::key`:
//!
//! - a map's keys all start with its namespace, length-prefixed ([`map_prefix`]);
//! - each key component but the last is length-prefixed ([`push_part`]), the last is its bytes as
//!   they are (`u32` big-endian);
//!
//! so the keys of one map, or of one owner in a map keyed `(owner, …)`, are exactly the storage
//! keys under that prefix, in the map's own order.

use cosmwasm_std::{Order, Record, StdError, StdResult, Storage};

/// The storage prefix of every key of the map with `namespace`: the namespace, length-prefixed.
pub fn map_prefix(namespace: &[u8]) -> Vec<u8> {
    let mut prefix = Vec::with_capacity(namespace.len() + 2);
    push_part(&mut prefix, namespace);
    prefix
}

/// Appends a key component that is not the key's last: its length (two bytes, big-endian), then
/// its bytes.
pub fn push_part(key: &mut Vec<u8>, part: &[u8]) {
    // cw-storage-plus refuses longer components when it writes them: no stored key has one
    let len = u16::try_from(part.len()).unwrap_or(u16::MAX);
    key.extend_from_slice(&len.to_be_bytes());
    key.extend_from_slice(part);
}

/// The length-prefixed first component of `key` and the rest.
pub fn split_part(key: &[u8]) -> StdResult<(&[u8], &[u8])> {
    let malformed = || StdError::msg(format!("malformed storage key {key:?}"));
    let (len, rest) = key.split_first_chunk::<2>().ok_or_else(malformed)?;
    let len = usize::from(u16::from_be_bytes(*len));
    if rest.len() < len {
        return Err(malformed());
    }
    Ok(rest.split_at(len))
}

/// A `u32` key component (the last of its key): four bytes, big-endian.
pub fn u32_key(bytes: &[u8]) -> StdResult<u32> {
    let bytes: [u8; 4] = bytes
        .try_into()
        .map_err(|_| StdError::msg(format!("malformed u32 key {bytes:?}")))?;
    Ok(u32::from_be_bytes(bytes))
}

/// A string key component (a denom, an address).
pub fn string_key(bytes: Vec<u8>) -> StdResult<String> {
    String::from_utf8(bytes).map_err(StdError::from)
}

/// One page of records under `prefix`, in ascending key order: each key without the prefix, and
/// its value (empty when `values` is false: only the keys are read, as `Map::keys` reads them).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// At most the page's limit of records.
    pub records: Vec<Record>,
    /// Whether a record follows the page's last: the list's cursor is then that record's key.
    pub more: bool,
}

/// Reads at most `limit` records under `prefix` whose key (without the prefix) is after
/// `start_after`, or from the first when it is `None`: the page `Map::range` (or `Map::keys`)
/// with `Bound::exclusive(start_after)` gives, and whether a record follows it.
pub fn page(
    storage: &dyn Storage,
    prefix: &[u8],
    start_after: Option<&[u8]>,
    limit: usize,
    values: bool,
) -> Page {
    let mut start = prefix.to_vec();
    if let Some(after) = start_after {
        // the first key after `after`: keys order byte by byte, and `after ++ [0]` is the
        // smallest key longer than `after` that starts with it
        start.extend_from_slice(after);
        start.push(0);
    }
    let end = upper_bound(prefix);
    let iter: Box<dyn Iterator<Item = Record>> = if values {
        storage.range(Some(&start), end.as_deref(), Order::Ascending)
    } else {
        Box::new(
            storage
                .range_keys(Some(&start), end.as_deref(), Order::Ascending)
                .map(|key| (key, Vec::new())),
        )
    };
    let mut records: Vec<Record> = iter
        .take(limit.saturating_add(1))
        .map(|(key, value)| (key[prefix.len()..].to_vec(), value))
        .collect();
    let more = records.len() > limit;
    records.truncate(limit);
    Page { records, more }
}

/// The cursor of the next page: `key` of the last item when more follow it (`more`), else `None`.
pub fn next_cursor<T, K>(more: bool, items: &[T], key: impl FnOnce(&T) -> K) -> Option<K> {
    items.last().filter(|_| more).map(key)
}

/// The first key after every key that starts with `prefix` (`None`: no such key, the prefix is
/// all `0xff`).
fn upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::{Addr, Empty};
    use cw_storage_plus::{Bound, Map};

    const BY_DENOM: Map<&str, u64> = Map::new("mkt");
    const BY_OWNER: Map<(&Addr, u32), Empty> = Map::new("acc");
    const BY_PAIR: Map<(&Addr, &str), u64> = Map::new("sup");
    // a namespace that sorts right after the others' prefixes: a page must never run into it
    const NEXT: Map<&str, u64> = Map::new("mkt\u{0}");

    #[test]
    fn the_prefixes_are_cw_storage_plus_keys() {
        let owner = Addr::unchecked("cosmwasm1owner");
        let mut key = map_prefix(b"acc");
        push_part(&mut key, owner.as_bytes());
        key.extend_from_slice(&7u32.to_be_bytes());
        assert_eq!(&*BY_OWNER.key((&owner, 7)), key.as_slice());

        let mut key = map_prefix(b"sup");
        push_part(&mut key, owner.as_bytes());
        key.extend_from_slice(b"uatom");
        assert_eq!(&*BY_PAIR.key((&owner, "uatom")), key.as_slice());

        let mut key = map_prefix(b"mkt");
        key.extend_from_slice(b"uatom");
        assert_eq!(&*BY_DENOM.key("uatom"), key.as_slice());

        let full = BY_OWNER.key((&owner, 7));
        let (part, rest) = split_part(&full[5..]).unwrap();
        assert_eq!((part, u32_key(rest).unwrap()), (owner.as_bytes(), 7));
    }

    #[test]
    fn malformed_keys_are_errors() {
        assert!(split_part(&[]).is_err());
        assert!(split_part(&[0]).is_err());
        assert!(split_part(&[0, 3, b'a', b'b']).is_err());
        assert_eq!(split_part(&[0, 0]).unwrap(), (&[][..], &[][..]));
        assert!(u32_key(&[0, 0, 1]).is_err());
        assert!(string_key(vec![0xff]).is_err());
    }

    /// Paging from no cursor until the cursor is `None` visits every record once, in order, with
    /// a full page before every cursor and no empty trailing page.
    #[test]
    fn paging_until_none_visits_every_item_once_without_an_empty_last_page() {
        for n in 0u32..12 {
            let mut storage = MockStorage::new();
            for i in 0..n {
                BY_DENOM
                    .save(&mut storage, &format!("d{i:02}"), &u64::from(i))
                    .unwrap();
            }
            for limit in 1..6 {
                let (mut seen, mut cursor, mut calls) = (Vec::<u64>::new(), None::<String>, 0);
                loop {
                    let page = page(
                        &storage,
                        &map_prefix(b"mkt"),
                        cursor.as_deref().map(str::as_bytes),
                        limit,
                        true,
                    );
                    calls += 1;
                    assert!(page.records.len() <= limit);
                    assert!(
                        n == 0 || !page.records.is_empty(),
                        "empty page, n={n} limit={limit}"
                    );
                    let keys: Vec<String> = page
                        .records
                        .iter()
                        .map(|(k, _)| string_key(k.clone()).unwrap())
                        .collect();
                    seen.extend(
                        page.records
                            .iter()
                            .map(|(_, v)| cosmwasm_std::from_json::<u64>(v).unwrap()),
                    );
                    match next_cursor(page.more, &keys, String::clone) {
                        Some(key) => {
                            assert_eq!(keys.len(), limit, "a cursor only after a full page");
                            assert_eq!(Some(&key), keys.last());
                            cursor = Some(key);
                        }
                        None => break,
                    }
                }
                assert_eq!(
                    seen,
                    (0..u64::from(n)).collect::<Vec<_>>(),
                    "n={n} limit={limit}"
                );
                let expected_calls = (n as usize).div_ceil(limit).max(1);
                assert_eq!(calls, expected_calls, "n={n} limit={limit}");
            }
        }
        // a page that is exactly full and last has no cursor; one item more gives one
        assert_eq!(next_cursor(false, &[0, 1, 2], |i| *i), None);
        assert_eq!(next_cursor(true, &[0, 1, 2], |i| *i), Some(2));
        assert_eq!(next_cursor(true, &[] as &[u8], |i| *i), None);
    }

    #[test]
    fn upper_bounds() {
        assert_eq!(upper_bound(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(upper_bound(&[1, 0xff]), Some(vec![2]));
        assert_eq!(upper_bound(&[0xff, 0xff]), None);
        assert_eq!(upper_bound(&[]), None);
    }

    /// Every page of every cursor and limit is the page cw-storage-plus reads with an exclusive
    /// bound, keys and values, over one map, one owner's part of a map, and with a neighbouring
    /// namespace present.
    #[test]
    fn pages_are_the_pages_of_cw_storage_plus() {
        let mut storage = MockStorage::new();
        let owners: Vec<Addr> = ["a", "b", "bb", "c"].map(Addr::unchecked).to_vec();
        let denoms = ["ibc/27", "uatom", "uosmo", "uusdc", "factory/x/y"];
        for (i, denom) in denoms.iter().enumerate() {
            BY_DENOM.save(&mut storage, denom, &(i as u64)).unwrap();
            NEXT.save(&mut storage, denom, &99).unwrap();
            for owner in &owners {
                BY_PAIR
                    .save(&mut storage, (owner, denom), &(i as u64 * 10))
                    .unwrap();
            }
        }
        for owner in &owners {
            for account in [0u32, 1, 255, 256, 70_000, u32::MAX] {
                BY_OWNER
                    .save(&mut storage, (owner, account), &Empty {})
                    .unwrap();
            }
        }
        for limit in 1..8 {
            // a whole map, with values
            let mut cursors: Vec<Option<String>> = vec![None];
            cursors.extend(denoms.iter().map(|d| Some(d.to_string())));
            cursors.push(Some("u".into()));
            for after in &cursors {
                let want: Vec<(String, u64)> = BY_DENOM
                    .range(
                        &storage,
                        after.as_deref().map(Bound::exclusive),
                        None,
                        Order::Ascending,
                    )
                    .take(limit + 1)
                    .map(Result::unwrap)
                    .collect();
                let got = page(
                    &storage,
                    &map_prefix(b"mkt"),
                    after.as_deref().map(str::as_bytes),
                    limit,
                    true,
                );
                assert_eq!(got.more, want.len() > limit);
                let got: Vec<(String, u64)> = got
                    .records
                    .into_iter()
                    .map(|(k, v)| (string_key(k).unwrap(), cosmwasm_std::from_json(v).unwrap()))
                    .collect();
                assert_eq!(got, want[..want.len().min(limit)]);
            }
            // one owner's keys
            for owner in &owners {
                let mut prefix = map_prefix(b"acc");
                push_part(&mut prefix, owner.as_bytes());
                for after in [None, Some(0u32), Some(255), Some(256), Some(u32::MAX)] {
                    let want: Vec<u32> = BY_OWNER
                        .prefix(owner)
                        .keys(
                            &storage,
                            after.map(Bound::exclusive),
                            None,
                            Order::Ascending,
                        )
                        .take(limit + 1)
                        .map(Result::unwrap)
                        .collect();
                    let cursor = after.map(u32::to_be_bytes);
                    let got = page(
                        &storage,
                        &prefix,
                        cursor.as_ref().map(|c| &c[..]),
                        limit,
                        false,
                    );
                    assert_eq!(got.more, want.len() > limit);
                    assert!(got.records.iter().all(|(_, v)| v.is_empty()));
                    let got: Vec<u32> = got
                        .records
                        .iter()
                        .map(|(k, _)| u32_key(k).unwrap())
                        .collect();
                    assert_eq!(got, want[..want.len().min(limit)]);
                }
            }
            // a whole map keyed (owner, account), by a cursor of both
            let mut cursors: Vec<Option<(Addr, u32)>> = vec![None];
            for owner in &owners {
                cursors.push(Some((owner.clone(), 1)));
                cursors.push(Some((owner.clone(), u32::MAX)));
            }
            for after in &cursors {
                let want: Vec<(Addr, u32)> = BY_OWNER
                    .keys(
                        &storage,
                        after.as_ref().map(|(o, a)| Bound::exclusive((o, *a))),
                        None,
                        Order::Ascending,
                    )
                    .take(limit + 1)
                    .map(Result::unwrap)
                    .collect();
                let cursor = after.as_ref().map(|(owner, account)| {
                    let mut c = vec![];
                    push_part(&mut c, owner.as_bytes());
                    c.extend_from_slice(&account.to_be_bytes());
                    c
                });
                let got = page(
                    &storage,
                    &map_prefix(b"acc"),
                    cursor.as_deref(),
                    limit,
                    false,
                );
                assert_eq!(got.more, want.len() > limit);
                let got: Vec<(Addr, u32)> = got
                    .records
                    .iter()
                    .map(|(k, _)| {
                        let (owner, account) = split_part(k).unwrap();
                        (
                            Addr::unchecked(string_key(owner.to_vec()).unwrap()),
                            u32_key(account).unwrap(),
                        )
                    })
                    .collect();
                assert_eq!(got, want[..want.len().min(limit)]);
            }
        }
    }
}
