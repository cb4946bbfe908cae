//! Every breaker, in both kinds: staleness and positivity block both; confidence, EMA deviation
//! and median spread block `Default` only.

use ballast_oracle::ContractError;
use ballast_testing::{assert_err, feeds, MockEnv, PythFeed};
use ballast_types::oracle::{PriceKind, PriceSource};
use cosmwasm_std::Decimal;
use proptest::prelude::*;

use crate::common::dec;

const KINDS: [PriceKind; 2] = [PriceKind::Default, PriceKind::Liquidation];

/// ATOM at 10 USD (1_000_000_000 × 10^-8), 6 decimals, breakers 60 s / 2 % / 10 %.
fn atom_env() -> MockEnv {
    MockEnv::builder()
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build()
}

/// Sets the ATOM feed published `age` seconds ago (negative: in the future).
fn set_atom(env: &mut MockEnv, price: i64, conf: u64, ema: i64, age: i64) {
    let publish_time = env.now() as i64 - age;
    let feed = PythFeed::new(feeds::ATOM_USD, price, -8, conf, publish_time).with_ema(ema, 0);
    env.set_pyth_feed(&feed).unwrap();
}

#[test]
fn staleness_blocks_both_kinds() {
    let mut env = atom_env();
    env.advance(60);
    for kind in KINDS {
        assert_eq!(env.price("uatom", kind).unwrap().price, dec("10"));
    }
    env.advance(1);
    for kind in KINDS {
        assert_err(
            env.price("uatom", kind),
            ContractError::PriceStale {
                denom: "uatom".into(),
                age_s: 61,
                max_s: 60,
            },
        );
    }
}

#[test]
fn future_publish_time_blocks_both_kinds() {
    let mut env = atom_env();
    set_atom(&mut env, 1_000_000_000, 0, 1_000_000_000, -10);
    for kind in KINDS {
        assert_eq!(env.price("uatom", kind).unwrap().price, dec("10"));
    }
    set_atom(&mut env, 1_000_000_000, 0, 1_000_000_000, -11);
    for kind in KINDS {
        assert_err(
            env.price("uatom", kind),
            ContractError::PriceFromFuture {
                denom: "uatom".into(),
                ahead_s: 11,
            },
        );
    }
}

#[test]
fn non_positive_price_blocks_both_kinds() {
    let mut env = atom_env();
    for price in [0, -1, i64::MIN] {
        set_atom(&mut env, price, 0, 1_000_000_000, 0);
        for kind in KINDS {
            assert_err(
                env.price("uatom", kind),
                ContractError::PriceNotPositive {
                    denom: "uatom".into(),
                },
            );
        }
    }
}

#[test]
fn confidence_blocks_default_only() {
    let mut env = atom_env();
    // conf 0.2 on 10 USD = 2 %: exactly the bound, accepted.
    set_atom(&mut env, 1_000_000_000, 20_000_000, 1_000_000_000, 0);
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("10")
    );
    // One unit more: 20_000_001 / 1_000_000_000 = 0.020000001 > 0.02.
    set_atom(&mut env, 1_000_000_000, 20_000_001, 1_000_000_000, 0);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::ConfidenceTooWide {
            denom: "uatom".into(),
            ratio: dec("0.020000001"),
            max: Decimal::percent(2),
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10")
    );
}

#[test]
fn ema_deviation_blocks_default_only() {
    let mut env = atom_env();
    // 11.0 against an EMA of 10.0: |11 − 10| / 10 = 0.1, exactly the bound.
    set_atom(&mut env, 1_100_000_000, 0, 1_000_000_000, 0);
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("11")
    );
    // 11.00000001: deviation 0.100000001 > 0.1.
    set_atom(&mut env, 1_100_000_001, 0, 1_000_000_000, 0);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::EmaDeviation {
            denom: "uatom".into(),
            deviation: dec("0.100000001"),
            max: Decimal::percent(10),
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("11.00000001")
    );
    // Below the EMA: 8.9 against 10 → 0.11.
    set_atom(&mut env, 890_000_000, 0, 1_000_000_000, 0);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::EmaDeviation {
            denom: "uatom".into(),
            deviation: dec("0.11"),
            max: Decimal::percent(10),
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("8.9")
    );
}

#[test]
fn non_positive_ema_blocks_default_only() {
    let mut env = atom_env();
    set_atom(&mut env, 1_000_000_000, 0, 0, 0);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::EmaNotPositive {
            denom: "uatom".into(),
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10")
    );
}

