//! Messages and responses of the liquidation contract (`ballast-liquidation`).
//!
//! The liquidation contract is the permissionless entry for liquidators and holds the liquidation
//! *policy* (RISK.md, "Liquidation"): close factor, full-liquidation threshold, dynamic bonus
//! curves, protocol fee and dust threshold. It computes every amount with
//! `ballast_math::compute_liquidation` from ONE `LiquidationContext` query to the vault and asks
//! the vault to settle with `SettleLiquidation`. It holds coins only for the length of one
//! transaction.
//!
//! The vault reads [`QueryMsg::Policy`] when it lists or updates a collateral, to check
//! `liquidation_threshold · (1 + bonus.max) < 1` with the curve that applies to that denom
//! ([`LiquidationPolicy::bonus_for`]).
//!
//! Units: amounts are `Uint128` in smallest units of their denom, values `Uint128` in smallest
//! units of the oracle's quote asset, ratios `Decimal`, health factors `Decimal256`.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Api, Decimal, Decimal256, StdResult, Uint128};

pub use ballast_math::liquidation::{BonusCurve, LiquidationParams};
// Re-exported so the liquidation contract's whole interface is in this module.
use crate::governance::{bonus_step, GovernanceError, StewardLimits};
pub use crate::ownership::{Ownership, OwnershipAction};
use crate::vault::{MissingPrice, PricedCollateral, PricedDebt};

/// Most bonus-curve overrides a policy may hold: each liquidation looks its curve up in the list.
pub const MAX_BONUS_OVERRIDES: usize = 32;

/// Page size of `LiquidatablePositions` when no limit is given.
pub const DEFAULT_LIQUIDATABLE_LIMIT: u32 = 10;
/// Largest page size of `LiquidatablePositions`: larger limits are clamped to it.
pub const MAX_LIQUIDATABLE_LIMIT: u32 = 30;
/// Most accounts one `LiquidatablePositions` query examines (in pages of the vault's `Positions`
/// query) before it returns what it found with a cursor to continue from.
pub const MAX_SCANNED_ACCOUNTS: u32 = 90;

/// Instantiates the liquidation contract.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
pub struct InstantiateMsg {
    /// Address that may update the policy and the configuration and hand over ownership.
    pub owner: String,
    /// The vault (`ballast-vault`) whose accounts this contract liquidates.
    pub vault: String,
    /// Receives the protocol fee (a share of the bonus, in the seized collateral).
    pub treasury: String,
    /// The liquidation policy; validated against RISK.md's bounds and the vault's listed
    /// collaterals.
    pub policy: LiquidationPolicy,
}

/// The liquidation policy (RISK.md, "Liquidation").
///
/// Bounds: `0 < close_factor ≤ 1`, `0 < full_liquidation_hf ≤ 1`, `0 ≤ protocol_fee_share < 1`;
/// each bonus curve `0 ≤ min ≤ start ≤ max ≤ 0.3` and `slope ≤ 10`; at most
/// [`MAX_BONUS_OVERRIDES`] overrides, no denom twice; and for every collateral listed in the
/// vault, `liquidation_threshold · (1 + bonus.max) < 1` with the curve that applies to it.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
pub struct LiquidationPolicy {
    /// Share of a debt that one liquidation may repay while `HF ≥ full_liquidation_hf`.
    pub close_factor: Decimal,
    /// Below this health factor the whole debt may be repaid.
    pub full_liquidation_hf: Decimal,
    /// Share of the bonus that goes to the treasury.
    pub protocol_fee_share: Decimal,
    /// Smallest value (quote units) a debt or collateral may be left with after a liquidation;
    /// 0 turns the dust rules off.
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

    /// The parameters `ballast_math::compute_liquidation` takes.
    pub fn params(&self) -> LiquidationParams {
        LiquidationParams {
            close_factor: self.close_factor,
            full_liquidation_hf: self.full_liquidation_hf,
            protocol_fee_share: self.protocol_fee_share,
            min_leftover_value: self.min_leftover_value,
        }
    }
}

