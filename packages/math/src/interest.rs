//! Interest rate model, utilisation and supply rate.
//!
//! Rates are yearly (APR) `Decimal`s; accrual (see [`crate::market`]) is simple interest over
//! each accrual period, compounded from one period to the next.

use ballast_compact::CompactDeserialize;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Uint128, Uint256};

use crate::error::{MathError, MathResult};
use crate::fixed::{atoms, decimal_from_atoms, ratio, wad, wide, Rounding, WAD};

/// Seconds in a (365-day) year: the denominator of every accrual.
pub const SECONDS_PER_YEAR: u64 = 31_536_000;

/// Highest borrow rate a [`RateModel`] may reach: 10 = 1000% APR.
pub const MAX_RATE: Decimal = Decimal::new(Uint128::new(10 * WAD));

/// Kinked ("jump rate") interest rate model of one market.
///
/// ```text
/// r(U) = base + slope1·U/U*                          for U ≤ U*
/// r(U) = base + slope1 + slope2·(U − U*)/(1 − U*)    for U > U*
/// ```
#[cw_serde]
// and its compact table: the vault reads it inside its messages' `LendingParams` (an unknown
// field is an error there), everyone else through serde's derive
#[derive(CompactDeserialize)]
#[compact(table_only)]
#[derive(ballast_compact::WriteJson)]
pub struct RateModel {
    /// Rate at zero utilisation.
    pub base: Decimal,
    /// Rate added between `U = 0` and `U = U*`.
    pub slope1: Decimal,
    /// Rate added between `U = U*` and `U = 1`.
    pub slope2: Decimal,
    /// The kink `U*`.
    pub optimal_utilization: Decimal,
}

impl RateModel {
    /// Checks the bounds: `0 < U* < 1` and `r(1) = base + slope1 + slope2 ≤ MAX_RATE` (10, i.e.
    /// 1000% APR). The rate is non-decreasing in `U`, so `r(1)` is the highest rate reached,
    /// and each of `base`, `slope1`, `slope2` is then ≤ 10 too.
    ///
    /// Errors: `InvalidParam` naming the offending field.
    pub fn validate(&self) -> MathResult<()> {
        if self.optimal_utilization.is_zero() || self.optimal_utilization >= Decimal::one() {
            return Err(MathError::invalid_param(
                "optimal_utilization",
                "must be > 0 and < 1",
            ));
        }
        let max = self
            .base
            .checked_add(self.slope1)
            .and_then(|s| s.checked_add(self.slope2))
            .map_err(|_| MathError::invalid_param("slope2", "base + slope1 + slope2 overflows"))?;
        if max > MAX_RATE {
            return Err(MathError::invalid_param(
                "slope2",
                format!("base + slope1 + slope2 = {max} exceeds the maximum rate {MAX_RATE}"),
            ));
        }
        Ok(())
    }

    /// Borrow rate (APR) at `utilization`, rounded up (a borrower never pays less because of
    /// rounding):
    ///
    /// ```text
    /// U ≤ U*:  base + ceil(slope1·U/U*)
    /// U > U*:  base + slope1 + ceil(slope2·(U − U*)/(1 − U*))
    /// ```
    ///
    /// Never divides by zero for `U ≤ 1`, even on an unvalidated model (`U* = 0` gives `base` at
    /// `U = 0`).
    ///
    /// Errors: `InvalidParam` if `U > 1`; `DecimalRangeExceeded`/`Overflow` if the rate does
    /// not fit a `Decimal` (impossible for a validated model).
    pub fn borrow_rate(&self, utilization: Decimal) -> MathResult<Decimal> {
        if utilization > Decimal::one() {
            return Err(MathError::invalid_param("utilization", "must be ≤ 1"));
        }
        let (fixed, variable) = if utilization <= self.optimal_utilization {
            let variable = if utilization.is_zero() {
                Uint256::zero()
            } else {
                Uint256::try_from(ratio(
                    &[atoms(self.slope1), atoms(utilization)],
                    &[atoms(self.optimal_utilization)],
                    Rounding::Up,
                )?)?
            };
            (atoms(self.base), variable)
        } else {
            // U* < U ≤ 1, so 1 − U* > 0
            let excess = atoms(utilization.checked_sub(self.optimal_utilization)?);
            let room = atoms(Decimal::one().checked_sub(self.optimal_utilization)?);
            let variable =
                Uint256::try_from(ratio(&[atoms(self.slope2), excess], &[room], Rounding::Up)?)?;
            (atoms(self.base).checked_add(atoms(self.slope1))?, variable)
        };
        decimal_from_atoms(fixed.checked_add(variable)?.into())
    }
}

