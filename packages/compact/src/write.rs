//! A compact JSON writer for the answers and stored state of the Ballast contracts, the mirror of
//! the compact reader: `#[derive(WriteJson)]` (crate `ballast-derive`) writes each struct as a
//! row of calls, one key and one value per field, into one [`JsonWriter`] that is not generic.
//!
//! serde's `Serialize` with serde_json instantiates serde_json's struct, map and sequence
//! serialisers, with their `Result` plumbing, once per field type of every answer: about 10 KB of
//! the vault's Wasm. Here each scalar has one writer function, a field costs two calls, and the
//! output is byte for byte what `serde_json::to_vec` writes for the same type with serde's derive
//! (field order, `null` for `None`, `skip_serializing_if`, externally tagged enums, quoted
//! integers and decimals as cosmwasm-std writes them, serde_json's string escapes). The tests
//! compare the two for every answer type.
//!
//! ```
//! use ballast_compact::{json_bytes, WriteJson};
//! use cosmwasm_std::Uint128;
//!
//! #[derive(serde::Serialize, WriteJson)]
//! #[serde(rename_all = "snake_case")]
//! enum Kind { Default, Liquidation }
//!
//! #[derive(serde::Serialize, WriteJson)]
//! struct Answer { denom: String, amount: Uint128, kind: Kind, next: Option<u32> }
//!
//! let answer = Answer { denom: "uatom".into(), amount: Uint128::new(7), kind: Kind::Liquidation, next: None };
//! assert_eq!(json_bytes(&answer), serde_json::to_vec(&answer).unwrap());
//! assert_eq!(
//!     String::from_utf8(json_bytes(&answer)).unwrap(),
//!     r#"{"denom":"uatom","amount":"7","kind":"liquidation","next":null}"#
//! );
//! ```

use std::fmt::{self, Display, Write as _};

use cosmwasm_std::{Addr, Decimal, Decimal256, Empty, Timestamp, Uint128, Uint256, Uint64};
use cw_utils::Expiration;

pub use ballast_derive::WriteJson;

/// A value the compact writer writes: derived for structs and enums, implemented here for the
/// scalars, `String`/`Addr`, cosmwasm's numbers, `Option`, `Vec` and pairs.
pub trait WriteJson {
    /// Appends this value's JSON to `w`.
    fn write_json(&self, w: &mut JsonWriter);
}

/// `value` as JSON bytes: what `serde_json::to_vec` writes for it.
pub fn json_bytes<T: WriteJson + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = JsonWriter(Vec::with_capacity(256));
    value.write_json(&mut w);
    w.0
}

/// The output. A separator is written from the byte before it: a key or an element after an
/// opening `{` or `[` takes no comma, any other does, so no state is kept.
pub struct JsonWriter(Vec<u8>);

impl JsonWriter {
    /// `{`.
    pub fn open(&mut self) {
        self.0.push(b'{');
    }

    /// `}`.
    pub fn close(&mut self) {
        self.0.push(b'}');
    }

    /// The key of an object's next member: `,` unless first, then `"name":`.
    #[inline(never)]
    pub fn key(&mut self, name: &str) {
        self.separator(b'{');
        self.str(name);
        self.0.push(b':');
    }

    /// `,` unless the last byte written is `opening`.
    fn separator(&mut self, opening: u8) {
        if self.0.last() != Some(&opening) {
            self.0.push(b',');
        }
    }

    /// A string, escaped as serde_json escapes it: `"` and `\`, and the control characters
    /// (`\b \t \n \f \r`, the others as `\u00XX`).
    #[inline(never)]
    pub fn str(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let out = &mut self.0;
        out.push(b'"');
        for &b in s.as_bytes() {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\r' => out.extend_from_slice(b"\\r"),
                0..=0x1f => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]),
                _ => out.push(b),
            }
        }
        out.push(b'"');
    }

    /// A value whose JSON is its `Display` in quotes (cosmwasm's integers and decimals): one
    /// function for all of them.
    #[inline(never)]
    pub fn quoted(&mut self, value: &dyn Display) {
        self.0.push(b'"');
        // writing into a Vec cannot fail, and no Display here writes a `"` or a `\`
        let _ = write!(Utf8Sink(&mut self.0), "{value}");
        self.0.push(b'"');
    }

    /// An unsigned integer, unquoted.
    #[inline(never)]
    pub fn uint(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&digits[i..]);
    }

    /// Bytes written as they are (`null`, `true`, `false`, `{}`).
    pub fn raw(&mut self, json: &'static str) {
        self.0.extend_from_slice(json.as_bytes());
    }

    /// A sequence: `[`, each item, `]`.
    #[inline(never)]
    pub fn seq(&mut self, items: &mut dyn Iterator<Item = &dyn WriteJson>) {
        self.0.push(b'[');
        for item in items {
            self.separator(b'[');
            item.write_json(self);
        }
        self.0.push(b']');
    }
}

