//! Setting and removing sources, bad inputs (typed errors, state unchanged), queries, paging,
//! events, funds and migration.

use ballast_kit::KitError;
use ballast_oracle::ContractError;
use ballast_testing::Ownable;
use ballast_testing::{assert_err, contract_oracle, feeds, MockEnv, PythFeed};
use ballast_types::events::{BallastEvent, RemovePriceSourceEvent, SetPriceSourceEvent};
use ballast_types::oracle::{
    ConfigResponse, InstantiateMsg, PriceKind, PriceSource, PriceSourceResponse,
    PriceSourcesResponse,
};
use cosmwasm_std::{coins, Decimal, Decimal256};
use cw_multi_test::Executor;

use crate::helpers::{dec, snapshot};

/// An env with one fixed source (`uusdc`) and one Pyth source (`uatom`, 10 USD).
fn env() -> MockEnv {
    MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build()
}

#[test]
fn config_and_owner_after_instantiate() {
    let mut env = MockEnv::builder().quote("USD", 6).build();
    assert_eq!(
        env.oracle().config().unwrap(),
        ConfigResponse {
            quote_symbol: "USD".into(),
            quote_decimals: 6
        }
    );
    let ownership = env.oracle().ownership().unwrap();
    assert_eq!(ownership.owner, Some(env.owner.clone()));
    assert_eq!(ownership.pending_owner, None);
}

#[test]
fn instantiate_rejects_bad_input() {
    let mut env = MockEnv::builder().build();
    let code_id = env.app.store_code(contract_oracle());
    let owner = env.owner.clone();
    let good = InstantiateMsg {
        owner: owner.to_string(),
        quote_symbol: "USD".into(),
        quote_decimals: 6,
    };
    let cases = [
        (
            InstantiateMsg {
                quote_decimals: 37,
                ..good.clone()
            },
            KitError::DecimalsTooLarge {
                decimals: 37,
                max: 36,
            }
            .to_string(),
        ),
        (
            InstantiateMsg {
                quote_symbol: String::new(),
                ..good.clone()
            },
            ContractError::InvalidQuoteSymbol {
                symbol: String::new(),
                max: 32,
            }
            .to_string(),
        ),
        (
            InstantiateMsg {
                owner: "not an address".into(),
                ..good.clone()
            },
            "invalid address \"not an address\"".to_string(),
        ),
        (
            InstantiateMsg {
                owner: owner.to_string().to_uppercase(),
                ..good.clone()
            },
            "invalid address".to_string(),
        ),
    ];
    for (msg, expected) in cases {
        let res = env
            .app
            .instantiate_contract(code_id, owner.clone(), &msg, &[], "bad", None);
        assert_err(res, expected);
    }
    assert!(env
        .app
        .instantiate_contract(code_id, owner, &good, &[], "good", None)
        .is_ok());
}

#[test]
fn set_price_source_stores_normalised_source_and_emits_event() {
    let mut env = env();
    let owner = env.owner.clone();
    let mut source = env.pyth_source(feeds::ETH_USD);
    if let PriceSource::Pyth { feed_id, .. } = &mut source {
        *feed_id = format!("0x{}", feeds::ETH_USD.to_uppercase());
    }
    env.set_pyth_price(feeds::ETH_USD, 300_000_000_000, -8, 0)
        .unwrap();
    let res = env
        .oracle()
        .set_price_source(&owner, "wei", 18, source)
        .unwrap();

    // Stored lowercase without 0x, the omitted Liquidation bound filled in (= max_staleness_s);
    // the event carries the stored source.
    let mut stored = env.pyth_source(feeds::ETH_USD);
    if let PriceSource::Pyth {
        liquidation_max_staleness_s,
        ..
    } = &mut stored
    {
        assert_eq!(*liquidation_max_staleness_s, None);
        *liquidation_max_staleness_s = Some(60);
    }
    let expected = PriceSourceResponse {
        denom: "wei".into(),
        decimals: 18,
        source: stored.clone(),
    };
    assert_eq!(env.oracle().price_source("wei").unwrap(), expected);
    let event = SetPriceSourceEvent::find(&res.events).unwrap();
    assert_eq!(
        event,
        SetPriceSourceEvent {
            sender: owner.to_string(),
            denom: "wei".into(),
            decimals: 18,
            source: stored
        }
    );
    let raw = res
        .events
        .iter()
        .find(|e| e.ty == "wasm-ballast_set_price_source")
        .unwrap();
    assert_eq!(
        raw.attributes[1].key, "action",
        "action first after the chain's contract address"
    );
    assert_eq!(
        env.price("wei", PriceKind::Default).unwrap().price,
        dec("0.000000003")
    );
}