/// Checks a reserve factor: `0 ≤ reserve_factor < 1`.
///
/// Errors: `InvalidParam`.
pub fn validate_reserve_factor(reserve_factor: Decimal) -> MathResult<()> {
    if reserve_factor >= Decimal::one() {
        return Err(MathError::invalid_param("reserve_factor", "must be < 1"));
    }
    Ok(())
}

/// Utilisation `U = total_debt / total_supplied`, rounded up and capped at 1; 0 when nothing
/// is supplied.
pub fn utilization(total_debt: Uint128, total_supplied: Uint128) -> MathResult<Decimal> {
    if total_supplied.is_zero() {
        return Ok(Decimal::zero());
    }
    if total_debt >= total_supplied {
        return Ok(Decimal::one());
    }
    decimal_from_atoms(ratio(
        &[wide(total_debt), wad()],
        &[wide(total_supplied)],
        Rounding::Up,
    )?)
}

/// Supply rate (APR earned by suppliers), rounded down:
///
/// `supply_rate = floor(r · U · (1 − reserve_factor))`
///
/// This is the displayed rate; what suppliers actually earn comes from
/// [`crate::market::MarketState::accrue`].
///
/// Errors: `InvalidParam` if `reserve_factor > 1`.
pub fn supply_rate(
    borrow_rate: Decimal,
    utilization: Decimal,
    reserve_factor: Decimal,
) -> MathResult<Decimal> {
    let keep = Decimal::one()
        .checked_sub(reserve_factor)
        .map_err(|_| MathError::invalid_param("reserve_factor", "must be ≤ 1"))?;
    decimal_from_atoms(ratio(
        &[atoms(borrow_rate), atoms(utilization), atoms(keep)],
        &[wad(), wad()],
        Rounding::Down,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn r(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn model() -> RateModel {
        RateModel {
            base: r("0.02"),
            slope1: r("0.1"),
            slope2: r("1"),
            optimal_utilization: r("0.8"),
        }
    }

    #[test]
    fn worked_kinked_rates() {
        let m = model();
        m.validate().unwrap();
        // U = 0: base = 0.02
        assert_eq!(m.borrow_rate(r("0")).unwrap(), r("0.02"));
        // U = 0.4: 0.02 + 0.1 * 0.4 / 0.8 = 0.02 + 0.05 = 0.07
        assert_eq!(m.borrow_rate(r("0.4")).unwrap(), r("0.07"));
        // U = U* = 0.8: 0.02 + 0.1 = 0.12
        assert_eq!(m.borrow_rate(r("0.8")).unwrap(), r("0.12"));
        // U = 0.9: 0.12 + 1 * (0.9 - 0.8) / (1 - 0.8) = 0.12 + 0.5 = 0.62
        assert_eq!(m.borrow_rate(r("0.9")).unwrap(), r("0.62"));
        // U = 1: 0.12 + 1 = 1.12
        assert_eq!(m.borrow_rate(r("1")).unwrap(), r("1.12"));
        // U = 0.333333333333333333: 0.1 * U / 0.8 = 0.041666666666666666625 -> ceil
        //   0.041666666666666667; + 0.02 = 0.061666666666666667
        assert_eq!(
            m.borrow_rate(r("0.333333333333333333")).unwrap(),
            r("0.061666666666666667")
        );
        assert!(matches!(
            m.borrow_rate(r("1.000000000000000001")),
            Err(MathError::InvalidParam { .. })
        ));
    }

    #[test]
    fn unvalidated_model_does_not_divide_by_zero() {
        let m = RateModel {
            optimal_utilization: Decimal::zero(),
            ..model()
        };
        assert_eq!(m.borrow_rate(Decimal::zero()).unwrap(), r("0.02"));
        // above the kink at U* = 0: 0.02 + 0.1 + 1 * 0.5 / 1
        assert_eq!(m.borrow_rate(r("0.5")).unwrap(), r("0.62"));
        let m = RateModel {
            optimal_utilization: Decimal::one(),
            ..model()
        };
        assert_eq!(m.borrow_rate(Decimal::one()).unwrap(), r("0.12"));
        let huge = RateModel {
            base: Decimal::MAX,
            slope1: Decimal::MAX,
            ..model()
        };
        assert!(huge.borrow_rate(Decimal::one()).is_err());
    }

    #[test]
    fn validation_bounds() {
        let ok = model();
        for u in ["0", "1", "1.5"] {
            let m = RateModel {
                optimal_utilization: r(u),
                ..ok.clone()
            };
            assert!(
                matches!(m.validate(), Err(MathError::InvalidParam { .. })),
                "{u}"
            );
        }
        // r(1) = 1 + 4 + 5 = 10: allowed; one atom more is not
        let edge = RateModel {
            base: r("1"),
            slope1: r("4"),
            slope2: r("5"),
            optimal_utilization: r("0.9"),
        };
        edge.validate().unwrap();
        let over = RateModel {
            slope2: r("5.000000000000000001"),
            ..edge
        };
        assert!(over.validate().is_err());
        let overflow = RateModel {
            base: Decimal::MAX,
            slope1: Decimal::MAX,
            ..ok
        };
        assert!(overflow.validate().is_err());
    }

    #[test]
    fn worked_utilization() {
        // nothing supplied -> 0, even with debt
        assert_eq!(
            utilization(Uint128::new(5), Uint128::zero()).unwrap(),
            Decimal::zero()
        );
        // 1 / 4 = 0.25
        assert_eq!(
            utilization(Uint128::new(1), Uint128::new(4)).unwrap(),
            r("0.25")
        );
        // 1 / 3 rounds up to 0.333333333333333334
        assert_eq!(
            utilization(Uint128::new(1), Uint128::new(3)).unwrap(),
            r("0.333333333333333334")
        );
        // capped at 1
        assert_eq!(
            utilization(Uint128::new(7), Uint128::new(3)).unwrap(),
            Decimal::one()
        );
        assert_eq!(
            utilization(Uint128::MAX, Uint128::MAX).unwrap(),
            Decimal::one()
        );
        assert_eq!(
            utilization(Uint128::MAX - Uint128::one(), Uint128::MAX).unwrap(),
            Decimal::one()
        );
    }

    #[test]
    fn worked_supply_rate() {
        // 0.07 * 0.4 * (1 - 0.1) = 0.0252
        assert_eq!(
            supply_rate(r("0.07"), r("0.4"), r("0.1")).unwrap(),
            r("0.0252")
        );
        // rf = 1: suppliers get nothing
        assert_eq!(
            supply_rate(r("0.07"), r("0.4"), r("1")).unwrap(),
            Decimal::zero()
        );
        // 1/3 * 1/3 rounds down: 0.111111111111111110888... -> 0.11111111111111111
        assert_eq!(
            supply_rate(r("0.333333333333333333"), r("0.333333333333333333"), r("0")).unwrap(),
            r("0.11111111111111111")
        );
        assert!(supply_rate(r("0.07"), r("0.4"), r("1.1")).is_err());
    }

    #[test]
    fn reserve_factor_bounds() {
        validate_reserve_factor(Decimal::zero()).unwrap();
        validate_reserve_factor(r("0.999999999999999999")).unwrap();
        assert!(validate_reserve_factor(Decimal::one()).is_err());
    }

    #[test]
    fn seconds_per_year() {
        assert_eq!(SECONDS_PER_YEAR, 365 * 24 * 60 * 60);
        assert_eq!(MAX_RATE, r("10"));
    }
}
