//! The one error type of `ballast-math`.
//!
//! Every function in this crate returns [`MathResult`]. Errors carry data so that the contracts can
//! wrap them (`#[from] MathError`) and still show the user what went wrong. The enum derives
//! `PartialEq`/`Eq` so tests can compare errors directly.

use cosmwasm_std::Decimal256;
use cosmwasm_std::{
    CheckedFromRatioError, CheckedMultiplyRatioError, ConversionOverflowError,
    Decimal256RangeExceeded, DecimalRangeExceeded, DivideByZeroError, OverflowError,
    OverflowOperation, Uint128,
};
use thiserror::Error;

/// `Result` alias used by every function of this crate.
pub type MathResult<T> = Result<T, MathError>;

/// Everything that can go wrong in the risk maths.
#[derive(Error, Debug, PartialEq, Eq)]
pub enum MathError {
    /// A checked add, sub, mul or pow overflowed (or a sub went below zero).
    #[error("arithmetic overflow: {source}")]
    Overflow {
        /// The underlying cosmwasm-std error (names the operation).
        #[from]
        source: OverflowError,
    },

    /// A result did not fit its target type (e.g. a value above `u128::MAX`).
    #[error("conversion overflow: {source}")]
    ConversionOverflow {
        /// The underlying cosmwasm-std error (names both types).
        #[from]
        source: ConversionOverflowError,
    },

    /// A result did not fit a `Decimal`/`Decimal256`.
    #[error("decimal range exceeded")]
    DecimalRangeExceeded,

    /// Division by zero.
    #[error("division by zero")]
    DivideByZero,

    /// A parameter is outside its documented bounds.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParam {
        /// The parameter's name, e.g. `"max_ltv"`.
        name: String,
        /// What is wrong with it, e.g. `"must be < liquidation_threshold"`.
        reason: String,
    },

    /// A price of zero was given where a positive price is needed.
    #[error("price must be positive, got zero")]
    ZeroPrice,

    /// A raw oracle price was zero or negative.
    #[error("price must be positive, got {price}")]
    NonPositivePrice {
        /// The rejected price, as given.
        price: String,
    },

    /// An asset declares more decimals than supported.
    #[error("{decimals} decimals is more than the supported maximum of {max}")]
    DecimalsTooLarge {
        /// The decimals given.
        decimals: u8,
        /// The maximum supported ([`crate::price::MAX_DECIMALS`]).
        max: u8,
    },

    /// A normalised price rounds to zero at 18 fractional digits.
    #[error("price rounds to zero at 18 fractional digits")]
    PriceTooSmall,

    /// An index into a list of collaterals or debts is out of range.
    #[error("index {index} out of range for {len} entries")]
    IndexOutOfRange {
        /// The index given.
        index: usize,
        /// The length of the list.
        len: usize,
    },

    /// A zero amount was given where a positive one is needed.
    #[error("amount must be positive")]
    ZeroAmount,

    /// An amount is worth zero shares at the current index: taking it would be taking coins for
    /// nothing.
    #[error("amount {amount} is worth zero shares")]
    ZeroShares {
        /// The amount given.
        amount: Uint128,
    },

    /// A share index is zero (suppliers were wiped out by bad debt): no shares can be priced.
    #[error("share index is zero")]
    ZeroIndex,

    /// More shares would be burned than exist.
    #[error("{requested} shares requested but only {available} exist")]
    InsufficientShares {
        /// Shares that would be burned.
        requested: Uint128,
        /// Shares available.
        available: Uint128,
    },

    /// Not enough free liquidity (supplied − borrowed) in the market.
    #[error("{requested} requested but only {available} free liquidity")]
    InsufficientLiquidity {
        /// Amount asked for.
        requested: Uint128,
        /// Free liquidity of the market.
        available: Uint128,
    },

    /// Not enough reserves.
    #[error("{requested} requested but reserves are {available}")]
    InsufficientReserves {
        /// Amount asked for.
        requested: Uint128,
        /// Reserves of the market.
        available: Uint128,
    },

    /// The position is not liquidatable (D ≤ L).
    #[error("position is not liquidatable (health factor {health_factor:?})")]
    NotLiquidatable {
        /// Health factor `L / D`; `None` when there is no debt.
        health_factor: Option<Decimal256>,
    },

    /// The debt asset chosen for a liquidation is not owed.
    #[error("nothing to repay: the chosen debt is zero")]
    NoDebt,

    /// The collateral asset chosen for a liquidation is not held.
    #[error("nothing to seize: the chosen collateral is zero")]
    NoCollateral,

    /// A liquidation would repay or seize zero: never a free transfer.
    #[error("liquidation rounds to zero (repay {repay}, seized {seized})")]
    ZeroLiquidation {
        /// Debt that would be repaid.
        repay: Uint128,
        /// Collateral that would be seized.
        seized: Uint128,
    },

    /// The funds sent to a liquidation are too small for the dust rules: at least `needed` must
    /// be sent.
    #[error("liquidation needs at least {needed} to leave no dust, {sent} sent")]
    InsufficientRepayment {
        /// The smallest amount that would be accepted.
        needed: Uint128,
        /// The amount sent.
        sent: Uint128,
    },
}

