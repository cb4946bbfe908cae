//! The VM router on the oracle artifact: instantiate, Fixed prices, queries, rollback of failed
//! transactions, storage metering, determinism, and agreement with the native oracle.

use std::panic::catch_unwind;

use ballast_testing::MockEnv;
use ballast_tests::vm::{cost, read_artifact, VmApp};
use ballast_types::oracle::{
    ExecuteMsg, InstantiateMsg, PriceKind, PriceResponse, PriceSource, PriceSourceResponse,
    QueryMsg,
};
use cosmwasm_std::{coin, Addr, Decimal256};

struct Setup {
    app: VmApp,
    owner: Addr,
    oracle: Addr,
}

fn setup() -> Setup {
    let app = VmApp::new();
    let code_id = app.store_artifact("ballast_oracle");
    let owner = app.addr_make("owner");
    let msg = InstantiateMsg {
        owner: owner.to_string(),
        quote_symbol: "USD".to_string(),
        quote_decimals: 6,
    };
    let oracle = app
        .instantiate(code_id, &owner, &msg, &[], "oracle")
        .unwrap();
    Setup { app, owner, oracle }
}

fn fixed(denom: &str, decimals: u8, price: &str) -> ExecuteMsg {
    ExecuteMsg::SetPriceSource {
        denom: denom.to_string(),
        decimals,
        source: PriceSource::Fixed {
            price: price.parse().unwrap(),
        },
    }
}

fn prices(denoms: &[&str]) -> QueryMsg {
    QueryMsg::Prices {
        denoms: denoms.iter().map(|d| d.to_string()).collect(),
        kind: Some(PriceKind::Default),
    }
}

#[test]
fn fixed_prices_are_set_and_served_by_the_wasm() {
    let s = setup();
    let res = s
        .app
        .execute(&s.owner, &s.oracle, &fixed("uatom", 6, "10"), &[])
        .unwrap();
    s.app
        .execute(&s.owner, &s.oracle, &fixed("wbtc", 8, "600"), &[])
        .unwrap();

    // the execute event carries the contract address, as on wasmd
    let execute = res.events.iter().find(|e| e.ty == "execute").unwrap();
    assert_eq!(execute.attributes[0].key, "_contract_address");
    assert_eq!(execute.attributes[0].value, s.oracle.as_str());

    let got: Vec<PriceResponse> = s.app.query(&s.oracle, &prices(&["wbtc", "uatom"])).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].denom, "wbtc");
    assert_eq!(got[0].price, Decimal256::from_ratio(600u32, 1u32));
    assert_eq!(got[1].denom, "uatom");
    assert_eq!(got[1].price, Decimal256::from_ratio(10u32, 1u32));

    // an unknown denom fails the whole batched query
    let err = s
        .app
        .query::<_, Vec<PriceResponse>>(&s.oracle, &prices(&["uatom", "nope"]))
        .unwrap_err();
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn a_failed_transaction_leaves_no_trace() {
    let s = setup();
    let stranger = s.app.addr_make("stranger");
    s.app.mint(&s.owner, &coin(1_000, "uatom"));
    let before = s.app.storage_entries(&s.oracle);

    // not the owner
    let err = s
        .app
        .execute(&stranger, &s.oracle, &fixed("uatom", 6, "10"), &[])
        .unwrap_err();
    assert!(err.to_lowercase().contains("unauthorized"), "{err}");

    // the owner, but with funds the oracle refuses: the coins come back
    let err = s
        .app
        .execute(
            &s.owner,
            &s.oracle,
            &fixed("uatom", 6, "10"),
            &[coin(5, "uatom")],
        )
        .unwrap_err();
    assert!(!err.is_empty());
    assert_eq!(s.app.balance(&s.owner, "uatom"), 1_000);
    assert_eq!(s.app.balance(&s.oracle, "uatom"), 0);
    assert_eq!(s.app.storage_entries(&s.oracle), before);

    // more funds than the sender has
    let err = s
        .app
        .execute(
            &s.owner,
            &s.oracle,
            &fixed("uatom", 6, "10"),
            &[coin(5_000, "uatom")],
        )
        .unwrap_err();
    assert!(err.contains("insufficient funds"), "{err}");

    let source = s.app.query::<_, PriceSourceResponse>(
        &s.oracle,
        &QueryMsg::PriceSource {
            denom: "uatom".to_string(),
        },
    );
    assert!(source.is_err());
}

