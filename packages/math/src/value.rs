//! Value of an amount at a price.
//!
//! A price is a `Decimal256`: the value, in smallest units of the quote asset, of **one smallest
//! unit** of the denom (see [`crate::price`]). Values are `Uint128` in smallest units of the
//! quote asset. Rounding favours the protocol: collateral is valued down, debt up.

use cosmwasm_std::{Decimal256, Uint128};

use crate::error::{MathError, MathResult};
use crate::fixed::{atoms256, ratio_u128, wad, wide, Rounding};

/// Value of collateral, rounded down.
///
/// `collateral_value = floor(amount · price)`
///
/// Errors: `ConversionOverflow` if the value exceeds `u128::MAX`.
pub fn collateral_value(amount: Uint128, price: Decimal256) -> MathResult<Uint128> {
    ratio_u128(&[wide(amount), atoms256(price)], &[wad()], Rounding::Down)
}

/// Value of debt, rounded up.
///
/// `debt_value = ceil(amount · price)`
///
/// Errors: `ConversionOverflow` if the value exceeds `u128::MAX`.
pub fn debt_value(amount: Uint128, price: Decimal256) -> MathResult<Uint128> {
    ratio_u128(&[wide(amount), atoms256(price)], &[wad()], Rounding::Up)
}

/// Largest amount whose exact value does not exceed `value`.
///
/// `amount_for_value_floor = floor(value / price)`
///
/// Errors: `ZeroPrice` if `price = 0`; `ConversionOverflow` if the amount exceeds `u128::MAX`.
pub fn amount_for_value_floor(value: Uint128, price: Decimal256) -> MathResult<Uint128> {
    if price.is_zero() {
        return Err(MathError::ZeroPrice);
    }
    ratio_u128(&[wide(value), wad()], &[atoms256(price)], Rounding::Down)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }

    #[test]
    fn six_decimal_asset() {
        // ATOM (6 dec) at 10 USD, quote USD 6 dec: price 10 quote-units per uatom.
        // 1.5 ATOM = 1_500_000 uatom -> 15_000_000 uusd exactly, both roundings agree.
        let p = d("10");
        assert_eq!(
            collateral_value(Uint128::new(1_500_000), p).unwrap().u128(),
            15_000_000
        );
        assert_eq!(
            debt_value(Uint128::new(1_500_000), p).unwrap().u128(),
            15_000_000
        );
    }

    #[test]
    fn eighteen_decimal_asset_rounds_each_way() {
        // ETH (18 dec) at 3000 USD: price 3e-9 uusd per wei.
        // 1 ETH = 1e18 wei -> 3e9 uusd = 3000 USD.
        let p = d("0.000000003");
        let one_eth = Uint128::new(1_000_000_000_000_000_000);
        assert_eq!(collateral_value(one_eth, p).unwrap().u128(), 3_000_000_000);
        // 333_333_333 wei * 3e-9 = 0.999999999 uusd -> floor 0, ceil 1
        assert_eq!(
            collateral_value(Uint128::new(333_333_333), p)
                .unwrap()
                .u128(),
            0
        );
        assert_eq!(debt_value(Uint128::new(333_333_333), p).unwrap().u128(), 1);
    }

    #[test]
    fn eight_decimal_asset() {
        // BTC (8 dec) at 60_000 USD: price 600 uusd per sat. 0.5 BTC = 5e7 sat -> 3e10 uusd.
        let p = d("600");
        assert_eq!(
            collateral_value(Uint128::new(50_000_000), p)
                .unwrap()
                .u128(),
            30_000_000_000
        );
        // amount for 1_000 uusd = floor(1000 / 600) = 1 sat; for 1_200 exactly 2.
        assert_eq!(
            amount_for_value_floor(Uint128::new(1_000), p)
                .unwrap()
                .u128(),
            1
        );
        assert_eq!(
            amount_for_value_floor(Uint128::new(1_200), p)
                .unwrap()
                .u128(),
            2
        );
    }

    #[test]
    fn zero_and_overflow() {
        assert!(collateral_value(Uint128::zero(), d("5")).unwrap().is_zero());
        assert!(debt_value(Uint128::new(5), Decimal256::zero())
            .unwrap()
            .is_zero());
        assert_eq!(
            amount_for_value_floor(Uint128::new(1), Decimal256::zero()),
            Err(MathError::ZeroPrice)
        );
        // u128::MAX * 2 does not fit
        assert!(matches!(
            collateral_value(Uint128::MAX, d("2")),
            Err(MathError::ConversionOverflow { .. })
        ));
        // but u128::MAX * 1 does, and a huge price with a small amount works on 512 bits
        assert_eq!(
            collateral_value(Uint128::MAX, d("1")).unwrap(),
            Uint128::MAX
        );
        assert_eq!(
            debt_value(Uint128::one(), Decimal256::MAX).unwrap_err(),
            collateral_value(Uint128::one(), Decimal256::MAX).unwrap_err()
        );
        // value / tiny price overflows u128
        assert!(amount_for_value_floor(Uint128::MAX, d("0.5")).is_err());
    }
}
