//! What the vault stores: its configuration and listed assets with their parameters.

use cosmwasm_std::{Addr, Api, Decimal, StdResult, Uint128};

use crate::msg_de::{CompactStruct, Fields, Kind};

use super::{InstantiateMsg, RateModel};

/// Upper bound of `max_assets_per_account`: the oracle prices at most 32 denoms per `Prices`
/// query, and every account is priced with one such query.
pub const MAX_ASSETS_PER_ACCOUNT: u8 = 32;

/// The vault's configuration: addresses as strings (`ConfigUnchecked`, user input) or checked
/// (`Config`, stored and returned by the `Config {}` query).
// `#[cw_serde]` without its derived `Deserialize`: see `crate::msg_de` (same JSON, less Wasm).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::std::clone::Clone,
    ::std::fmt::Debug,
    ::std::cmp::PartialEq,
    ::cosmwasm_schema::schemars::JsonSchema,
    ::cosmwasm_schema::cw_schema::Schemaifier,
)]
#[allow(clippy::derive_partial_eq_without_eq)]
#[serde(crate = "::cosmwasm_schema::serde")]
#[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
#[schemars(crate = "::cosmwasm_schema::schemars")]
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

crate::msg_de::compact_struct!(
    ConfigBase<Addr>,
    "ConfigBase",
    [
        ("oracle", Addr),
        ("liquidation", OptAddr),
        ("treasury", Addr),
        ("guardian", OptAddr),
        ("min_debt_value", U128),
        ("max_assets_per_account", U8),
    ],
    |f| ConfigBase {
        oracle: f.addr(0)?,
        liquidation: f.opt_addr(1),
        treasury: f.addr(2)?,
        guardian: f.opt_addr(3),
        min_debt_value: f.uint128(4)?,
        max_assets_per_account: f.u8(5)?,
    }
);

crate::msg_de::compact_struct!(
    ConfigBase<String>,
    "ConfigBase",
    [
        ("oracle", Str),
        ("liquidation", OptStr),
        ("treasury", Str),
        ("guardian", OptStr),
        ("min_debt_value", U128),
        ("max_assets_per_account", U8),
    ],
    |f| ConfigBase {
        oracle: f.string(0)?,
        liquidation: f.opt_string(1),
        treasury: f.string(2)?,
        guardian: f.opt_string(3),
        min_debt_value: f.uint128(4)?,
        max_assets_per_account: f.u8(5)?,
    }
);

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
// `#[cw_serde]` without its derived `Deserialize`: see `crate::msg_de` (same JSON, less Wasm).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::std::clone::Clone,
    ::std::fmt::Debug,
    ::std::cmp::PartialEq,
    ::cosmwasm_schema::schemars::JsonSchema,
    ::cosmwasm_schema::cw_schema::Schemaifier,
)]
#[allow(clippy::derive_partial_eq_without_eq)]
#[serde(crate = "::cosmwasm_schema::serde")]
#[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
#[schemars(crate = "::cosmwasm_schema::schemars")]
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

crate::msg_de::compact_struct!(
    CollateralParams,
    "CollateralParams",
    [
        ("max_ltv", Dec),
        ("liquidation_threshold", Dec),
        ("deposit_cap", OptU128),
    ],
    |f| CollateralParams {
        max_ltv: f.decimal(0)?,
        liquidation_threshold: f.decimal(1)?,
        deposit_cap: f.opt_uint128(2),
    }
);

/// Parameters of a borrowable asset's lending pool.
///
/// Bounds: the rate model's (`0 < optimal_utilization < 1`, rates and slopes ≤ 10) and
/// `0 ≤ reserve_factor < 1`.
// `#[cw_serde]` without its derived `Deserialize`: see `crate::msg_de` (same JSON, less Wasm).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::std::clone::Clone,
    ::std::fmt::Debug,
    ::std::cmp::PartialEq,
    ::cosmwasm_schema::schemars::JsonSchema,
    ::cosmwasm_schema::cw_schema::Schemaifier,
)]
#[allow(clippy::derive_partial_eq_without_eq)]
#[serde(crate = "::cosmwasm_schema::serde")]
#[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
#[schemars(crate = "::cosmwasm_schema::schemars")]
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

crate::msg_de::compact_struct!(
    LendingParams,
    "LendingParams",
    [
        ("rate_model", Rate),
        ("reserve_factor", Dec),
        ("supply_cap", OptU128),
        ("borrow_cap", OptU128),
    ],
    |f| LendingParams {
        rate_model: f.rate_model(0)?,
        reserve_factor: f.decimal(1)?,
        supply_cap: f.opt_uint128(2),
        borrow_cap: f.opt_uint128(3),
    }
);

/// Which actions are paused for a denom. Repay and liquidation are never pausable: there is no
/// field for them (an unknown field such as `repay` is rejected). Omitted fields are `false`.
// `#[cw_serde]` without its derived `Deserialize`: see `crate::msg_de` (same JSON, less Wasm).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::std::clone::Clone,
    ::std::fmt::Debug,
    ::std::cmp::PartialEq,
    ::cosmwasm_schema::schemars::JsonSchema,
    ::cosmwasm_schema::cw_schema::Schemaifier,
)]
#[allow(clippy::derive_partial_eq_without_eq)]
#[serde(crate = "::cosmwasm_schema::serde")]
#[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
#[schemars(crate = "::cosmwasm_schema::schemars")]
#[derive(Default, Copy, Eq)]
#[serde(default, deny_unknown_fields)]
#[schemaifier(mute_warnings)]
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

impl<'de> serde::Deserialize<'de> for PausedActions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::msg_de::deserialize_struct(deserializer)
    }
}

impl CompactStruct for PausedActions {
    const NAME: &'static str = "PausedActions";
    const FIELDS: &'static [(&'static str, Kind)] = &[
        ("deposit", Kind::Flag),
        ("withdraw", Kind::Flag),
        ("supply", Kind::Flag),
        ("redeem", Kind::Flag),
        ("borrow", Kind::Flag),
    ];

    fn build<E: serde::de::Error>(f: &mut Fields) -> Result<Self, E> {
        Ok(PausedActions {
            deposit: f.flag(0),
            withdraw: f.flag(1),
            supply: f.flag(2),
            redeem: f.flag(3),
            borrow: f.flag(4),
        })
    }
}

/// A listed asset: the answer to `Asset { denom }`, and what the vault stores.
// `#[cw_serde]` without its derived `Deserialize`: see `crate::msg_de` (same JSON, less Wasm).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::std::clone::Clone,
    ::std::fmt::Debug,
    ::std::cmp::PartialEq,
    ::cosmwasm_schema::schemars::JsonSchema,
    ::cosmwasm_schema::cw_schema::Schemaifier,
)]
#[allow(clippy::derive_partial_eq_without_eq)]
#[serde(crate = "::cosmwasm_schema::serde")]
#[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
#[schemars(crate = "::cosmwasm_schema::schemars")]
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
}

crate::msg_de::compact_struct!(
    Asset,
    "Asset",
    [
        ("denom", Str),
        ("decimals", U8),
        ("collateral", OptCollateral),
        ("lending", OptLending),
        ("paused", Paused),
    ],
    |f| Asset {
        denom: f.string(0)?,
        decimals: f.u8(1)?,
        collateral: f.opt_collateral(2),
        lending: f.opt_lending(3),
        paused: f.paused(4)?,
    }
);

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
