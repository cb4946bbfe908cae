//! A compact `Deserialize` for the messages and stored structs of the Ballast vault: one reader
//! driven by tables, the tables generated from the type definitions by
//! `#[derive(CompactDeserialize)]` (crate `ballast-derive`, host-only).
//!
//! serde's derive gives every struct and struct variant its own visitor, and serde_json then
//! instantiates its map parser once per visitor: about 2 KB of Wasm each, over 30 variants in the
//! vault. Here each type is a table (JSON names and the [`Kind`] of every field), all read by ONE
//! generic-free reader, and the derived [`Compact::from_value`] moves the values into the type.
//! The JSON accepted, and the error messages of malformed input, are serde's (`unknown variant`,
//! `missing field`, `duplicate field`, `null` for an omitted optional field); the only difference
//! is that the positional form of a struct or struct variant (a JSON array instead of an object),
//! which serde accepts and nothing writes, is refused.
//!
//! Unknown fields are an error worded as serde's `deny_unknown_fields` words it (INVARIANTS 32:
//! a misspelt field such as `ammount` is the error `unknown field `ammount`, expected one of …`,
//! never "field omitted"), unless the type says `#[compact(ignore_unknown)]`: the answers read
//! from another contract, which may gain fields.
//!
//! Only the vault's types and what the vault reads use it (the liquidation contract carries it
//! too, reading the vault's `Asset`s): the reader's one `match` holds a parser for every kind, so
//! a contract that used it for a single small struct would carry them all (the oracle grew by
//! 10 KB when `Ownership` did). Types other contracts read keep serde's derive and, if the vault
//! reads them too, derive only their table (`#[compact(table_only)]`): the vault reads them
//! nested in its own types, or on their own through [`ViaTable`].
//!
//! The mirror for writing is [`WriteJson`] (module `write`): `#[derive(WriteJson)]` writes each
//! struct as a row of calls into one non-generic [`JsonWriter`], with serde_json's output byte for
//! byte; the vault answers, stores its records and sends its queries through it.
//!
//! ```
//! use ballast_compact::CompactDeserialize;
//! use cosmwasm_std::{from_json, Uint128};
//!
//! #[derive(CompactDeserialize, Debug, PartialEq)]
//! #[serde(rename_all = "snake_case")]
//! enum Msg {
//!     Withdraw { denom: String, amount: Option<Uint128> },
//!     Pause {},
//! }
//!
//! let msg: Msg = from_json(r#"{"withdraw":{"denom":"uatom"}}"#).unwrap();
//! assert_eq!(msg, Msg::Withdraw { denom: "uatom".into(), amount: None });
//! let err = from_json::<Msg>(r#"{"withdraw":{"denom":"uatom","ammount":"1"}}"#).unwrap_err();
//! assert!(err.to_string().contains("unknown field `ammount`, expected `denom` or `amount`"));
//! ```
//!
//! A field of a type the reader cannot read is a compile error at that field:
//!
//! ```compile_fail,E0277
//! use ballast_compact::CompactDeserialize;
//!
//! struct Expiration;
//!
//! #[derive(CompactDeserialize)]
//! struct Ownership { pending_expiry: Option<Expiration> }
//! ```

extern crate self as ballast_compact;

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;

use cosmwasm_std::{Addr, Decimal, Decimal256, Timestamp, Uint128, Uint64};
use cw_utils::Expiration;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde::{Deserialize, Serialize, Serializer};

pub use ballast_derive::{cw_serde_compact, CompactDeserialize};
pub use write::{json_bytes, JsonWriter, WriteJson};

#[cfg(test)]
mod tests;
mod write;

