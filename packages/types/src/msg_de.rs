//! One compact `Deserialize` for the vault's `ExecuteMsg` and `QueryMsg` and the structs the
//! vault stores or reads most (`InstantiateMsg`, `ConfigBase`, `Asset` and its parameters,
//! `PausedActions`, `PriceResponse`, `TryPriceResponse`, `MigrateMsg`).
//!
//! Only types the vault parses go through here: the reader's one `match` holds a parser for
//! every field kind, so a contract that used it for a single small struct would carry them all
//! (the oracle grew by 10 KB when `Ownership` did; it stays derived).
//!
//! serde's derive gives every struct and struct variant its own visitor, and serde_json then
//! instantiates its map parser once per visitor: about 2 KB of Wasm each, over 30 variants.
//! Here each enum is a table of variants (JSON name, fields and the type of each field), each
//! struct a table of fields, all read by ONE field reader, and a `build` function moves the
//! values into the variant or struct. The JSON accepted, and the error messages of malformed
//! input, are serde's (`unknown variant`, `missing field`, `duplicate field`, `null` for an
//! omitted optional field); the only difference is that the positional form of a struct or
//! struct variant (a JSON array instead of an object), which serde accepts and nothing writes, is
//! refused.
//!
//! Unknown fields: messages are read as serde's `deny_unknown_fields` reads them (INVARIANTS 32:
//! a misspelt field such as `ammount` is the error `unknown field `ammount`, expected one of …`,
//! never "field omitted"). That holds for every enum here and every struct unless it is declared
//! `ignore_unknown`: the answers the vault reads from another contract (`PriceResponse`,
//! `TryPriceResponse`), which skip unknown fields so that the other contract may add some.
//!
//! The vault contract also reads structs it declares itself through the same table
//! ([`crate::vault::compact`]): its stored `Account` (`c` and `d`, [`Kind::Amounts`]), the
//! stored `MarketState` and `Ownership` (declared in `ballast-math` and [`crate::ownership`], where
//! their `Deserialize` stays derived; the vault reads them through wrappers) and its partial views
//! of the oracle's and the liquidation contract's answers ([`Kind::Max`], [`Kind::MaxByDenom`]).
//! Each keeps its derive's handling of unknown fields: `Account` denies them
//! (`deny_unknown_fields`); the `cw_serde` structs and the views skip them.

use std::fmt;

use ballast_math::interest::RateModel;
use cosmwasm_std::{Addr, Decimal, Decimal256, Uint128};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use crate::oracle::PriceKind;
use crate::vault::{CollateralParams, LendingParams, PausedActions, PositionAction};

/// The type of a field.
#[derive(Clone, Copy)]
pub enum Kind {
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
    OptDec256,
    Rate,
    Price,
    /// A `bool` that is `false` when omitted.
    Flag,
    U64,
    /// A JSON object of `Uint128` amounts by denom, empty when omitted.
    Amounts,
    /// The `max` (a `Decimal`) of a JSON object whose other fields are skipped: a bonus curve of
    /// the liquidation contract's policy, as the vault reads it.
    Max,
    /// A JSON array of `[denom, object]` pairs, of each object its `max` as [`Kind::Max`].
    MaxByDenom,
    /// A JSON array of [`PositionAction`]s.
    Actions,
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
                | Kind::U64
                | Kind::Max
                | Kind::MaxByDenom
                | Kind::Actions
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
    OptDec256(Option<Decimal256>),
    Rate(Box<RateModel>),
    Price(PriceKind),
    Flag(bool),
    U64(u64),
    Amounts(Vec<(String, Uint128)>),
    MaxByDenom(Vec<(String, Decimal)>),
    Actions(Vec<PositionAction>),
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
    let (index, mut fields) = deserializer.deserialize_enum(
        T::NAME,
        T::VARIANTS,
        EnumVisitor {
            name: T::NAME,
            variants: T::VARIANTS,
            defs: T::DEFS,
        },
    )?;
    T::build(index, &mut fields)
}

/// The values read for one variant, taken out by `build`.
pub struct Fields {
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

