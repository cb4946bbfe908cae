//! Pure price arithmetic for the breakers: exact ratio comparisons and the median.
//! (Normalisation itself is `ballast_math::price::normalize_price`.)
//!
//! No storage, no querier: every function here is total and checked.

use ballast_math::MathError;

use ballast_kit::KitError;

use crate::error::ContractError;
use cosmwasm_std::{Decimal, Decimal256, Uint256};

/// Whether `numerator / denominator > max`, compared exactly in 512 bits (no rounding).
/// A zero denominator counts as exceeding any bound.
pub fn ratio_exceeds(numerator: Uint256, denominator: Uint256, max: Decimal) -> bool {
    if denominator.is_zero() {
        return true;
    }
    let one = Uint256::from(Decimal::one().atomics());
    numerator.full_mul(one) > denominator.full_mul(Uint256::from(max.atomics()))
}

/// `numerator / denominator` rounded down, saturating at `Decimal256::MAX` (a zero denominator
/// too): for reporting a ratio in an error, never for deciding.
pub fn ratio(numerator: Uint256, denominator: Uint256) -> Decimal256 {
    Decimal256::checked_from_ratio(numerator, denominator).unwrap_or(Decimal256::MAX)
}

/// Brings two positive mantissas `a × 10^a_expo` and `b × 10^b_expo` to their common (smaller)
/// exponent, so that they can be compared exactly. `None` if the rescaled value overflows 256 bits
/// (exponents more than ~58 apart).
pub fn common_scale(a: u64, a_expo: i32, b: u64, b_expo: i32) -> Option<(Uint256, Uint256)> {
    let scale = |mantissa: u64, up: i64| -> Option<Uint256> {
        let factor = Uint256::from(10u8)
            .checked_pow(u32::try_from(up).ok()?)
            .ok()?;
        Uint256::from(mantissa).checked_mul(factor).ok()
    };
    let low = a_expo.min(b_expo);
    Some((
        scale(a, i64::from(a_expo) - i64::from(low))?,
        scale(b, i64::from(b_expo) - i64::from(low))?,
    ))
}

/// The median of `values`, which are sorted in place: the middle value, or with an even count
/// the mean of the two middle values rounded down. `None` when `values` is empty.
pub fn median(values: &mut [Decimal256]) -> Option<Decimal256> {
    values.sort_unstable();
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        return values.get(mid).copied();
    }
    let (low, high) = (*values.get(mid.checked_sub(1)?)?, *values.get(mid)?);
    // low + (high − low) / 2: never overflows, exact floor of (low + high) / 2.
    let half = (high.atomics() - low.atomics()) / Uint256::from(2u8);
    Some(Decimal256::new(low.atomics() + half))
}

/// Attaches the denom to a normalisation error from `ballast_math::price::normalize_price`.
pub fn normalize_error(denom: &str) -> impl Fn(MathError) -> ContractError + '_ {
    move |err| {
        let denom = denom.to_string();
        match err {
            MathError::NonPositivePrice { .. } => ContractError::PriceNotPositive { denom },
            MathError::PriceTooSmall => ContractError::PriceRoundsToZero { denom },
            MathError::DecimalsTooLarge { decimals, max } => {
                KitError::DecimalsTooLarge { decimals, max }.into()
            }
            _ => ContractError::PriceOverflow { denom },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }

    #[test]
    fn ratios_are_exact() {
        let (n, d) = (Uint256::from(2u8), Uint256::from(100u8));
        assert!(!ratio_exceeds(n, d, Decimal::percent(2)));
        assert!(ratio_exceeds(n + Uint256::one(), d, Decimal::percent(2)));
        // 1/3 > 0.333333333333333333 although the rounded-down ratio equals it.
        let third = Decimal::from_str("0.333333333333333333").unwrap();
        assert_eq!(
            ratio(Uint256::one(), Uint256::from(3u8)),
            Decimal256::from(third)
        );
        assert!(ratio_exceeds(Uint256::one(), Uint256::from(3u8), third));
        assert!(ratio_exceeds(Uint256::one(), Uint256::zero(), Decimal::MAX));
        assert_eq!(ratio(Uint256::one(), Uint256::zero()), Decimal256::MAX);
    }

    #[test]
    fn common_scale_aligns_exponents() {
        assert_eq!(
            common_scale(15, -1, 2, 0),
            Some((Uint256::from(15u8), Uint256::from(20u8)))
        );
        assert_eq!(
            common_scale(7, -8, 9, -8),
            Some((Uint256::from(7u8), Uint256::from(9u8)))
        );
        assert_eq!(common_scale(u64::MAX, 100, 1, 0), None);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [dec("3"), dec("1"), dec("2")]), Some(dec("2")));
        assert_eq!(median(&mut [dec("4"), dec("1")]), Some(dec("2.5")));
        // Floor at the 18th digit: (1e-18 + 2e-18) / 2 = 1.5e-18 → 1e-18.
        let (a, b) = (
            Decimal256::new(Uint256::one()),
            Decimal256::new(Uint256::from(2u8)),
        );
        assert_eq!(median(&mut [b, a]), Some(a));
        assert_eq!(
            median(&mut [Decimal256::MAX, Decimal256::MAX]),
            Some(Decimal256::MAX)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The median lies between the smallest and largest value and, with an odd count, is one
        /// of them.
        #[test]
        fn median_is_within_range(values in prop::collection::vec(1u128..u128::MAX, 1..9)) {
            let mut prices: Vec<Decimal256> =
                values.iter().map(|v| Decimal256::new(Uint256::from(*v))).collect();
            let original = prices.clone();
            let m = median(&mut prices).unwrap();
            let (min, max) = (prices[0], prices[prices.len() - 1]);
            prop_assert!(min <= m && m <= max);
            if original.len() % 2 == 1 {
                prop_assert!(original.contains(&m));
            }
        }
    }
}
