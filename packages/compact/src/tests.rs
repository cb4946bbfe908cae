//! The derive against serde's own: every derived type here has a serde-derived twin (same shape,
//! `deny_unknown_fields` unless the type ignores unknown fields, the same name through
//! `#[serde(rename)]`), and both must read the same JSON to the same value and refuse the same
//! JSON with the same words, position included.

use cosmwasm_std::{from_json, to_json_string, Addr, Decimal, Decimal256, Timestamp, Uint128};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use crate::{CompactDeserialize, ViaTable};

/// Outcome of reading `json` as `T`: the value written back as JSON, or the error's words.
fn read<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> Result<String, String> {
    from_json::<T>(json)
        .map(|value| to_json_string(&value).unwrap())
        .map_err(|e| e.to_string())
}

/// `json` reads the same through `T` (derived) and `U` (its serde twin).
#[track_caller]
fn same<T, U>(json: &str)
where
    T: for<'de> Deserialize<'de> + Serialize,
    U: for<'de> Deserialize<'de> + Serialize,
{
    assert_eq!(read::<T>(json), read::<U>(json), "{json}");
}

// ---- the types ----

#[derive(CompactDeserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Msg {
    Deposit {
        account: Option<u32>,
        on_behalf_of: Option<String>,
    },
    Withdraw {
        denom: String,
        amount: Option<Uint128>,
        account: Option<u32>,
        recipient: Option<Addr>,
    },
    ListAsset {
        denom: String,
        decimals: u8,
        collateral: Option<Params>,
        flags: Flags,
    },
    Positions {
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
        kind: Option<PriceKind>,
    },
    Simulate {
        owner: String,
        actions: Vec<Action>,
    },
    Rates {
        r#type: Decimal256,
        big: u64,
        on: bool,
    },
    #[serde(rename = "renamed")]
    Other {
        #[serde(rename = "x")]
        value: u64,
    },
    Accept {},
    Stop,
    Wrapped(Params),
    UpdateOwnership(TabledAction),
}

/// cw-ownable's action with cw-utils' own `Expiration`, deriving only its table as
/// ballast-types' `OwnershipAction` does: read through serde's derive by its twin, through the
/// table (and `Expiration`'s, written in this crate) nested in `Msg`.
#[derive(CompactDeserialize, Deserialize, Serialize, Debug, Clone, PartialEq)]
#[allow(clippy::enum_variant_names)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[compact(table_only)]
enum TabledAction {
    TransferOwnership {
        new_owner: String,
        expiry: Option<cw_utils::Expiration>,
    },
    AcceptOwnership,
    RenounceOwnership,
}

#[derive(CompactDeserialize, Serialize, Debug, Clone, PartialEq)]
struct Params {
    max_ltv: Decimal,
    cap: Option<Uint128>,
    rate: Rate,
}

/// A type of another crate: keeps serde's derive, the table is derived too.
#[derive(CompactDeserialize, Deserialize, Serialize, Debug, Clone, PartialEq)]
#[compact(table_only)]
struct Rate {
    base: Decimal,
    slope: Decimal,
}

/// Omitted fields take the struct's `Default`, which is not every field's.
#[derive(CompactDeserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(default)]
struct Flags {
    deposit: bool,
    borrow: bool,
    limit: u32,
}

impl Default for Flags {
    fn default() -> Self {
        Flags {
            deposit: false,
            borrow: true,
            limit: 7,
        }
    }
}

#[derive(CompactDeserialize, Deserialize, Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
#[compact(table_only)]
enum PriceKind {
    Default,
    Liquidation,
}

#[derive(CompactDeserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Action {
    Borrow { denom: String, amount: Uint128 },
    Repay { denom: String, amount: Uint128 },
}

/// An answer read from another contract: unknown fields skipped.
#[derive(CompactDeserialize, Serialize, Debug, PartialEq)]
#[compact(ignore_unknown)]
struct Answer {
    denom: String,
    price: Option<Decimal256>,
    kind: PriceKind,
}

/// A generic struct, read with its parameter's kind.
#[derive(CompactDeserialize, Serialize, Debug, PartialEq)]
struct Config<T> {
    oracle: T,
    guardian: Option<T>,
}

/// A map stored under a short name, empty when omitted (the vault's `Account`).
#[derive(CompactDeserialize, Serialize, Debug, PartialEq, Default)]
struct Ledger {
    #[serde(rename = "c", default)]
    collaterals: Amounts,
}