    pub fn opt_decimal256(&mut self, i: usize) -> Option<Decimal256> {
        match self.take(i) {
            Some(Value::OptDec256(v)) => v,
            _ => None,
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

    pub fn u64<E: de::Error>(&mut self, i: usize) -> Result<u64, E> {
        match self.take(i) {
            Some(Value::U64(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    /// The `(denom, max)` pairs in the order read.
    pub fn max_by_denom<E: de::Error>(&mut self, i: usize) -> Result<Vec<(String, Decimal)>, E> {
        match self.take(i) {
            Some(Value::MaxByDenom(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    pub fn actions<E: de::Error>(&mut self, i: usize) -> Result<Vec<PositionAction>, E> {
        match self.take(i) {
            Some(Value::Actions(v)) => Ok(v),
            _ => Err(self.missing(i)),
        }
    }

    /// The `(denom, amount)` entries in the order read (repeats included; empty when omitted).
    pub fn amounts(&mut self, i: usize) -> Vec<(String, Uint128)> {
        match self.take(i) {
            Some(Value::Amounts(v)) => v,
            _ => Vec::new(),
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
        Kind::OptPrice => Value::OptPrice(map.next_value_seed(OptPriceKindSeed)?),
        Kind::OptStrU32 => Value::OptStrU32(map.next_value()?),
        Kind::Addr => Value::Addr(map.next_value()?),
        Kind::OptAddr => Value::OptAddr(map.next_value()?),
        Kind::Dec => Value::Dec(map.next_value()?),
        Kind::Dec256 => Value::Dec256(map.next_value()?),
        Kind::OptDec256 => Value::OptDec256(map.next_value()?),
        Kind::Rate => Value::Rate(Box::new(map.next_value_seed(RateModelSeed)?)),
        Kind::Price => Value::Price(map.next_value_seed(PriceKindSeed)?),
        Kind::Flag => Value::Flag(map.next_value()?),
        Kind::U64 => Value::U64(map.next_value()?),
        Kind::Amounts => Value::Amounts(map.next_value_seed(AmountsSeed)?),
        Kind::Max => Value::Dec(map.next_value_seed(MaxSeed)?),
        Kind::MaxByDenom => Value::MaxByDenom(map.next_value_seed(MaxByDenomSeed)?),
        Kind::Actions => Value::Actions(map.next_value()?),
    })
}

/// The `max` of an object read as a struct `BonusMax { max: Decimal }` whose derive skips unknown
/// fields (the vault's partial view of the liquidation contract's `BonusCurve`).
struct MaxSeed;

impl<'de> DeserializeSeed<'de> for MaxSeed {
    type Value = Decimal;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decimal, D::Error> {
        let mut fields = deserializer.deserialize_struct(
            "BonusMax",
            &[],
            FieldsVisitor {
                what: "struct ",
                owner: "",
                name: "BonusMax",
                names: &[("max", Kind::Dec)],
                unknown: Unknown::Ignore,
            },
        )?;
        fields.decimal(0)
    }
}

/// `Vec<(String, BonusMax)>` as serde reads it (a sequence of 2-tuples), keeping each `max`.
struct MaxByDenomSeed;

impl<'de> DeserializeSeed<'de> for MaxByDenomSeed {
    type Value = Vec<(String, Decimal)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MaxByDenomSeed {
    type Value = Vec<(String, Decimal)>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some(pair) = seq.next_element_seed(MaxPairSeed)? {
            pairs.push(pair);
        }
        Ok(pairs)
    }
}

/// One `(String, BonusMax)`: a JSON array of two elements.
struct MaxPairSeed;

impl<'de> DeserializeSeed<'de> for MaxPairSeed {
    type Value = (String, Decimal);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_tuple(2, self)
    }
}

impl<'de> Visitor<'de> for MaxPairSeed {
    type Value = (String, Decimal);

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a tuple of size 2")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let denom = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let max = seq
            .next_element_seed(MaxSeed)?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        Ok((denom, max))
    }
}

/// A JSON object of `Uint128` amounts by denom, read as the entries appear (a map type's
/// `Deserialize` would be one more instantiation of serde_json's object parser).
struct AmountsSeed;

impl<'de> DeserializeSeed<'de> for AmountsSeed {
    type Value = Vec<(String, Uint128)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AmountsSeed {
    type Value = Vec<(String, Uint128)>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// Reads an enum by its tables: the index of the variant and its fields. Not generic over the
/// enum built, so serde_json's enum parser is instantiated once for all of them.
struct EnumVisitor {
    name: &'static str,
    variants: &'static [&'static str],
    /// The struct variants, in the order of `variants`; empty for an enum of unit variants only
    /// (such as [`PriceKind`]).
    defs: &'static [VariantDef],
}

impl<'de> Visitor<'de> for EnumVisitor {
    type Value = (usize, Fields);

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "enum {}", self.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (index, variant) = data.variant_seed(Identifier(self.variants))?;
        let fields = match self.defs.get(index) {
            Some(def) => variant.struct_variant(
                &[],
                FieldsVisitor {
                    what: "struct variant ",
                    owner: self.name,
                    name: def.rust,
                    names: def.fields,
                    unknown: Unknown::Deny,
                },
            )?,
            None => {
                variant.unit_variant()?;
                Fields {
                    names: &[],
                    values: Vec::new(),
                }
            }
        };
        Ok((index, fields))
    }
}

/// [`PriceKind`] (its `Deserialize` is derived in `crate::oracle`, for the other contracts) read
/// through [`EnumVisitor`]: the same JSON (`"default"`, `"liquidation"`) and errors, without one
/// more instantiation of serde_json's enum parser in the vault.
struct PriceKindSeed;

/// The JSON names of [`PriceKind`]'s variants, in declaration order.
const PRICE_KINDS: &[&str] = &["default", "liquidation"];

impl<'de> DeserializeSeed<'de> for PriceKindSeed {
    type Value = PriceKind;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<PriceKind, D::Error> {
        let (index, _) = deserializer.deserialize_enum(
            "PriceKind",
            PRICE_KINDS,
            EnumVisitor {
                name: "PriceKind",
                variants: PRICE_KINDS,
                defs: &[],
            },
        )?;
        Ok(if index == 0 {
            PriceKind::Default
        } else {
            PriceKind::Liquidation
        })
    }
}

/// `Option<PriceKind>` through [`PriceKindSeed`] (`null` is `None`, as for any `Option`).
struct OptPriceKindSeed;

impl<'de> DeserializeSeed<'de> for OptPriceKindSeed {
    type Value = Option<PriceKind>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptPriceKindSeed {
    type Value = Option<PriceKind>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        PriceKindSeed.deserialize(deserializer).map(Some)
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

/// What a struct or struct variant does with a field it does not have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// An error, worded as serde's `deny_unknown_fields` words it: for messages.
    Deny,
    /// Skipped, as serde does by default: for answers read from another contract, which may
    /// gain fields.
    Ignore,
}

/// A field name of a variant: its index, or `None` if the variant has no such field (and
/// unknown fields are ignored).
struct FieldName {
    names: &'static [(&'static str, Kind)],
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
        let index = self.names.iter().position(|(name, _)| *name == value);
        if index.is_none() && self.unknown == Unknown::Deny {
            return Err(E::custom(format_args!(
                "unknown field `{value}`, {}",
                Expected(self.names)
            )));
        }
        Ok(index)
    }
}

/// The end of serde's `unknown field` message (`de::Error::unknown_field`), listing the names
/// of a field table: `there are no fields`, ``expected `a` ``, ``expected `a` or `b` `` or
/// ``expected one of `a`, `b`, `c` ``.
struct Expected(&'static [(&'static str, Kind)]);

impl fmt::Display for Expected {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            [] => formatter.write_str("there are no fields"),
            [(a, _)] => write!(formatter, "expected `{a}`"),
            [(a, _), (b, _)] => write!(formatter, "expected `{a}` or `{b}`"),
            names => {
                formatter.write_str("expected one of ")?;
                for (i, (name, _)) in names.iter().enumerate() {
                    if i > 0 {
                        formatter.write_str(", ")?;
                    }
                    write!(formatter, "`{name}`")?;
                }
                Ok(())
            }
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
    unknown: Unknown,
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
        read_fields(&mut map, self.names, self.unknown)
    }
}

/// Reads a JSON object's fields by `names`: a repeated one is an error, an unknown one too unless
/// `unknown` is [`Unknown::Ignore`].
fn read_fields<'de, A: MapAccess<'de>>(
    map: &mut A,
    names: &'static [(&'static str, Kind)],
    unknown: Unknown,
) -> Result<Fields, A::Error> {
    let mut fields = Fields {
        names,
        values: names.iter().map(|_| None).collect(),
    };
    while let Some(key) = map.next_key_seed(FieldName { names, unknown })? {
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
pub trait CompactStruct: Sized {
    /// The struct's Rust name.
    const NAME: &'static str;
    /// Its fields in declaration order.
    const FIELDS: &'static [(&'static str, Kind)];
    /// What an unknown field is: an error unless the struct is an answer read from another
    /// contract.
    const UNKNOWN: Unknown = Unknown::Deny;
    /// The struct from its fields.
    fn build<E: de::Error>(fields: &mut Fields) -> Result<Self, E>;
}

/// Reads `T` as serde's derive would (a JSON object).
pub fn deserialize_struct<'de, T: CompactStruct, D: Deserializer<'de>>(
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
            unknown: T::UNKNOWN,
        },
    )?;
    T::build(&mut fields)
}

