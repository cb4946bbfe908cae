//! One compact `Deserialize` for the vault's `ExecuteMsg` and `QueryMsg`.
//!
//! serde's derive gives every struct variant its own visitor, and serde_json then instantiates
//! its map parser once per variant: about 2 KB of Wasm each, over 30 variants. Here each enum
//! is a table of variants (JSON name, fields and the type of each field) read by ONE visitor,
//! and a `build` function that moves the values into the variant. The JSON accepted, and the
//! error messages of malformed input, are serde's (`unknown variant`, `missing field`,
//! `duplicate field`, unknown fields ignored, `null` for an omitted optional field); the only
//! difference is that the positional form of a struct variant (a JSON array instead of an
//! object), which serde accepts and no client uses, is refused.

use std::fmt;
use std::marker::PhantomData;

use cosmwasm_std::Uint128;
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
    OptCollateral(Option<CollateralParams>),
    OptLending(Option<LendingParams>),
    Paused(PausedActions),
    OptPrice(Option<PriceKind>),
    OptStrU32(Option<(String, u32)>),
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
            Some(Value::OptCollateral(v)) => v,
            _ => None,
        }
    }

    pub fn opt_lending(&mut self, i: usize) -> Option<LendingParams> {
        match self.take(i) {
            Some(Value::OptLending(v)) => v,
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
        Kind::OptCollateral => Value::OptCollateral(map.next_value()?),
        Kind::OptLending => Value::OptLending(map.next_value()?),
        Kind::Paused => Value::Paused(map.next_value()?),
        Kind::OptPrice => Value::OptPrice(map.next_value()?),
        Kind::OptStrU32 => Value::OptStrU32(map.next_value()?),
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
        variant.struct_variant(
            &[],
            VariantVisitor::<T> {
                index,
                marker: PhantomData,
            },
        )
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
struct FieldName(&'static [(&'static str, Kind)]);

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
        Ok(self.0.iter().position(|(name, _)| *name == value))
    }
}

struct VariantVisitor<T> {
    index: usize,
    marker: PhantomData<T>,
}

impl<T: CompactEnum> VariantVisitor<T> {
    fn def(&self) -> &'static VariantDef {
        &T::DEFS[self.index]
    }
}

impl<'de, T: CompactEnum> Visitor<'de> for VariantVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "struct variant {}::{}", T::NAME, self.def().rust)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let names = self.def().fields;
        let mut fields = Fields {
            names,
            values: names.iter().map(|_| None).collect(),
        };
        while let Some(key) = map.next_key_seed(FieldName(names))? {
            match key {
                Some(i) => {
                    if fields.values[i].is_some() {
                        return Err(de::Error::duplicate_field(names[i].0));
                    }
                    fields.values[i] = Some(read(&mut map, names[i].1)?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        T::build(self.index, &mut fields)
    }
}
