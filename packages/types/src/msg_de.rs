//! One compact `Deserialize` for the vault's `ExecuteMsg` and `QueryMsg` and the structs the
//! vault stores or reads most (`InstantiateMsg`, `ConfigBase`, `Asset` and its parameters,
//! `PausedActions`, `PriceResponse`, `MigrateMsg`).
//!
//! Only types the vault parses go through here: the reader's one `match` holds a parser for
//! every field kind, so a contract that used it for a single small struct would carry them all
//! (the oracle grew by 10 KB when `Ownership` did; it stays derived).
//!
//! serde's derive gives every struct and struct variant its own visitor, and serde_json then
//! instantiates its map parser once per visitor: about 2 KB of Wasm each, over 30 variants.
//! Here each enum is a table of variants (JSON name, fields and the type of each field), each
//! struct a table of fields, all read by ONE field reader, and a `build` function moves the
//! values into the variant or struct. The JSON accepted, and the
//! error messages of malformed input, are serde's (`unknown variant`, `missing field`,
//! `duplicate field`, unknown fields ignored, `null` for an omitted optional field); the only
//! difference is that the positional form of a struct or struct variant (a JSON array instead of
//! an object), which serde accepts and nothing writes, is refused.

use std::fmt;
use std::marker::PhantomData;

use ballast_math::interest::RateModel;
use cosmwasm_std::{Addr, Decimal, Decimal256, Uint128};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, VariantAccess, Visitor,
};

use crate::oracle::PriceKind;
use crate::vault::{CollateralParams, LendingParams, PausedActions};

/// The type of a field.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Str,
    OptStr,
    OptU32,
    U128,
    OptU128,
    U8,
    OptU8,
    OptCollateral,
    OptLending,
    Paused,
    OptPrice,
    OptStrU32,
    Addr,
    OptAddr,
    Dec,
    Dec256,
    Rate,
    Price,
    /// A `bool` that is `false` when omitted.
    Flag,
}

impl Kind {
    /// Whether the field must be present (every kind but the `Option`s).
    fn required(self) -> bool {
        matches!(
            self,
            Kind::Str
                | Kind::U128
                | Kind::U8
                | Kind::Paused
                | Kind::Addr
                | Kind::Dec
                | Kind::Dec256
                | Kind::Rate
                | Kind::Price
        )
    }
}

/// A field's value.
enum Value {
    Str(String),
    OptStr(Option<String>),
    OptU32(Option<u32>),
    U128(Uint128),
    OptU128(Option<Uint128>),
    U8(u8),
    OptU8(Option<u8>),
    // boxed: every slot is as large as the largest variant, and moving slots is gas
    OptCollateral(Option<Box<CollateralParams>>),
    OptLending(Option<Box<LendingParams>>),
    Paused(PausedActions),
    OptPrice(Option<PriceKind>),
    OptStrU32(Option<(String, u32)>),
    Addr(Addr),
    OptAddr(Option<Addr>),
    Dec(Decimal),
    Dec256(Decimal256),
    Rate(Box<RateModel>),
    Price(PriceKind),
    Flag(bool),
}

/// A struct variant: its Rust name (for error messages) and its fields in declaration order.
pub(crate) struct VariantDef {
    pub rust: &'static str,
    pub fields: &'static [(&'static str, Kind)],
}

/// An enum of struct variants read through one visitor.
pub(crate) trait CompactEnum: Sized {
    /// The enum's Rust name.
    const NAME: &'static str;
    /// The variants' JSON names.
    const VARIANTS: &'static [&'static str];
    /// The variants, in the same order.
    const DEFS: &'static [VariantDef];
    /// Variant `index` from its fields.
    fn build<E: de::Error>(index: usize, fields: &mut Fields) -> Result<Self, E>;
}

/// Reads `T` as serde's derive would (externally tagged, `rename_all = "snake_case"`).
pub(crate) fn deserialize<'de, T: CompactEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_enum(T::NAME, T::VARIANTS, EnumVisitor::<T>(PhantomData))
}

/// The values read for one variant, taken out by `build`.
pub(crate) struct Fields {
    names: &'static [(&'static str, Kind)],
    values: Vec<Option<Value>>,
}

impl Fields {
    fn take(&mut self, i: usize) -> Option<Value> {
        self.values.get_mut(i).and_then(Option::take)
    }

    fn missing<E: de::Error>(&self, i: usize) -> E {
        E::missing_field(self.names.get(i).map_or("", |(name, _)| name))
    }

