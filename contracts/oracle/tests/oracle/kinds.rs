//! The two kinds in one block (RISK.md "Prices that are missing", INVARIANTS 28): each Pyth source
//! has a `Default` and a longer `Liquidation` staleness bound; whenever `Default` answers,
//! `Liquidation` answers the same price; a median falls back to the sub-sources passing the
//! `Liquidation` checks only when `Default` fails.

use ballast_oracle::ContractError;
use ballast_testing::{assert_err, feeds, MockEnv, PythFeed, PythParams};
use ballast_types::oracle::{PriceKind, PriceSource};
use cosmwasm_std::Decimal;
use proptest::prelude::*;

use crate::common::{dec, snapshot};

const KINDS: [PriceKind; 2] = [PriceKind::Default, PriceKind::Liquidation];

/// Another feed id (any 32 bytes of hex do).
const OSMO_USD: &str = "5867f5683c757393a0670ef0f701490950fe93fdb006d181c8265a831ac0c5c6";

/// 60 s at `Default`, one hour at `Liquidation`; 2 % confidence, 10 % EMA deviation.
fn two_bounds() -> PythParams {
    PythParams {
        liquidation_max_staleness_s: Some(3_600),
        ..PythParams::default()
    }
}

/// Sets `feed_id` to `price × 10^-8` with confidence `conf` and EMA `ema`, published `age`
/// seconds before the block.
fn set_feed(env: &mut MockEnv, feed_id: &str, price: i64, conf: u64, ema: i64, age: i64) {
    let publish_time = env.now() as i64 - age;
    let feed = PythFeed::new(feed_id, price, -8, conf, publish_time).with_ema(ema, 0);
    env.set_pyth_feed(&feed).unwrap();
}

/// An env whose `uatom` is the median of three Pyth feeds (10.00, 10.20 and 10.15 USD, all fresh,
/// no confidence), at least `min_sources` of them, spread at most `max_spread`, both bounds
/// from `params`.
fn three_feed_median(params: PythParams, min_sources: u8, max_spread: Decimal) -> MockEnv {
    let now = 1_700_000_000;
    let mut env = MockEnv::builder()
        .pyth_params(params)
        .pyth_feed(PythFeed::new(feeds::ATOM_USD, 1_000_000_000, -8, 0, now))
        .pyth_feed(PythFeed::new(feeds::USDC_USD, 1_020_000_000, -8, 0, now))
        .pyth_feed(PythFeed::new(OSMO_USD, 1_015_000_000, -8, 0, now))
        .build();
    let source = PriceSource::Median {
        sources: vec![
            env.pyth_source(feeds::ATOM_USD),
            env.pyth_source(feeds::USDC_USD),
            env.pyth_source(OSMO_USD),
        ],
        min_sources,
        max_spread,
    };
    let owner = env.owner.clone();
    env.oracle()
        .set_price_source(&owner, "uatom", 6, source)
        .unwrap();
    env
}

/// The regression of "Liquidations that never stall": one sub-source of a median trips a
/// `Default`-only breaker. `Default` drops it; `Liquidation` used to keep it, and the two kinds
/// gave two different prices in the same block (an account healthy at `Default` could be
/// liquidatable at `Liquidation`). Now `Liquidation` answers `Default`'s price.
#[test]
fn median_kinds_agree_when_default_answers() {
    // (conf, EMA) of the 10.15 feed: a 5 % confidence (> 2 %), then an EMA at 8 (deviation
    // 26.875 % > 10 %).
    for (conf, ema) in [(50_750_000, 1_015_000_000), (0, 800_000_000)] {
        let mut env = three_feed_median(PythParams::default(), 2, Decimal::percent(5));
        // All three pass: 10.00, 10.15, 10.20 → 10.15 at both kinds.
        for kind in KINDS {
            assert_eq!(env.price("uatom", kind).unwrap().price, dec("10.15"));
        }
        set_feed(&mut env, OSMO_USD, 1_015_000_000, conf, ema, 0);
        // Default drops the 10.15 feed: 10.00 and 10.20 remain (2 ≥ min 2), mean 10.10; spread
        // 0.20 / 10.10 = 1.98 % ≤ 5 %. Liquidation must answer the same 10.10 — not the median
        // 10.15 of all three that its own checks would pass.
        let default = env.price("uatom", PriceKind::Default).unwrap();
        let liquidation = env.price("uatom", PriceKind::Liquidation).unwrap();
        assert_eq!(default.price, dec("10.1"));
        assert_eq!(liquidation.price, default.price, "conf {conf}, ema {ema}");
        assert_eq!(liquidation.kind, PriceKind::Liquidation);
        // The batched queries agree with the single one.
        let prices = env.prices(&["uatom"], PriceKind::Liquidation).unwrap();
        assert_eq!(prices[0].price, dec("10.1"));
    }
}

