//! A TOML document read as a tree whose every key keeps its place in the file, so a proposal
//! file can be checked key by key: an unknown key, a value of the wrong type or out of bounds is
//! reported at its key's line with its full path (`asset[1].liquidation_threshold`), and every
//! problem of the file at once, not only serde's first.
//!
//! Values are placed by their key: toml gives every key a span, dotted keys
//! (`rate_model.base = …`) included, but not every value (a dotted key's implicit table has
//! none, so `Spanned<T>` of it fails).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// A table: its entries in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table(pub Vec<(Spanned<String>, Node)>);

/// A value of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string, number, boolean or date.
    Scalar(toml::Value),
    /// An array (of values, or the tables of `[[name]]`).
    Array(Vec<Node>),
    /// A table (`[name]`, `{ … }` or dotted keys).
    Table(Table),
}

impl Node {
    /// What the value is, for an error message.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Scalar(v) => v.type_str(),
            Node::Array(_) => "array",
            Node::Table(_) => "table",
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(toml::Value::Boolean(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(toml::Value::Integer(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Node, E> {
        i64::try_from(v)
            .map(|v| Node::Scalar(toml::Value::Integer(v)))
            .map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(toml::Value::Float(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(toml::Value::String(v.to_string())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Node, A::Error> {
        TableVisitor.visit_map(map).map(Node::Table)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct TableVisitor;

impl<'de> Visitor<'de> for TableVisitor {
    type Value = Table;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Table, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Table(entries))
    }
}

impl<'de> Deserialize<'de> for Table {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TableVisitor)
    }
}

impl Table {
    /// The entry `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.0
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_place_dotted_ones_too() {
        let src = "title = \"t\"\n[[asset]]\ndenom = \"uatom\"\nrate_model.base = 0.5\n\n[[asset]]\nmax_ltv = 1\n";
        let doc: Table = toml::from_str(src).unwrap();
        let at = |key: &Spanned<String>| crate::scenario::line_col(src, key.span().start);
        let (title, _) = &doc.0[0];
        assert_eq!((title.get_ref().as_str(), at(title)), ("title", (1, 1)));
        let Some(Node::Array(assets)) = doc.get("asset") else {
            panic!("{doc:?}")
        };
        assert_eq!(assets.len(), 2);
        let Node::Table(first) = &assets[0] else {
            panic!()
        };
        let Some(Node::Table(rate)) = first.get("rate_model") else {
            panic!()
        };
        let (base, value) = &rate.0[0];
        assert_eq!((base.get_ref().as_str(), at(base)), ("base", (4, 12)));
        assert_eq!(value, &Node::Scalar(toml::Value::Float(0.5)));
        let Node::Table(second) = &assets[1] else {
            panic!()
        };
        let (key, value) = &second.0[0];
        assert_eq!((key.get_ref().as_str(), at(key)), ("max_ltv", (7, 1)));
        assert_eq!(value.kind(), "integer");
    }
}
