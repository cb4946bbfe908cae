//! Strategies shared by the property tests.
#![allow(dead_code)]

use ballast_math::{
    normalize_decimal_price, position_values, BonusCurve, CollateralInput, DebtInput,
    LiquidationParams, MarketState, RateModel,
};
use cosmwasm_std::{Decimal, Decimal256, Uint128, Uint256, Uint512};
use proptest::prelude::*;

pub const WAD: u128 = 1_000_000_000_000_000_000;

/// Decimals of the assets under test.
pub fn decimals() -> impl Strategy<Value = u8> {
    prop_oneof![Just(6u8), Just(8u8), Just(18u8)]
}

/// Log-uniform amount in `1..=10^max_exp`.
pub fn log_amount(max_exp: u32) -> impl Strategy<Value = u128> {
    (0..=max_exp).prop_flat_map(|e| 1u128..=10u128.pow(e))
}

/// An amount of an asset with `dec` decimals: up to 10^7 whole tokens.
pub fn amount(dec: u8) -> impl Strategy<Value = Uint128> {
    log_amount(u32::from(dec) + 7).prop_map(Uint128::new)
}

/// `(decimals, price)`: a 6, 8 or 18-decimal asset at 0.0001 .. 100_000 USD, quote USD with 6
/// decimals.
pub fn asset_price() -> impl Strategy<Value = (u8, Decimal256)> {
    (decimals(), log_amount(11).prop_map(|m| m.max(100))).prop_map(|(dec, micro_usd)| {
        let human = Decimal256::from_atomics(micro_usd, 6).unwrap();
        (dec, normalize_decimal_price(human, dec, 6).unwrap())
    })
}

/// A collateral with valid parameters (`0 < max_ltv < threshold < 1`).
pub fn collateral() -> impl Strategy<Value = CollateralInput> {
    asset_price().prop_flat_map(|(dec, price)| {
        (amount(dec), 300u64..=950, 1u64..=250).prop_map(move |(amount, t, gap)| CollateralInput {
            amount,
            price,
            max_ltv: Decimal::permille(t - gap),
            liquidation_threshold: Decimal::permille(t),
        })
    })
}

pub fn debt() -> impl Strategy<Value = DebtInput> {
    asset_price().prop_flat_map(|(dec, price)| {
        amount(dec).prop_map(move |amount| DebtInput { amount, price })
    })
}

/// Any position: 1–3 collaterals, 0–3 debts.
pub fn position() -> impl Strategy<Value = (Vec<CollateralInput>, Vec<DebtInput>)> {
    (
        prop::collection::vec(collateral(), 1..=3),
        prop::collection::vec(debt(), 0..=3),
    )
}

/// A position whose debt value is `L · factor` with `factor` in `lo..hi` (in 1/10_000):
/// 1–3 collaterals, 1–3 debts split by random weights.
pub fn position_near_threshold(
    lo: u128,
    hi: u128,
) -> impl Strategy<Value = (Vec<CollateralInput>, Vec<DebtInput>)> {
    (
        prop::collection::vec(collateral(), 1..=3),
        prop::collection::vec((asset_price(), 1u128..=100), 1..=3),
        lo..hi,
    )
        .prop_map(|(collaterals, debt_specs, factor)| {
            let l = position_values(&collaterals, &[])
                .unwrap()
                .liquidation_capacity
                .u128();
            let target = l * factor / 10_000 + 1;
            let weights: u128 = debt_specs.iter().map(|(_, w)| w).sum();
            let debts = debt_specs
                .iter()
                .map(|((_, price), w)| {
                    let value = Uint128::new(target * w / weights + 1);
                    let amount = ballast_math::amount_for_value_floor(value, *price).unwrap()
                        + Uint128::one();
                    DebtInput {
                        amount,
                        price: *price,
                    }
                })
                .collect();
            (collaterals, debts)
        })
}

/// A valid bonus curve.
pub fn bonus_curve() -> impl Strategy<Value = BonusCurve> {
    (0u64..=300, 0u64..=300, 0u64..=300, 0u64..=10_000).prop_map(|(a, b, c, slope)| {
        let mut v = [a, b, c];
        v.sort_unstable();
        BonusCurve {
            min: Decimal::permille(v[0]),
            start: Decimal::permille(v[1]),
            max: Decimal::permille(v[2]),
            slope: Decimal::permille(slope),
        }
    })
}