/// A plain Pyth source: both kinds read the same feed value, so whenever `Default` answers,
/// `Liquidation` answers the same price; `Liquidation` answers up to its own longer bound.
#[test]
fn pyth_kinds_agree_when_default_answers() {
    let mut env = MockEnv::builder()
        .pyth_params(two_bounds())
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build();
    env.advance(4_000);
    // (price, conf, ema, age): fresh and calm; a wide confidence; far from the EMA; between the
    // bounds; past both.
    let cases = [
        (1_234_567_890, 0, 1_234_567_890, 0, Some("12.3456789")),
        (1_000_000_000, 50_000_000, 1_000_000_000, 10, None),
        (1_200_000_000, 0, 1_000_000_000, 30, None),
        (1_000_000_000, 0, 1_000_000_000, 600, None),
        (1_000_000_000, 0, 1_000_000_000, 3_601, None),
    ];
    for (price, conf, ema, age, default_price) in cases {
        set_feed(&mut env, feeds::ATOM_USD, price, conf, ema, age);
        let default = env.price("uatom", PriceKind::Default).ok().map(|p| p.price);
        let liquidation = env
            .price("uatom", PriceKind::Liquidation)
            .ok()
            .map(|p| p.price);
        assert_eq!(
            default,
            default_price.map(dec),
            "{price} {conf} {ema} {age}"
        );
        if default.is_some() {
            assert_eq!(liquidation, default);
        }
        // Liquidation keeps only staleness (one hour) and positivity.
        assert_eq!(liquidation.is_some(), age <= 3_600, "{age}");
    }
}

#[test]
fn staleness_between_the_bounds_blocks_default_only() {
    let mut env = MockEnv::builder()
        .pyth_params(two_bounds())
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build();
    env.advance(60);
    for kind in KINDS {
        assert_eq!(env.price("uatom", kind).unwrap().price, dec("10"));
    }
    env.advance(1);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::PriceStale {
            denom: "uatom".into(),
            age_s: 61,
            max_s: 60,
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10")
    );
    // Exactly one hour: still a Liquidation price.
    env.advance(3_600 - 61);
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10")
    );
    // Past the long bound: both refuse, each with its own bound.
    env.advance(1);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::PriceStale {
            denom: "uatom".into(),
            age_s: 3_601,
            max_s: 60,
        },
    );
    assert_err(
        env.price("uatom", PriceKind::Liquidation),
        ContractError::PriceStale {
            denom: "uatom".into(),
            age_s: 3_601,
            max_s: 3_600,
        },
    );
}