    pub fn string<E: de::Error>(&mut self, i: usize) -> Result<String, E> {
        match self.take(i) {
            Some(Value::Str(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn opt_string(&mut self, i: usize) -> Option<String> {
        match self.take(i) {
            Some(Value::OptStr(v)) => v,
            _ => None,
        }
    }

    pub fn opt_u32(&mut self, i: usize) -> Option<u32> {
        match self.take(i) {
            Some(Value::OptU32(v)) => v,
            _ => None,
        }
    }

    pub fn uint128<E: de::Error>(&mut self, i: usize) -> Result<Uint128, E> {
        match self.take(i) {
            Some(Value::U128(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn opt_uint128(&mut self, i: usize) -> Option<Uint128> {
        match self.take(i) {
            Some(Value::OptU128(v)) => v,
            _ => None,
        }
    }

    pub fn u8<E: de::Error>(&mut self, i: usize) -> Result<u8, E> {
        match self.take(i) {
            Some(Value::U8(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn opt_u8(&mut self, i: usize) -> Option<u8> {
        match self.take(i) {
            Some(Value::OptU8(v)) => v,
            _ => None,
        }
    }

    pub fn opt_collateral(&mut self, i: usize) -> Option<CollateralParams> {
        match self.take(i) {
            Some(Value::OptCollateral(v)) => v.map(|v| *v),
            _ => None,
        }
    }

    pub fn opt_lending(&mut self, i: usize) -> Option<LendingParams> {
        match self.take(i) {
            Some(Value::OptLending(v)) => v.map(|v| *v),
            _ => None,
        }
    }

    pub fn paused<E: de::Error>(&mut self, i: usize) -> Result<PausedActions, E> {
        match self.take(i) {
            Some(Value::Paused(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn opt_price_kind(&mut self, i: usize) -> Option<PriceKind> {
        match self.take(i) {
            Some(Value::OptPrice(v)) => v,
            _ => None,
        }
    }

    pub fn opt_string_u32(&mut self, i: usize) -> Option<(String, u32)> {
        match self.take(i) {
            Some(Value::OptStrU32(v)) => v,
            _ => None,
        }
    }

    pub fn addr<E: de::Error>(&mut self, i: usize) -> Result<Addr, E> {
        match self.take(i) {
            Some(Value::Addr(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn flag(&mut self, i: usize) -> bool {
        matches!(self.take(i), Some(Value::Flag(true)))
    }

    pub fn opt_addr(&mut self, i: usize) -> Option<Addr> {
        match self.take(i) {
            Some(Value::OptAddr(v)) => v,
            _ => None,
        }
    }

    pub fn decimal<E: de::Error>(&mut self, i: usize) -> Result<Decimal, E> {
        match self.take(i) {
            Some(Value::Dec(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn decimal256<E: de::Error>(&mut self, i: usize) -> Result<Decimal256, E> {
        match self.take(i) {
            Some(Value::Dec256(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn rate_model<E: de::Error>(&mut self, i: usize) -> Result<RateModel, E> {
        match self.take(i) {
            Some(Value::Rate(v)) => Ok(*v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn price_kind<E: de::Error>(&mut self, i: usize) -> Result<PriceKind, E> {
        match self.take(i) {
            Some(Value::Price(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }
}

fn read<'de, A: MapAccess<'de>>(map: &mut A, kind: Kind) -> Result<Value, A::Error> {
    Ok(match kind {
        Kind::Str => Value::Str(map.next_value()?),
        Kind::OptStr => Value::OptStr(map.next_value()?),
        Kind::OptU32 => Value::OptU32(map.next_value()?),
        Kind::U128 => Value::U128(map.next_value()?),
        Kind::OptU128 => Value::OptU128(map.next_value()?),
        Kind::U8 => Value::U8(map.next_value()?),
        Kind::OptU8 => Value::OptU8(map.next_value()?),
        Kind::OptCollateral => Value::OptCollateral(map.next_value::<Option<_>>()?.map(Box::new)),
        Kind::OptLending => Value::OptLending(map.next_value::<Option<_>>()?.map(Box::new)),
        Kind::Paused => Value::Paused(map.next_value()?),
        Kind::OptPrice => Value::OptPrice(map.next_value()?),
        Kind::OptStrU32 => Value::OptStrU32(map.next_value()?),
        Kind::Addr => Value::Addr(map.next_value()?),
        Kind::OptAddr => Value::OptAddr(map.next_value()?),
        Kind::Dec => Value::Dec(map.next_value()?),
        Kind::Dec256 => Value::Dec256(map.next_value()?),
        Kind::Rate => Value::Rate(Box::new(map.next_value()?)),
        Kind::Price => Value::Price(map.next_value()?),
        Kind::Flag => Value::Flag(map.next_value()?),
    })
}

struct EnumVisitor<T>(PhantomData<T>);

impl<'de, T: CompactEnum> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "enum {}", T::NAME)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        let (index, variant) = data.variant_seed(Identifier(T::VARIANTS))?;
        let def = &T::DEFS[index];
        let mut fields = variant.struct_variant(
            &[],
            FieldsVisitor {
                what: "struct variant ",
                owner: T::NAME,
                name: def.rust,
                names: def.fields,
                deny: None,
            },
        )?;
        T::build(index, &mut fields)
    }
}

/// A variant or field name: its index in the list, or `None` for an unknown field.
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

/// A field name of a variant: its index, or `None` if the variant has no such field.
struct FieldName {
    names: &'static [(&'static str, Kind)],
    /// `Some(names)` for `deny_unknown_fields`: an unknown field is an error listing them.
    deny: Option<&'static [&'static str]>,
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
        let index = self.names.iter().position(|(name, _)| *name == value);
        match (index, self.deny) {
            (None, Some(expected)) => Err(E::unknown_field(value, expected)),
            _ => Ok(index),
        }
    }
}

/// Reads the fields of one struct or struct variant. Not generic over the type built, so
/// serde_json's object parser is instantiated once for all of them; required fields are checked
/// here, in declaration order, so the error is serde's `missing field` at the same position.
struct FieldsVisitor {
    what: &'static str,
    owner: &'static str,
    name: &'static str,
    names: &'static [(&'static str, Kind)],
    deny: Option<&'static [&'static str]>,
}

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.what)?;
        if !self.owner.is_empty() {
            write!(formatter, "{}::", self.owner)?;
        }
        formatter.write_str(self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        read_fields(&mut map, self.names, self.deny)
    }
}

/// Reads a JSON object's fields by `names`: unknown ones are skipped, a repeated one is an error.
fn read_fields<'de, A: MapAccess<'de>>(
    map: &mut A,
    names: &'static [(&'static str, Kind)],
    deny: Option<&'static [&'static str]>,
) -> Result<Fields, A::Error> {
    let mut fields = Fields {
        names,
        values: names.iter().map(|_| None).collect(),
    };
    while let Some(key) = map.next_key_seed(FieldName { names, deny })? {
        match key {
            Some(i) => {
                if fields.values[i].is_some() {
                    return Err(de::Error::duplicate_field(names[i].0));
                }
                fields.values[i] = Some(read(map, names[i].1)?);
            }
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    for (value, (name, kind)) in fields.values.iter().zip(names) {
        if value.is_none() && kind.required() {
            return Err(de::Error::missing_field(name));
        }
    }
    Ok(fields)
}

/// A struct read through the same table-driven visitor.
pub(crate) trait CompactStruct: Sized {
    /// The struct's Rust name.
    const NAME: &'static str;
    /// Its fields in declaration order.
    const FIELDS: &'static [(&'static str, Kind)];
    /// For `deny_unknown_fields`: the field names, listed in the error.
    const DENY_UNKNOWN: Option<&'static [&'static str]> = None;
    /// The struct from its fields.
    fn build<E: de::Error>(fields: &mut Fields) -> Result<Self, E>;
}

/// Reads `T` as serde's derive would (a JSON object; unknown fields ignored).
pub(crate) fn deserialize_struct<'de, T: CompactStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut fields = deserializer.deserialize_struct(
        T::NAME,
        &[],
        FieldsVisitor {
            what: "struct ",
            owner: "",
            name: T::NAME,
            names: T::FIELDS,
            deny: T::DENY_UNKNOWN,
        },
    )?;
    T::build(&mut fields)
}

/// `impl Deserialize` for a struct through [`CompactStruct`], with its table and builder.
macro_rules! compact_struct {
    ($ty:ty, $name:literal, [$(($field:literal, $kind:ident)),* $(,)?], |$f:ident| $build:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::msg_de::deserialize_struct(deserializer)
            }
        }

        impl $crate::msg_de::CompactStruct for $ty {
            const NAME: &'static str = $name;
            const FIELDS: &'static [(&'static str, $crate::msg_de::Kind)] =
                &[$(($field, $crate::msg_de::Kind::$kind)),*];

            #[allow(unused_variables)]
            fn build<E: serde::de::Error>($f: &mut $crate::msg_de::Fields) -> Result<Self, E> {
                Ok($build)
            }
        }
    };
}
pub(crate) use compact_struct;