#[test]
fn set_price_source_replaces_an_existing_source() {
    let mut env = env();
    let owner = env.owner.clone();
    env.oracle()
        .set_price_source(&owner, "uatom", 6, PriceSource::Fixed { price: dec("9") })
        .unwrap();
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("9")
    );
}

#[test]
fn remove_price_source_emits_event_and_forgets_the_denom() {
    let mut env = env();
    let owner = env.owner.clone();
    let res = env.oracle().remove_price_source(&owner, "uatom").unwrap();
    assert_eq!(
        RemovePriceSourceEvent::find(&res.events).unwrap(),
        RemovePriceSourceEvent {
            sender: owner.to_string(),
            denom: "uatom".into()
        }
    );
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::UnknownDenom {
            denom: "uatom".into(),
        },
    );
    // Other denoms are untouched.
    assert_eq!(
        env.price("uusdc", PriceKind::Default).unwrap().price,
        Decimal256::one()
    );

    let before = snapshot(&mut env);
    assert_err(
        env.oracle().remove_price_source(&owner, "uatom"),
        ContractError::UnknownDenom {
            denom: "uatom".into(),
        },
    );
    let stranger = env.addr("stranger");
    assert_err(
        env.oracle().remove_price_source(&stranger, "uusdc"),
        KitError::NotOwner,
    );
    assert_eq!(snapshot(&mut env), before);
}

