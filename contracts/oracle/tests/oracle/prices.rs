//! Prices of each source type, decimals 6/8/18, exponents −5/−8, batching and kinds.

use ballast_testing::{feeds, MockEnv, PythFeed};
use ballast_types::oracle::{PriceKind, PriceResponse, PriceSource};
use cosmwasm_std::{Decimal, Decimal256};

use crate::common::dec;

const KINDS: [PriceKind; 2] = [PriceKind::Default, PriceKind::Liquidation];

#[test]
fn fixed_price_is_returned_as_set_in_both_kinds() {
    // A 6-decimal USD stablecoin against a 6-decimal USD quote: 1 micro-USD per micro-unit.
    let env = MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .build();
    for kind in KINDS {
        assert_eq!(
            env.price("uusdc", kind).unwrap(),
            PriceResponse {
                denom: "uusdc".into(),
                price: Decimal256::one(),
                kind
            }
        );
    }
}

#[test]
fn pyth_prices_for_6_8_and_18_decimal_assets() {
    // Quote: USD, 6 decimals.
    let env = MockEnv::builder()
        // ATOM, 6 decimals, 10 USD = 1_000_000_000 × 10^-8 → 10 × 10^6 / 10^6 = 10.
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 1_000_000)
        // ETH, 18 decimals, 3000 USD = 300_000_000_000 × 10^-8 → 3000 × 10^6 / 10^18 = 3e-9.
        .pyth_price("wei", 18, feeds::ETH_USD, 300_000_000_000, -8, 100_000_000)
        // BTC, 8 decimals, 60000 USD = 6_000_000_000 × 10^-5 → 60000 × 10^6 / 10^8 = 600.
        .pyth_price("wbtc", 8, feeds::BTC_USD, 6_000_000_000, -5, 3_000_000)
        .build();
    for kind in KINDS {
        assert_eq!(env.price("uatom", kind).unwrap().price, dec("10"));
        assert_eq!(env.price("wei", kind).unwrap().price, dec("0.000000003"));
        assert_eq!(env.price("wbtc", kind).unwrap().price, dec("600"));
    }
}

#[test]
fn exponents_minus_5_and_minus_8_give_the_same_price() {
    // 12.34567 USD written with expo −5 and with expo −8; 6-decimal denom and quote → 12.34567.
    let env = MockEnv::builder()
        .pyth_price("uaaa", 6, feeds::ATOM_USD, 1_234_567, -5, 1_000)
        .pyth_price("ubbb", 6, feeds::ETH_USD, 1_234_567_000, -8, 1_000_000)
        .build();
    assert_eq!(
        env.price("uaaa", PriceKind::Default).unwrap().price,
        dec("12.34567")
    );
    assert_eq!(
        env.price("ubbb", PriceKind::Default).unwrap().price,
        dec("12.34567")
    );
}

#[test]
fn quote_decimals_scale_the_price() {
    // Quote with 18 decimals: ATOM (6 decimals) at 10 USD → 10 × 10^18 / 10^6 = 10^13.
    let env = MockEnv::builder()
        .quote("USD18", 18)
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build();
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("10000000000000")
    );

    // Quote with 0 decimals: BTC (8 decimals) at 60000 USD → 60000 / 10^8 = 0.0006.
    let env = MockEnv::builder()
        .quote("USD", 0)
        .pyth_price("wbtc", 8, feeds::BTC_USD, 6_000_000_000, -5, 0)
        .build();
    assert_eq!(
        env.price("wbtc", PriceKind::Default).unwrap().price,
        dec("0.0006")
    );
}