impl LiquidationPolicy {
    /// What the risk steward may change: only bonus curves, each within
    /// [`governance::bonus_step`](crate::governance::bonus_step) (the same slope; `start`, `min`,
    /// `max` by at most `limits.bonus_step`), never another field, and never adding or removing
    /// an override. The curves that moved: `""` for the default curve, else the collateral denom.
    pub fn steward_check(
        &self,
        new: &LiquidationPolicy,
        limits: &StewardLimits,
    ) -> Result<Vec<String>, GovernanceError> {
        for (field, same) in [
            ("close_factor", self.close_factor == new.close_factor),
            (
                "full_liquidation_hf",
                self.full_liquidation_hf == new.full_liquidation_hf,
            ),
            (
                "protocol_fee_share",
                self.protocol_fee_share == new.protocol_fee_share,
            ),
            (
                "min_leftover_value",
                self.min_leftover_value == new.min_leftover_value,
            ),
        ] {
            if !same {
                return Err(GovernanceError::NotAllowed {
                    what: format!("change the liquidation policy's {field}"),
                });
            }
        }
        let mut moved = vec![];
        if bonus_step("default", &self.default_bonus, &new.default_bonus, limits)? {
            moved.push(String::new());
        }
        for (denom, _) in &self.bonus_overrides {
            if !new.bonus_overrides.iter().any(|(d, _)| d == denom) {
                return Err(GovernanceError::NotAllowed {
                    what: format!("remove the bonus override of {denom}"),
                });
            }
        }
        for (denom, curve) in &new.bonus_overrides {
            let Some((_, old)) = self.bonus_overrides.iter().find(|(d, _)| d == denom) else {
                return Err(GovernanceError::NotAllowed {
                    what: format!("add a bonus override for {denom}"),
                });
            };
            if bonus_step(denom, old, curve, limits)? {
                moved.push(denom.clone());
            }
        }
        Ok(moved)
    }
}

/// The contract's configuration: addresses as strings (`ConfigUnchecked`, user input) or checked
/// (`Config`, stored and returned by the `Config {}` query).
#[cw_serde]
pub struct ConfigBase<T> {
    /// The vault whose accounts are liquidated.
    pub vault: T,
    /// Receives the protocol fee.
    pub treasury: T,
}

/// Configuration with unchecked addresses.
pub type ConfigUnchecked = ConfigBase<String>;
/// Configuration with checked addresses: what the contract stores.
pub type Config = ConfigBase<Addr>;

impl ConfigUnchecked {
    /// Validates both addresses (bech32, lowercase).
    pub fn check(&self, api: &dyn Api) -> StdResult<Config> {
        Ok(Config {
            vault: api.addr_validate(&self.vault)?,
            treasury: api.addr_validate(&self.treasury)?,
        })
    }
}

/// Messages the liquidation contract executes.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
pub enum ExecuteMsg {
    /// Liquidates account `(owner, account)`: repays debt in the denom of the ONE coin attached
    /// and seizes collateral `collateral_denom`. Permissionless, except that the owner may not
    /// liquidate any of its own sub-accounts.
    ///
    /// The account must be liquidatable (`D > L`) at `Liquidation` prices. Amounts follow
    /// RISK.md: dynamic bonus, close factor (the whole debt below `full_liquidation_hf`), repay
    /// capped by what the collateral pays for, dust rules, protocol fee. The debt repaid is sent
    /// to the vault with `SettleLiquidation`; the unused part of the coin is refunded to the
    /// sender in the same transaction; the collateral minus the protocol fee goes to `recipient`.
    /// If the account is left with debt and no collateral, the vault writes the debt off.
    Liquidate {
        /// Owner of the account liquidated.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Collateral denom to seize.
        collateral_denom: String,
        /// Fails with `SlippageExceeded` if the collateral the recipient would receive
        /// (`seized − protocol_fee`) is less than this.
        min_collateral_out: Option<Uint128>,
        /// Receives the collateral; the sender when omitted.
        recipient: Option<String>,
    },
    /// Replaces the policy. The owner; or the vault's risk steward (the vault's `Steward {}`) for
    /// bonus curves only, each within its band (`start`, `min`, `max` by at most the steward's
    /// `bonus_step`, the same slope, no override added or removed), at most once per cooldown per
    /// curve (`LiquidationPolicy::steward_check`). Validated like at instantiation, including
    /// against every collateral listed in the vault; a bad policy is rejected whole.
    UpdatePolicy {
        /// The new policy.
        policy: LiquidationPolicy,
    },
    /// Updates the configuration. Owner only. Only what is given changes. A new vault must
    /// accept the current policy (every collateral it lists within the bonus bound).
    UpdateConfig {
        /// New vault.
        vault: Option<String>,
        /// New treasury.
        treasury: Option<String>,
    },
    /// Two-step ownership (cw-ownable's shape): `transfer_ownership` (owner only, may expire),
    /// `accept_ownership` (the pending owner only), `renounce_ownership` (owner only; the policy
    /// and configuration are frozen from then on, liquidations go on).
    UpdateOwnership(OwnershipAction),
}