#[test]
fn bad_price_sources_are_typed_errors_and_change_nothing() {
    let mut env = env();
    let owner = env.owner.clone();
    let pyth = |env: &MockEnv| env.pyth_source(feeds::ATOM_USD);
    let with_feed = |env: &MockEnv, id: &str| {
        let mut source = env.pyth_source(feeds::ATOM_USD);
        if let PriceSource::Pyth { feed_id, .. } = &mut source {
            *feed_id = id.to_string();
        }
        source
    };
    let with_contract = |env: &MockEnv, addr: &str| {
        let mut source = env.pyth_source(feeds::ATOM_USD);
        if let PriceSource::Pyth { contract, .. } = &mut source {
            *contract = addr.to_string();
        }
        source
    };
    let fixed = |p: &str| PriceSource::Fixed { price: dec(p) };
    let median =
        |sources: Vec<PriceSource>, min_sources: u8, max_spread: Decimal| PriceSource::Median {
            sources,
            min_sources,
            max_spread,
        };
    let non_hex = feeds::ATOM_USD.replace('b', "z");
    let short = &feeds::ATOM_USD[..62];
    let oracle_addr = env.oracle_addr.to_string();

    let cases: Vec<(&str, u8, PriceSource, String)> = vec![
        (
            "uatom",
            37,
            pyth(&env),
            KitError::DecimalsTooLarge {
                decimals: 37,
                max: 36,
            }
            .to_string(),
        ),
        ("u", 6, fixed("1"), "invalid denom \"u\"".into()),
        (
            "uatom",
            6,
            fixed("0"),
            ContractError::PriceNotPositive {
                denom: "uatom".into(),
            }
            .to_string(),
        ),
        (
            "uatom",
            6,
            with_feed(&env, &non_hex),
            format!("invalid Pyth feed id \"{non_hex}\""),
        ),
        (
            "uatom",
            6,
            with_feed(&env, short),
            format!("invalid Pyth feed id \"{short}\": expected 64 hex characters, got 62"),
        ),
        (
            "uatom",
            6,
            with_contract(&env, "not-an-address"),
            "invalid address \"not-an-address\"".into(),
        ),
        (
            "uatom",
            6,
            median(
                vec![fixed("1"), median(vec![fixed("1")], 1, Decimal::percent(1))],
                1,
                Decimal::percent(1),
            ),
            ContractError::NestedMedian.to_string(),
        ),
        (
            "uatom",
            6,
            median(vec![fixed("1")], 0, Decimal::percent(1)),
            ContractError::InvalidMinSources {
                min_sources: 0,
                sources: 1,
            }
            .to_string(),
        ),
        (
            "uatom",
            6,
            median(vec![fixed("1")], 2, Decimal::percent(1)),
            ContractError::InvalidMinSources {
                min_sources: 2,
                sources: 1,
            }
            .to_string(),
        ),
        (
            "uatom",
            6,
            median(vec![fixed("1"); 9], 1, Decimal::percent(1)),
            ContractError::TooManySources { count: 9, max: 8 }.to_string(),
        ),
        (
            "uatom",
            6,
            median(vec![fixed("1")], 1, Decimal::zero()),
            ContractError::InvalidRatio {
                name: "max_spread".into(),
                value: Decimal::zero(),
            }
            .to_string(),
        ),
        (
            "uatom",
            6,
            PriceSource::Pyth {
                contract: env.pyth_addr.to_string(),
                feed_id: feeds::ATOM_USD.into(),
                max_staleness_s: 0,
                liquidation_max_staleness_s: None,
                max_confidence: Decimal::percent(2),
                max_ema_deviation: Decimal::percent(10),
            },
            ContractError::InvalidStaleness {
                max_staleness_s: 0,
                max: 86_400,
            }
            .to_string(),
        ),
        (
            "uatom",
            6,
            PriceSource::Pyth {
                contract: env.pyth_addr.to_string(),
                feed_id: feeds::ATOM_USD.into(),
                max_staleness_s: 60,
                liquidation_max_staleness_s: None,
                max_confidence: Decimal::percent(101),
                max_ema_deviation: Decimal::percent(10),
            },
            ContractError::InvalidRatio {
                name: "max_confidence".into(),
                value: Decimal::percent(101),
            }
            .to_string(),
        ),
        // Answers at set time: a feed the Pyth contract does not know (wrong feed id)…
        (
            "uatom",
            6,
            with_feed(&env, feeds::BTC_USD),
            "Pyth query for uatom failed".into(),
        ),
        // …a contract that is not Pyth…
        (
            "uatom",
            6,
            with_contract(&env, &oracle_addr),
            "Pyth query for uatom failed".into(),
        ),
        // …and a median one of whose sub-sources does not answer.
        (
            "uatom",
            6,
            median(
                vec![fixed("10"), with_feed(&env, feeds::BTC_USD)],
                1,
                Decimal::percent(5),
            ),
            "Pyth query for uatom failed".into(),
        ),
    ];

    let before = snapshot(&mut env);
    let atom_before = env.price("uatom", PriceKind::Default).unwrap();
    for (denom, decimals, source, expected) in cases {
        let res = env
            .oracle()
            .set_price_source(&owner, denom, decimals, source.clone());
        assert_err(res, &expected);
        assert_eq!(snapshot(&mut env), before, "state changed by {source:?}");
    }
    assert_eq!(env.price("uatom", PriceKind::Default).unwrap(), atom_before);

    // The wrong feed id case says why.
    let wrong_feed = with_feed(&env, feeds::BTC_USD);
    let err = env
        .oracle()
        .set_price_source(&owner, "uatom", 6, wrong_feed);
    let err = err.unwrap_err().to_string();
    assert!(
        err.contains(&format!("price feed {} not found", feeds::BTC_USD)),
        "{err}"
    );

    // Not the owner.
    let stranger = env.addr("stranger");
    let res = env
        .oracle()
        .set_price_source(&stranger, "uatom", 6, fixed("1"));
    assert_err(res, KitError::NotOwner);
    assert_eq!(snapshot(&mut env), before);
}

