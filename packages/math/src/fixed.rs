//! Crate-internal exact arithmetic.
//!
//! Every formula of the crate is evaluated as one rational `Π numerators / Π denominators`
//! with 512-bit intermediates and a single, explicit rounding at the end. Decimals enter as
//! their atomics (value × 10^18), so no precision is lost before that rounding.

use cosmwasm_std::{Decimal, Decimal256, Uint128, Uint256, Uint512};

use crate::error::{MathError, MathResult};

/// 10^18: the atomics of `Decimal::one()` / `Decimal256::one()`.
pub(crate) const WAD: u128 = 1_000_000_000_000_000_000;

/// Direction of the single rounding step of a formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rounding {
    /// Towards zero (floor; all operands are non-negative).
    Down,
    /// Away from zero (ceil).
    Up,
}

/// `10^18` as a `Uint256`.
pub(crate) fn wad() -> Uint256 {
    Uint256::from(WAD)
}

/// Atomics of a `Decimal` (value × 10^18).
pub(crate) fn atoms(x: Decimal) -> Uint256 {
    Uint256::from(x.atomics())
}

/// Atomics of a `Decimal256` (value × 10^18).
pub(crate) fn atoms256(x: Decimal256) -> Uint256 {
    x.atomics()
}

/// A `Uint128` widened to 256 bits.
pub(crate) fn wide(x: Uint128) -> Uint256 {
    Uint256::from(x)
}

/// `10^exp`, checked.
pub(crate) fn pow10(exp: u32) -> MathResult<Uint256> {
    Ok(Uint256::from(10u8).checked_pow(exp)?)
}

fn product(factors: &[Uint256]) -> MathResult<Uint512> {
    factors.iter().try_fold(Uint512::one(), |acc, f| {
        Ok(acc.checked_mul(Uint512::from(*f))?)
    })
}

/// `round(Π num / Π den)` with one rounding step, computed on 512 bits.
///
/// Errors: `DivideByZero` if a denominator is zero, `Overflow` if a product exceeds 512 bits.
pub(crate) fn ratio(num: &[Uint256], den: &[Uint256], rounding: Rounding) -> MathResult<Uint512> {
    // Most products of amounts, prices and rates fit 128 bits: native division then, with the
    // same result (the same exact quotient and rounding) as the 512-bit path.
    if let (Some(n), Some(d)) = (product_u128(num), product_u128(den)) {
        if d == 0 {
            return Err(MathError::DivideByZero);
        }
        // q ≤ n/2 when there is a remainder (d ≥ 2), so q + 1 cannot overflow
        let q = n / d + u128::from(rounding == Rounding::Up && n % d != 0);
        return Ok(Uint512::from(q));
    }
    ratio_wide(num, den, rounding)
}

/// `Π factors` when it fits 128 bits.
fn product_u128(factors: &[Uint256]) -> Option<u128> {
    factors.iter().try_fold(1u128, |acc, f| {
        acc.checked_mul(Uint128::try_from(*f).ok()?.u128())
    })
}

/// [`ratio`] on 512 bits whatever the operands.
fn ratio_wide(num: &[Uint256], den: &[Uint256], rounding: Rounding) -> MathResult<Uint512> {
    let n = product(num)?;
    let d = product(den)?;
    if d.is_zero() {
        return Err(MathError::DivideByZero);
    }
    let q = n.checked_div(d)?;
    if rounding == Rounding::Up && !n.checked_rem(d)?.is_zero() {
        Ok(q.checked_add(Uint512::one())?)
    } else {
        Ok(q)
    }
}

/// [`ratio`] narrowed to `Uint128` (error if it does not fit).
pub(crate) fn ratio_u128(
    num: &[Uint256],
    den: &[Uint256],
    rounding: Rounding,
) -> MathResult<Uint128> {
    to_u128(ratio(num, den, rounding)?)
}

/// [`ratio`] narrowed to `Uint256` (error if it does not fit).
pub(crate) fn ratio_u256(
    num: &[Uint256],
    den: &[Uint256],
    rounding: Rounding,
) -> MathResult<Uint256> {
    Ok(Uint256::try_from(ratio(num, den, rounding)?)?)
}

/// `Π lhs ≤ Π rhs`, exactly.
pub(crate) fn product_le(lhs: &[Uint256], rhs: &[Uint256]) -> MathResult<bool> {
    Ok(product(lhs)? <= product(rhs)?)
}