/// What the derive refuses at compile time (each example must fail to build):
///
/// A serde attribute the tables cannot honour:
///
/// ```compile_fail
/// #[derive(ballast_compact::CompactDeserialize)]
/// struct Msg { #[serde(flatten)] inner: Inner }
/// #[derive(ballast_compact::CompactDeserialize)]
/// struct Inner { a: u8 }
/// ```
///
/// A tuple variant (serde reads it as an array):
///
/// ```compile_fail
/// #[derive(ballast_compact::CompactDeserialize)]
/// enum Msg { Pair(u8, u8) }
/// ```
///
/// Two unknown-field policies at once:
///
/// ```compile_fail
/// #[derive(ballast_compact::CompactDeserialize)]
/// #[serde(deny_unknown_fields)]
/// #[compact(ignore_unknown)]
/// struct Answer { a: u8 }
/// ```
///
/// A type with a field read through serde, nested in another table without `#[compact(serde)]`:
///
/// ```compile_fail,E0277
/// #[derive(serde::Deserialize)]
/// struct Expiration(u64);
/// #[derive(ballast_compact::CompactDeserialize)]
/// struct Ownership { #[compact(serde)] expiry: Expiration }
/// #[derive(ballast_compact::CompactDeserialize)]
/// struct Stored { ownership: Ownership }
/// ```
///
/// The same with the attribute builds:
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Expiration(u64);
/// #[derive(ballast_compact::CompactDeserialize)]
/// struct Ownership { #[compact(serde)] expiry: Expiration }
/// #[derive(ballast_compact::CompactDeserialize)]
/// struct Stored { #[compact(serde)] ownership: Ownership }
/// ```
#[allow(dead_code)]
enum CompileErrors {}

