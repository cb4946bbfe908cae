//! Saving a contract's state through the compact writer (`ballast_compact::WriteJson`).
//!
//! `Map::save` and `Item::save` serialise with serde_json, which instantiates serde's serialisers
//! for every stored type; a contract that also answers through the compact writer would carry
//! both. [`Put::put`] and [`PutItem::put`] write the same bytes (the writer's output is serde_json's, checked by
//! ballast-compact's tests and by each contract's round trips) at the same key.

use ballast_compact::{json_bytes, WriteJson};
use cosmwasm_std::{StdResult, Storage};
use cw_storage_plus::{Item, Map, PrimaryKey};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `save` through the compact writer.
pub trait Put<K, T> {
    /// Stores `value` at `key`, as `save` stores it. Never fails: the `Result` keeps the call
    /// sites of `save`.
    fn put(&self, storage: &mut dyn Storage, key: K, value: &T) -> StdResult<()>;
}

impl<'a, K, T> Put<K, T> for Map<K, T>
where
    K: PrimaryKey<'a>,
    T: WriteJson + Serialize + DeserializeOwned,
{
    fn put(&self, storage: &mut dyn Storage, key: K, value: &T) -> StdResult<()> {
        storage.set(&self.key(key), &json_bytes(value));
        Ok(())
    }
}

/// `Item::save` through the compact writer.
pub trait PutItem<T> {
    /// Stores `value`, as `save` stores it. Never fails: the `Result` keeps the call sites of
    /// `save`.
    fn put(&self, storage: &mut dyn Storage, value: &T) -> StdResult<()>;
}

impl<T> PutItem<T> for Item<T>
where
    T: WriteJson + Serialize + DeserializeOwned,
{
    fn put(&self, storage: &mut dyn Storage, value: &T) -> StdResult<()> {
        storage.set(self.as_slice(), &json_bytes(value));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::{Addr, Uint128};

    #[derive(
        serde::Serialize, serde::Deserialize, ballast_compact::WriteJson, PartialEq, Debug,
    )]
    struct Stored {
        owner: Addr,
        amounts: Vec<(String, Uint128)>,
        note: Option<String>,
    }

    #[test]
    fn put_stores_what_save_stores() {
        const BY_KEY: Map<(&Addr, u32), Stored> = Map::new("by");
        const ONE: Item<Stored> = Item::new("one");
        let owner = Addr::unchecked("owner");
        let value = Stored {
            owner: owner.clone(),
            amounts: vec![
                ("uatom".into(), Uint128::new(7)),
                ("a\"b".into(), Uint128::MAX),
            ],
            note: None,
        };
        let (mut saved, mut put) = (MockStorage::new(), MockStorage::new());
        BY_KEY.save(&mut saved, (&owner, 3), &value).unwrap();
        BY_KEY.put(&mut put, (&owner, 3), &value).unwrap();
        ONE.save(&mut saved, &value).unwrap();
        ONE.put(&mut put, &value).unwrap();
        use cosmwasm_std::{Order, Storage as _};
        let all = |s: &MockStorage| s.range(None, None, Order::Ascending).collect::<Vec<_>>();
        assert_eq!(all(&put), all(&saved));
        assert_eq!(BY_KEY.load(&put, (&owner, 3)).unwrap(), value);
        assert_eq!(ONE.load(&put).unwrap(), value);
    }
}