/// Amounts by key, sorted, the last of a repeated key winning (as a `BTreeMap` reads them).
#[derive(Serialize, Debug, PartialEq, Default)]
struct Amounts(std::collections::BTreeMap<String, Uint128>);

impl crate::Compact for Amounts {
    const KIND: crate::Kind = crate::Kind::Map(&<Uint128 as crate::Compact>::KIND);

    fn from_value(value: crate::Value) -> Self {
        match value {
            crate::Value::Map(entries) => Amounts(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, <Uint128 as crate::Compact>::from_value(v)))
                    .collect(),
            ),
            _ => crate::mismatch(),
        }
    }
}

// ---- `#[compact(serde)]`: fields and newtype payloads read through their own `Deserialize` ----

/// cw-ownable's action: another crate's type, serde-derived.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq)]
#[allow(clippy::enum_variant_names)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum OwnershipAction {
    TransferOwnership {
        new_owner: String,
        expiry: Option<Expiration>,
    },
    AcceptOwnership,
    RenounceOwnership,
}

/// cw-utils' expiration: another crate's type, serde-derived.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Expiration {
    AtHeight(u64),
    AtTime(u64),
    Never {},
}

#[derive(CompactDeserialize, Serialize, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Execute {
    Deposit {
        account: Option<u32>,
    },
    #[compact(serde)]
    UpdateOwnership(OwnershipAction),
    Pause {},
}

#[derive(CompactDeserialize, Serialize, Debug, PartialEq)]
#[compact(ignore_unknown)]
struct Ownership {
    owner: Option<Addr>,
    pending_owner: Option<Addr>,
    #[compact(serde)]
    pending_expiry: Option<Expiration>,
    #[compact(serde)]
    since: Expiration,
}

/// serde-derived twins of the derived types: the same names (which serde's messages use), the
/// same shapes, `deny_unknown_fields` unless the derived type ignores unknown fields.
mod twin {
    #![allow(dead_code)]

    use super::{Expiration, OwnershipAction, PriceKind, TabledAction};
    use cosmwasm_std::{Addr, Decimal, Decimal256, Uint128};
    use serde::{Deserialize, Serialize};

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    pub enum Msg {
        Deposit {
            account: Option<u32>,
            on_behalf_of: Option<String>,
        },
        Withdraw {
            denom: String,
            amount: Option<Uint128>,
            account: Option<u32>,
            recipient: Option<Addr>,
        },
        ListAsset {
            denom: String,
            decimals: u8,
            collateral: Option<Params>,
            flags: Flags,
        },
        Positions {
            start_after: Option<(String, u32)>,
            limit: Option<u32>,
            kind: Option<PriceKind>,
        },
        Simulate {
            owner: String,
            actions: Vec<Action>,
        },
        Rates {
            r#type: Decimal256,
            big: u64,
            on: bool,
        },
        #[serde(rename = "renamed")]
        Other {
            #[serde(rename = "x")]
            value: u64,
        },
        Accept {},
        Stop,
        Wrapped(Params),
        UpdateOwnership(TabledAction),
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(deny_unknown_fields)]
    pub struct Params {
        max_ltv: Decimal,
        cap: Option<Uint128>,
        rate: Rate,
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(deny_unknown_fields)]
    pub struct Rate {
        pub base: Decimal,
        pub slope: Decimal,
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(default, deny_unknown_fields)]
    pub struct Flags {
        deposit: bool,
        borrow: bool,
        limit: u32,
    }

    impl Default for Flags {
        fn default() -> Self {
            Flags {
                deposit: false,
                borrow: true,
                limit: 7,
            }
        }
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    pub enum Action {
        Borrow { denom: String, amount: Uint128 },
        Repay { denom: String, amount: Uint128 },
    }

    #[derive(Deserialize, Serialize, Debug)]
    pub struct Answer {
        denom: String,
        price: Option<Decimal256>,
        kind: PriceKind,
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(deny_unknown_fields)]
    pub struct Config<T> {
        oracle: T,
        guardian: Option<T>,
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(deny_unknown_fields)]
    pub struct Ledger {
        #[serde(rename = "c", default)]
        collaterals: std::collections::BTreeMap<String, Uint128>,
    }

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    pub enum Execute {
        Deposit { account: Option<u32> },
        UpdateOwnership(OwnershipAction),
        Pause {},
    }

