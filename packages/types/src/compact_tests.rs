//! The vault's messages and the oracle's answers, read through their derived compact tables
//! (`ballast-compact`), against serde's own derive: mirror types with `deny_unknown_fields` give
//! the expected wording, position included.

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
    UpdateOwnership(crate::ownership::OwnershipAction),
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
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o","ownr":"p"}}}"#,
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
        err::<ExecuteMsg>(
            r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o","ownr":"p"}}}"#
        ),
        "unknown field `ownr`, expected `new_owner` or `expiry` at line 1 column 65"
    );
    assert_eq!(
        err::<QueryMsg>(r#"{"markets":{"limt":5}}"#),
        "unknown field `limt`, expected `start_after` or `limit` at line 1 column 18"
    );
    assert_eq!(
        err::<QueryMsg>(r#"{"config":{"x":1}}"#),
        "unknown field `x`, there are no fields at line 1 column 14"
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
        r#"{"update_ownership":"accept_ownership"}"#,
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o"}}}"#,
        r#"{"supply":{}}"#,
        r#"{"withdraw":{"denom":"d","amount":"5","account":null}}"#,
    ] {
        let got = from_json::<ExecuteMsg>(json).unwrap();
        let back = to_json_string(&got).unwrap();
        assert_eq!(from_json::<ExecuteMsg>(&back).unwrap(), got, "{json}");
        from_json::<MirrorExecute>(json).unwrap();
    }
    for json in [
        r#""update_ownership""#,
        r#"{"update_ownership":null}"#,
        r#"{"update_ownership":{"transfer_ownership":{}}}"#,
        r#"{"update_ownership":{"transfer_ownership":{"new_owner":"o","new_owner":"p"}}}"#,
        r#"{}"#,
        r#"[]"#,
        r#"5"#,
        r#"{"supply":{},"update_ownership":"accept_ownership"}"#,
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

/// The queries a contract sends another through `handles::query_smart` are written by the
/// compact writer: byte for byte what serde_json writes, every variant, with and without its
/// optional parts.
#[test]
fn queries_sent_to_other_contracts_are_written_as_serde_writes_them() {
    use crate::liquidation::QueryMsg as Liquidation;
    use crate::oracle::QueryMsg as Oracle;
    fn same<T: serde::Serialize + ballast_compact::WriteJson>(msg: &T) {
        assert_eq!(
            String::from_utf8(ballast_compact::json_bytes(msg)).unwrap(),
            to_json_string(msg).unwrap()
        );
    }
    let denoms = vec!["uatom".to_string(), "ibc/27\"A\\B".to_string()];
    for kind in [None, Some(PriceKind::Default), Some(PriceKind::Liquidation)] {
        same(&Oracle::Price {
            denom: "uatom".into(),
            kind,
        });
        same(&Oracle::Prices {
            denoms: denoms.clone(),
            kind,
        });
        same(&Oracle::TryPrices {
            denoms: vec![],
            kind,
        });
        same(&Oracle::TryPrices {
            denoms: denoms.clone(),
            kind,
        });
    }
    same(&Oracle::PriceSource {
        denom: "wei".into(),
    });
    for (start_after, limit) in [(None, None), (Some("uatom".to_string()), Some(30))] {
        same(&Oracle::PriceSources { start_after, limit });
    }
    same(&Oracle::Config {});
    same(&Oracle::Ownership {});
    for (account, debt_amount) in [(None, None), (Some(u32::MAX), Some(Uint128::MAX))] {
        same(&Liquidation::SimulateLiquidation {
            owner: "cosmwasm1owner".into(),
            account,
            debt_denom: "uusdc".into(),
            collateral_denom: "uatom".into(),
            debt_amount,
        });
    }
    for (start_after, limit) in [(None, None), (Some(("cosmwasm1a".to_string(), 3)), Some(1))] {
        same(&Liquidation::LiquidatablePositions { start_after, limit });
    }
    same(&Liquidation::Policy {});
    same(&Liquidation::Config {});
    same(&Liquidation::Ownership {});
}