#[test]
fn omitted_liquidation_bound_is_the_default_bound() {
    // PythParams::default() omits it: 60 s for both kinds.
    let mut env = MockEnv::builder()
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build();
    assert!(matches!(
        env.oracle().price_source("uatom").unwrap().source,
        PriceSource::Pyth {
            max_staleness_s: 60,
            liquidation_max_staleness_s: Some(60),
            ..
        }
    ));
    env.advance(61);
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

/// `Default` fails because too few sub-sources pass its checks: `Liquidation` then gives the
/// median of those passing the `Liquidation` checks, with `min_sources` but no spread check.
#[test]
fn median_falls_back_to_the_liquidation_checks_when_default_fails() {
    // Spread at most 2 %; feeds 10.00, 10.20 and 10.15.
    let mut env = three_feed_median(two_bounds(), 2, Decimal::percent(2));
    env.advance(120);
    // Only the third feed is refreshed, to 10.50: the first two are 120 s old (stale at Default,
    // fresh at Liquidation).
    set_feed(&mut env, OSMO_USD, 1_050_000_000, 0, 1_050_000_000, 0);
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::NotEnoughSources {
            denom: "uatom".into(),
            valid: 1,
            min: 2,
        },
    );
    // 10.00, 10.20, 10.50 → 10.20, although the spread 0.50 / 10.20 = 4.9 % exceeds 2 %.
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10.2")
    );
    // Past the long bound for the first two: one sub-source is not enough at either kind.
    env.advance(3_600 - 120 + 1);
    set_feed(&mut env, OSMO_USD, 1_050_000_000, 0, 1_050_000_000, 0);
    for kind in KINDS {
        assert_err(
            env.price("uatom", kind),
            ContractError::NotEnoughSources {
                denom: "uatom".into(),
                valid: 1,
                min: 2,
            },
        );
    }
}

/// `Default` fails on the spread alone: the fallback answers with every sub-source (they all
/// pass the Liquidation checks).
#[test]
fn median_falls_back_when_default_fails_on_the_spread() {
    // Spread at most 1 %: 0.20 / 10.15 = 1.97 % > 1 %.
    let env = three_feed_median(PythParams::default(), 2, Decimal::percent(1));
    assert_err(
        env.price("uatom", PriceKind::Default),
        ContractError::MedianSpread {
            denom: "uatom".into(),
            // 0.2 / 10.15 = 0.019704433497536945… rounded down.
            spread: dec("0.019704433497536945"),
            max: Decimal::percent(1),
        },
    );
    assert_eq!(
        env.price("uatom", PriceKind::Liquidation).unwrap().price,
        dec("10.15")
    );
}

#[test]
fn liquidation_staleness_bound_is_validated_and_stored_filled_in() {
    let mut env = MockEnv::builder()
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .pyth_feed(PythFeed::new(
            feeds::ETH_USD,
            300_000_000_000,
            -8,
            0,
            1_700_000_000,
        ))
        .build();
    let owner = env.owner.clone();
    let with = |env: &MockEnv, max_staleness_s: u64, liquidation: Option<u64>| {
        let mut source = env.pyth_source(feeds::ETH_USD);
        if let PriceSource::Pyth {
            max_staleness_s: max,
            liquidation_max_staleness_s,
            ..
        } = &mut source
        {
            *max = max_staleness_s;
            *liquidation_max_staleness_s = liquidation;
        }
        source
    };
    let before = snapshot(&mut env);
    let bad = [
        (with(&env, 60, Some(59)), 59, 60),
        (with(&env, 60, Some(0)), 0, 60),
        (with(&env, 60, Some(86_401)), 86_401, 60),
        (with(&env, 3_600, Some(600)), 600, 3_600),
    ];
    for (source, liquidation_max_staleness_s, min) in bad {
        let res = env.oracle().set_price_source(&owner, "wei", 18, source);
        assert_err(
            res,
            ContractError::InvalidLiquidationStaleness {
                liquidation_max_staleness_s,
                min,
                max: 86_400,
            },
        );
        // A Median carrying it is refused too.
        let median = PriceSource::Median {
            sources: vec![with(&env, min, Some(liquidation_max_staleness_s))],
            min_sources: 1,
            max_spread: Decimal::percent(5),
        };
        let res = env.oracle().set_price_source(&owner, "wei", 18, median);
        assert_err(res, "liquidation_max_staleness_s must be between");
        assert_eq!(snapshot(&mut env), before);
    }
    // The error names the field.
    let source = with(&env, 60, Some(86_401));
    let err = env
        .oracle()
        .set_price_source(&owner, "wei", 18, source)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "liquidation_max_staleness_s must be between max_staleness_s (60) and 86400, got 86401"
        ),
        "{err}"
    );

    // Accepted: equal to max_staleness_s, one day, omitted (stored as max_staleness_s).
    for (liquidation, stored) in [(Some(60), 60), (Some(86_400), 86_400), (None, 60)] {
        let source = with(&env, 60, liquidation);
        env.oracle()
            .set_price_source(&owner, "wei", 18, source)
            .unwrap();
        assert_eq!(
            env.oracle().price_source("wei").unwrap().source,
            with(&env, 60, Some(stored))
        );
    }
}

