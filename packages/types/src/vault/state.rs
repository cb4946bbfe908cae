//! What the vault stores: its configuration and listed assets with their parameters.

use ballast_compact::cw_serde_compact;
use cosmwasm_std::{Addr, Api, Decimal, StdResult, Uint128, Uint256};

use super::{InstantiateMsg, RateModel};

/// Upper bound of `max_assets_per_account`: the oracle prices at most 32 denoms per `Prices`
/// query, and every account is priced with one such query.
pub const MAX_ASSETS_PER_ACCOUNT: u8 = 32;

/// The vault's configuration: addresses as strings (`ConfigUnchecked`, user input) or checked
/// (`Config`, stored and returned by the `Config {}` query).
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
pub struct ConfigBase<T> {
    /// The oracle adapter.
    pub oracle: T,
    /// The liquidation contract allowed to send `SettleLiquidation`.
    pub liquidation: Option<T>,
    /// Default recipient of reserves.
    pub treasury: T,
    /// Address that may pause and unpause actions besides the owner.
    pub guardian: Option<T>,
    /// Smallest value of an account's debt in a denom after a `Borrow` (quote units).
    pub min_debt_value: Uint128,
    /// Largest number of distinct denoms (collateral and debt together) per account.
    pub max_assets_per_account: u8,
}

/// Configuration with unchecked addresses.
pub type ConfigUnchecked = ConfigBase<String>;
/// Configuration with checked addresses: what the vault stores.
pub type Config = ConfigBase<Addr>;

impl ConfigUnchecked {
    /// Validates every address (bech32, lowercase).
    pub fn check(&self, api: &dyn Api) -> StdResult<Config> {
        Ok(Config {
            oracle: api.addr_validate(&self.oracle)?,
            liquidation: self
                .liquidation
                .as_deref()
                .map(|a| api.addr_validate(a))
                .transpose()?,
            treasury: api.addr_validate(&self.treasury)?,
            guardian: self
                .guardian
                .as_deref()
                .map(|a| api.addr_validate(a))
                .transpose()?,
            min_debt_value: self.min_debt_value,
            max_assets_per_account: self.max_assets_per_account,
        })
    }
}

impl From<InstantiateMsg> for ConfigUnchecked {
    fn from(msg: InstantiateMsg) -> Self {
        Self {
            oracle: msg.oracle,
            liquidation: msg.liquidation,
            treasury: msg.treasury,
            guardian: msg.guardian,
            min_debt_value: msg.min_debt_value,
            max_assets_per_account: msg.max_assets_per_account,
        }
    }
}

/// Risk parameters of an asset used as collateral.
///
/// Bounds: `0 < max_ltv < liquidation_threshold < 1` and
/// `liquidation_threshold · (1 + bonus.max) < 1`, where `bonus.max` is the largest liquidation
/// bonus the liquidation contract's policy allows for this denom (0.3 when no liquidation contract
/// is configured).
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
pub struct CollateralParams {
    /// Maximum loan-to-value (initial margin): borrowing and withdrawing must keep `D ≤ B`,
    /// `B = Σ value_i · max_ltv_i`.
    pub max_ltv: Decimal,
    /// Liquidation threshold (maintenance margin): liquidatable when `D > L`,
    /// `L = Σ value_i · liquidation_threshold_i`.
    pub liquidation_threshold: Decimal,
    /// Largest total deposited as collateral; `None` = no cap.
    pub deposit_cap: Option<Uint128>,
}

/// Parameters of a borrowable asset's lending pool.
///
/// Bounds: the rate model's (`0 < optimal_utilization < 1`, rates and slopes ≤ 10) and
/// `0 ≤ reserve_factor < 1`.
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
pub struct LendingParams {
    /// Kinked interest-rate model: `r(U) = base + slope1·U/U*` up to `U*`, then
    /// `base + slope1 + slope2·(U−U*)/(1−U*)`, per year.
    pub rate_model: RateModel,
    /// Share of the interest kept as protocol reserves.
    pub reserve_factor: Decimal,
    /// Largest total supplied (suppliers' assets + reserves); `None` = no cap.
    pub supply_cap: Option<Uint128>,
    /// Largest total debt; `None` = no cap.
    pub borrow_cap: Option<Uint128>,
}

/// Which actions are paused for a denom. Repay and liquidation are never pausable: there is no
/// field for them (an unknown field such as `repay` is rejected). Omitted fields are `false`.
#[cw_serde_compact]
#[derive(Default, Copy, Eq)]
#[serde(default, deny_unknown_fields)]
#[schemaifier(mute_warnings)]
#[derive(ballast_compact::WriteJson)]
pub struct PausedActions {
    /// `Deposit` of the denom as collateral.
    pub deposit: bool,
    /// `Withdraw` of the denom's collateral by accounts that owe debt (an account without debt
    /// can always withdraw: it needs no price and puts nothing at risk).
    pub withdraw: bool,
    /// `Supply` of the denom to its lending pool.
    pub supply: bool,
    /// `Redeem` of supplied assets of the denom.
    pub redeem: bool,
    /// `Borrow` of the denom.
    pub borrow: bool,
}