#[test]
fn storage_is_metered_with_the_wasmd_key_prefix() {
    let app = VmApp::new();
    let code_id = app.store_artifact("ballast_oracle");
    let owner = app.addr_make("owner");
    let msg = InstantiateMsg {
        owner: owner.to_string(),
        quote_symbol: "USD".to_string(),
        quote_decimals: 6,
    };
    let oracle = app
        .instantiate(code_id, &owner, &msg, &[], "oracle")
        .unwrap();
    let entries = app.storage_entries(&oracle);
    assert!(!entries.is_empty());

    // A new price source is one new entry. Its write is counted at prefix + key + value bytes
    // and priced at 2,000 + 30 per byte.
    let res = app
        .execute(&owner, &oracle, &fixed("uatom", 6, "10"), &[])
        .unwrap();
    let after = app.storage_entries(&oracle);
    let new: Vec<_> = after.iter().filter(|e| !entries.contains(e)).collect();
    assert_eq!(new.len(), 1, "one new entry");
    let (key, value) = new[0];
    let usage = &res.usage;
    assert_eq!(usage.contracts_entered, 1);
    assert_eq!(usage.writes, 1, "{usage:?}");
    assert_eq!(
        usage.write_bytes,
        cost::CONTRACT_KEY_PREFIX_LEN + (key.len() + value.len()) as u64
    );
    assert!(usage.reads >= 1, "the owner is read: {usage:?}");
    assert!(usage.vm_gas > 0);
    assert_eq!(usage.vm_sdk_gas, usage.vm_gas / cost::GAS_MULTIPLIER);
    let write = cost::write_gas(key.len(), value.len());
    assert!(usage.storage_gas > write, "{usage:?}");
    assert_eq!(
        usage.sdk_gas(),
        cost::INSTANCE_COST + usage.vm_sdk_gas + usage.storage_gas + usage.event_gas
    );
    // one contract entered dominates a small admin message
    assert!(usage.sdk_gas() < 80_000, "{usage:?}");
}

#[test]
fn gas_is_deterministic() {
    let run = || {
        let s = setup();
        s.app
            .execute(&s.owner, &s.oracle, &fixed("uatom", 6, "10"), &[])
            .unwrap()
            .usage
    };
    assert_eq!(run(), run());
}

#[test]
fn block_time_and_height_advance_between_steps() {
    let s = setup();
    let before = s.app.block();
    s.app.advance(60);
    let after = s.app.block();
    assert_eq!(after.time.seconds(), before.time.seconds() + 60);
    assert_eq!(after.height, before.height + 12);
}

#[test]
fn the_wasm_oracle_agrees_with_the_native_one() {
    let quotes = [
        ("uatom", 6, "10"),
        ("wbtc", 8, "600"),
        ("weth", 18, "0.000000003"),
    ];
    let mut builder = MockEnv::builder();
    for (denom, decimals, price) in quotes {
        builder = builder.fixed_price(denom, decimals, price.parse().unwrap());
    }
    let native = builder.build();

    let s = setup();
    for (denom, decimals, price) in quotes {
        s.app
            .execute(&s.owner, &s.oracle, &fixed(denom, decimals, price), &[])
            .unwrap();
    }
    let denoms: Vec<&str> = quotes.iter().map(|q| q.0).collect();
    for kind in [PriceKind::Default, PriceKind::Liquidation] {
        let msg = QueryMsg::Prices {
            denoms: denoms.iter().map(|d| d.to_string()).collect(),
            kind: Some(kind),
        };
        let on_vm: Vec<PriceResponse> = s.app.query(&s.oracle, &msg).unwrap();
        let on_native = native.prices(&denoms, kind).unwrap();
        assert_eq!(on_vm, on_native);
    }
}

#[test]
fn a_missing_artifact_says_how_to_build_it() {
    let err = catch_unwind(|| read_artifact("no_such_contract")).unwrap_err();
    let text = err.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("scripts/build-wasm.sh"), "{text}");
}