/// At `SetPriceSource` the source must answer at `Liquidation` kind: with the longer bound a
/// feed between the bounds is accepted.
#[test]
fn set_time_check_uses_the_liquidation_bound() {
    let mut env = MockEnv::builder()
        .pyth_params(two_bounds())
        .pyth_feed(PythFeed::new(
            feeds::ETH_USD,
            300_000_000_000,
            -8,
            0,
            1_700_000_000,
        ))
        .build();
    env.advance(600);
    let owner = env.owner.clone();
    let source = env.pyth_source(feeds::ETH_USD);
    env.oracle()
        .set_price_source(&owner, "wei", 18, source)
        .unwrap();
    assert!(env.price("wei", PriceKind::Default).is_err());
    assert_eq!(
        env.price("wei", PriceKind::Liquidation).unwrap().price,
        dec("0.000000003")
    );
}

/// A median of two feeds plus a fixed price, feeds with random states and ages: whenever
/// `Default` answers, `Liquidation` answers the same price.
fn random_median_env() -> MockEnv {
    let now = 1_700_000_000;
    let mut env = MockEnv::builder()
        .pyth_params(two_bounds())
        .pyth_feed(PythFeed::new(feeds::ATOM_USD, 1_000_000_000, -8, 0, now))
        .pyth_feed(PythFeed::new(feeds::USDC_USD, 1_000_000_000, -8, 0, now))
        .build();
    let source = PriceSource::Median {
        sources: vec![
            env.pyth_source(feeds::ATOM_USD),
            env.pyth_source(feeds::USDC_USD),
            PriceSource::Fixed { price: dec("10") },
        ],
        min_sources: 2,
        max_spread: Decimal::percent(5),
    };
    let owner = env.owner.clone();
    env.oracle()
        .set_price_source(&owner, "uatom", 6, source)
        .unwrap();
    env.advance(5_000);
    env
}

/// One feed's state: price 9.70 to 10.30 USD, confidence 0 to 3 % (the bound is 2 %), EMA
/// within ±15 % (the bound is 10 %), published 10 s ahead to 90 s ago (the `Default` bound is
/// 60 s) or around the one-hour `Liquidation` bound.
fn feed_state() -> impl Strategy<Value = (i64, u64, i64, i64)> {
    (970_000_000i64..1_030_000_000, 0u64..30_000_000, -15i64..15).prop_flat_map(
        |(price, conf, ema_pct)| {
            let ema = price + price * ema_pct / 100;
            prop_oneof![-10i64..90, 3_590i64..3_610].prop_map(move |age| (price, conf, ema, age))
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// INVARIANTS 28 for a median: in one block, whenever `Default` answers, `Liquidation`
    /// answers the same price.
    #[test]
    fn median_liquidation_equals_default_whenever_default_answers(
        a in feed_state(),
        b in feed_state(),
    ) {
        let mut env = random_median_env();
        set_feed(&mut env, feeds::ATOM_USD, a.0, a.1, a.2, a.3);
        set_feed(&mut env, feeds::USDC_USD, b.0, b.1, b.2, b.3);
        let default = env.price("uatom", PriceKind::Default);
        let liquidation = env.price("uatom", PriceKind::Liquidation);
        if let Ok(default) = &default {
            prop_assert_eq!(default.price, liquidation.as_ref().unwrap().price);
        }
        // The fixed 10 always answers; one feed within the hour makes the 2 needed.
        let fresh = |age: i64| age <= 3_600;
        prop_assert_eq!(liquidation.is_ok(), fresh(a.3) || fresh(b.3));
    }
}
