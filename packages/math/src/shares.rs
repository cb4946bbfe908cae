//! Shares of a per-market index, with the rounding that favours the protocol.
//!
//! Supply and debt are held as shares. An index starts at `Decimal256::one()` and one unit of
//! the asset is worth [`SHARES_PER_UNIT`] = 10^6 shares at index 1 (a virtual offset that gives
//! shares six more digits of precision than amounts, so rounding a share costs at most a
//! millionth of a unit and a first depositor cannot inflate the value of a share):
//!
//! ```text
//! assets(shares) = shares · index / 10^6
//! shares(amount) = amount · 10^6 / index
//! ```
//!
//! | operation        | rounding | why                                        |
//! |------------------|----------|--------------------------------------------|
//! | supply: mint     | down     | a supplier never gets more than they paid  |
//! | supply: burn     | up       | a redeemer gives up at least what they get |
//! | supply: assets   | down     | a supplier's claim is never overstated     |
//! | debt: mint       | up       | a borrower owes at least what they took    |
//! | debt: burn       | down     | a repayment is credited down               |
//! | debt: assets     | up       | a debt is never understated                |

use cosmwasm_std::{Decimal256, Uint128, Uint256};

use crate::error::{MathError, MathResult};
use crate::fixed::{atoms256, ratio_u128, wide, Rounding, WAD};

/// Shares per unit of the asset at index 1 (the virtual offset).
pub const SHARES_PER_UNIT: u128 = 1_000_000;

/// `SHARES_PER_UNIT · 10^18` = 10^24: `assets = shares · index_atomics / SCALE`.
pub(crate) const SCALE: u128 = SHARES_PER_UNIT * WAD;

fn scale() -> Uint256 {
    Uint256::from(SCALE)
}

fn to_shares(amount: Uint128, index: Decimal256, rounding: Rounding) -> MathResult<Uint128> {
    if index.is_zero() {
        return Err(MathError::ZeroIndex);
    }
    ratio_u128(&[wide(amount), scale()], &[atoms256(index)], rounding)
}

fn to_assets(shares: Uint128, index: Decimal256, rounding: Rounding) -> MathResult<Uint128> {
    ratio_u128(&[wide(shares), atoms256(index)], &[scale()], rounding)
}

/// Supply shares minted for a deposit of `amount`, rounded **down**:
/// `floor(amount · 10^6 / index)`.
///
/// Errors: `ZeroIndex`; `ConversionOverflow` above `u128::MAX` shares.
pub fn supply_shares_to_mint(amount: Uint128, index: Decimal256) -> MathResult<Uint128> {
    to_shares(amount, index, Rounding::Down)
}

/// Supply shares burned to redeem `amount`, rounded **up**: `ceil(amount · 10^6 / index)`.
///
/// Errors: `ZeroIndex`; `ConversionOverflow` above `u128::MAX` shares.
pub fn supply_shares_to_burn(amount: Uint128, index: Decimal256) -> MathResult<Uint128> {
    to_shares(amount, index, Rounding::Up)
}

/// Assets of `shares` supply shares, rounded **down**: `floor(shares · index / 10^6)`.
///
/// Errors: `ConversionOverflow` above `u128::MAX`.
pub fn supply_assets(shares: Uint128, index: Decimal256) -> MathResult<Uint128> {
    to_assets(shares, index, Rounding::Down)
}

/// Debt shares minted for a loan of `amount`, rounded **up**: `ceil(amount · 10^6 / index)`.
///
/// Errors: `ZeroIndex`; `ConversionOverflow` above `u128::MAX` shares.
pub fn debt_shares_to_mint(amount: Uint128, index: Decimal256) -> MathResult<Uint128> {
    to_shares(amount, index, Rounding::Up)
}

/// Debt shares burned by a repayment of `amount`, rounded **down**:
/// `floor(amount · 10^6 / index)`.
///
/// Errors: `ZeroIndex`; `ConversionOverflow` above `u128::MAX` shares.
pub fn debt_shares_to_burn(amount: Uint128, index: Decimal256) -> MathResult<Uint128> {
    to_shares(amount, index, Rounding::Down)
}

