//! Value tables and the mutations of a template's JSON.

use serde_json::{Map, Value};

use crate::input::Mutation;

/// Amounts as JSON strings: around 0, 1, `u64::MAX`, `u128::MAX`, 2^128, `Uint256::MAX`, and
/// malformed ones.
pub const AMOUNTS: [&str; 20] = [
    "0",
    "1",
    "2",
    "999",
    "1000",
    "1000000",
    "1000000000",
    "9000000000",
    "1000000000000",
    "18446744073709551615",
    "340282366920938463463374607431768211455",
    "340282366920938463463374607431768211456",
    "340282366920938463463374607431768211457",
    "115792089237316195423570985008687907853269984665640564039457584007913129639935",
    "-1",
    "1.5",
    "",
    "01",
    "1e6",
    " 1",
];

/// Denoms: listed, priced but unlisted, unknown, upper case, empty, IBC and factory shapes.
pub const DENOMS: [&str; 12] = [
    "uusdc",
    "uatom",
    "uosmo",
    "ujuno",
    "unknown",
    "UATOM",
    "",
    "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
    "factory/osmo1abc/x",
    "uusdc ",
    "u",
    "uatom\u{0}",
];

/// Addresses: every actor (`@name`, expanded later), and invalid ones (`*UPPER*` is replaced by
/// the upper-cased address of Bob).
pub const ADDRESSES: [&str; 18] = [
    "@owner",
    "@guardian",
    "@treasury",
    "@alice",
    "@bob",
    "@carol",
    "@dave",
    "@mallory",
    "@vault",
    "@oracle",
    "@liquidation",
    "@pyth",
    "",
    "bob",
    "cosmwasm1",
    "osmo1qyqszqgpqyqszqgpqyqszqgpqyqszqgpjnp7du",
    "*UPPER*",
    "cosmwasm1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqsh3d5wx",
];

/// Integers: sub-accounts, limits, decimals, staleness.
pub const INTS: [i128; 12] = [
    0,
    1,
    2,
    3,
    7,
    18,
    255,
    256,
    4_294_967_295,
    4_294_967_296,
    -1,
    1_000_000_000,
];

/// Decimals as JSON strings, around 0 and 1 and the bounds of `Decimal`.
pub const DECIMALS: [&str; 14] = [
    "0",
    "0.000000000000000001",
    "0.01",
    "0.3",
    "0.5",
    "0.75",
    "0.999999999999999999",
    "1",
    "1.000000000000000001",
    "10",
    "340282366920938463463.374607431768211455",
    "340282366920938463463.374607431768211456",
    "-0.1",
    "1.0000000000000000001",
];

/// What a mutation does to the node it picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Amount,
    Denom,
    Address,
    Int,
    Decimal,
    Null,
    Remove,
    /// Renames the key to a misspelling: the message must then fail.
    Misspell,
    /// Adds an unknown field beside the node: the message must then fail.
    AddUnknown,
    OtherType,
    /// The value of another template's node (keeps shapes valid while moving values around).
    Borrow,
}

const KINDS: [Kind; 11] = [
    Kind::Amount,
    Kind::Denom,
    Kind::Address,
    Kind::Int,
    Kind::Decimal,
    Kind::Null,
    Kind::Remove,
    Kind::Misspell,
    Kind::AddUnknown,
    Kind::OtherType,
    Kind::Borrow,
];