/// [`RateModel`] (declared in `ballast-math`, where its `Deserialize` is derived) read through the
/// table like a compact struct, so that an unknown field inside `rate_model` is an error too.
struct RateModelSeed;

impl<'de> DeserializeSeed<'de> for RateModelSeed {
    type Value = RateModel;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RateModel, D::Error> {
        let mut f = deserializer.deserialize_struct(
            "RateModel",
            &[],
            FieldsVisitor {
                what: "struct ",
                owner: "",
                name: "RateModel",
                names: &[
                    ("base", Kind::Dec),
                    ("slope1", Kind::Dec),
                    ("slope2", Kind::Dec),
                    ("optimal_utilization", Kind::Dec),
                ],
                unknown: Unknown::Deny,
            },
        )?;
        Ok(RateModel {
            base: f.decimal(0)?,
            slope1: f.decimal(1)?,
            slope2: f.decimal(2)?,
            optimal_utilization: f.decimal(3)?,
        })
    }
}

/// `impl Deserialize` for a struct through [`CompactStruct`], with its table and builder.
/// Unknown fields are an error; write `ignore_unknown` after the name to skip them instead (for
/// answers read from another contract).
macro_rules! compact_struct {
    ($ty:ty, $name:literal, ignore_unknown, [$(($field:literal, $kind:ident)),* $(,)?], |$f:ident| $build:expr) => {
        $crate::msg_de::compact_struct!(@impl $ty, $name, Ignore, [$(($field, $kind)),*], |$f| $build);
    };
    ($ty:ty, $name:literal, [$(($field:literal, $kind:ident)),* $(,)?], |$f:ident| $build:expr) => {
        $crate::msg_de::compact_struct!(@impl $ty, $name, Deny, [$(($field, $kind)),*], |$f| $build);
    };
    (@impl $ty:ty, $name:literal, $unknown:ident, [$(($field:literal, $kind:ident)),*], |$f:ident| $build:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::msg_de::deserialize_struct(deserializer)
            }
        }

        impl $crate::msg_de::CompactStruct for $ty {
            const NAME: &'static str = $name;
            const FIELDS: &'static [(&'static str, $crate::msg_de::Kind)] =
                &[$(($field, $crate::msg_de::Kind::$kind)),*];
            const UNKNOWN: $crate::msg_de::Unknown = $crate::msg_de::Unknown::$unknown;

            #[allow(unused_variables)]
            fn build<E: serde::de::Error>($f: &mut $crate::msg_de::Fields) -> Result<Self, E> {
                Ok($build)
            }
        }
    };
}
pub(crate) use compact_struct;