/// A listed asset: the answer to `Asset { denom }`, and what the vault stores.
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
pub struct Asset {
    /// The denom.
    pub denom: String,
    /// Decimals of the denom's smallest unit (as registered in the oracle).
    pub decimals: u8,
    /// Collateral parameters; `None` = cannot be deposited as collateral.
    pub collateral: Option<CollateralParams>,
    /// Lending parameters; `None` = cannot be supplied or borrowed.
    pub lending: Option<LendingParams>,
    /// Paused actions.
    pub paused: PausedActions,
    /// A cut of the liquidation threshold in progress: `collateral.liquidation_threshold` is the
    /// target, and the threshold in force moves linearly from `from` at `start` to it at `end`
    /// ([`ThresholdRamp::at`]). Left out when no cut is ramping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_ramp: Option<ThresholdRamp>,
}

impl Asset {
    /// The liquidation threshold in force at `now` (block seconds): the ramp's interpolation
    /// while a cut is ramping, else the collateral parameters' own; 0 for a non-collateral.
    pub fn liquidation_threshold_at(&self, now: u64) -> Decimal {
        match (&self.collateral, &self.threshold_ramp) {
            (Some(c), Some(ramp)) => ramp.at(c.liquidation_threshold, now),
            (Some(c), None) => c.liquidation_threshold,
            (None, _) => Decimal::zero(),
        }
    }
}

/// A liquidation-threshold cut in progress: the effective threshold moves linearly from `from`
/// at `start` to the asset's stored (target) threshold at `end`. Nothing is stored per block:
/// the value is interpolated from the block time whenever it is read.
#[cw_serde_compact]
#[derive(ballast_compact::WriteJson)]
pub struct ThresholdRamp {
    /// Threshold before the cut.
    pub from: Decimal,
    /// Block time (seconds) the ramp started.
    pub start: u64,
    /// Block time (seconds) the target applies in full.
    pub end: u64,
    /// The threshold in force at the block of a query's answer (`Asset`, `Assets`), so that the
    /// current value, the target (`collateral.liquidation_threshold`) and the end are read
    /// together. Never stored, left out of events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Decimal>,
}

impl ThresholdRamp {
    /// The effective threshold at `now` for a ramp towards `target` (`target ≤ from`):
    /// `from − (from − target) · (now − start) / (end − start)`, the cut rounded DOWN, so the
    /// effective threshold is never below the line (no account becomes liquidatable earlier than
    /// the interpolation allows). `from` until `start`, `target` from `end` on.
    pub fn at(&self, target: Decimal, now: u64) -> Decimal {
        // a raise is never ramped: the target applies at once
        if self.from <= target || now >= self.end {
            return target;
        }
        if now <= self.start {
            return self.from;
        }
        let cut = self.from - target;
        let elapsed = now - self.start;
        let length = self.end - self.start;
        // floor(cut · elapsed / length) in atomics: exact, u128 · u64 fits in 256 bits
        let done = cut
            .atomics()
            .full_mul(u128::from(elapsed))
            .checked_div(Uint256::from(length))
            .ok()
            .and_then(|v| Uint128::try_from(v).ok())
            .map(Decimal::new)
            .unwrap_or(cut);
        self.from - done.min(cut)
    }

    /// Whether the ramp is over at `now`.
    pub fn is_done(&self, now: u64) -> bool {
        now >= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::*;
    use cosmwasm_std::from_json;

    #[test]
    fn paused_actions_default_to_false_field_by_field() {
        let p: PausedActions = from_json(r#"{"borrow":true}"#).unwrap();
        assert_eq!(
            p,
            PausedActions {
                borrow: true,
                ..PausedActions::default()
            }
        );
        assert!(from_json::<PausedActions>(r#"{"repay":true}"#).is_err());
        let p: PausedActions = from_json(
            r#"{"deposit":true,"withdraw":false,"supply":true,"redeem":true,"borrow":true}"#,
        )
        .unwrap();
        assert!(p.deposit && !p.withdraw && p.supply && p.redeem && p.borrow);
        assert_eq!(
            from_json::<PausedActions>("{}").unwrap(),
            PausedActions::default()
        );
        assert!(from_json::<PausedActions>(r#"{"borrow":null}"#).is_err());
        assert!(from_json::<PausedActions>(r#"{"borrow":true,"borrow":true}"#).is_err());
        // INVARIANTS 32: an unknown field is an error, never "field omitted"
        let err = from_json::<MigrateMsg>(r#"{"x":1}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `x`"), "{err}");
    }

    #[test]
    fn config_check_rejects_bad_addresses() {
        let api = cosmwasm_std::testing::MockApi::default();
        let good = api.addr_make("x").to_string();
        let unchecked = ConfigUnchecked {
            oracle: good.clone(),
            liquidation: None,
            treasury: good.clone(),
            guardian: Some(good.to_uppercase()),
            min_debt_value: Uint128::zero(),
            max_assets_per_account: 8,
        };
        assert!(unchecked.check(&api).is_err());
        let ok = ConfigUnchecked {
            guardian: None,
            ..unchecked
        };
        assert_eq!(ok.check(&api).unwrap().oracle.as_str(), good);
    }
}
