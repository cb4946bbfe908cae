//! Price normalisation: from an oracle's price per whole token to the crate's price unit.
//!
//! The crate's price of a denom is the value, in **smallest units of the quote asset**, of
//! **one smallest unit** of the denom, as a `Decimal256` (18 fractional digits):
//!
//! ```text
//! price = human_price · 10^quote_decimals / 10^denom_decimals
//! ```
//!
//! With quote = USD at 6 decimals: ATOM (6 decimals) at 10 USD → 10; ETH (18 decimals) at
//! 3,000 USD → 3·10^-9; BTC (8 decimals) at 60,000 USD → 600.

use cosmwasm_std::{Decimal256, Uint256};

use crate::error::{MathError, MathResult};
use crate::fixed::{atoms256, pow10, ratio_u256, Rounding};

/// Most decimals an asset (or the quote) may declare.
pub const MAX_DECIMALS: u8 = 36;

fn check_decimals(decimals: u8) -> MathResult<()> {
    if decimals > MAX_DECIMALS {
        return Err(MathError::DecimalsTooLarge {
            decimals,
            max: MAX_DECIMALS,
        });
    }
    Ok(())
}

fn non_zero(atomics: Uint256) -> MathResult<Decimal256> {
    if atomics.is_zero() {
        return Err(MathError::PriceTooSmall);
    }
    Ok(Decimal256::new(atomics))
}

/// Normalises a Pyth-style price `price · 10^expo` (quote per whole token), rounded down:
///
/// ```text
/// normalize_price = floor(price · 10^expo · 10^quote_decimals / 10^denom_decimals)
///                   at 18 fractional digits
/// ```
///
/// Exact: computed as the integer `price · 10^(expo + quote_decimals − denom_decimals + 18)`
/// (a division when that exponent is negative).
///
/// Errors: `NonPositivePrice` if `price ≤ 0`; `DecimalsTooLarge` above [`MAX_DECIMALS`];
/// `Overflow` if the result exceeds `Decimal256::MAX`; `PriceTooSmall` if it rounds to zero.
pub fn normalize_price(
    price: i64,
    expo: i32,
    denom_decimals: u8,
    quote_decimals: u8,
) -> MathResult<Decimal256> {
    if price <= 0 {
        return Err(MathError::NonPositivePrice {
            price: price.to_string(),
        });
    }
    check_decimals(denom_decimals)?;
    check_decimals(quote_decimals)?;
    let price = Uint256::from(price.unsigned_abs());
    let exponent = i64::from(expo) + i64::from(quote_decimals) - i64::from(denom_decimals)
        + i64::from(Decimal256::DECIMAL_PLACES);
    let atomics = if exponent >= 0 {
        // 10^78 does not fit 256 bits: any larger exponent overflows
        let factor = pow10(u32::try_from(exponent).unwrap_or(u32::MAX).min(78))?;
        price.checked_mul(factor)?
    } else {
        // price < 2^63 < 10^19: dividing by 10^19 or more gives zero
        let shift = exponent.unsigned_abs();
        if shift >= 19 {
            Uint256::zero()
        } else {
            price.checked_div(pow10(shift as u32)?)?
        }
    };
    non_zero(atomics)
}