#[test]
fn prices_answers_in_the_order_asked_with_the_kind() {
    let env = MockEnv::builder()
        .fixed_price("uusdc", 6, Decimal256::one())
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .pyth_price("wei", 18, feeds::ETH_USD, 300_000_000_000, -8, 0)
        .pyth_price("wbtc", 8, feeds::BTC_USD, 6_000_000_000, -5, 0)
        .build();
    for kind in KINDS {
        let prices = env
            .prices(&["wbtc", "uusdc", "wei", "uatom"], kind)
            .unwrap();
        let expected = [
            ("wbtc", "600"),
            ("uusdc", "1"),
            ("wei", "0.000000003"),
            ("uatom", "10"),
        ]
        .map(|(denom, price)| PriceResponse {
            denom: denom.into(),
            price: dec(price),
            kind,
        });
        assert_eq!(prices, expected);
    }
    // `kind` omitted means Default.
    let mut env = env;
    let prices = env.oracle().prices(&["uatom"], None).unwrap();
    assert_eq!(prices[0].kind, PriceKind::Default);
}

#[test]
fn pyth_price_follows_feed_updates() {
    let mut env = MockEnv::builder()
        .pyth_price("uatom", 6, feeds::ATOM_USD, 1_000_000_000, -8, 0)
        .build();
    env.advance(30);
    // 9.5 USD = 950_000_000 × 10^-8 (EMA moves with it).
    env.set_pyth_price(feeds::ATOM_USD, 950_000_000, -8, 0)
        .unwrap();
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("9.5")
    );
}

fn median(sources: Vec<PriceSource>, min_sources: u8, max_spread: Decimal) -> PriceSource {
    PriceSource::Median {
        sources,
        min_sources,
        max_spread,
    }
}

fn fixed(price: &str) -> PriceSource {
    PriceSource::Fixed { price: dec(price) }
}

#[test]
fn median_of_fixed_sources_odd_and_even() {
    let env = MockEnv::builder()
        // 0.99, 1.00, 1.02 → 1.00 (spread 0.03 / 1.00 = 3 % ≤ 5 %).
        .price_source(
            "uodd",
            6,
            median(
                vec![fixed("1.02"), fixed("0.99"), fixed("1")],
                2,
                Decimal::percent(5),
            ),
        )
        // 1.00, 1.03 → mean 1.015.
        .price_source(
            "ueven",
            6,
            median(vec![fixed("1"), fixed("1.03")], 2, Decimal::percent(5)),
        )
        // 1e-18 and 2e-18 → mean 1.5e-18, rounded down to 1e-18 (spread 1e-18 / 1e-18 = 100 %).
        .price_source(
            "ufloor",
            6,
            median(
                vec![fixed("0.000000000000000001"), fixed("0.000000000000000002")],
                2,
                Decimal::one(),
            ),
        )
        .build();
    for kind in KINDS {
        assert_eq!(env.price("uodd", kind).unwrap().price, dec("1"));
        assert_eq!(env.price("ueven", kind).unwrap().price, dec("1.015"));
        assert_eq!(
            env.price("ufloor", kind).unwrap().price,
            dec("0.000000000000000001")
        );
    }
}

#[test]
fn median_mixes_pyth_and_fixed_and_skips_failing_sources() {
    let mut env = MockEnv::builder()
        // Two feeds for ATOM: 10.0 and 9.9 USD.
        .pyth_feed(PythFeed::new(
            feeds::ATOM_USD,
            1_000_000_000,
            -8,
            0,
            1_700_000_000,
        ))
        .pyth_feed(PythFeed::new(
            feeds::USDC_USD,
            990_000_000,
            -8,
            0,
            1_700_000_000,
        ))
        .build();
    let owner = env.owner.clone();
    let source = median(
        vec![
            env.pyth_source(feeds::ATOM_USD),
            fixed("10.1"),
            env.pyth_source(feeds::USDC_USD),
        ],
        2,
        Decimal::percent(5),
    );
    env.oracle()
        .set_price_source(&owner, "uatom", 6, source)
        .unwrap();
    // 9.9, 10.0, 10.1 → 10.0.
    assert_eq!(
        env.price("uatom", PriceKind::Default).unwrap().price,
        dec("10")
    );

    // The 9.9 feed fails: 10.0 and 10.1 remain (≥ 2) → 10.05.
    env.fail_pyth_feed(feeds::USDC_USD).unwrap();
    for kind in KINDS {
        assert_eq!(env.price("uatom", kind).unwrap().price, dec("10.05"));
    }
}