/// Narrows a 512-bit integer to `Uint128`.
pub(crate) fn to_u128(x: Uint512) -> MathResult<Uint128> {
    Ok(Uint128::try_from(x)?)
}

/// A `Decimal` from its atomics (error if they exceed `u128`).
pub(crate) fn decimal_from_atoms(x: Uint512) -> MathResult<Decimal> {
    Ok(Decimal::new(to_u128(x)?))
}

/// A `Decimal256` from its atomics (error if they exceed `u256`).
pub(crate) fn decimal256_from_atoms(x: Uint512) -> MathResult<Decimal256> {
    Ok(Decimal256::new(Uint256::try_from(x)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(x: u128) -> Uint256 {
        Uint256::from(x)
    }

    #[test]
    fn ratio_rounds_once() {
        // 7 * 3 / 4 = 21 / 4 = 5.25
        assert_eq!(
            ratio_u128(&[u(7), u(3)], &[u(4)], Rounding::Down)
                .unwrap()
                .u128(),
            5
        );
        assert_eq!(
            ratio_u128(&[u(7), u(3)], &[u(4)], Rounding::Up)
                .unwrap()
                .u128(),
            6
        );
        // exact: no rounding up
        assert_eq!(
            ratio_u128(&[u(8)], &[u(4)], Rounding::Up).unwrap().u128(),
            2
        );
        // empty products are 1
        assert_eq!(ratio_u128(&[], &[], Rounding::Down).unwrap().u128(), 1);
    }

    #[test]
    fn ratio_errors() {
        assert_eq!(
            ratio(&[u(1)], &[u(0)], Rounding::Down).unwrap_err(),
            MathError::DivideByZero
        );
        // 2^256-1 squared fits 512 bits, cubed does not
        assert!(ratio(&[Uint256::MAX, Uint256::MAX], &[u(1)], Rounding::Down).is_ok());
        assert!(matches!(
            ratio(&[Uint256::MAX, Uint256::MAX, u(2)], &[u(1)], Rounding::Down),
            Err(MathError::Overflow { .. })
        ));
        assert!(matches!(
            ratio_u128(&[Uint256::MAX], &[u(1)], Rounding::Down),
            Err(MathError::ConversionOverflow { .. })
        ));
        // the 512-bit intermediate makes (MAX * MAX) / MAX exact
        assert_eq!(
            ratio_u256(&[Uint256::MAX, Uint256::MAX], &[Uint256::MAX], Rounding::Up).unwrap(),
            Uint256::MAX
        );
    }

    proptest::proptest! {
        /// The 128-bit fast path gives exactly what the 512-bit path gives: operands drawn around
        /// the 128-bit boundary (amounts, prices' atomics, 10^18), so both paths are taken.
        #[test]
        fn the_fast_path_equals_the_wide_one(
            num in proptest::collection::vec(0u128..=u128::MAX, 0..4),
            den in proptest::collection::vec(0u128..=u128::MAX, 0..3),
            shifts in proptest::collection::vec(0u32..128, 7),
            up in proptest::bool::ANY,
        ) {
            // shift right so that products land below, near and above 2^128
            let mut k = 0;
            let mut cut = |x: u128| { k += 1; u(x >> shifts[k % shifts.len()]) };
            let num: Vec<Uint256> = num.into_iter().map(&mut cut).collect();
            let den: Vec<Uint256> = den.into_iter().map(&mut cut).collect();
            let rounding = if up { Rounding::Up } else { Rounding::Down };
            proptest::prop_assert_eq!(
                ratio(&num, &den, rounding),
                ratio_wide(&num, &den, rounding)
            );
        }
    }

    #[test]
    fn comparisons_and_constructors() {
        assert!(product_le(&[u(2), u(3)], &[u(6)]).unwrap());
        assert!(!product_le(&[u(2), u(4)], &[u(7)]).unwrap());
        assert_eq!(pow10(18).unwrap(), wad());
        assert!(pow10(78).is_err());
        assert_eq!(
            decimal_from_atoms(Uint512::from(WAD)).unwrap(),
            Decimal::one()
        );
        assert_eq!(
            decimal256_from_atoms(Uint512::from(WAD)).unwrap(),
            Decimal256::one()
        );
        assert!(decimal_from_atoms(Uint512::from(u128::MAX) + Uint512::one()).is_err());
        assert_eq!(atoms(Decimal::percent(50)), u(WAD / 2));
        assert_eq!(atoms256(Decimal256::percent(50)), u(WAD / 2));
        assert_eq!(wide(Uint128::new(5)), u(5));
    }
}