/// What the derived code needs besides this crate's items.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// How a field is read: the table entry the derive writes for each field from its Rust type
/// (through [`Compact::KIND`]).
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// `bool`.
    Bool,
    /// `u8`.
    U8,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `Uint64` (a string), and `Timestamp` (a `Uint64` of nanoseconds, which serde_json reads as
    /// the string itself, errors included).
    Uint64,
    /// `Uint128` (a string).
    U128,
    /// `Decimal` (a string).
    Dec,
    /// `Decimal256` (a string).
    Dec256,
    /// `String`, and `Addr` (unchecked): its derived `Deserialize` is a newtype's, which
    /// serde_json reads as the string itself, errors included.
    Str,
    /// `Option<T>`: may be omitted or `null`.
    Opt(&'static Kind),
    /// A field with `#[serde(default)]`: may be omitted.
    Default(&'static Kind),
    /// `Vec<T>`: a JSON array.
    Seq(&'static Kind),
    /// `(A, B)`: a JSON array of two elements.
    Pair(&'static [Kind; 2]),
    /// A JSON object of values by key, read in order (repeats included).
    Map(&'static Kind),
    /// A struct that derives its table.
    Struct(&'static StructDef),
    /// An enum that derives its table.
    Enum(&'static EnumDef),
    /// Read through its own `Deserialize`, by slot `n` of the type's [`SerdeSlots`]: the fields
    /// and newtype payloads marked `#[compact(serde)]`.
    Serde(u16),
}

impl Kind {
    /// Whether the field must be present (all but `Option`s and defaulted fields).
    fn required(self) -> bool {
        !matches!(self, Kind::Opt(_) | Kind::Default(_))
    }
}

/// One field of a struct or struct variant: its JSON name and how it is read.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    /// By reference: a table entry is then 12 bytes of Wasm data instead of 16, and fields of
    /// the same kind share one `Kind`.
    pub kind: &'static Kind,
}

/// A struct: its name (for error messages), its fields in declaration order, and what an unknown
/// field is.
#[derive(Debug)]
pub struct StructDef {
    pub name: &'static str,
    pub fields: &'static [Field],
    pub unknown: Unknown,
}

/// An enum, externally tagged as serde's derive reads it.
#[derive(Debug)]
pub struct EnumDef {
    /// The enum's name.
    pub name: &'static str,
    /// The variants' JSON names.
    pub variants: &'static [&'static str],
    /// The variants, in the same order.
    pub defs: &'static [VariantDef],
    /// What an unknown field of a struct variant is.
    pub unknown: Unknown,
}

/// A variant: its Rust name (for error messages) and its shape.
#[derive(Debug)]
pub struct VariantDef {
    pub name: &'static str,
    pub shape: Shape,
}

/// A variant's shape.
#[derive(Debug)]
pub enum Shape {
    /// `Variant`: a JSON string.
    Unit,
    /// `Variant { … }`: an object of fields.
    Struct(&'static [Field]),
    /// `Variant(T)`: the payload, read as `T`.
    Newtype(&'static Kind),
}

/// What a struct or struct variant does with a field it does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unknown {
    /// An error, worded as serde's `deny_unknown_fields` words it: for messages.
    Deny,
    /// Skipped, as serde does by default: for answers read from another contract, which may
    /// gain fields.
    Ignore,
}

/// A value read by the table, before [`Compact::from_value`] moves it into its type.
pub enum Value {
    /// `null`, an omitted `Option`, or nothing (a unit variant).
    Null,
    Bool(bool),
    U8(u8),
    U32(u32),
    U64(u64),
    U128(Uint128),
    Dec(Decimal),
    Dec256(Decimal256),
    Str(String),
    /// A `Vec`'s items, or a pair's two.
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
    Struct(Fields),
    /// An enum's variant: its index and its fields (the payload of a newtype variant is field 0).
    Variant(usize, Fields),
    /// A value read through its own `Deserialize` ([`Kind::Serde`]).
    Any(Box<dyn Any>),
}

impl Value {
    /// `value` read through its own `Deserialize`.
    pub fn any<T: Any>(value: T) -> Value {
        Value::Any(Box::new(value))
    }

    /// The value read through its own `Deserialize` as a `T`.
    fn into_any<T: Any>(self) -> T {
        match self {
            Value::Any(value) => match value.downcast() {
                Ok(value) => *value,
                Err(_) => mismatch(),
            },
            _ => mismatch(),
        }
    }
}

/// The values read for one struct or variant, in declaration order, taken out by
/// [`Compact::from_value`]. An omitted field is `None`.
pub struct Fields(Vec<Option<Value>>);

impl Fields {
    fn slot(&mut self, i: usize) -> Option<Value> {
        self.0.get_mut(i).and_then(Option::take)
    }

    /// Field `i`'s value, [`Value::Null`] if omitted. Not generic: one copy for every `take`.
    #[inline(never)]
    fn value(&mut self, i: usize) -> Value {
        self.slot(i).unwrap_or(Value::Null)
    }

    /// Field `i` (`None` for an omitted `Option`: the reader has checked that every other field
    /// is there).
    #[inline]
    pub fn take<T: Compact>(&mut self, i: usize) -> T {
        T::from_value(self.value(i))
    }

    /// Field `i`, or `default` if it was omitted.
    pub fn take_or<T: Compact>(&mut self, i: usize, default: T) -> T {
        match self.slot(i) {
            Some(value) => T::from_value(value),
            None => default,
        }
    }

    /// Field `i`, read through its own `Deserialize`.
    pub fn take_any<T: Any>(&mut self, i: usize) -> T {
        match self.slot(i) {
            Some(value) => value.into_any(),
            None => mismatch(),
        }
    }

    /// Field `i`, read through its own `Deserialize`, or `default` if it was omitted.
    pub fn take_any_or<T: Any>(&mut self, i: usize, default: T) -> T {
        match self.slot(i) {
            Some(value) => value.into_any(),
            None => default,
        }
    }
}

/// A value that is not of its table's kind: never reached, since the table and
/// [`Compact::from_value`] are both derived from the type (a bug in this crate or in a hand-written
/// `Compact` if it were). One shared function, so the impossible branch costs a call.
#[cold]
#[inline(never)]
pub fn mismatch() -> ! {
    panic!("{MISMATCH}")
}

/// A type the compact reader reads: its [`Kind`] and how a [`Value`] of that kind becomes one.
/// Implemented here for the scalars, `Option`, `Vec` and pairs, and by
/// `#[derive(CompactDeserialize)]` for structs and enums.
#[diagnostic::on_unimplemented(
    message = "the compact reader cannot read a `{Self}`",
    label = "field of a type without a compact table",
    note = "derive `CompactDeserialize` for it (with `#[compact(table_only)]` if it keeps serde's derive), or mark the field `#[compact(serde)]` to read it through its own `Deserialize`"
)]
pub trait Compact: Sized {
    /// How it is read.
    const KIND: Kind;

    /// The value read, as `Self`. A value not of [`Self::KIND`] (which the reader never gives)
    /// is [`mismatch`].
    fn from_value(value: Value) -> Self;
}

macro_rules! scalar {
    ($($ty:ty => $kind:ident),* $(,)?) => {
        $(
            impl Compact for $ty {
                const KIND: Kind = Kind::$kind;

                fn from_value(value: Value) -> Self {
                    match value {
                        Value::$kind(v) => v,
                        _ => mismatch(),
                    }
                }
            }
        )*
    };
}

scalar!(
    bool => Bool,
    u8 => U8,
    u32 => U32,
    u64 => U64,
    Uint128 => U128,
    Decimal => Dec,
    Decimal256 => Dec256,
    String => Str,
);

impl Compact for Addr {
    const KIND: Kind = Kind::Str;

    fn from_value(value: Value) -> Self {
        match value {
            Value::Str(v) => Addr::unchecked(v),
            _ => mismatch(),
        }
    }
}

impl Compact for Uint64 {
    const KIND: Kind = Kind::Uint64;

    fn from_value(value: Value) -> Self {
        match value {
            Value::U64(v) => Uint64::new(v),
            _ => mismatch(),
        }
    }
}

impl Compact for Timestamp {
    const KIND: Kind = Kind::Uint64;

    fn from_value(value: Value) -> Self {
        match value {
            Value::U64(nanos) => Timestamp::from_nanos(nanos),
            _ => mismatch(),
        }
    }
}

/// cw-utils' `Expiration` (`{"at_height":7}`, `{"at_time":"<nanos>"}`, `{"never":{}}`), as its
/// `#[cw_serde]` derive reads it (unknown fields of `never` skipped: `cw_serde` does not deny
/// them). Written here because the type
/// is another crate's: the table is what the derive would write for its declaration, and the
/// tests check it against that declaration's serde twin.
impl Compact for Expiration {
    const KIND: Kind = Kind::Enum(&EnumDef {
        name: "Expiration",
        variants: &["at_height", "at_time", "never"],
        defs: &[
            VariantDef {
                name: "AtHeight",
                shape: Shape::Newtype(&Kind::U64),
            },
            VariantDef {
                name: "AtTime",
                shape: Shape::Newtype(&Kind::Uint64),
            },
            VariantDef {
                name: "Never",
                shape: Shape::Struct(&[]),
            },
        ],
        unknown: Unknown::Ignore,
    });

    fn from_value(value: Value) -> Self {
        match value {
            Value::Variant(0, mut fields) => Expiration::AtHeight(fields.take(0)),
            Value::Variant(1, mut fields) => Expiration::AtTime(fields.take(0)),
            Value::Variant(2, _) => Expiration::Never {},
            _ => mismatch(),
        }
    }
}

impl<T: Compact> Compact for Option<T> {
    const KIND: Kind = Kind::Opt(&T::KIND);

    fn from_value(value: Value) -> Self {
        match value {
            Value::Null => None,
            value => Some(T::from_value(value)),
        }
    }
}

impl<T: Compact> Compact for Vec<T> {
    const KIND: Kind = Kind::Seq(&T::KIND);

    fn from_value(value: Value) -> Self {
        match value {
            Value::Seq(values) => {
                let mut items = Vec::with_capacity(values.len());
                for value in values {
                    items.push(T::from_value(value));
                }
                items
            }
            _ => mismatch(),
        }
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    const KIND: Kind = Kind::Pair(&[A::KIND, B::KIND]);

    fn from_value(value: Value) -> Self {
        match value {
            Value::Seq(pair) => match <[Value; 2]>::try_from(pair) {
                Ok([a, b]) => (A::from_value(a), B::from_value(b)),
                Err(_) => mismatch(),
            },
            _ => mismatch(),
        }
    }
}

/// A type read by visitors of its own: one with fields or newtype payloads read through their own
/// `Deserialize` (`#[compact(serde)]`). It is not [`Compact`]: other tables cannot nest it (except
/// as a `#[compact(serde)]` field).
pub trait Hooked: SerdeSlots + Sized {
    /// Its table: a [`Kind::Struct`] or [`Kind::Enum`].
    const KIND: Kind;

    /// The value read, as `Self`.
    fn from_value(value: Value) -> Self;
}

/// Reads the [`Kind::Serde`] slots of a type's table.
pub trait SerdeSlots {
    /// Reads slot `slot` through its type's own `Deserialize`, as [`Value::Any`].
    fn read<'de, D: Deserializer<'de>>(slot: u16, deserializer: D) -> Result<Value, D::Error>;
}

/// The slots of a type without any: tables of [`Compact`] types have no [`Kind::Serde`].
enum NoSlots {}

impl SerdeSlots for NoSlots {
    fn read<'de, D: Deserializer<'de>>(_: u16, _: D) -> Result<Value, D::Error> {
        mismatch()
    }
}

/// The error of a value that does not fit its type (not reached: the table is derived from the
/// type).
const MISMATCH: &str = "compact table and type disagree";

/// Reads `T` as serde's derive would (a JSON object for a struct; externally tagged, for an
/// enum).
pub fn deserialize<'de, T: Compact, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let value = KindSeed(T::KIND).deserialize(deserializer)?;
    Ok(T::from_value(value))
}

/// Reads `T`, which has fields read through their own `Deserialize`.
pub fn deserialize_hooked<'de, T: Hooked, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = match T::KIND {
        Kind::Struct(def) => Value::Struct(read_struct::<T, D>(def, deserializer)?),
        Kind::Enum(def) => {
            let (index, fields) = read_enum::<T, D>(def, deserializer)?;
            Value::Variant(index, fields)
        }
        _ => mismatch(),
    };
    Ok(T::from_value(value))
}

/// A type read through its table: every type that derives `CompactDeserialize`, whether it is
/// [`Compact`] or [`Hooked`], and whether or not it keeps serde's derive.
pub trait Tabled: Sized {
    /// Reads `Self` through its table ([`deserialize`] or [`deserialize_hooked`]).
    fn deserialize_table<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A list read through its items' table (`Kind::Seq`), as serde reads a `Vec`: for a list the
/// vault reads whole (the oracle's prices), so that serde's `Vec` visitor is not instantiated
/// for it.
impl<T: Compact> Tabled for Vec<T> {
    fn deserialize_table<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

/// A type that keeps serde's derive (`#[compact(table_only)]`), read through its table: for the
/// vault's reads of what it stores as another crate's type (a `MarketState`, an `Ownership`).
/// Written as `T` itself.
pub struct ViaTable<T>(pub T);

impl<'de, T: Tabled> Deserialize<'de> for ViaTable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_table(deserializer).map(ViaTable)
    }
}

// `Item` and `Map` ask for `Serialize` too.
impl<T: Serialize> Serialize for ViaTable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Reads one value of a kind. Not generic over the type read, so serde_json's parsers are
/// instantiated once for all the tables.
struct KindSeed(Kind);

impl<'de> DeserializeSeed<'de> for KindSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Ok(match self.0 {
            Kind::Bool => Value::Bool(Deserialize::deserialize(deserializer)?),
            Kind::U8 => Value::U8(Deserialize::deserialize(deserializer)?),
            Kind::U32 => Value::U32(Deserialize::deserialize(deserializer)?),
            Kind::U64 => Value::U64(Deserialize::deserialize(deserializer)?),
            Kind::Uint64 => Value::U64(Uint64::deserialize(deserializer)?.u64()),
            Kind::U128 => Value::U128(Deserialize::deserialize(deserializer)?),
            Kind::Dec => Value::Dec(Deserialize::deserialize(deserializer)?),
            Kind::Dec256 => Value::Dec256(Deserialize::deserialize(deserializer)?),
            Kind::Str => Value::Str(Deserialize::deserialize(deserializer)?),
            Kind::Opt(kind) => deserializer.deserialize_option(OptVisitor(*kind))?,
            Kind::Default(kind) => KindSeed(*kind).deserialize(deserializer)?,
            Kind::Seq(kind) => deserializer.deserialize_seq(SeqVisitor {
                kinds: std::slice::from_ref(kind),
                pair: false,
            })?,
            Kind::Pair(kinds) => {
                deserializer.deserialize_tuple(2, SeqVisitor { kinds, pair: true })?
            }
            Kind::Map(kind) => deserializer.deserialize_map(MapVisitor(*kind))?,
            Kind::Struct(def) => Value::Struct(read_struct::<NoSlots, D>(def, deserializer)?),
            Kind::Enum(def) => {
                let (index, fields) = read_enum::<NoSlots, D>(def, deserializer)?;
                Value::Variant(index, fields)
            }
            Kind::Serde(_) => mismatch(),
        })
    }
}

