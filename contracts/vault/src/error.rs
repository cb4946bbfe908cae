//! The vault's error type.

use ballast_math::MathError;
use ballast_types::ownership::OwnershipError;
use cosmwasm_std::{Decimal256, StdError, Uint128};
use thiserror::Error;

/// `Result` of every vault function.
pub type ContractResult<T> = Result<T, ContractError>;

/// Everything the vault refuses, with the data to understand why. User mistakes never panic and
/// leave state untouched (the transaction is reverted).
#[derive(Error, Debug)]
pub enum ContractError {
    /// A cosmwasm-std error (storage, serialisation, a failed query such as an oracle error).
    #[error(transparent)]
    Std(#[from] StdError),

    /// A maths error (overflow, zero shares, ...).
    #[error(transparent)]
    Math(#[from] MathError),

    /// An ownership transition was refused.
    #[error(transparent)]
    Ownership(#[from] OwnershipError),

    /// A governance rule refused the change (a ramp too long, a steward step too large, …).
    #[error(transparent)]
    Governance(#[from] ballast_types::governance::GovernanceError),

    /// A threshold ramp given with an update that does not cut the liquidation threshold.
    #[error("threshold_ramp_s needs a cut of {denom}'s liquidation threshold (in force {current}, asked {target})")]
    RampWithoutCut {
        /// The denom.
        denom: String,
        /// Threshold in force.
        current: cosmwasm_std::Decimal,
        /// Threshold asked.
        target: cosmwasm_std::Decimal,
    },

    /// The sender may not send this message.
    #[error("unauthorized")]
    Unauthorized,

    /// The attached funds are not what the message expects.
    #[error("invalid funds: {reason}")]
    InvalidFunds {
        /// What is wrong.
        reason: String,
    },

    /// A zero amount where a positive one is needed.
    #[error("amount must be positive")]
    ZeroAmount,

    /// A denom is malformed.
    #[error("invalid denom {denom:?}: {reason}")]
    InvalidDenom {
        /// The denom given.
        denom: String,
        /// What is wrong.
        reason: String,
    },

    /// The denom is not listed.
    #[error("asset {denom} is not listed")]
    AssetNotListed {
        /// The denom.
        denom: String,
    },

    /// `ListAsset` of a denom already listed.
    #[error("asset {denom} is already listed")]
    AssetAlreadyListed {
        /// The denom.
        denom: String,
    },

    /// The asset has no collateral parameters.
    #[error("{denom} is not accepted as collateral")]
    NotCollateral {
        /// The denom.
        denom: String,
    },

    /// The asset has no lending pool.
    #[error("{denom} cannot be supplied or borrowed")]
    NotBorrowable {
        /// The denom.
        denom: String,
    },

    /// An action that needs every asset of the account priced (borrow, withdraw with debt)
    /// found a denom the oracle cannot price.
    #[error("no Default price for {denom}: {reason}")]
    PriceUnavailable {
        /// The denom.
        denom: String,
        /// The oracle's reason.
        reason: String,
    },

    /// A deposit on behalf of another address may only top up a collateral the account already
    /// holds; a new asset needs the owner (INVARIANTS 30).
    #[error("only the owner may add {denom} to account ({owner}, {account})")]
    NewAssetNotOwner {
        /// The account's owner.
        owner: String,
        /// Sub-account.
        account: u32,
        /// The denom the account does not hold yet.
        denom: String,
    },

    /// A settlement for an account with a debt the oracle cannot price at `Liquidation` kind.
    #[error("account ({owner}, {account}) cannot be valued: no Liquidation price for {denom}")]
    AccountUnpriceable {
        /// Owner.
        owner: String,
        /// Sub-account.
        account: u32,
        /// The first debt denom without a price.
        denom: String,
    },

    /// A settlement that seizes a collateral without a `Liquidation` price (it counts zero and
    /// cannot be seized).
    #[error("collateral {denom} has no Liquidation price and cannot be seized")]
    CollateralUnpriced {
        /// The denom.
        denom: String,
    },

    /// The action is paused for this denom.
    #[error("{action} of {denom} is paused")]
    Paused {
        /// The denom.
        denom: String,
        /// The paused action (`deposit`, `withdraw`, `supply`, `redeem`, `borrow`).
        action: String,
    },

    /// The account `(owner, account)` does not exist (it is created by a first `Deposit`).
    #[error("account ({owner}, {account}) does not exist")]
    AccountNotFound {
        /// Owner.
        owner: String,
        /// Sub-account.
        account: u32,
    },

    /// The action would give the account more distinct denoms than allowed.
    #[error("an account may hold at most {max} distinct assets")]
    TooManyAssets {
        /// `max_assets_per_account`.
        max: u8,
    },

    /// A deposit, supply or borrow cap would be exceeded.
    #[error("{denom}: cap {cap} would be exceeded (total {total})")]
    CapExceeded {
        /// The denom.
        denom: String,
        /// The cap.
        cap: Uint128,
        /// The total the action would reach.
        total: Uint128,
    },

    /// Not enough free liquidity (supplied − borrowed) in the pool.
    #[error("insufficient liquidity in {denom}: {requested} requested, {available} available")]
    InsufficientLiquidity {
        /// The denom.
        denom: String,
        /// Free liquidity now.
        available: Uint128,
        /// Amount asked for.
        requested: Uint128,
    },

    /// The initial margin `D ≤ B` would not hold after the action.
    #[error(
        "insufficient collateral: debt value {debt_value} > borrow capacity {borrow_capacity}"
    )]
    InsufficientCollateral {
        /// `D` after the action.
        debt_value: Uint128,
        /// `B` after the action.
        borrow_capacity: Uint128,
    },

    /// A borrow would leave the account's debt in the denom worth less than `min_debt_value`.
    #[error("debt in {denom} worth {value} is below the minimum of {min}")]
    DebtBelowMinimum {
        /// The denom.
        denom: String,
        /// Value of the debt in that denom after the borrow.
        value: Uint128,
        /// `min_debt_value`.
        min: Uint128,
    },

    /// More collateral asked than the account holds.
    #[error("account holds {held} {denom} of collateral, {requested} requested")]
    InsufficientCollateralBalance {
        /// The denom.
        denom: String,
        /// Held.
        held: Uint128,
        /// Asked for.
        requested: Uint128,
    },

    /// More supply asked than the lender holds.
    #[error("lender holds {held} {denom} of supply, {requested} requested")]
    InsufficientSupply {
        /// The denom.
        denom: String,
        /// The lender's assets.
        held: Uint128,
        /// Asked for.
        requested: Uint128,
    },

    /// More reserves asked than the market has.
    #[error("reserves of {denom} are {available}, {requested} requested")]
    InsufficientReserves {
        /// The denom.
        denom: String,
        /// Reserves.
        available: Uint128,
        /// Asked for.
        requested: Uint128,
    },

    /// The account owes nothing in this denom.
    #[error("the account owes no {denom}")]
    NoDebt {
        /// The denom.
        denom: String,
    },

    /// A settlement repays more than the account owes.
    #[error("repayment of {sent} {denom} exceeds the debt of {debt}")]
    RepayExceedsDebt {
        /// The denom.
        denom: String,
        /// The account's debt.
        debt: Uint128,
        /// Sent.
        sent: Uint128,
    },

    /// `SettleLiquidation` for an account that is not liquidatable (`D ≤ L`) at the vault's own
    /// `Liquidation` prices.
    #[error("position is not liquidatable (health factor {health_factor:?})")]
    NotLiquidatable {
        /// `L / D`; `None` without debt.
        health_factor: Option<Decimal256>,
    },

    /// `SettleLiquidation` would release collateral worth more than the repaid debt times
    /// `1 + MAX_BONUS` (+1 unit).
    #[error("collateral seized worth {seized_value} exceeds the bound {max_value}")]
    SeizeTooLarge {
        /// `floor(seize · p_collateral)`.
        seized_value: Uint128,
        /// `floor(ceil(repaid · p_debt) · (1 + MAX_BONUS)) + 1`.
        max_value: Uint128,
    },

    /// `SettleLiquidation` with `protocol_fee > seize`.
    #[error("protocol fee {protocol_fee} exceeds the collateral seized {seize}")]
    FeeExceedsSeize {
        /// Fee.
        protocol_fee: Uint128,
        /// Seize.
        seize: Uint128,
    },

    /// A parameter is outside its bounds (RISK.md).
    #[error("invalid parameter {name}: {reason}")]
    InvalidParam {
        /// Name.
        name: String,
        /// What is wrong.
        reason: String,
    },

    /// `ListAsset` of a denom the oracle cannot price.
    #[error("the oracle has no price source for {denom}")]
    NoPriceSource {
        /// The denom.
        denom: String,
    },

    /// `ListAsset` with decimals other than the oracle's for the denom.
    #[error("{denom}: listed with {listed} decimals but the oracle uses {oracle}")]
    DecimalsMismatch {
        /// The denom.
        denom: String,
        /// Decimals given.
        listed: u8,
        /// Decimals registered in the oracle.
        oracle: u8,
    },

    /// A page size of 0.
    #[error("limit must be at least 1")]
    InvalidLimit,

    /// Migration refused: see [`ballast_types::migrate::MigrateError`].
    #[error(transparent)]
    Migrate(#[from] ballast_types::migrate::MigrateError),
}

impl ContractError {
    /// Shorthand for [`ContractError::InvalidFunds`].
    pub fn invalid_funds(reason: impl Into<String>) -> Self {
        Self::InvalidFunds {
            reason: reason.into(),
        }
    }

    /// Shorthand for [`ContractError::InvalidParam`].
    pub fn invalid_param(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidParam {
            name: name.into(),
            reason: reason.into(),
        }
    }
}

impl From<cosmwasm_std::OverflowError> for ContractError {
    fn from(err: cosmwasm_std::OverflowError) -> Self {
        Self::Math(MathError::from(err))
    }
}
