//! The liquidation contract's errors.

use ballast_kit::KitError;
use ballast_math::MathError;
use cosmwasm_std::{Decimal, Decimal256, StdError, Uint128};
use thiserror::Error;

/// Result of every fallible function of the contract.
pub type ContractResult<T> = Result<T, ContractError>;

/// Everything that can go wrong in the liquidation contract. User mistakes are typed errors and
/// leave state untouched.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A standard library error (storage, serialisation, a query to the vault that failed).
    #[error("{0}")]
    Std(#[from] StdError),

    /// A maths error not covered by a more specific variant (e.g. an overflow).
    #[error("{0}")]
    Math(MathError),

    /// A rule every contract shares refused: funds (exactly one coin for `Liquidate`, none
    /// otherwise), an address, a denom, a page limit, ownership (`NotOwner` …) or migration.
    #[error(transparent)]
    Kit(#[from] KitError),

    /// A governance rule refused the change (the risk steward outside its band or inside its
    /// cooldown).
    #[error(transparent)]
    Governance(#[from] ballast_types::governance::GovernanceError),

    // ---- liquidation ----
    /// The owner of an account (any of its sub-accounts) tried to liquidate it.
    #[error("self-liquidation: the owner of an account may not liquidate it")]
    SelfLiquidation,

    /// The collateral would go to an address that cannot receive it.
    #[error("invalid recipient {recipient}: {reason}")]
    InvalidRecipient {
        /// The recipient given.
        recipient: String,
        /// Why it was rejected.
        reason: String,
    },

    /// The account is healthy (`D ≤ L`) at `Liquidation` prices.
    #[error("account is not liquidatable: health factor {}", health_factor.map(|hf| hf.to_string()).unwrap_or_else(|| "none (no debt)".to_string()))]
    NotLiquidatable {
        /// Its health factor; `None` when it owes nothing.
        health_factor: Option<Decimal256>,
    },

    /// The account holds no collateral in this denom.
    #[error("the account holds no collateral in {denom}")]
    UnknownCollateral {
        /// The collateral denom asked.
        denom: String,
    },

    /// The account owes nothing in this denom.
    #[error("the account owes no debt in {denom}")]
    NoDebtInDenom {
        /// The debt denom sent or asked.
        denom: String,
    },

    /// The recipient would receive less collateral than `min_collateral_out`.
    #[error("slippage exceeded: {actual} collateral out, at least {min} required")]
    SlippageExceeded {
        /// `min_collateral_out`.
        min: Uint128,
        /// What the recipient would receive.
        actual: Uint128,
    },

    /// Less debt was sent than the dust rules require for this liquidation.
    #[error("insufficient repayment: {needed} needed (dust rules), {sent} sent")]
    InsufficientRepayment {
        /// Debt the liquidation needs.
        needed: Uint128,
        /// Debt sent.
        sent: Uint128,
    },

    /// The liquidation rounds to nothing on one side: never a free transfer.
    #[error("liquidation rounds to zero: repay {repay}, seized {seized}")]
    ZeroLiquidation {
        /// Debt that would be repaid.
        repay: Uint128,
        /// Collateral that would be seized.
        seized: Uint128,
    },

    /// A zero `debt_amount` in `SimulateLiquidation`.
    #[error("debt amount must be positive")]
    ZeroAmount,

    /// The bonus is above what the vault accepts at settlement.
    #[error("bonus {bonus} above the vault's maximum {max}")]
    BonusAboveVaultMax {
        /// Bonus computed.
        bonus: Decimal,
        /// The vault's maximum.
        max: Decimal,
    },

    // ---- policy and configuration ----
    /// A policy parameter outside RISK.md's bounds.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParam {
        /// The parameter, e.g. `close_factor` or `bonus_overrides[uatom].max`.
        name: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The same denom twice in `bonus_overrides`.
    #[error("duplicate bonus override for {denom}")]
    DuplicateOverride {
        /// The repeated denom.
        denom: String,
    },

    /// More bonus overrides than allowed.
    #[error("too many bonus overrides: {count} > {max}")]
    TooManyOverrides {
        /// Overrides given.
        count: usize,
        /// Most allowed.
        max: usize,
    },

    /// A collateral listed in the vault would break `liquidation_threshold · (1 + bonus.max) < 1`
    /// under the policy.
    #[error("policy conflicts with collateral {denom}: liquidation_threshold {liquidation_threshold} · (1 + {bonus_max}) must be < 1")]
    PolicyConflictsWithAsset {
        /// The collateral denom.
        denom: String,
        /// Its liquidation threshold in the vault.
        liquidation_threshold: Decimal,
        /// The bonus max the policy would give it.
        bonus_max: Decimal,
    },

    // ---- missing prices ----
    /// The account owes a debt the oracle cannot price at `Liquidation` kind: it cannot be valued
    /// until that price returns (other accounts are not affected).
    #[error("account ({owner}, {account}) cannot be valued: no Liquidation price for {denoms:?}")]
    AccountUnpriceable {
        /// Owner.
        owner: String,
        /// Sub-account.
        account: u32,
        /// The denoms without a price.
        denoms: Vec<String>,
    },

    /// The chosen collateral has no `Liquidation` price: it counts zero and cannot be seized
    /// (another collateral of the account can).
    #[error("collateral {denom} has no Liquidation price and cannot be seized: {reason}")]
    CollateralUnpriced {
        /// The denom.
        denom: String,
        /// The oracle's reason.
        reason: String,
    },
}

impl From<MathError> for ContractError {
    /// Maths errors with a liquidation meaning become their own variants; the rest stay wrapped.
    /// (`NoDebt`/`NoCollateral` need a denom: the liquidation code maps those itself.)
    fn from(err: MathError) -> Self {
        match err {
            MathError::NotLiquidatable { health_factor } => {
                ContractError::NotLiquidatable { health_factor }
            }
            MathError::InsufficientRepayment { needed, sent } => {
                ContractError::InsufficientRepayment { needed, sent }
            }
            MathError::ZeroLiquidation { repay, seized } => {
                ContractError::ZeroLiquidation { repay, seized }
            }
            MathError::ZeroAmount => ContractError::ZeroAmount,
            MathError::InvalidParam { name, reason } => {
                ContractError::InvalidParam { name, reason }
            }
            other => ContractError::Math(other),
        }
    }
}