/// Debt owed for `shares` debt shares, rounded **up**: `ceil(shares · index / 10^6)`.
///
/// Errors: `ConversionOverflow` above `u128::MAX`.
pub fn debt_assets(shares: Uint128, index: Decimal256) -> MathResult<Uint128> {
    to_assets(shares, index, Rounding::Up)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }
    fn u(x: u128) -> Uint128 {
        Uint128::new(x)
    }

    #[test]
    fn index_one() {
        let one = Decimal256::one();
        // 5 units -> 5_000_000 shares both ways; 5_000_000 shares -> 5 units
        assert_eq!(supply_shares_to_mint(u(5), one).unwrap(), u(5_000_000));
        assert_eq!(supply_shares_to_burn(u(5), one).unwrap(), u(5_000_000));
        assert_eq!(debt_shares_to_mint(u(5), one).unwrap(), u(5_000_000));
        assert_eq!(debt_shares_to_burn(u(5), one).unwrap(), u(5_000_000));
        assert_eq!(supply_assets(u(5_000_000), one).unwrap(), u(5));
        assert_eq!(debt_assets(u(5_000_000), one).unwrap(), u(5));
        // 1_500_000 shares = 1.5 units: supply floors to 1, debt ceils to 2
        assert_eq!(supply_assets(u(1_500_000), one).unwrap(), u(1));
        assert_eq!(debt_assets(u(1_500_000), one).unwrap(), u(2));
    }

    #[test]
    fn worked_index_three() {
        // index 3: 10 units -> 10e6 / 3 = 3_333_333.33 shares
        let i = d("3");
        assert_eq!(supply_shares_to_mint(u(10), i).unwrap(), u(3_333_333));
        assert_eq!(supply_shares_to_burn(u(10), i).unwrap(), u(3_333_334));
        assert_eq!(debt_shares_to_mint(u(10), i).unwrap(), u(3_333_334));
        assert_eq!(debt_shares_to_burn(u(10), i).unwrap(), u(3_333_333));
        // 3_333_333 shares * 3 / 1e6 = 9.999999 -> supply 9, debt 10
        assert_eq!(supply_assets(u(3_333_333), i).unwrap(), u(9));
        assert_eq!(debt_assets(u(3_333_333), i).unwrap(), u(10));
        // 3_333_334 shares -> 10.000002 -> supply 10, debt 11
        assert_eq!(supply_assets(u(3_333_334), i).unwrap(), u(10));
        assert_eq!(debt_assets(u(3_333_334), i).unwrap(), u(11));
    }

    #[test]
    fn fractional_index() {
        // index 1.05: 1 unit -> 1e6 / 1.05 = 952_380.95 shares
        let i = d("1.05");
        assert_eq!(supply_shares_to_mint(u(1), i).unwrap(), u(952_380));
        assert_eq!(debt_shares_to_mint(u(1), i).unwrap(), u(952_381));
        // 952_381 * 1.05 / 1e6 = 1.00000005 -> debt 2 (never understated), supply 1
        assert_eq!(debt_assets(u(952_381), i).unwrap(), u(2));
        assert_eq!(supply_assets(u(952_381), i).unwrap(), u(1));
    }

    #[test]
    fn errors() {
        assert_eq!(
            supply_shares_to_mint(u(1), Decimal256::zero()),
            Err(MathError::ZeroIndex)
        );
        assert_eq!(
            debt_shares_to_burn(u(1), Decimal256::zero()),
            Err(MathError::ZeroIndex)
        );
        // u128::MAX units are more than u128::MAX shares at index 1
        assert!(matches!(
            supply_shares_to_mint(Uint128::MAX, Decimal256::one()),
            Err(MathError::ConversionOverflow { .. })
        ));
        assert!(supply_assets(Uint128::MAX, Decimal256::MAX).is_err());
        // zero index: shares are worth nothing
        assert_eq!(
            supply_assets(u(10), Decimal256::zero()).unwrap(),
            Uint128::zero()
        );
    }
}