/// `Option<T>` as serde reads it: `null` is `None`.
struct OptVisitor(Kind);

impl<'de> Visitor<'de> for OptVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        KindSeed(self.0).deserialize(deserializer)
    }
}

/// `Vec<T>` (`kinds` is its item's kind, repeated) or `(A, B)` (`kinds` are the two, exactly),
/// as serde reads each: one visitor, so serde_json's array parser is instantiated once for both.
struct SeqVisitor {
    kinds: &'static [Kind],
    pair: bool,
}

impl<'de> Visitor<'de> for SeqVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(if self.pair {
            "a tuple of size 2"
        } else {
            "a sequence"
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        while let Some(kind) = self.kinds.get(if self.pair { values.len() } else { 0 }) {
            match seq.next_element_seed(KindSeed(*kind))? {
                Some(value) => values.push(value),
                None if self.pair => return Err(de::Error::invalid_length(values.len(), &self)),
                None => break,
            }
        }
        Ok(Value::Seq(values))
    }
}

/// A JSON object of values by key, read as the entries appear (a map type's `Deserialize` would
/// be one more instantiation of serde_json's object parser).
struct MapVisitor(Kind);

impl<'de> Visitor<'de> for MapVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value_seed(KindSeed(self.0))?));
        }
        Ok(Value::Map(entries))
    }
}