    #[derive(Deserialize, Serialize, Debug)]
    pub struct Ownership {
        owner: Option<Addr>,
        pending_owner: Option<Addr>,
        pending_expiry: Option<Expiration>,
        since: Expiration,
    }
}

/// A stored type of another crate that keeps serde's derive and has a field of a type without a
/// table: read through [`ViaTable`] by its own visitor.
#[derive(CompactDeserialize, Deserialize, Serialize, Debug, PartialEq)]
#[compact(table_only, ignore_unknown)]
struct StoredOwnership {
    owner: Option<Addr>,
    #[compact(serde)]
    pending_expiry: Option<Expiration>,
}

// ---- fixed cases ----

#[test]
fn messages_read_as_serde_derive_reads_them() {
    let ok = [
        r#"{"deposit":{}}"#,
        r#"{"deposit":{"account":3,"on_behalf_of":null}}"#,
        r#"{"withdraw":{"recipient":"r","account":null,"amount":"5","denom":"d"}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{"deposit":true},"collateral":{"max_ltv":"0.5","rate":{"base":"0","slope":"1"}}}}"#,
        r#"{"positions":{"start_after":["a",1],"kind":"liquidation"}}"#,
        r#"{"positions":{"kind":{"default":null}}}"#,
        r#"{"simulate":{"owner":"o","actions":[{"borrow":{"denom":"d","amount":"1"}},{"repay":{"amount":"2","denom":"e"}}]}}"#,
        r#"{"rates":{"type":"1.5","big":18446744073709551615,"on":false}}"#,
        r#"{"renamed":{"x":1}}"#,
        r#"{"accept":{}}"#,
        r#""stop""#,
        r#"{"stop":null}"#,
        r#"{"wrapped":{"max_ltv":"0.1","rate":{"base":"0","slope":"0"}}}"#,
    ];
    for json in ok {
        assert!(read::<Msg>(json).is_ok(), "{json}: {:?}", read::<Msg>(json));
        same::<Msg, twin::Msg>(json);
    }
    let bad = [
        r#"{"depositt":{}}"#,
        r#"{"deposit":{"acount":1}}"#,
        r#"{"deposit":{"account":1,"account":2}}"#,
        r#"{"deposit":{"account":-1}}"#,
        r#"{"deposit":5}"#,
        r#""deposit""#,
        r#"{"deposit":null}"#,
        r#"{"withdraw":{}}"#,
        r#"{"withdraw":{"denom":null}}"#,
        r#"{"withdraw":{"denom":"d","amount":1}}"#,
        r#"{"withdraw":{"denom":"d","recipient":5}}"#,
        r#"{"list_asset":{"denom":"d","decimals":256,"flags":{}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{"repay":true}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{"borrow":null}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{},"collateral":{"max_ltv":"0.5"}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{},"collateral":{"max_ltv":"0.5","rate":{"base":"0"}}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{},"collateral":{"max_ltv":"0.5","rate":{"base":"0","slope":"1","kink":"1"}}}}"#,
        r#"{"list_asset":{"denom":"d","decimals":6,"flags":{},"collateral":5}}"#,
        r#"{"positions":{"start_after":["a"]}}"#,
        r#"{"positions":{"start_after":["a",1,2]}}"#,
        r#"{"positions":{"start_after":[1,"a"]}}"#,
        r#"{"positions":{"start_after":{}}}"#,
        r#"{"positions":{"kind":"spot"}}"#,
        r#"{"positions":{"kind":{"default":{}}}}"#,
        r#"{"positions":{"kind":{"default":null,"liquidation":null}}}"#,
        r#"{"positions":{"kind":5}}"#,
        r#"{"simulate":{"owner":"o"}}"#,
        r#"{"simulate":{"owner":"o","actions":null}}"#,
        r#"{"simulate":{"owner":"o","actions":{}}}"#,
        r#"{"simulate":{"owner":"o","actions":["borrow"]}}"#,
        r#"{"simulate":{"owner":"o","actions":[{"lend":{}}]}}"#,
        r#"{"simulate":{"owner":"o","actions":[{"repay":{"denom":"d"}}]}}"#,
        r#"{"simulate":{"owner":"o","actions":[{"repay":{"denom":"d","amount":"1","x":1}}]}}"#,
        r#"{"rates":{"type":"x","big":1,"on":true}}"#,
        r#"{"rates":{"type":"1","big":18446744073709551616,"on":true}}"#,
        r#"{"rates":{"type":"1","big":1,"on":"true"}}"#,
        r#"{"other":{"x":1}}"#,
        r#"{"renamed":{"value":1}}"#,
        r#"{"accept":{"x":1}}"#,
        r#""accept""#,
        r#"{"stop":{}}"#,
        r#"{"stop":1}"#,
        r#"{"wrapped":{}}"#,
        r#"{"wrapped":null}"#,
        r#""wrapped""#,
        r#"{}"#,
        r#"[]"#,
        r#"5"#,
        r#"null"#,
        r#"{"deposit":{},"accept":{}}"#,
        r#"{"deposit":{}"#,
        r#"{"deposit":{}} x"#,
    ];
    for json in bad {
        assert!(read::<Msg>(json).is_err(), "{json}");
        same::<Msg, twin::Msg>(json);
    }
    // the wording the vault's tests pin
    assert_eq!(
        read::<Msg>(r#"{"withdraw":{"denom":"uatom","ammount":"1"}}"#).unwrap_err(),
        "kind: Serialization, error: unknown field `ammount`, expected one of `denom`, `amount`, `account`, `recipient` at line 1 column 38"
    );
}

#[test]
fn structs_read_as_serde_derive_reads_them() {
    for json in [
        r#"{"max_ltv":"0.5","rate":{"base":"0","slope":"1"}}"#,
        r#"{"max_ltv":"0.5","cap":null,"rate":{"slope":"1","base":"0"}}"#,
        r#"{"max_ltv":"0.5","cap":"9","rate":{"base":"0","slope":"1"}}"#,
        r#"{"max_ltv":"0.5","rate":{"base":"0","slope":"1"},"cap":"1","cap":"2"}"#,
        r#"{"max_ltv":"0.5"}"#,
        r#"{"rate":{"base":"0","slope":"1"}}"#,
        r#"{"max_ltv":0.5,"rate":{"base":"0","slope":"1"}}"#,
        r#"{"max_ltv":"0.5","rate":{"base":"0","slope":"1"},"extra":[]}"#,
        r#"5"#,
        r#""s""#,
        r#"null"#,
    ] {
        same::<Params, twin::Params>(json);
    }
    for json in [
        r#"{}"#,
        r#"{"borrow":false}"#,
        r#"{"limit":1,"deposit":true}"#,
        r#"{"limit":null}"#,
        r#"{"deposit":true,"deposit":true}"#,
        r#"{"repay":true}"#,
    ] {
        same::<Flags, twin::Flags>(json);
    }
    assert_eq!(
        from_json::<Flags>("{}").unwrap(),
        Flags {
            deposit: false,
            borrow: true,
            limit: 7
        }
    );
    for json in [
        r#"{"oracle":"o"}"#,
        r#"{"oracle":"o","guardian":"g"}"#,
        r#"{"oracle":5}"#,
        r#"{"guardian":"g"}"#,
        r#"{"oracle":"o","guardin":"g"}"#,
    ] {
        same::<Config<String>, twin::Config<String>>(json);
        same::<Config<Addr>, twin::Config<Addr>>(json);
    }
    for json in [
        r#"{}"#,
        r#"{"c":{"b":"1","a":"2","b":"3"}}"#,
        r#"{"c":{}}"#,
        r#"{"c":null}"#,
        r#"{"c":[]}"#,
        r#"{"c":{"a":5}}"#,
        r#"{"c":{},"c":{}}"#,
        r#"{"c":{},"d":{}}"#,
    ] {
        same::<Ledger, twin::Ledger>(json);
    }
}

/// `ignore_unknown` skips unknown fields as serde does by default (no `deny_unknown_fields`).
#[test]
fn answers_skip_unknown_fields() {
    for json in [
        r#"{"denom":"a","price":"1.5","kind":"default"}"#,
        r#"{"denom":"a","extra":{"x":[1,{"y":null}]},"kind":"liquidation"}"#,
        r#"{"denom":"a","kind":"default","error":"stale","source":"pyth"}"#,
        r#"{"denom":"a","kind":"default","denom":"b"}"#,
        r#"{"denom":"a","kind":"spot"}"#,
        r#"{"kind":"default"}"#,
    ] {
        same::<Answer, twin::Answer>(json);
    }
}

/// A `table_only` type keeps serde's derive; [`ViaTable`] reads it through its table, with the
/// table's unknown-field policy (deny by default).
#[test]
fn table_only_types_are_read_through_via_table() {
    let json = r#"{"base":"0.1","slope":"2"}"#;
    let rate = from_json::<ViaTable<Rate>>(json).unwrap().0;
    assert_eq!(rate, from_json::<Rate>(json).unwrap());
    assert_eq!(to_json_string(&ViaTable(rate)).unwrap(), json);
    for json in [
        r#"{"base":"0.1"}"#,
        r#"{"base":"0.1","slope":"2","slope":"2"}"#,
        r#"{"base":"0.1","slope":"2","kink":1}"#,
    ] {
        assert_eq!(
            from_json::<ViaTable<Rate>>(json)
                .map(|r| r.0)
                .map_err(|e| e.to_string()),
            from_json::<twin::Rate>(json)
                .map(|r| Rate {
                    base: r.base,
                    slope: r.slope
                })
                .map_err(|e| e.to_string()),
            "{json}"
        );
    }
}

/// cw-ownable's message shape: a newtype variant whose payload is read by its own derived
/// `Deserialize`, beside struct variants read by the table.
#[test]
fn newtype_payloads_and_fields_read_through_serde() {
    for json in [
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o","expiry":{"at_height":1200}}}}"#,
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o"}}}"#,
        r#"{"update_ownership":"accept_ownership"}"#,
        r#"{"update_ownership":"renounce_ownership"}"#,
        r#"{"deposit":{"account":1}}"#,
        r#"{"pause":{}}"#,
    ] {
        assert!(read::<Execute>(json).is_ok(), "{json}");
        same::<Execute, twin::Execute>(json);
    }
    assert_eq!(
        from_json::<Execute>(r#"{"update_ownership":"accept_ownership"}"#).unwrap(),
        Execute::UpdateOwnership(OwnershipAction::AcceptOwnership)
    );
    for json in [
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o","expiry":{"at_block":1}}}}"#,
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o","x":1}}}"#,
        r#"{"update_ownership":{"transfer_ownership":{}}}"#,
        r#"{"update_ownership":"transfer_ownership"}"#,
        r#"{"update_ownership":"accept"}"#,
        r#"{"update_ownership":null}"#,
        r#"{"update_ownership":{}}"#,
        r#""update_ownership""#,
        r#"{"deposit":{"acount":1}}"#,
        r#"{"pause":{"x":1}}"#,
    ] {
        assert!(read::<Execute>(json).is_err(), "{json}");
        same::<Execute, twin::Execute>(json);
    }
    for json in [
        r#"{"owner":"a","since":"never"}"#,
        r#"{"owner":"a","since":{"never":{}}}"#,
        r#"{"owner":"a","pending_owner":"b","pending_expiry":{"at_time":5},"since":{"at_height":1}}"#,
        r#"{"owner":"a","pending_expiry":null,"since":{"at_height":1},"other":1}"#,
        r#"{"owner":"a"}"#,
        r#"{"owner":"a","since":{"at_height":-1}}"#,
        r#"{"owner":"a","pending_expiry":"x","since":{"never":{}}}"#,
        r#"{"since":{"never":{}},"since":{"never":{}}}"#,
    ] {
        same::<Ownership, twin::Ownership>(json);
    }
}

#[test]
fn table_only_types_with_serde_fields_are_read_through_via_table() {
    for json in [
        r#"{"owner":"a"}"#,
        r#"{"owner":"a","pending_expiry":{"at_height":5},"x":[1]}"#,
        r#"{"owner":null,"pending_expiry":null}"#,
        r#"{"owner":"a","pending_expiry":{"at_block":5}}"#,
        r#"{"owner":"a","owner":"b"}"#,
        r#"{"pending_expiry":"never"}"#,
        r#"[]"#,
    ] {
        let via = from_json::<ViaTable<StoredOwnership>>(json)
            .map(|v| v.0)
            .map_err(|e| e.to_string());
        let serde = from_json::<StoredOwnership>(json).map_err(|e| e.to_string());
        if json == "[]" {
            // the positional form: serde's derive reads it, the table does not
            assert!(via.is_err() && serde.is_err(), "{json}");
        } else {
            assert_eq!(via, serde, "{json}");
        }
    }
}

/// cw-utils' `Expiration` through the table written for it in this crate, against its own
/// derived `Deserialize`: the same values, unknown fields of `never` skipped, the same errors.
#[test]
fn expirations_read_as_cw_utils_reads_them() {
    #[derive(CompactDeserialize, Serialize, Debug, PartialEq)]
    struct Holds {
        e: cw_utils::Expiration,
        o: Option<cw_utils::Expiration>,
        t: Option<Timestamp>,
    }
    mod twin {
        #[derive(serde::Deserialize, serde::Serialize, Debug)]
        #[serde(deny_unknown_fields)]
        pub struct Holds {
            e: cw_utils::Expiration,
            o: Option<cw_utils::Expiration>,
            t: Option<cosmwasm_std::Timestamp>,
        }
    }
    let ok = [
        r#"{"at_height":0}"#,
        r#"{"at_height":18446744073709551615}"#,
        r#"{"at_time":"0"}"#,
        r#"{"at_time":"18446744073709551615"}"#,
        r#"{"never":{}}"#,
        r#"{"never":{"x":1,"y":{"z":[]}}}"#,
    ];
    let bad = [
        r#"{"at_height":-1}"#,
        r#"{"at_height":1.5}"#,
        r#"{"at_height":"1"}"#,
        r#"{"at_height":null}"#,
        r#"{"at_time":5}"#,
        r#"{"at_time":"x"}"#,
        r#"{"at_time":"-1"}"#,
        r#"{"at_time":"18446744073709551616"}"#,
        r#"{"at_time":""}"#,
        r#"{"at_time":null}"#,
        r#"{"never":null}"#,
        r#"{"never":1}"#,
        r#""never""#,
        r#""at_height""#,
        r#"{"at_block":1}"#,
        r#"{"at_height":1,"never":{}}"#,
        r#"{}"#,
        r#"null"#,
        r#"7"#,
    ];
    for e in ok {
        let json = format!(r#"{{"e":{e},"o":{e},"t":null}}"#);
        assert!(read::<Holds>(&json).is_ok(), "{json}");
        same::<Holds, twin::Holds>(&json);
        assert_eq!(
            from_json::<Holds>(&json).unwrap().e,
            from_json::<cw_utils::Expiration>(e).unwrap()
        );
    }
    for e in bad {
        let json = format!(r#"{{"e":{e}}}"#);
        assert!(read::<Holds>(&json).is_err(), "{json}");
        same::<Holds, twin::Holds>(&json);
        // as an `Option`'s (where `null` is `None`)
        same::<Holds, twin::Holds>(&format!(r#"{{"e":{{"never":{{}}}},"o":{e}}}"#));
    }
    for t in [r#""5""#, r#""x""#, "5", "null", r#""-0""#] {
        same::<Holds, twin::Holds>(&format!(r#"{{"e":{{"never":{{}}}},"t":{t}}}"#));
    }
}

/// Every scalar read as its own `Deserialize` reads it, from JSON of every type: the values,
/// and the messages of the one integer visitor and the one string visitor.
#[test]
fn scalars_read_as_their_own_deserialize_reads_them() {
    #[derive(CompactDeserialize, Serialize, Debug, PartialEq)]
    struct Scalars {
        a: Option<bool>,
        b: Option<u8>,
        c: Option<u32>,
        d: Option<u64>,
        e: Option<cosmwasm_std::Uint64>,
        f: Option<Uint128>,
        g: Option<Decimal>,
        h: Option<Decimal256>,
        i: Option<String>,
        j: Option<Addr>,
        k: Option<Timestamp>,
    }
    mod twin {
        use cosmwasm_std::{Addr, Decimal, Decimal256, Timestamp, Uint128, Uint64};
        #[derive(serde::Deserialize, serde::Serialize, Debug)]
        #[serde(deny_unknown_fields)]
        pub struct Scalars {
            a: Option<bool>,
            b: Option<u8>,
            c: Option<u32>,
            d: Option<u64>,
            e: Option<Uint64>,
            f: Option<Uint128>,
            g: Option<Decimal>,
            h: Option<Decimal256>,
            i: Option<String>,
            j: Option<Addr>,
            k: Option<Timestamp>,
        }
    }
    let values = [
        "true",
        "0",
        "255",
        "256",
        "4294967295",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "-1",
        "-9223372036854775808",
        "1.5",
        "1e3",
        r#""""#,
        r#""0""#,
        r#""255""#,
        r#""18446744073709551616""#,
        r#""340282366920938463463374607431768211456""#,
        r#""1.5""#,
        r#""0.000000000000000001""#,
        r#""-1""#,
        r#""x\u00e9\n""#,
        r#""1e3""#,
        "[]",
        "{}",
    ];
    for field in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] {
        for value in values {
            same::<Scalars, twin::Scalars>(&format!(r#"{{"{field}":{value}}}"#));
        }
    }
}

// ---- property tests ----

fn text() -> impl Strategy<Value = String> {
    "[a-z]{0,4}"
}

fn uint128() -> impl Strategy<Value = Uint128> {
    any::<u128>().prop_map(Uint128::new)
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (0u128..u128::MAX / 2).prop_map(|n| Decimal::new(Uint128::new(n)))
}

fn params() -> impl Strategy<Value = Params> {
    (
        decimal(),
        proptest::option::of(uint128()),
        decimal(),
        decimal(),
    )
        .prop_map(|(max_ltv, cap, base, slope)| Params {
            max_ltv,
            cap,
            rate: Rate { base, slope },
        })
}

fn action() -> impl Strategy<Value = Action> {
    (text(), uint128(), any::<bool>()).prop_map(|(denom, amount, borrow)| {
        if borrow {
            Action::Borrow { denom, amount }
        } else {
            Action::Repay { denom, amount }
        }
    })
}

fn msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        (
            proptest::option::of(any::<u32>()),
            proptest::option::of(text())
        )
            .prop_map(|(account, on_behalf_of)| Msg::Deposit {
                account,
                on_behalf_of
            }),
        (
            text(),
            proptest::option::of(uint128()),
            proptest::option::of(any::<u32>()),
            proptest::option::of(text().prop_map(Addr::unchecked))
        )
            .prop_map(|(denom, amount, account, recipient)| Msg::Withdraw {
                denom,
                amount,
                account,
                recipient
            }),
        (
            text(),
            any::<u8>(),
            proptest::option::of(params()),
            any::<(bool, bool, u32)>()
        )
            .prop_map(|(denom, decimals, collateral, (deposit, borrow, limit))| {
                Msg::ListAsset {
                    denom,
                    decimals,
                    collateral,
                    flags: Flags {
                        deposit,
                        borrow,
                        limit,
                    },
                }
            }),
        (
            proptest::option::of((text(), any::<u32>())),
            proptest::option::of(any::<u32>()),
            proptest::option::of(prop_oneof![
                Just(PriceKind::Default),
                Just(PriceKind::Liquidation)
            ])
        )
            .prop_map(|(start_after, limit, kind)| Msg::Positions {
                start_after,
                limit,
                kind
            }),
        (text(), proptest::collection::vec(action(), 0..4))
            .prop_map(|(owner, actions)| Msg::Simulate { owner, actions }),
        (any::<u128>(), any::<u64>(), any::<bool>()).prop_map(|(t, big, on)| Msg::Rates {
            r#type: Decimal256::new(t.into()),
            big,
            on
        }),
        any::<u64>().prop_map(|value| Msg::Other { value }),
        Just(Msg::Accept {}),
        Just(Msg::Stop),
        params().prop_map(Msg::Wrapped),
        (text(), proptest::option::of(expiration())).prop_map(|(new_owner, expiry)| {
            Msg::UpdateOwnership(TabledAction::TransferOwnership { new_owner, expiry })
        }),
        Just(Msg::UpdateOwnership(TabledAction::AcceptOwnership)),
        Just(Msg::UpdateOwnership(TabledAction::RenounceOwnership)),
    ]
}

fn expiration() -> impl Strategy<Value = cw_utils::Expiration> {
    prop_oneof![
        any::<u64>().prop_map(cw_utils::Expiration::AtHeight),
        any::<u64>().prop_map(|n| cw_utils::Expiration::AtTime(Timestamp::from_nanos(n))),
        Just(cw_utils::Expiration::Never {}),
    ]
}

/// A JSON value to put in place of another: scalars of every type, objects (empty or not),
/// names close to the real ones. No arrays: where a struct is expected, serde's derive also
/// accepts its positional form, which the compact reader refuses by design (the fixed cases
/// cover arrays where arrays are expected).
fn replacement() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        Just(json!(1.5)),
        Just(json!("")),
        Just(json!("1")),
        Just(json!("x")),
        Just(json!("default")),
        Just(json!("borrow")),
        Just(json!({})),
        Just(json!({"x": 1})),
        Just(json!({"borrow": {}})),
        Just(json!({"default": null})),
        Just(json!({"never": {}})),
        Just(json!({"at_time": "5"})),
        Just(json!({"at_height": 5})),
    ]
}

/// What to do to one object of the JSON tree.
#[derive(Clone, Debug)]
enum Mutation {
    /// Removes the `n`th field.
    Remove(usize),
    /// Adds a field, unknown or misspelt.
    Add(String, Json),
    /// Replaces the `n`th field's value.
    Replace(usize, Json),
    /// Writes the `n`th field twice.
    Duplicate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Remove),
        (
            prop_oneof![
                Just("ammount".to_string()),
                Just("x".to_string()),
                Just("denom".to_string()),
                "[a-z_]{1,6}"
            ],
            replacement()
        )
            .prop_map(|(k, v)| Mutation::Add(k, v)),
        (any::<usize>(), replacement()).prop_map(|(n, v)| Mutation::Replace(n, v)),
        any::<usize>().prop_map(Mutation::Duplicate),
    ]
}

/// Every object in `json`, depth first.
fn objects(json: &Json, out: &mut Vec<Vec<(String, Json)>>) {
    match json {
        Json::Object(map) => {
            out.push(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
            map.values().for_each(|v| objects(v, out));
        }
        Json::Array(items) => items.iter().for_each(|v| objects(v, out)),
        _ => {}
    }
}

/// `json` written with object number `target` (depth first) mutated; written by hand so that
/// a field may be repeated.
fn write_mutated(json: &Json, target: usize, mutation: &Mutation, seen: &mut usize) -> String {
    match json {
        Json::Object(map) => {
            let here = *seen == target;
            *seen += 1;
            let mut entries: Vec<(String, String)> = map
                .iter()
                .map(|(k, v)| (k.clone(), write_mutated(v, target, mutation, seen)))
                .collect();
            if here {
                let n = entries.len();
                match mutation {
                    Mutation::Remove(i) if n > 0 => {
                        entries.remove(i % n);
                    }
                    Mutation::Add(k, v) => entries.push((k.clone(), v.to_string())),
                    Mutation::Replace(i, v) if n > 0 => entries[i % n].1 = v.to_string(),
                    Mutation::Duplicate(i) if n > 0 => {
                        let entry = entries[i % n].clone();
                        entries.push(entry);
                    }
                    _ => {}
                }
            }
            let body: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{v}", Json::String(k.clone())))
                .collect();
            format!("{{{}}}", body.join(","))
        }
        Json::Array(items) => {
            let body: Vec<String> = items
                .iter()
                .map(|v| write_mutated(v, target, mutation, seen))
                .collect();
            format!("[{}]", body.join(","))
        }
        other => other.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every message, written by `Serialize`, reads back to itself, as its twin reads it.
    #[test]
    fn valid_messages_read_as_serde_reads_them(msg in msg()) {
        let json = to_json_string(&msg).unwrap();
        prop_assert_eq!(from_json::<Msg>(&json).unwrap(), msg);
        prop_assert_eq!(read::<Msg>(&json), read::<twin::Msg>(&json));
    }

    /// A message with one object changed (a field removed, added, repeated or of another type)
    /// reads as its twin reads it: the same value, or the same error at the same position.
    #[test]
    fn mutated_messages_read_as_serde_reads_them(
        msg in msg(),
        target in any::<prop::sample::Index>(),
        mutation in mutation(),
    ) {
        let value: Json = serde_json::from_str(&to_json_string(&msg).unwrap()).unwrap();
        let mut all = Vec::new();
        objects(&value, &mut all);
        prop_assume!(!all.is_empty());
        let target = target.index(all.len());
        let json = write_mutated(&value, target, &mutation, &mut 0);
        prop_assert_eq!(read::<Msg>(&json), read::<twin::Msg>(&json), "{}", json);
    }
}
