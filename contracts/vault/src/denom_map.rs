//! [`DenomMap`]: a small map from denom to value, kept as a vector sorted by denom.
//!
//! An account holds at most `max_assets_per_account` (≤ 32) denoms, so a sorted vector with a
//! binary search is as fast as a `BTreeMap` here, and it costs far less Wasm: `BTreeMap`'s node
//! code was about 15 KB of the vault's artifact. It serialises exactly like a `BTreeMap` (a JSON
//! object with its keys in order), so stored accounts keep their encoding.

use std::fmt;
use std::marker::PhantomData;

use ballast_compact::{mismatch, Compact, JsonWriter, Kind, Value, WriteJson};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Values by denom, ordered by denom, each denom once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenomMap<V>(Vec<(String, V)>);

impl<V> Default for DenomMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> DenomMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, denom: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(d, _)| d.as_str().cmp(denom))
    }

    /// The value of `denom`, if held.
    pub fn get(&self, denom: &str) -> Option<&V> {
        self.position(denom).ok().map(|i| &self.0[i].1)
    }

    /// The value of `denom`, if held, to change.
    pub fn get_mut(&mut self, denom: &str) -> Option<&mut V> {
        self.position(denom).ok().map(|i| &mut self.0[i].1)
    }

    /// Sets the value of `denom`, replacing any previous one.
    pub fn insert(&mut self, denom: String, value: V) {
        match self.position(&denom) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (denom, value)),
        }
    }

    /// Removes `denom`, returning its value if it was held.
    pub fn remove(&mut self, denom: &str) -> Option<V> {
        self.position(denom).ok().map(|i| self.0.remove(i).1)
    }

    /// Whether the map holds nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of denoms held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The denoms, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(d, _)| d)
    }

    /// `(denom, value)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(d, v)| (d, v))
    }
}

fn pair<V>(entry: &(String, V)) -> (&String, &V) {
    (&entry.0, &entry.1)
}

impl<'a, V> IntoIterator for &'a DenomMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(pair)
    }
}

impl<V> IntoIterator for DenomMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<V> FromIterator<(String, V)> for DenomMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (denom, value) in iter {
            map.insert(denom, value);
        }
        map
    }
}

/// `denoms` sorted, each once (without pulling a sort routine into the Wasm).
pub fn sorted_unique(denoms: impl IntoIterator<Item = String>) -> Vec<String> {
    let set: DenomMap<()> = denoms.into_iter().map(|denom| (denom, ())).collect();
    set.into_iter().map(|(denom, ())| denom).collect()
}

/// Read by the compact reader (`ballast-compact`) as its `Deserialize` reads it: a JSON object,
/// entries in any order, the last of a repeated denom winning.
impl<V: Compact> Compact for DenomMap<V> {
    const KIND: Kind = Kind::Map(&V::KIND);

    fn from_value(value: Value) -> Self {
        match value {
            Value::Map(entries) => {
                let mut map = Self::new();
                for (denom, value) in entries {
                    map.insert(denom, V::from_value(value));
                }
                map
            }
            _ => mismatch(),
        }
    }
}

/// Written as serde writes it: an object of the values by denom, in order.
impl<V: WriteJson> WriteJson for DenomMap<V> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.open();
        for (denom, value) in &self.0 {
            w.key(denom);
            value.write_json(w);
        }
        w.close();
    }
}

impl<V: Serialize> Serialize for DenomMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (denom, value) in &self.0 {
            map.serialize_entry(denom, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for DenomMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = DenomMap<V>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = DenomMap::new();
                while let Some((denom, value)) = access.next_entry::<String, V>()? {
                    map.insert(denom, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::{sorted_unique, DenomMap};
    use cosmwasm_std::{from_json, to_json_string, Uint128};
    use std::collections::BTreeMap;

    #[test]
    fn keeps_denoms_sorted_and_unique() {
        let mut map = DenomMap::new();
        map.insert("uusdc".to_string(), 2u8);
        map.insert("uatom".to_string(), 1);
        map.insert("uosmo".to_string(), 3);
        map.insert("uatom".to_string(), 4);
        assert_eq!(
            map.iter()
                .map(|(d, v)| (d.as_str(), *v))
                .collect::<Vec<_>>(),
            vec![("uatom", 4), ("uosmo", 3), ("uusdc", 2)]
        );
        assert_eq!(map.get("uosmo"), Some(&3));
        assert_eq!(map.get("ujuno"), None);
        assert_eq!(map.remove("uosmo"), Some(3));
        assert_eq!(map.remove("uosmo"), None);
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn sorted_unique_sorts_and_dedups() {
        let denoms = ["b", "a", "c", "a", "b"].map(String::from);
        assert_eq!(sorted_unique(denoms), vec!["a", "b", "c"]);
    }

    #[test]
    fn encodes_like_a_btreemap() {
        let mut btree = BTreeMap::new();
        let mut map = DenomMap::new();
        for (d, a) in [("uusdc", 5u128), ("uatom", 7), ("ibc/AB", 1)] {
            btree.insert(d.to_string(), Uint128::new(a));
            map.insert(d.to_string(), Uint128::new(a));
        }
        let json = to_json_string(&btree).unwrap();
        assert_eq!(to_json_string(&map).unwrap(), json);
        assert_eq!(from_json::<DenomMap<Uint128>>(&json).unwrap(), map);
        // unsorted input and repeated keys decode as a BTreeMap would (the last value wins)
        let odd = r#"{"uusdc":"1","uatom":"2","uusdc":"3"}"#;
        let expected: BTreeMap<String, Uint128> = from_json(odd).unwrap();
        assert_eq!(
            from_json::<DenomMap<Uint128>>(odd).unwrap(),
            expected.into_iter().collect()
        );
    }
}