fn read_struct<'de, S: SerdeSlots, D: Deserializer<'de>>(
    def: &'static StructDef,
    deserializer: D,
) -> Result<Fields, D::Error> {
    deserializer.deserialize_struct(
        def.name,
        &[],
        FieldsVisitor::<S> {
            what: "struct ",
            owner: "",
            name: def.name,
            fields: def.fields,
            unknown: def.unknown,
            slots: PhantomData,
        },
    )
}

fn read_enum<'de, S: SerdeSlots, D: Deserializer<'de>>(
    def: &'static EnumDef,
    deserializer: D,
) -> Result<(usize, Fields), D::Error> {
    deserializer.deserialize_enum(
        def.name,
        def.variants,
        EnumVisitor::<S> {
            def,
            slots: PhantomData,
        },
    )
}

/// Reads an enum by its table: the index of the variant and its fields.
struct EnumVisitor<S> {
    def: &'static EnumDef,
    slots: PhantomData<S>,
}

impl<'de, S: SerdeSlots> Visitor<'de> for EnumVisitor<S> {
    type Value = (usize, Fields);

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "enum {}", self.def.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (index, variant) = data.variant_seed(Identifier(self.def.variants))?;
        let Some(def) = self.def.defs.get(index) else {
            mismatch()
        };
        let fields = match def.shape {
            Shape::Unit => {
                variant.unit_variant()?;
                Fields(Vec::new())
            }
            Shape::Struct(fields) => variant.struct_variant(
                &[],
                FieldsVisitor::<S> {
                    what: "struct variant ",
                    owner: self.def.name,
                    name: def.name,
                    fields,
                    unknown: self.def.unknown,
                    slots: PhantomData,
                },
            )?,
            Shape::Newtype(kind) => Fields(vec![Some(match *kind {
                Kind::Serde(slot) => {
                    variant.newtype_variant_seed(SlotSeed::<S>(slot, PhantomData))?
                }
                kind => variant.newtype_variant_seed(KindSeed(kind))?,
            })]),
        };
        Ok((index, fields))
    }
}