impl From<DivideByZeroError> for MathError {
    fn from(_: DivideByZeroError) -> Self {
        MathError::DivideByZero
    }
}

impl From<CheckedMultiplyRatioError> for MathError {
    fn from(err: CheckedMultiplyRatioError) -> Self {
        match err {
            CheckedMultiplyRatioError::DivideByZero => MathError::DivideByZero,
            CheckedMultiplyRatioError::Overflow => overflow(OverflowOperation::Mul),
        }
    }
}

impl From<CheckedFromRatioError> for MathError {
    fn from(err: CheckedFromRatioError) -> Self {
        match err {
            CheckedFromRatioError::DivideByZero => MathError::DivideByZero,
            CheckedFromRatioError::Overflow => overflow(OverflowOperation::Mul),
        }
    }
}

impl From<Decimal256RangeExceeded> for MathError {
    fn from(_: Decimal256RangeExceeded) -> Self {
        MathError::DecimalRangeExceeded
    }
}

impl From<DecimalRangeExceeded> for MathError {
    fn from(_: DecimalRangeExceeded) -> Self {
        MathError::DecimalRangeExceeded
    }
}

impl MathError {
    /// Shorthand for [`MathError::InvalidParam`].
    pub fn invalid_param(name: impl Into<String>, reason: impl Into<String>) -> Self {
        MathError::InvalidParam {
            name: name.into(),
            reason: reason.into(),
        }
    }
}

/// An [`MathError::Overflow`] for `operation`.
pub(crate) fn overflow(operation: OverflowOperation) -> MathError {
    MathError::Overflow {
        source: OverflowError::new(operation),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Uint256, Uint512};

    #[test]
    fn conversions_from_std_errors() {
        let e: MathError = Uint256::MAX.checked_add(Uint256::one()).unwrap_err().into();
        assert!(matches!(e, MathError::Overflow { .. }));
        let e: MathError = Uint128::try_from(Uint512::MAX).unwrap_err().into();
        assert!(matches!(e, MathError::ConversionOverflow { .. }));
        let e: MathError = Uint256::one()
            .checked_div(Uint256::zero())
            .unwrap_err()
            .into();
        assert_eq!(e, MathError::DivideByZero);
        let e: MathError = CheckedMultiplyRatioError::DivideByZero.into();
        assert_eq!(e, MathError::DivideByZero);
        let e: MathError = CheckedFromRatioError::Overflow.into();
        assert!(matches!(e, MathError::Overflow { .. }));
        let e: MathError = Decimal256RangeExceeded.into();
        assert_eq!(e, MathError::DecimalRangeExceeded);
        assert_eq!(
            MathError::invalid_param("x", "bad").to_string(),
            "invalid parameter x: bad"
        );
    }
}