#[test]
fn sources_that_do_not_answer_now_are_refused_at_set_time() {
    let mut env = env();
    let owner = env.owner.clone();
    let now = env.now() as i64;
    let before = snapshot(&mut env);

    // The Pyth contract errors for this feed.
    env.set_pyth_price(feeds::ETH_USD, 300_000_000_000, -8, 0)
        .unwrap();
    env.fail_pyth_feed(feeds::ETH_USD).unwrap();
    let source = env.pyth_source(feeds::ETH_USD);
    let res = env
        .oracle()
        .set_price_source(&owner, "wei", 18, source.clone());
    let err = res.unwrap_err().to_string();
    assert!(err.contains("Pyth query for wei failed"), "{err}");
    assert!(
        err.contains(&format!("mock pyth: feed {} fails", feeds::ETH_USD)),
        "{err}"
    );

    // An old price: published 61 s ago with a 60 s limit.
    env.set_pyth_feed(&PythFeed::new(
        feeds::ETH_USD,
        300_000_000_000,
        -8,
        0,
        now - 61,
    ))
    .unwrap();
    let res = env
        .oracle()
        .set_price_source(&owner, "wei", 18, source.clone());
    assert_err(
        res,
        ContractError::PriceStale {
            denom: "wei".into(),
            age_s: 61,
            max_s: 60,
        },
    );

    // A normalised price that overflows: 1 × 10^60 USD per whole unit.
    env.set_pyth_feed(&PythFeed::new(feeds::ETH_USD, 1, 60, 0, now))
        .unwrap();
    let res = env
        .oracle()
        .set_price_source(&owner, "wei", 0, source.clone());
    assert_err(
        res,
        ContractError::PriceOverflow {
            denom: "wei".into(),
        },
    );

    // A normalised price that rounds to zero: 10^-8 USD per 10^18 wei.
    env.set_pyth_price(feeds::ETH_USD, 1, -8, 0).unwrap();
    let res = env
        .oracle()
        .set_price_source(&owner, "wei", 18, source.clone());
    assert_err(
        res,
        ContractError::PriceRoundsToZero {
            denom: "wei".into(),
        },
    );

    // A non-positive price.
    env.set_pyth_price(feeds::ETH_USD, -3, -8, 0).unwrap();
    let res = env
        .oracle()
        .set_price_source(&owner, "wei", 18, source.clone());
    assert_err(
        res,
        ContractError::PriceNotPositive {
            denom: "wei".into(),
        },
    );

    assert_eq!(snapshot(&mut env), before);

    // The set-time check is at Liquidation kind: a wide confidence does not block it.
    env.set_pyth_price(feeds::ETH_USD, 300_000_000_000, -8, 30_000_000_000)
        .unwrap();
    env.oracle()
        .set_price_source(&owner, "wei", 18, source)
        .unwrap();
    assert!(env.price("wei", PriceKind::Default).is_err());
    assert_eq!(
        env.price("wei", PriceKind::Liquidation).unwrap().price,
        dec("0.000000003")
    );
}