#[cfg(test)]
mod tests {
    //! The compact reader against serde's own derive: mirror types with `deny_unknown_fields`
    //! give the expected wording, position included.

    use cosmwasm_std::{from_json, to_json_string, Decimal, Decimal256, StdError, Uint128};
    use serde::Deserialize;

    use crate::oracle::{PriceKind, PriceResponse, TryPriceResponse};
    use crate::vault::{
        CollateralParams, Config, ConfigUnchecked, ExecuteMsg, InstantiateMsg, LendingParams,
        MigrateMsg, PausedActions, QueryMsg,
    };

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    enum MirrorExecute {
        Withdraw {
            denom: String,
            amount: Option<Uint128>,
            account: Option<u32>,
            recipient: Option<String>,
        },
        Supply {
            on_behalf_of: Option<String>,
        },
        ListAsset {
            denom: String,
            decimals: u8,
            collateral: Option<MirrorCollateral>,
            lending: Option<MirrorLending>,
        },
        SetPaused {
            denom: String,
            actions: MirrorPaused,
        },
        ProposeOwner {
            owner: String,
        },
        AcceptOwner {},
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct MirrorCollateral {
        max_ltv: Decimal,
        liquidation_threshold: Decimal,
        deposit_cap: Option<Uint128>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct MirrorLending {
        rate_model: MirrorRate,
        reserve_factor: Decimal,
        supply_cap: Option<Uint128>,
        borrow_cap: Option<Uint128>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct MirrorRate {
        base: Decimal,
        slope1: Decimal,
        slope2: Decimal,
        optimal_utilization: Decimal,
    }

    #[derive(Deserialize, Debug)]
    #[serde(default, deny_unknown_fields)]
    #[allow(dead_code)]
    #[derive(Default)]
    struct MirrorPaused {
        deposit: bool,
        withdraw: bool,
        supply: bool,
        redeem: bool,
        borrow: bool,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    enum MirrorQuery {
        Market {
            denom: String,
        },
        Markets {
            start_after: Option<String>,
            limit: Option<u32>,
        },
        Config {},
        SimulatePosition {
            owner: String,
            account: Option<u32>,
            actions: Vec<MirrorAction>,
        },
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    enum MirrorAction {
        Deposit { denom: String, amount: Uint128 },
        Withdraw { denom: String, amount: Uint128 },
        Borrow { denom: String, amount: Uint128 },
        Repay { denom: String, amount: Uint128 },
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct MirrorInstantiate {
        owner: String,
        oracle: String,
        liquidation: Option<String>,
        treasury: String,
        guardian: Option<String>,
        min_debt_value: Uint128,
        max_assets_per_account: u8,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct MirrorMigrate {}

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct MirrorConfig {
        oracle: String,
        liquidation: Option<String>,
        treasury: String,
        guardian: Option<String>,
        min_debt_value: Uint128,
        max_assets_per_account: u8,
    }

    /// The error of reading `json` as `T`, without cosmwasm's prefix.
    fn err<T: for<'de> Deserialize<'de> + std::fmt::Debug>(json: &str) -> String {
        let e: StdError = from_json::<T>(json).unwrap_err();
        e.to_string()
            .trim_start_matches("kind: Serialization, error: ")
            .to_string()
    }

    /// INVARIANTS 32: a misspelt field of a vault message is an error, worded (and positioned)
    /// as serde's `deny_unknown_fields` words it, never "field omitted".
    #[test]
    fn unknown_fields_of_messages_are_errors_with_serde_wording() {
        let execute = [
            r#"{"withdraw":{"denom":"uatom","ammount":"1"}}"#,
            r#"{"supply":{"on_behalf_of":"o","memo":{"x":[1,2]}}}"#,
            r#"{"set_paused":{"denom":"d","actions":{"repay":true}}}"#,
            r#"{"list_asset":{"denom":"d","decimals":6,"collateral":{"max_ltv":"0.5","liquidation_threshold":"0.6","cap":"1"}}}"#,
            r#"{"list_asset":{"denom":"d","decimals":6,"lending":{"rate_model":{"base":"0","slope1":"0.1","slope2":"1","optimal_utilization":"0.8","kink":"1"},"reserve_factor":"0.1"}}}"#,
            r#"{"list_asset":{"denom":"d","decimals":6,"lending":{"rate_model":{"base":"0","slope1":"0.1","slope2":"1","optimal_utilization":"0.8"},"reserve_factor":"0.1","borow_cap":"5"}}}"#,
            r#"{"propose_owner":{"owner":"o","ownr":"p"}}"#,
            r#"{"accept_owner":{"x":1}}"#,
        ];
        for json in execute {
            let (got, want) = (err::<ExecuteMsg>(json), err::<MirrorExecute>(json));
            assert!(got.starts_with("unknown field `"), "{json}: {got}");
            assert_eq!(got, want, "{json}");
        }
        for json in [
            r#"{"markets":{"limt":5}}"#,
            r#"{"market":{"denom":"d","kind":"default"}}"#,
            r#"{"config":{"x":1}}"#,
            r#"{"simulate_position":{"owner":"o","actions":[],"acount":1}}"#,
            r#"{"simulate_position":{"owner":"o","actions":[{"borrow":{"denom":"d","amount":"1","account":1}}]}}"#,
        ] {
            let (got, want) = (err::<QueryMsg>(json), err::<MirrorQuery>(json));
            assert!(got.starts_with("unknown field `"), "{json}: {got}");
            assert_eq!(got, want, "{json}");
        }
        let init = r#"{"owner":"o","oracle":"p","treasury":"t","min_debt_value":"1","max_assets_per_account":8,"guardain":"g"}"#;
        assert_eq!(err::<InstantiateMsg>(init), err::<MirrorInstantiate>(init));
        let config = r#"{"oracle":"p","treasury":"t","min_debt_value":"1","max_assets_per_account":8,"liquidaton":"l"}"#;
        assert_eq!(err::<ConfigUnchecked>(config), err::<MirrorConfig>(config));
        assert_eq!(err::<Config>(config), err::<MirrorConfig>(config));
        assert_eq!(
            err::<MigrateMsg>(r#"{"x":1}"#),
            err::<MirrorMigrate>(r#"{"x":1}"#)
        );
        let paused = r#"{"borrow":true,"liquidate":true}"#;
        assert_eq!(err::<PausedActions>(paused), err::<MirrorPaused>(paused));
        let collateral = r#"{"max_ltv":"0.5","liquidation_threshold":"0.6","cap":"1"}"#;
        assert_eq!(
            err::<CollateralParams>(collateral),
            err::<MirrorCollateral>(collateral)
        );
        let lending = r#"{"rate_model":{"base":"0","slope1":"0","slope2":"0","optimal_utilization":"0.5"},"reserve_factor":"0","extra":1}"#;
        assert_eq!(err::<LendingParams>(lending), err::<MirrorLending>(lending));

        // The exact words, for the issue's example.
        assert_eq!(
            err::<ExecuteMsg>(r#"{"withdraw":{"denom":"uatom","ammount":"1"}}"#),
            "unknown field `ammount`, expected one of `denom`, `amount`, `account`, `recipient` at line 1 column 38"
        );
        assert_eq!(
            err::<ExecuteMsg>(r#"{"propose_owner":{"owner":"o","ownr":"p"}}"#),
            "unknown field `ownr`, expected `owner` at line 1 column 36"
        );
        assert_eq!(
            err::<QueryMsg>(r#"{"markets":{"limt":5}}"#),
            "unknown field `limt`, expected `start_after` or `limit` at line 1 column 18"
        );
        assert_eq!(
            err::<ExecuteMsg>(r#"{"accept_owner":{"x":1}}"#),
            "unknown field `x`, there are no fields at line 1 column 20"
        );
    }

    /// What the vault reads from the oracle keeps skipping unknown fields: the oracle may add
    /// some without breaking the vault.
    #[test]
    fn oracle_answers_ignore_unknown_fields() {
        let price: PriceResponse =
            from_json(r#"{"denom":"a","extra":{"x":[1]},"price":"1.5","kind":"default"}"#).unwrap();
        assert_eq!(
            price,
            PriceResponse {
                denom: "a".into(),
                price: Decimal256::percent(150),
                kind: PriceKind::Default
            }
        );
        let answer: TryPriceResponse = from_json(
            r#"{"denom":"a","kind":"liquidation","price":null,"error":"stale","source":"pyth"}"#,
        )
        .unwrap();
        assert_eq!(
            answer,
            TryPriceResponse {
                denom: "a".into(),
                kind: PriceKind::Liquidation,
                price: None,
                error: Some("stale".into()),
            }
        );
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct MirrorTryPrice {
        denom: String,
        kind: PriceKind,
        price: Option<Decimal256>,
        error: Option<String>,
    }

    /// `TryPriceResponse` reads the JSON serde's derive reads, with the same errors.
    #[test]
    fn try_price_response_reads_as_serde_would() {
        for answer in [
            TryPriceResponse {
                denom: "uatom".into(),
                kind: PriceKind::Default,
                price: Some(Decimal256::percent(1_000)),
                error: None,
            },
            TryPriceResponse {
                denom: "uatom".into(),
                kind: PriceKind::Liquidation,
                price: None,
                error: Some("price of uatom is stale: 90s old, at most 60s allowed".into()),
            },
        ] {
            let json = to_json_string(&answer).unwrap();
            assert_eq!(from_json::<TryPriceResponse>(&json).unwrap(), answer);
        }
        assert_eq!(
            to_json_string(&TryPriceResponse {
                denom: "a".into(),
                kind: PriceKind::Default,
                price: Some(Decimal256::one()),
                error: None,
            })
            .unwrap(),
            r#"{"denom":"a","kind":"default","price":"1","error":null}"#
        );
        // Omitted options read as None.
        let answer: TryPriceResponse = from_json(r#"{"denom":"a","kind":"default"}"#).unwrap();
        assert_eq!((answer.price, answer.error), (None, None));
        for json in [
            r#"{"kind":"default","price":"1"}"#,
            r#"{"denom":"a","price":"1"}"#,
            r#"{"denom":"a","kind":"default","price":"x"}"#,
            r#"{"denom":"a","kind":"default","price":1}"#,
            r#"{"denom":"a","kind":"default","error":5}"#,
            r#"{"denom":"a","denom":"b","kind":"default"}"#,
            r#"{"denom":"a","kind":"spot"}"#,
            r#"5"#,
        ] {
            assert_eq!(
                err::<TryPriceResponse>(json).replace("TryPriceResponse", "MirrorTryPrice"),
                err::<MirrorTryPrice>(json),
                "{json}"
            );
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct MirrorPrice {
        denom: String,
        price: Decimal256,
        kind: PriceKind,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    enum MirrorPositionQuery {
        Position {
            owner: String,
            account: Option<u32>,
            kind: Option<PriceKind>,
        },
    }

    /// `PriceKind` is read through the table's enum reader (a seed, not its derive): the same
    /// values, the same JSON accepted (the map form `{"default":null}` too) and the same errors, as
    /// a required field and as an optional one.
    #[test]
    fn price_kind_reads_as_its_derive() {
        for kind in [PriceKind::Default, PriceKind::Liquidation] {
            let json = to_json_string(&kind).unwrap();
            assert_eq!(from_json::<PriceKind>(&json).unwrap(), kind);
            let answer = format!(r#"{{"denom":"a","price":"2","kind":{json}}}"#);
            let got: PriceResponse = from_json(&answer).unwrap();
            assert_eq!(got.kind, kind);
            let query = format!(r#"{{"position":{{"owner":"o","kind":{json}}}}}"#);
            match from_json::<QueryMsg>(&query).unwrap() {
                QueryMsg::Position { kind: got, .. } => assert_eq!(got, Some(kind)),
                other => panic!("{other:?}"),
            }
        }
        for (json, want) in [
            (r#"{"default":null}"#, PriceKind::Default),
            (r#"{"liquidation":null}"#, PriceKind::Liquidation),
        ] {
            assert_eq!(from_json::<PriceKind>(json).unwrap(), want);
            let answer = format!(r#"{{"denom":"a","price":"2","kind":{json}}}"#);
            assert_eq!(from_json::<PriceResponse>(&answer).unwrap().kind, want);
        }
        for (query, want) in [
            (r#"{"position":{"owner":"o"}}"#, None),
            (r#"{"position":{"owner":"o","kind":null}}"#, None),
            (
                r#"{"position":{"owner":"o","kind":{"liquidation":null}}}"#,
                Some(PriceKind::Liquidation),
            ),
        ] {
            match from_json::<QueryMsg>(query).unwrap() {
                QueryMsg::Position { kind, .. } => assert_eq!(kind, want, "{query}"),
                other => panic!("{other:?}"),
            }
        }
        for kind in [
            r#""spot""#,
            r#""Default""#,
            r#"1"#,
            r#"true"#,
            r#"[]"#,
            r#"{}"#,
            r#"{"default":{}}"#,
            r#"{"default":1}"#,
            r#"{"default":null,"liquidation":null}"#,
            r#"{"spot":null}"#,
            r#""default"#,
        ] {
            let answer = format!(r#"{{"denom":"a","price":"2","kind":{kind}}}"#);
            assert_eq!(
                err::<PriceResponse>(&answer),
                err::<MirrorPrice>(&answer).replace("MirrorPrice", "PriceResponse"),
                "{answer}"
            );
            let query = format!(r#"{{"position":{{"owner":"o","kind":{kind}}}}}"#);
            assert_eq!(
                err::<QueryMsg>(&query),
                err::<MirrorPositionQuery>(&query).replace("MirrorPositionQuery", "QueryMsg"),
                "{query}"
            );
        }
        assert_eq!(
            err::<PriceResponse>(r#"{"denom":"a","price":"2","kind":"spot"}"#),
            "unknown variant `spot`, expected `default` or `liquidation` at line 1 column 38"
        );
    }

    /// Variants with and without fields of one enum, through the one (non-generic) enum reader:
    /// the JSON forms serde accepts and refuses for each.
    #[test]
    fn enum_forms_read_as_serde_derive() {
        for json in [
            r#"{"accept_owner":{}}"#,
            r#"{"propose_owner":{"owner":"o"}}"#,
            r#"{"supply":{}}"#,
            r#"{"withdraw":{"denom":"d","amount":"5","account":null}}"#,
        ] {
            let got = from_json::<ExecuteMsg>(json).unwrap();
            let back = to_json_string(&got).unwrap();
            assert_eq!(from_json::<ExecuteMsg>(&back).unwrap(), got, "{json}");
            from_json::<MirrorExecute>(json).unwrap();
        }
        for json in [
            r#""accept_owner""#,
            r#"{"accept_owner":null}"#,
            r#"{"propose_owner":{}}"#,
            r#"{"propose_owner":{"owner":"o","owner":"p"}}"#,
            r#"{}"#,
            r#"[]"#,
            r#"5"#,
            r#"{"supply":{},"accept_owner":{}}"#,
        ] {
            assert_eq!(
                err::<ExecuteMsg>(json),
                err::<MirrorExecute>(json).replace("MirrorExecute", "ExecuteMsg"),
                "{json}"
            );
        }
        for json in [
            r#""config""#,
            r#"{"config":5}"#,
            r#"{"markets":{"limit":"5"}}"#,
            r#"{"simulate_position":{"owner":"o"}}"#,
            r#"{"simulate_position":{"owner":"o","actions":null}}"#,
            r#"{"simulate_position":{"owner":"o","actions":{}}}"#,
            r#"{"simulate_position":{"owner":"o","actions":["borrow"]}}"#,
            r#"{"simulate_position":{"owner":"o","actions":[{"lend":{}}]}}"#,
            r#"{"simulate_position":{"owner":"o","actions":[{"repay":{"denom":"d"}}]}}"#,
            r#"{"simulate_position":{"owner":"o","actions":[{"repay":{"denom":"d","amount":1}}]}}"#,
        ] {
            assert_eq!(
                err::<QueryMsg>(json),
                err::<MirrorQuery>(json).replace("MirrorQuery", "QueryMsg"),
                "{json}"
            );
        }
    }
}