/// A step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Every node below the variant's object (`{"variant": {...}}`), depth first.
fn nodes(value: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(Seg::Key(k.clone()));
                out.push(path.clone());
                nodes(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                out.push(path.clone());
                nodes(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match (seg, v) {
        (Seg::Key(k), Value::Object(map)) => map.get_mut(k),
        (Seg::Index(i), Value::Array(items)) => items.get_mut(*i),
        _ => None,
    })
}

/// Whether `path` still leads to a node of `value`.
pub fn exists(value: &Value, path: &[Seg]) -> bool {
    let mut v = value;
    for seg in path {
        v = match (seg, v) {
            (Seg::Key(k), Value::Object(map)) => match map.get(k) {
                Some(next) => next,
                None => return false,
            },
            (Seg::Index(i), Value::Array(items)) => match items.get(*i) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    true
}

fn misspell(key: &str, arg: u8, fields: &[String]) -> String {
    let candidates = [
        format!("{key}s"),
        key.chars()
            .take(key.chars().count().saturating_sub(1))
            .collect(),
        key.to_uppercase(),
        key.replace('_', ""),
        format!("_{key}"),
        format!("{key} "),
    ];
    let start = usize::from(arg) % candidates.len();
    (0..candidates.len())
        .map(|i| &candidates[(start + i) % candidates.len()])
        .find(|c| !c.is_empty() && !fields.iter().any(|f| f == *c))
        .cloned()
        .unwrap_or_else(|| format!("{key}_unknown"))
}

/// Applies `mutations` to `msg`; returns the paths of unknown keys they added (the message must
/// fail while any of them is still there).
pub fn apply(
    msg: &mut Value,
    mutations: &[Mutation],
    fields: &[String],
    donors: &[Value],
    upper_bob: &str,
) -> Vec<Vec<Seg>> {
    let mut unknown = vec![];
    for m in mutations {
        let mut all = vec![];
        nodes(msg, &mut vec![], &mut all);
        // the variant itself (depth 1) is not mutated: an unknown variant is not interesting
        all.retain(|p| p.len() > 1);
        if all.is_empty() {
            continue;
        }
        let path = all[usize::from(m.path) % all.len()].clone();
        let kind = KINDS[usize::from(m.kind) % KINDS.len()];
        let arg = usize::from(m.arg);
        let (parent_path, last) = path.split_at(path.len() - 1);
        match kind {
            Kind::Remove | Kind::Misspell | Kind::AddUnknown => {
                let Some(Value::Object(parent)) = get_mut(msg, parent_path) else {
                    continue;
                };
                let Seg::Key(key) = &last[0] else { continue };
                match kind {
                    Kind::Remove => {
                        parent.remove(key);
                    }
                    Kind::Misspell => {
                        let new = misspell(key, m.arg, fields);
                        if let Some(v) = parent.remove(key) {
                            parent.insert(new.clone(), v);
                            let mut p = parent_path.to_vec();
                            p.push(Seg::Key(new));
                            unknown.push(p);
                        }
                    }
                    _ => {
                        let new = misspell("memo", m.arg, fields);
                        parent.insert(new.clone(), Value::from(arg));
                        let mut p = parent_path.to_vec();
                        p.push(Seg::Key(new));
                        unknown.push(p);
                    }
                }
            }
            _ => {
                let value = match kind {
                    Kind::Amount => Value::from(AMOUNTS[arg % AMOUNTS.len()]),
                    Kind::Denom => Value::from(DENOMS[arg % DENOMS.len()]),
                    Kind::Address => match ADDRESSES[arg % ADDRESSES.len()] {
                        "*UPPER*" => Value::from(upper_bob),
                        a => Value::from(a),
                    },
                    Kind::Int => Value::from(INTS[arg % INTS.len()] as i64),
                    Kind::Decimal => Value::from(DECIMALS[arg % DECIMALS.len()]),
                    Kind::Null => Value::Null,
                    Kind::OtherType => match arg % 6 {
                        0 => Value::Bool(true),
                        1 => Value::from(1),
                        2 => Value::Object(Map::new()),
                        3 => Value::Array(vec![]),
                        4 => Value::from("x".repeat(1024)),
                        _ => Value::from(1.5e300),
                    },
                    _ => {
                        // a node of another template, the same key if it has one
                        let donor = &donors[arg % donors.len().max(1)];
                        let mut found = vec![];
                        nodes(donor, &mut vec![], &mut found);
                        found.retain(|p| p.len() > 1 && p.last() == last.last());
                        match found.first().and_then(|p| {
                            let mut d = donor.clone();
                            get_mut(&mut d, p).map(|v| v.clone())
                        }) {
                            Some(v) => v,
                            None => continue,
                        }
                    }
                };
                if let Some(node) = get_mut(msg, &path) {
                    *node = value;
                }
            }
        }
    }
    unknown.retain(|p| exists(msg, p));
    unknown
}