#[test]
fn median_spread_blocks_default_only() {
    let source = PriceSource::Median {
        sources: vec![
            PriceSource::Fixed { price: dec("1") },
            PriceSource::Fixed { price: dec("1.1") },
        ],
        min_sources: 2,
        max_spread: Decimal::percent(5),
    };
    let env = MockEnv::builder().price_source("uusdt", 6, source).build();
    // Median 1.05; spread (1.1 − 1) / 1.05 = 0.095238095238095238… > 0.05.
    assert_err(
        env.price("uusdt", PriceKind::Default),
        ContractError::MedianSpread {
            denom: "uusdt".into(),
            spread: dec("0.095238095238095238"),
            max: Decimal::percent(5),
        },
    );
    assert_eq!(
        env.price("uusdt", PriceKind::Liquidation).unwrap().price,
        dec("1.05")
    );
}

/// A median of the ATOM and USDC feeds (both 10 USD here), 2 of 2 needed.
fn two_feed_median_env() -> MockEnv {
    let mut env = MockEnv::builder()
        .pyth_feed(PythFeed::new(
            feeds::ATOM_USD,
            1_000_000_000,
            -8,
            0,
            1_700_000_000,
        ))
        .pyth_feed(PythFeed::new(
            feeds::USDC_USD,
            1_000_000_000,
            -8,
            0,
            1_700_000_000,
        ))
        .build();
    let source = PriceSource::Median {
        sources: vec![
            env.pyth_source(feeds::ATOM_USD),
            env.pyth_source(feeds::USDC_USD),
        ],
        min_sources: 2,
        max_spread: Decimal::percent(5),
    };
    let owner = env.owner.clone();
    env.oracle()
        .set_price_source(&owner, "uatom", 6, source)
        .unwrap();
    env
}

#[test]
fn not_enough_sources_when_stale_blocks_both_kinds() {
    let mut env = two_feed_median_env();
    env.advance(61);
    for kind in KINDS {
        assert_err(
            env.price("uatom", kind),
            ContractError::NotEnoughSources {
                denom: "uatom".into(),
                valid: 0,
                min: 2,
            },
        );
    }
}

#[test]
fn not_enough_sources_through_a_breaker_blocks_default_only() {
    let mut env = two_feed_median_env();
    // ATOM feed conf 5 % > 2 %: skipped in Default, kept in Liquidation.
    set_atom(&mut env, 1_000_000_000, 50_000_000, 1_000_000_000, 0);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::NotEnoughSources {
            denom: "uatom".into(),
            valid: 1,
            min: 2,
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10")
    );
}

#[test]
fn failing_pyth_contract_is_a_typed_error_in_both_kinds() {
    let mut env = atom_env();
    env.fail_pyth_feed(feeds::ATOM_USD).unwrap();
    for kind in KINDS {
        let err = env.price("uatom", kind).unwrap_err().to_string();
        assert!(err.contains("Pyth query for uatom failed"), "{err}");
        assert!(err.contains("mock pyth: feed"), "{err}");
    }
}

#[test]
fn price_rounding_to_zero_is_a_typed_error() {
    let mut env = MockEnv::builder()
        .pyth_price("wei", 18, feeds::ETH_USD, 300_000_000_000, -8, 0)
        .build();
    // 10^-8 USD per ETH → 10^-8 × 10^6 / 10^18 = 10^-20 micro-USD per wei: below 10^-18.
    env.set_pyth_price(feeds::ETH_USD, 1, -8, 0).unwrap();
    for kind in KINDS {
        assert_err(
            env.price("wei", kind),
            ContractError::PriceRoundsToZero {
                denom: "wei".into(),
            },
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Liquidation prices are never stricter than Default ones: whenever Default answers,
    /// Liquidation answers the same price; and they agree on staleness.
    #[test]
    fn liquidation_is_never_stricter_than_default(
        price in 1i64..2_000_000_000,
        ema in -10i64..2_000_000_000,
        conf in 0u64..100_000_000,
        age in -20i64..120,
    ) {
        let mut env = atom_env();
        env.advance(200);
        set_atom(&mut env, price, conf, ema, age);
        let default = env.price("uatom", PriceKind::Default);
        let liquidation = env.price("uatom", PriceKind::Liquidation);
        if let Ok(default) = &default {
            prop_assert_eq!(default.price, liquidation.as_ref().unwrap().price);
        }
        let fresh = (-10..=60).contains(&age);
        prop_assert_eq!(liquidation.is_ok(), fresh);
    }
}
