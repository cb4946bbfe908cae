//! Messages and responses of the liquidation contract (`ballast-liquidation`).
//!
//! For now only what the vault needs: the `Policy {}` query and its answer, which the vault reads
//! when listing or updating a collateral to check `liquidation_threshold · (1 + bonus.max) < 1`
//! with the bonus curve that applies to that denom. The liquidation contract's author extends this
//! module (instantiate and execute messages, the other queries) keeping these shapes.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Decimal, Uint128};

pub use ballast_math::liquidation::BonusCurve;

/// The liquidation policy (RISK.md, "Liquidation").
#[cw_serde]
pub struct LiquidationPolicy {
    /// Share of a debt that one liquidation may repay while `HF ≥ full_liquidation_hf`.
    pub close_factor: Decimal,
    /// Below this health factor the whole debt may be repaid.
    pub full_liquidation_hf: Decimal,
    /// Share of the bonus that goes to the treasury.
    pub protocol_fee_share: Decimal,
    /// Smallest value (quote units) a debt or collateral may be left with after a liquidation.
    pub min_leftover_value: Uint128,
    /// Bonus curve of collaterals without an override.
    pub default_bonus: BonusCurve,
    /// Bonus curves of specific collateral denoms.
    pub bonus_overrides: Vec<(String, BonusCurve)>,
}

impl LiquidationPolicy {
    /// The bonus curve that applies to collateral `denom`: its override, else the default.
    pub fn bonus_for(&self, denom: &str) -> &BonusCurve {
        self.bonus_overrides
            .iter()
            .find(|(d, _)| d == denom)
            .map(|(_, curve)| curve)
            .unwrap_or(&self.default_bonus)
    }
}

/// Queries the liquidation contract answers (the part other contracts use).
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The current policy.
    #[returns(LiquidationPolicy)]
    Policy {},
}
