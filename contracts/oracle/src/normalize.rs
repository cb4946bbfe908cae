//! Pure price arithmetic: normalisation, exact ratio comparisons and the median.
//!
//! No storage, no querier: every function here is total and checked.

use cosmwasm_std::{Decimal, Decimal256, Uint256};

/// Why a raw price could not be normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormalizeError {
    /// The raw price is zero or negative.
    NotPositive,
    /// The normalised price does not fit in a `Decimal256`.
    Overflow,
    /// The normalised price is below `10^-18` and rounds down to zero.
    RoundsToZero,
}

/// Normalises a raw price `mantissa × 10^expo` (the human price of one whole unit of the denom in
/// whole units of the quote asset) into the value, in smallest units of the quote asset, of ONE
/// smallest unit of the denom:
///
/// ```text
/// price = mantissa × 10^expo × 10^quote_decimals / 10^denom_decimals
/// ```
///
/// as a `Decimal256` rounded down to 18 fractional digits. Its atomics are therefore exactly
/// `floor(mantissa × 10^(expo + quote_decimals − denom_decimals + 18))`.
///
/// Errors: `mantissa ≤ 0` → [`NormalizeError::NotPositive`]; a result above `Decimal256::MAX` →
/// [`NormalizeError::Overflow`]; a result that rounds to zero → [`NormalizeError::RoundsToZero`].
pub fn normalize(
    mantissa: i64,
    expo: i32,
    denom_decimals: u8,
    quote_decimals: u8,
) -> Result<Decimal256, NormalizeError> {
    let mantissa = u64::try_from(mantissa)
        .ok()
        .filter(|m| *m > 0)
        .map(Uint256::from)
        .ok_or(NormalizeError::NotPositive)?;
    // i64 arithmetic: an i32 exponent plus small constants cannot overflow it.
    let shift = i64::from(expo) + i64::from(quote_decimals) - i64::from(denom_decimals)
        + i64::from(Decimal256::DECIMAL_PLACES);
    let atomics = if shift >= 0 {
        let factor = u32::try_from(shift)
            .ok()
            .and_then(|exp| Uint256::from(10u8).checked_pow(exp).ok())
            .ok_or(NormalizeError::Overflow)?;
        mantissa
            .checked_mul(factor)
            .map_err(|_| NormalizeError::Overflow)?
    } else {
        // A divisor above Uint256::MAX is far above any i64 mantissa: the quotient is zero.
        match u32::try_from(shift.unsigned_abs())
            .ok()
            .and_then(|exp| Uint256::from(10u8).checked_pow(exp).ok())
        {
            Some(divisor) => mantissa.checked_div(divisor).unwrap_or_default(),
            None => Uint256::zero(),
        }
    };
    if atomics.is_zero() {
        return Err(NormalizeError::RoundsToZero);
    }
    Ok(Decimal256::new(atomics))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Uint512;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }

    #[test]
    fn hand_worked_prices() {
        // Quote USD with 6 decimals.
        // ATOM, 6 decimals, 10 USD (Pyth 1_000_000_000 × 10^-8) → 10 micro-USD per uatom.
        assert_eq!(normalize(1_000_000_000, -8, 6, 6), Ok(dec("10")));
        // ETH, 18 decimals, 3000 USD (300_000_000_000 × 10^-8) → 3000 × 10^6 / 10^18 = 3e-9.
        assert_eq!(
            normalize(300_000_000_000, -8, 18, 6),
            Ok(dec("0.000000003"))
        );
        // BTC, 8 decimals, 60000 USD (6_000_000_000 × 10^-5) → 60000 × 10^6 / 10^8 = 600.
        assert_eq!(normalize(6_000_000_000, -5, 8, 6), Ok(dec("600")));
        // 1.23456789 USD for an 8-decimal token: 1.23456789 × 10^-2 = 0.0123456789.
        assert_eq!(normalize(123_456_789, -8, 8, 6), Ok(dec("0.0123456789")));
        // Positive exponent: 12 × 10^2 = 1200 USD, 0 decimals, quote 0 decimals.
        assert_eq!(normalize(12, 2, 0, 0), Ok(dec("1200")));
    }

    #[test]
    fn rounding_down_and_bounds() {
        // 1 × 10^-8 USD per whole 18-decimal token → 10^-8 × 10^6 / 10^18 = 10^-20 → rounds to 0.
        assert_eq!(normalize(1, -8, 18, 6), Err(NormalizeError::RoundsToZero));
        // 19 × 10^-19: the 19th digit is dropped.
        assert_eq!(normalize(19, -19, 0, 0), Ok(dec("0.000000000000000001")));
        assert_eq!(normalize(9, -19, 0, 0), Err(NormalizeError::RoundsToZero));
        assert_eq!(normalize(0, -8, 6, 6), Err(NormalizeError::NotPositive));
        assert_eq!(normalize(-5, -8, 6, 6), Err(NormalizeError::NotPositive));
        assert_eq!(normalize(1, 60, 0, 0), Err(NormalizeError::Overflow));
        assert_eq!(
            normalize(i64::MAX, i32::MAX, 0, 36),
            Err(NormalizeError::Overflow)
        );
        assert_eq!(
            normalize(i64::MAX, i32::MIN, 36, 0),
            Err(NormalizeError::RoundsToZero)
        );
        // A large positive exponent that still fits: 10^41 is 10^59 atomics.
        assert_eq!(
            normalize(1, 41, 0, 0).unwrap().atomics(),
            Uint256::from(10u8).pow(59)
        );
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
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The result is exactly the floor of the true value in atomics, or the matching error.
        #[test]
        fn normalize_is_the_exact_floor(
            mantissa in 1i64..=i64::MAX,
            expo in -40i32..=40,
            denom_decimals in 0u8..=36,
            quote_decimals in 0u8..=36,
        ) {
            let shift = i64::from(expo) + i64::from(quote_decimals) - i64::from(denom_decimals) + 18;
            let (num, den) = reference(mantissa as u64, shift);
            let floor = num / den;
            match normalize(mantissa, expo, denom_decimals, quote_decimals) {
                Ok(price) => {
                    let atomics = Uint512::from(price.atomics());
                    prop_assert_eq!(atomics, floor);
                    prop_assert!(atomics * den <= num && num < (atomics + Uint512::one()) * den);
                }
                Err(NormalizeError::Overflow) => {
                    prop_assert!(floor > Uint512::from(Uint256::MAX));
                }
                Err(NormalizeError::RoundsToZero) => prop_assert!(floor.is_zero()),
                Err(NormalizeError::NotPositive) => prop_assert!(false, "positive mantissa"),
            }
        }

        /// A higher raw price never normalises lower; more denom decimals never price higher.
        #[test]
        fn normalize_is_monotone(
            a in 1i64..=i64::MAX,
            b in 1i64..=i64::MAX,
            expo in -12i32..=4,
            denom_decimals in 0u8..=35,
            quote_decimals in 0u8..=18,
        ) {
            let (low, high) = (a.min(b), a.max(b));
            if let (Ok(pl), Ok(ph)) = (
                normalize(low, expo, denom_decimals, quote_decimals),
                normalize(high, expo, denom_decimals, quote_decimals),
            ) {
                prop_assert!(pl <= ph);
            }
            if let (Ok(fewer), Ok(more)) = (
                normalize(a, expo, denom_decimals, quote_decimals),
                normalize(a, expo, denom_decimals + 1, quote_decimals),
            ) {
                prop_assert!(more <= fewer);
            }
        }

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