/// `fmt::Write` into the output's bytes.
struct Utf8Sink<'a>(&'a mut Vec<u8>);

impl fmt::Write for Utf8Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

impl WriteJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.raw(if *self { "true" } else { "false" });
    }
}

macro_rules! unsigned {
    ($($ty:ty),*) => {
        $(
            impl WriteJson for $ty {
                fn write_json(&self, w: &mut JsonWriter) {
                    w.uint(u64::from(*self));
                }
            }
        )*
    };
}

unsigned!(u8, u16, u32, u64);

macro_rules! quoted {
    ($($ty:ty),*) => {
        $(
            impl WriteJson for $ty {
                fn write_json(&self, w: &mut JsonWriter) {
                    w.quoted(self);
                }
            }
        )*
    };
}

quoted!(Uint64, Uint128, Uint256, Decimal, Decimal256);

impl WriteJson for Timestamp {
    /// cosmwasm-std writes a timestamp as its nanoseconds, a `Uint64`.
    fn write_json(&self, w: &mut JsonWriter) {
        w.quoted(&self.nanos());
    }
}

impl WriteJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.str(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.str(self);
    }
}

impl WriteJson for Addr {
    fn write_json(&self, w: &mut JsonWriter) {
        w.str(self.as_str());
    }
}

impl WriteJson for Empty {
    fn write_json(&self, w: &mut JsonWriter) {
        w.raw("{}");
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(w),
            None => w.raw("null"),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.seq(&mut self.iter().map(|item| item as &dyn WriteJson));
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl<A: WriteJson, B: WriteJson> WriteJson for (A, B) {
    fn write_json(&self, w: &mut JsonWriter) {
        w.seq(&mut [&self.0 as &dyn WriteJson, &self.1].into_iter());
    }
}

/// cw-utils' `Expiration` as its `#[cw_serde]` derive writes it.
impl WriteJson for Expiration {
    fn write_json(&self, w: &mut JsonWriter) {
        w.open();
        match self {
            Expiration::AtHeight(height) => {
                w.key("at_height");
                height.write_json(w);
            }
            Expiration::AtTime(time) => {
                w.key("at_time");
                time.write_json(w);
            }
            Expiration::Never {} => {
                w.key("never");
                w.raw("{}");
            }
        }
        w.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same<T: WriteJson + serde::Serialize>(value: &T) {
        let ours = json_bytes(value);
        let serde = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde)
        );
    }

    #[test]
    fn scalars_are_written_as_serde_json_writes_them() {
        for n in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            same(&n);
            same(&Uint64::new(n));
            same(&Timestamp::from_nanos(n));
        }
        same(&0u8);
        same(&255u8);
        same(&u32::MAX);
        same(&true);
        same(&false);
        same(&Uint128::MAX);
        same(&Uint256::MAX);
        same(&Decimal::MAX);
        same(&Decimal::percent(5));
        same(&Decimal256::MAX);
        same(&Decimal256::zero());
        same(&Addr::unchecked("cosmwasm1xyz"));
        same(&Empty {});
        same(&None::<u32>);
        same(&Some(7u32));
        same(&Vec::<u32>::new());
        same(&vec![1u32, 2, 3]);
        same(&vec![vec![Some(1u8), None], vec![]]);
        same(&("uatom".to_string(), 7u32));
        same(&Some(("a".to_string(), u32::MAX)));
        for e in [
            Expiration::AtHeight(12),
            Expiration::AtTime(Timestamp::from_seconds(1_700_000_000)),
            Expiration::Never {},
        ] {
            same(&e);
        }
    }

    #[test]
    fn every_control_character_and_quote_is_escaped_as_serde_json_escapes_it() {
        let all: String = (0u8..=0x7f).map(char::from).collect();
        same(&all);
        same(&"é → 日本 \u{1F600} \u{7f} \"quoted\" back\\slash /".to_string());
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
            same(&s);
        }

        #[test]
        fn any_number_is_written_as_serde_json_writes_it(n in any::<u64>(), m in any::<u128>(), d in any::<u128>()) {
            same(&n);
            same(&Uint128::new(m));
            same(&Decimal::new(Uint128::new(d)));
            same(&Decimal256::new(Uint256::from(d)));
        }
    }
}