/// A value read through its type's own `Deserialize`, by slot.
struct SlotSeed<S>(u16, PhantomData<S>);

impl<'de, S: SerdeSlots> DeserializeSeed<'de> for SlotSeed<S> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        S::read(self.0, deserializer)
    }
}

/// A variant name: its index in the list.
struct Identifier(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Identifier {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Identifier {
    type Value = usize;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == value)
            .ok_or_else(|| E::unknown_variant(value, self.0))
    }
}

/// A field name: its index, or `None` for an unknown field (when unknown fields are ignored).
struct FieldName {
    fields: &'static [Field],
    unknown: Unknown,
}

impl<'de> DeserializeSeed<'de> for FieldName {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldName {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        let index = self.fields.iter().position(|field| field.name == value);
        if index.is_none() && self.unknown == Unknown::Deny {
            return Err(E::custom(format_args!(
                "unknown field `{value}`, {}",
                Expected(self.fields)
            )));
        }
        Ok(index)
    }
}

/// The end of serde's `unknown field` message (`de::Error::unknown_field`), listing the names
/// of a field table: `there are no fields`, ``expected `a` ``, ``expected `a` or `b` `` or
/// ``expected one of `a`, `b`, `c` ``.
struct Expected(&'static [Field]);

impl fmt::Display for Expected {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        let n = self.0.len();
        formatter.write_str(match n {
            0 => return formatter.write_str("there are no fields"),
            1 | 2 => "expected ",
            _ => "expected one of ",
        })?;
        for (i, field) in self.0.iter().enumerate() {
            if i > 0 {
                formatter.write_str(if n == 2 { " or " } else { ", " })?;
            }
            formatter.write_str("`")?;
            formatter.write_str(field.name)?;
            formatter.write_str("`")?;
        }
        Ok(())
    }
}