/// Queries the liquidation contract answers.
#[cw_serde]
#[derive(QueryResponses)]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
#[derive(ballast_compact::WriteJson)]
pub enum QueryMsg {
    /// Exactly what `Liquidate` would do in the same block with `debt_amount` of `debt_denom`
    /// attached (the same code computes both): amounts, bonus, health, refund and bad debt.
    /// Errors are `Liquidate`'s errors.
    #[returns(SimulateLiquidationResponse)]
    SimulateLiquidation {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Debt denom to repay (the denom of the coin `Liquidate` would carry).
        debt_denom: String,
        /// Collateral denom to seize.
        collateral_denom: String,
        /// The amount `Liquidate` would carry; when omitted, as much as the policy allows (the
        /// answer's `repay` is then the amount to send, and `refund` is 0).
        debt_amount: Option<Uint128>,
    },
    /// Accounts with `HF < 1` at `Liquidation` prices, ordered by `(owner, account)`, with their
    /// position. Examines at most [`MAX_SCANNED_ACCOUNTS`] accounts of the vault per call; continue
    /// from `next_start_after` until it is `None`. A missing price never fails the scan: accounts
    /// owing a debt without a price are listed in `unpriceable` and passed over.
    #[returns(LiquidatablePositionsResponse)]
    LiquidatablePositions {
        /// Examine only accounts after this `(owner, account)`.
        start_after: Option<(String, u32)>,
        /// Most positions returned: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// The current policy.
    #[returns(LiquidationPolicy)]
    Policy {},
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// The owner, the pending owner and when the proposal lapses.
    #[returns(Ownership)]
    Ownership {},
}

/// One debt the vault would write off.
#[cw_serde]
pub struct WrittenOffDebt {
    /// Debt denom.
    pub denom: String,
    /// Amount written off (at the current block, interest included).
    pub amount: Uint128,
}

/// Answer to `SimulateLiquidation`: what `Liquidate` would do now.
#[cw_serde]
pub struct SimulateLiquidationResponse {
    /// Owner of the account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Debt denom repaid.
    pub debt_denom: String,
    /// Collateral denom seized.
    pub collateral_denom: String,
    /// Debt repaid (sent on to the vault).
    pub repay: Uint128,
    /// Collateral released from the account: `to_liquidator + protocol_fee`.
    pub seized: Uint128,
    /// Collateral the recipient receives (what `min_collateral_out` is compared with).
    pub to_liquidator: Uint128,
    /// Collateral the treasury receives: `floor(seized · bonus · protocol_fee_share / (1 +
    /// bonus))`.
    pub protocol_fee: Uint128,
    /// Liquidation bonus applied.
    pub bonus: Decimal,
    /// Unused part of `debt_amount`, refunded in the same transaction (0 when `debt_amount` is
    /// omitted).
    pub refund: Uint128,
    /// Health factor before, at `Liquidation` prices.
    pub health_before: Decimal256,
    /// Health factor after; `None` when the account owes nothing afterwards.
    pub health_after: Option<Decimal256>,
    /// Value (quote units, each debt rounded up) of the debt the vault writes off because the
    /// account is left with debt and no collateral; 0 when nothing is written off.
    pub bad_debt: Uint128,
    /// The debts written off, per denom (empty when `bad_debt` is 0): what remains of each debt
    /// amount. The vault writes off the remaining debt *shares*, whose value in assets is rounded
    /// up, so its `ballast_bad_debt` amount can be one unit more per denom.
    pub written_off: Vec<WrittenOffDebt>,
}

/// One account in [`LiquidatablePositionsResponse`].
#[cw_serde]
pub struct LiquidatablePosition {
    /// Owner of the account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// `L / D` (rounded down), below 1.
    pub health_factor: Decimal256,
    /// `C`.
    pub collateral_value: Uint128,
    /// `D`.
    pub debt_value: Uint128,
    /// `L`.
    pub liquidation_capacity: Uint128,
    /// Collaterals at `Liquidation` prices, ordered by denom.
    pub collaterals: Vec<PricedCollateral>,
    /// Debts at `Liquidation` prices, ordered by denom.
    pub debts: Vec<PricedDebt>,
    /// Collateral denoms without a `Liquidation` price (shown with price 0, counted zero, not
    /// seizable), with the oracle's reason.
    #[serde(default)]
    pub missing_prices: Vec<MissingPrice>,
}

/// An account a scan passed over because a debt denom has no `Liquidation` price: it cannot be
/// valued until that price returns. Reported so bots and risk teams see it; it never stops a
/// scan.
#[cw_serde]
pub struct UnpriceablePosition {
    /// Owner of the account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// The account's denoms without a price, with the oracle's reason.
    pub missing_prices: Vec<MissingPrice>,
}

/// Answer to `LiquidatablePositions`.
#[cw_serde]
pub struct LiquidatablePositionsResponse {
    /// Liquidatable accounts found, ordered by `(owner, account)`.
    pub positions: Vec<LiquidatablePosition>,
    /// Accounts examined in this call that owe a debt the oracle cannot price (ordered by
    /// `(owner, account)`); the scan carried on past them.
    #[serde(default)]
    pub unpriceable: Vec<UnpriceablePosition>,
    /// Where to continue (`start_after` of the next call); `None` once every account was
    /// examined.
    pub next_start_after: Option<(String, u32)>,
}

/// Migrates the liquidation contract. Only a newer version of the same contract is accepted.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[schemaifier(mute_warnings)]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    fn curve(max: u64) -> BonusCurve {
        BonusCurve {
            start: Decimal::percent(5),
            slope: Decimal::one(),
            min: Decimal::percent(2),
            max: Decimal::percent(max),
        }
    }

    #[test]
    fn bonus_for_prefers_the_override() {
        let policy = LiquidationPolicy {
            close_factor: Decimal::percent(50),
            full_liquidation_hf: Decimal::percent(95),
            protocol_fee_share: Decimal::percent(10),
            min_leftover_value: Uint128::new(1),
            default_bonus: curve(15),
            bonus_overrides: vec![("uatom".into(), curve(20))],
        };
        assert_eq!(policy.bonus_for("uatom").max, Decimal::percent(20));
        assert_eq!(policy.bonus_for("wei").max, Decimal::percent(15));
        assert_eq!(policy.params().close_factor, Decimal::percent(50));
        assert_eq!(policy.params().min_leftover_value, Uint128::new(1));
    }

    #[test]
    fn message_shapes() {
        let msg: ExecuteMsg =
            from_json(r#"{"liquidate":{"owner":"cosmwasm1abc","collateral_denom":"uatom"}}"#)
                .unwrap();
        assert_eq!(
            msg,
            ExecuteMsg::Liquidate {
                owner: "cosmwasm1abc".into(),
                account: None,
                collateral_denom: "uatom".into(),
                min_collateral_out: None,
                recipient: None,
            }
        );
        let msg: QueryMsg =
            from_json(r#"{"liquidatable_positions":{"start_after":["cosmwasm1abc",3],"limit":5}}"#)
                .unwrap();
        assert_eq!(
            msg,
            QueryMsg::LiquidatablePositions {
                start_after: Some(("cosmwasm1abc".into(), 3)),
                limit: Some(5)
            }
        );
        assert_eq!(
            to_json_string(&QueryMsg::Policy {}).unwrap(),
            r#"{"policy":{}}"#
        );
        let policy: LiquidationPolicy = from_json(
            r#"{"close_factor":"0.5","full_liquidation_hf":"0.95","protocol_fee_share":"0.1",
                "min_leftover_value":"1000000",
                "default_bonus":{"start":"0.05","slope":"1","min":"0.02","max":"0.15"},
                "bonus_overrides":[["uatom",{"start":"0.05","slope":"1","min":"0.02","max":"0.2"}]]}"#,
        )
        .unwrap();
        assert_eq!(policy.bonus_for("uatom").max, Decimal::percent(20));
    }

    #[test]
    fn config_check_rejects_bad_addresses() {
        let api = cosmwasm_std::testing::MockApi::default();
        let good = api.addr_make("x").to_string();
        let bad = ConfigUnchecked {
            vault: good.clone(),
            treasury: good.to_uppercase(),
        };
        assert!(bad.check(&api).is_err());
        let ok = ConfigUnchecked {
            vault: good.clone(),
            treasury: good.clone(),
        };
        assert_eq!(ok.check(&api).unwrap().vault.as_str(), good);
    }
}