/// Normalises a human price (quote per whole token), rounded down:
///
/// `normalize_decimal_price = floor(human_price · 10^quote_decimals / 10^denom_decimals)`
/// at 18 fractional digits.
///
/// Errors: `NonPositivePrice` if `human_price = 0`; `DecimalsTooLarge` above
/// [`MAX_DECIMALS`]; `ConversionOverflow` if the result exceeds `Decimal256::MAX`;
/// `PriceTooSmall` if it rounds to zero.
pub fn normalize_decimal_price(
    human_price: Decimal256,
    denom_decimals: u8,
    quote_decimals: u8,
) -> MathResult<Decimal256> {
    if human_price.is_zero() {
        return Err(MathError::NonPositivePrice {
            price: human_price.to_string(),
        });
    }
    check_decimals(denom_decimals)?;
    check_decimals(quote_decimals)?;
    let atomics = ratio_u256(
        &[atoms256(human_price), pow10(u32::from(quote_decimals))?],
        &[pow10(u32::from(denom_decimals))?],
        Rounding::Down,
    )?;
    non_zero(atomics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Uint512;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }

    #[test]
    fn pyth_expo_minus_eight() {
        // ATOM 6 dec at 10 USD = 1_000_000_000e-8; quote USD 6 dec:
        // 1e9 * 10^(-8 + 6 - 6) = 10
        assert_eq!(normalize_price(1_000_000_000, -8, 6, 6).unwrap(), d("10"));
        // ETH 18 dec at 3000 USD = 300_000_000_000e-8: 3e11 * 10^(-8 + 6 - 18) = 3e-9
        assert_eq!(
            normalize_price(300_000_000_000, -8, 18, 6).unwrap(),
            d("0.000000003")
        );
        // BTC 8 dec at 60_000 USD = 6_000_000_000_000e-8: 6e12 * 10^(-8 + 6 - 8) = 600
        assert_eq!(
            normalize_price(6_000_000_000_000, -8, 8, 6).unwrap(),
            d("600")
        );
    }

    #[test]
    fn pyth_expo_minus_five() {
        // USDC 6 dec at 1.00000 = 100_000e-5 -> 1
        assert_eq!(normalize_price(100_000, -5, 6, 6).unwrap(), d("1"));
        // ATOM at 12.34567 = 1_234_567e-5 -> 12.34567
        assert_eq!(normalize_price(1_234_567, -5, 6, 6).unwrap(), d("12.34567"));
        // ETH at 3_456.78901 = 345_678_901e-5, 18 dec -> 3.45678901e-9
        assert_eq!(
            normalize_price(345_678_901, -5, 18, 6).unwrap(),
            d("0.00000000345678901")
        );
    }

    #[test]
    fn floors_at_eighteen_digits() {
        // 123e-8 USD per whole 18-dec token -> 1.23e-18 -> floor 1e-18
        assert_eq!(
            normalize_price(123, -8, 18, 6).unwrap(),
            d("0.000000000000000001")
        );
        // 99e-8 -> 0.99e-18 -> 0: too small
        assert_eq!(
            normalize_price(99, -8, 18, 6),
            Err(MathError::PriceTooSmall)
        );
        assert_eq!(
            normalize_price(i64::MAX, i32::MIN, 6, 6),
            Err(MathError::PriceTooSmall)
        );
        // positive exponent: 5e2 = 500 USD per 6-dec token -> 500
        assert_eq!(normalize_price(5, 2, 6, 6).unwrap(), d("500"));
    }

    #[test]
    fn rejects_bad_inputs() {
        assert_eq!(
            normalize_price(0, -8, 6, 6),
            Err(MathError::NonPositivePrice { price: "0".into() })
        );
        assert_eq!(
            normalize_price(-5, -8, 6, 6),
            Err(MathError::NonPositivePrice { price: "-5".into() })
        );
        assert_eq!(
            normalize_price(1, -8, 37, 6),
            Err(MathError::DecimalsTooLarge {
                decimals: 37,
                max: 36
            })
        );
        assert!(normalize_price(1, -8, 6, 37).is_err());
        // i64::MAX * 10^(50 + 18) > Decimal256::MAX
        assert!(matches!(
            normalize_price(i64::MAX, 50, 6, 6),
            Err(MathError::Overflow { .. })
        ));
        assert!(normalize_price(1, i32::MAX, 0, 36).is_err());
        // the largest exponents that fit still work: 1 * 10^(40 + 18) with 36 - 0 decimals
        assert!(normalize_price(1, 22, 0, 36).is_ok());
    }

    #[test]
    fn human_prices() {
        assert_eq!(normalize_decimal_price(d("10"), 6, 6).unwrap(), d("10"));
        assert_eq!(
            normalize_decimal_price(d("3000"), 18, 6).unwrap(),
            d("0.000000003")
        );
        assert_eq!(normalize_decimal_price(d("60000"), 8, 6).unwrap(), d("600"));
        // 18-dec quote: 1 USD per 6-dec token -> 1e12 quote units per unit
        assert_eq!(
            normalize_decimal_price(d("1"), 6, 18).unwrap(),
            d("1000000000000")
        );
        // 1e-7 USD per 18-dec token -> 1e-19: too small
        assert_eq!(
            normalize_decimal_price(d("0.0000001"), 18, 6),
            Err(MathError::PriceTooSmall)
        );
        assert!(matches!(
            normalize_decimal_price(Decimal256::zero(), 6, 6),
            Err(MathError::NonPositivePrice { .. })
        ));
        assert!(normalize_decimal_price(d("1"), 40, 6).is_err());
        assert!(normalize_decimal_price(Decimal256::MAX, 0, 36).is_err());
    }

    /// Reference: the exact value `mantissa × 10^shift` as a 512-bit fraction (numerator,
    /// denominator).
    fn reference(mantissa: u64, shift: i64) -> (Uint512, Uint512) {
        let ten = Uint512::from(10u8);
        if shift >= 0 {
            (
                Uint512::from(mantissa) * ten.pow(shift as u32),
                Uint512::one(),
            )
        } else {
            (Uint512::from(mantissa), ten.pow((-shift) as u32))
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// The result is exactly the floor of the true value in atomics, or the matching error.
        #[test]
        fn normalize_price_is_the_exact_floor(
            mantissa in 1i64..=i64::MAX,
            expo in -40i32..=40,
            denom_decimals in 0u8..=36,
            quote_decimals in 0u8..=36,
        ) {
            let shift = i64::from(expo) + i64::from(quote_decimals) - i64::from(denom_decimals) + 18;
            let (num, den) = reference(mantissa as u64, shift);
            let floor = num / den;
            match normalize_price(mantissa, expo, denom_decimals, quote_decimals) {
                Ok(price) => {
                    let atomics = Uint512::from(price.atomics());
                    prop_assert_eq!(atomics, floor);
                    prop_assert!(atomics * den <= num && num < (atomics + Uint512::one()) * den);
                }
                Err(MathError::PriceTooSmall) => prop_assert!(floor.is_zero()),
                Err(_) => prop_assert!(floor > Uint512::from(Uint256::MAX)),
            }
        }

        /// A higher raw price never normalises lower; more denom decimals never price higher.
        #[test]
        fn normalize_price_is_monotone(
            a in 1i64..=i64::MAX,
            b in 1i64..=i64::MAX,
            expo in -12i32..=4,
            denom_decimals in 0u8..=35,
            quote_decimals in 0u8..=18,
        ) {
            let (low, high) = (a.min(b), a.max(b));
            if let (Ok(pl), Ok(ph)) = (
                normalize_price(low, expo, denom_decimals, quote_decimals),
                normalize_price(high, expo, denom_decimals, quote_decimals),
            ) {
                prop_assert!(pl <= ph);
            }
            if let (Ok(fewer), Ok(more)) = (
                normalize_price(a, expo, denom_decimals, quote_decimals),
                normalize_price(a, expo, denom_decimals + 1, quote_decimals),
            ) {
                prop_assert!(more <= fewer);
            }
        }
    }
}