/// Reads the fields of one struct or struct variant. Generic only over the slots of a type with
/// `#[compact(serde)]` fields, so serde_json's object parser is instantiated once for all the
/// other tables; required fields are checked here, in declaration order, so the error is serde's
/// `missing field` at the same position.
struct FieldsVisitor<S> {
    what: &'static str,
    owner: &'static str,
    name: &'static str,
    fields: &'static [Field],
    unknown: Unknown,
    slots: PhantomData<S>,
}

impl<'de, S: SerdeSlots> Visitor<'de> for FieldsVisitor<S> {
    type Value = Fields;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.what)?;
        if !self.owner.is_empty() {
            write!(formatter, "{}::", self.owner)?;
        }
        formatter.write_str(self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let fields = self.fields;
        let mut values: Vec<Option<Value>> = fields.iter().map(|_| None).collect();
        while let Some(key) = map.next_key_seed(FieldName {
            fields,
            unknown: self.unknown,
        })? {
            match key {
                Some(i) => {
                    if values[i].is_some() {
                        return Err(de::Error::duplicate_field(fields[i].name));
                    }
                    values[i] = Some(match *fields[i].kind {
                        Kind::Serde(slot) | Kind::Default(&Kind::Serde(slot)) => {
                            map.next_value_seed(SlotSeed::<S>(slot, PhantomData))?
                        }
                        kind => map.next_value_seed(KindSeed(kind))?,
                    });
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        for (value, field) in values.iter().zip(fields) {
            if value.is_none() && field.kind.required() {
                return Err(de::Error::missing_field(field.name));
            }
        }
        Ok(Fields(values))
    }
}