#[test]
fn prices_rejects_bad_denom_lists() {
    let mut env = env();
    let oracle = env.oracle();
    assert_err(oracle.prices(&[], None), ContractError::EmptyDenoms);
    assert_err(
        oracle.prices(&["uatom", "uusdc", "uatom"], None),
        ContractError::DuplicateDenom {
            denom: "uatom".into(),
        },
    );
    assert_err(
        oracle.prices(&["uatom", "unknown", "uusdc"], None),
        ContractError::UnknownDenom {
            denom: "unknown".into(),
        },
    );
    let many: Vec<String> = (0..33).map(|i| format!("denom{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_err(
        oracle.prices(&many, None),
        ContractError::TooManyDenoms { count: 33, max: 32 },
    );
    assert_err(
        oracle.price("unknown", PriceKind::Default),
        ContractError::UnknownDenom {
            denom: "unknown".into(),
        },
    );
    assert_err(
        oracle.price_source("unknown"),
        ContractError::UnknownDenom {
            denom: "unknown".into(),
        },
    );
}

#[test]
fn price_sources_pages() {
    // 35 fixed sources: d00 … d34.
    let mut builder = MockEnv::builder();
    for i in 0..35 {
        builder = builder.fixed_price(&format!("d{i:02}"), 6, Decimal256::one());
    }
    let mut env = builder.build();
    let oracle = env.oracle();
    // The denoms of a page and its cursor: the last denom when more sources follow, else None.
    let denoms = |page: PriceSourcesResponse| -> (Vec<String>, Option<String>) {
        let denoms = page.sources.into_iter().map(|s| s.denom).collect();
        (denoms, page.next_start_after)
    };
    let next = |name: &str| Some(name.to_string());
    let names = |range: std::ops::Range<usize>| -> Vec<String> {
        range.map(|i| format!("d{i:02}")).collect()
    };

    // Default limit 10.
    assert_eq!(
        denoms(oracle.price_sources(None, None).unwrap()),
        (names(0..10), next("d09"))
    );
    // start_after is exclusive.
    assert_eq!(
        denoms(oracle.price_sources(Some("d09"), Some(3)).unwrap()),
        (names(10..13), next("d12"))
    );
    // A huge limit is clamped to 30.
    assert_eq!(
        denoms(oracle.price_sources(None, Some(1_000_000_000)).unwrap()),
        (names(0..30), next("d29"))
    );
    // The last page has no cursor, also when it is exactly full.
    assert_eq!(
        denoms(oracle.price_sources(Some("d29"), Some(u32::MAX)).unwrap()),
        (names(30..35), None)
    );
    assert_eq!(
        denoms(oracle.price_sources(Some("d29"), Some(5)).unwrap()),
        (names(30..35), None)
    );
    assert_eq!(
        denoms(oracle.price_sources(Some("d28"), Some(5)).unwrap()),
        (names(29..34), next("d33"))
    );
    // Past the end: empty.
    assert_eq!(
        denoms(oracle.price_sources(Some("d34"), None).unwrap()),
        (vec![], None)
    );
    // Limit 0 is an error.
    assert_err(oracle.price_sources(None, Some(0)), KitError::ZeroLimit);
    assert_eq!(oracle.all_price_sources().unwrap().len(), 35);
}

#[test]
fn funds_are_refused() {
    let mut env = env();
    let owner = env.owner.clone();
    env.app
        .init_modules(|router, _, storage| {
            router
                .bank
                .init_balance(storage, &owner, coins(100, "uusd"))
        })
        .unwrap();
    let before = snapshot(&mut env);
    let msg = ballast_types::oracle::ExecuteMsg::RemovePriceSource {
        denom: "uatom".into(),
    };
    let res = env.oracle().execute(&owner, &msg, &coins(1, "uusd"));
    assert_err(res, KitError::FundsNotAccepted);
    assert_eq!(snapshot(&mut env), before);
}

#[test]
fn migrate_only_to_a_newer_version_of_the_same_contract() {
    let mut env = env();
    let owner = env.owner.clone();
    let code_id = env.oracle_code_id;
    let set_version = |env: &mut MockEnv, name: &str, version: &str| {
        let addr = env.oracle_addr.clone();
        let mut storage = env.app.contract_storage_mut(&addr);
        cw2::set_contract_version(storage.as_mut(), name, version).unwrap();
    };
    let version = env!("CARGO_PKG_VERSION");

    // Same version.
    assert_err(
        env.oracle().migrate(&owner, code_id),
        KitError::NotNewer {
            stored: version.into(),
            new: version.into(),
        },
    );
    // From a newer version.
    set_version(&mut env, "crates.io:ballast-oracle", "9.9.9");
    assert_err(
        env.oracle().migrate(&owner, code_id),
        KitError::NotNewer {
            stored: "9.9.9".into(),
            new: version.into(),
        },
    );
    // From another contract.
    set_version(&mut env, "crates.io:other", "0.0.1");
    assert_err(
        env.oracle().migrate(&owner, code_id),
        KitError::WrongContract {
            stored: "crates.io:other".into(),
            expected: "crates.io:ballast-oracle".into(),
        },
    );
    // From an older version: accepted, version recorded, state kept.
    set_version(&mut env, "crates.io:ballast-oracle", "0.0.1");
    env.oracle().migrate(&owner, code_id).unwrap();
    let addr = env.oracle_addr.clone();
    let stored = cw2::query_contract_info(&env.app.wrap(), &addr).unwrap();
    assert_eq!(stored.version, version);
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("10")
    );
}