/// Valid liquidation parameters with a dust threshold of up to 10 USD.
pub fn liquidation_params() -> impl Strategy<Value = LiquidationParams> {
    (
        1u64..=1000,
        800u64..=1000,
        0u64..=500,
        prop_oneof![Just(0u128), 0u128..=10_000_000],
    )
        .prop_map(|(cf, hf, fee, dust)| LiquidationParams {
            close_factor: Decimal::permille(cf),
            full_liquidation_hf: Decimal::permille(hf),
            protocol_fee_share: Decimal::permille(fee),
            min_leftover_value: Uint128::new(dust),
        })
}

/// A valid rate model.
pub fn rate_model() -> impl Strategy<Value = RateModel> {
    (0u64..=100, 0u64..=500, 0u64..=5_000, 10u64..=990).prop_map(|(b, s1, s2, u)| RateModel {
        base: Decimal::permille(b),
        slope1: Decimal::permille(s1),
        slope2: Decimal::permille(s2),
        optimal_utilization: Decimal::permille(u),
    })
}

/// A solvent market built from raw fields: indices in [1, 4) and [1, 6), shares and reserves
/// log-uniform, filtered to `total_debt ≤ total_supplied`.
pub fn raw_market() -> impl Strategy<Value = MarketState> {
    (
        log_amount(30),
        log_amount(30),
        WAD..4 * WAD,
        WAD..6 * WAD,
        prop_oneof![Just(0u128), log_amount(20)],
    )
        .prop_map(|(s, dsh, si, bi, reserves)| MarketState {
            supply_shares: Uint128::new(s),
            debt_shares: Uint128::new(dsh),
            supply_index: Decimal256::new(Uint256::from(si)),
            borrow_index: Decimal256::new(Uint256::from(bi)),
            reserves: Uint128::new(reserves),
            deficit: Uint128::zero(),
            last_accrued: 1_000,
        })
        .prop_filter("solvent", |m| m.is_solvent().unwrap_or(false))
}

/// An index: round values (where share and amount rounding line up exactly) or random
/// atomics, from 1 up to 10^7 (a share then worth several units).
pub fn any_index() -> impl Strategy<Value = Decimal256> {
    prop_oneof![
        prop::sample::select(vec![
            WAD,
            WAD + WAD / 10,
            WAD + WAD / 2,
            3 * WAD,
            WAD * 7 / 3,
            1_000_000 * WAD,
            2_500_000 * WAD,
        ]),
        WAD..10 * WAD,
        WAD..10_000_000 * WAD,
    ]
    .prop_map(|a| Decimal256::new(Uint256::from(a)))
}

/// A market at or near full utilisation: the suppliers' shares are the fewest that cover
/// `total_debt − reserves`, plus a slack of 0–3 shares.
pub fn tight_market() -> impl Strategy<Value = MarketState> {
    (
        log_amount(30),
        any_index(),
        any_index(),
        0u128..=1_000,
        0u128..=3,
    )
        .prop_map(|(debt_shares, si, bi, reserve_f, slack)| {
            let debt_shares = Uint128::new(debt_shares);
            let debt = ballast_math::debt_assets(debt_shares, bi).unwrap();
            let reserves = debt.multiply_ratio(reserve_f, 1_000u128);
            let owed_to_suppliers = debt - reserves;
            let supply_shares = ballast_math::supply_shares_to_burn(owed_to_suppliers, si).unwrap()
                + Uint128::new(slack);
            MarketState {
                supply_shares,
                debt_shares,
                supply_index: si,
                borrow_index: bi,
                reserves,
                deficit: Uint128::zero(),
                last_accrued: 1_000,
            }
        })
}

/// Either a random solvent market or a tight one.
pub fn market() -> impl Strategy<Value = MarketState> {
    prop_oneof![raw_market(), tight_market()]
}

/// Exact `amount · price` scaled by 10^18, on 512 bits.
pub fn exact_value_wad(amount: Uint128, price: Decimal256) -> Uint512 {
    Uint512::from(amount) * Uint512::from(price.atomics())
}

pub fn wad512() -> Uint512 {
    Uint512::from(WAD)
}
