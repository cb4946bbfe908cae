//! Messages, responses and stored types of the vault (`ballast-vault`).
//!
//! The vault is Ballast's custodian and ledger. An **account** is `(owner, index)`: an address and
//! a sub-account number (`u32`, default [`DEFAULT_ACCOUNT`]); each account is an isolated position
//! with its own collateral and debts. Lenders supply borrowable assets per `(lender, denom)`
//! (lenders have no sub-accounts).
//!
//! Units: amounts are `Uint128` in smallest units of their denom; values are `Uint128` in smallest
//! units of the oracle's quote asset; prices are `Decimal256` (value of one smallest unit, see
//! [`crate::oracle`]); ratios are `Decimal`. Collateral is valued rounded down, debt rounded up.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Api, Decimal, Decimal256, StdResult, Uint128};

use crate::oracle::PriceKind;

pub use ballast_math::interest::RateModel;
pub use ballast_math::position::PositionValues;

/// The sub-account used when a message leaves `account` out.
pub const DEFAULT_ACCOUNT: u32 = 0;

/// Instantiates the vault.
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
pub struct InstantiateMsg {
    /// Address that governs the vault (asset registry, configuration, reserves).
    pub owner: String,
    /// The oracle adapter (`ballast-oracle`) every price comes from.
    pub oracle: String,
    /// The liquidation contract allowed to send `SettleLiquidation`; none at first is allowed.
    pub liquidation: Option<String>,
    /// Where reserves go by default.
    pub treasury: String,
    /// Address that may pause and unpause actions besides the owner.
    pub guardian: Option<String>,
    /// Smallest value (quote units, at `Default` prices) an account's debt in the borrowed denom
    /// may have after a `Borrow`: no dust loans. Partial repays may go below it.
    pub min_debt_value: Uint128,
    /// Largest number of distinct denoms (collateral and debt together) one account may hold:
    /// bounds the gas of every action. 1 to [`MAX_ASSETS_PER_ACCOUNT`].
    pub max_assets_per_account: u8,
}

crate::msg_de::compact_struct!(
    InstantiateMsg,
    "InstantiateMsg",
    [
        ("owner", Str),
        ("oracle", Str),
        ("liquidation", OptStr),
        ("treasury", Str),
        ("guardian", OptStr),
        ("min_debt_value", U128),
        ("max_assets_per_account", U8),
    ],
    |f| InstantiateMsg {
        owner: f.string(0)?,
        oracle: f.string(1)?,
        liquidation: f.opt_string(2),
        treasury: f.string(3)?,
        guardian: f.opt_string(4),
        min_debt_value: f.uint128(5)?,
        max_assets_per_account: f.u8(6)?,
    }
);

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

/// Messages the vault executes.
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
#[serde(rename_all = "snake_case")]
pub enum ExecuteMsg {
    /// Deposits the attached coins as collateral of account `(on_behalf_of or sender, account)`,
    /// creating the account if needed. Funds: one or more coins of listed collateral denoms,
    /// distinct, non-zero. Needs no price. On behalf of another address a deposit may only top
    /// up collateral denoms the account already holds (a new asset needs the owner).
    Deposit {
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Owner of the account credited; the sender when omitted. A third party may only add
        /// to denoms the account already holds.
        on_behalf_of: Option<String>,
    },
    /// Withdraws collateral of the sender's account. With debt, the account must meet the initial
    /// margin `D ≤ B` afterwards at `Default` prices; without debt no price is needed. No funds.
    Withdraw {
        /// Collateral denom.
        denom: String,
        /// Amount; when omitted, the largest amount keeping `D ≤ B` (all of it without debt).
        amount: Option<Uint128>,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Who receives the coins; the sender when omitted.
        recipient: Option<String>,
    },
    /// Borrows from a lending pool against the sender's account. Afterwards `D ≤ B` at `Default`
    /// prices and the account's debt in `denom` must be worth at least `min_debt_value`. Limited
    /// by the pool's free liquidity and borrow cap. No funds.
    Borrow {
        /// Borrowable denom.
        denom: String,
        /// Amount to receive.
        amount: Uint128,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Who receives the coins; the sender when omitted.
        recipient: Option<String>,
    },
    /// Repays debt of account `(on_behalf_of or sender, account)`. Funds: one or more coins of
    /// denoms the account owes, distinct, non-zero; what exceeds the debt is refunded to the
    /// sender in the same transaction. Never paused, needs no price.
    Repay {
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Owner of the account repaid; the sender when omitted.
        on_behalf_of: Option<String>,
    },
    /// Supplies the attached coins to their lending pools, minting supply shares (rounded down)
    /// to `on_behalf_of` or the sender. Funds: one or more borrowable coins, distinct, non-zero.
    Supply {
        /// Lender credited; the sender when omitted.
        on_behalf_of: Option<String>,
    },
    /// Redeems supplied assets of the sender (supply shares burned, rounded up). Limited by the
    /// pool's free liquidity (`InsufficientLiquidity { available, requested }`). No funds.
    Redeem {
        /// Borrowable denom.
        denom: String,
        /// Amount; when omitted, all the sender's assets in the pool, capped at the free
        /// liquidity.
        amount: Option<Uint128>,
        /// Who receives the coins; the sender when omitted.
        recipient: Option<String>,
    },
    /// Settles a liquidation computed by the liquidation contract; only the configured
    /// liquidation contract may send it. Funds: exactly one coin, the debt repaid, of a denom the
    /// account owes and at most its debt in it.
    ///
    /// The vault re-checks with its own `Liquidation` prices (one `Prices` query) that the account
    /// is liquidatable (`D > L`) before, that `floor(seize · p_collateral) ≤
    /// floor(ceil(repaid · p_debt) · (1 + MAX_BONUS)) + 1`, that `seize` ≤ the account's
    /// collateral and that `protocol_fee ≤ seize`. It then repays the debt (debt shares burned rounded down),
    /// sends `seize − protocol_fee` of the collateral to `recipient` and `protocol_fee` to
    /// `treasury`. If afterwards the account holds no collateral at all but still owes debt,
    /// every remaining debt is written off (event `ballast_bad_debt`). Never paused.
    SettleLiquidation {
        /// Owner of the liquidated account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Collateral denom seized.
        collateral_denom: String,
        /// Collateral released in total (to the recipient and the treasury).
        seize: Uint128,
        /// Part of `seize` sent to `treasury`.
        protocol_fee: Uint128,
        /// Receives `seize − protocol_fee` (the liquidator).
        recipient: String,
        /// Receives `protocol_fee`.
        treasury: String,
    },
    /// Lists a new asset. Owner only. The oracle must have a price source for the denom with the
    /// same decimals; parameters are validated against RISK.md's bounds. At least one of
    /// `collateral` and `lending` must be given.
    ListAsset {
        /// Denom (3 to 128 characters, `[a-zA-Z][a-zA-Z0-9/:._-]*`).
        denom: String,
        /// Decimals of the denom's smallest unit; at most 36.
        decimals: u8,
        /// Collateral parameters, if it may be deposited as collateral.
        collateral: Option<CollateralParams>,
        /// Lending parameters, if it may be supplied and borrowed.
        lending: Option<LendingParams>,
    },
    /// Updates a listed asset's parameters. Owner only. Only what is given changes; the market
    /// accrues interest with the old parameters first. Validated like `ListAsset`; a bad update is
    /// rejected whole.
    UpdateAsset {
        /// Listed denom.
        denom: String,
        /// New collateral parameters (replace the old ones entirely).
        collateral: Option<CollateralParams>,
        /// New lending parameters (replace the old ones entirely; creates the market if the
        /// asset had none).
        lending: Option<LendingParams>,
    },
    /// Sets which actions are paused for a denom. Guardian or owner.
    SetPaused {
        /// Listed denom.
        denom: String,
        /// The full set of paused actions (replaces the previous one).
        actions: PausedActions,
    },
    /// Updates the configuration. Owner only. Only what is given changes; a bad value rejects
    /// the whole update.
    UpdateConfig {
        /// New oracle adapter.
        oracle: Option<String>,
        /// New liquidation contract.
        liquidation: Option<String>,
        /// New treasury.
        treasury: Option<String>,
        /// New guardian.
        guardian: Option<String>,
        /// New minimum debt value.
        min_debt_value: Option<Uint128>,
        /// New cap of distinct denoms per account (1 to 32).
        max_assets_per_account: Option<u8>,
    },
    /// Withdraws protocol reserves of a market. Owner only. Limited by the reserves and the free
    /// liquidity.
    WithdrawReserves {
        /// Borrowable denom.
        denom: String,
        /// Amount; when omitted, all the reserves (capped at the free liquidity).
        amount: Option<Uint128>,
        /// Who receives the coins; the treasury when omitted.
        recipient: Option<String>,
    },
    /// Proposes a new owner, who must then send `AcceptOwner`. Owner only.
    ProposeOwner {
        /// Address of the proposed owner.
        owner: String,
    },
    /// Accepts a pending ownership proposal. Only the proposed owner may send it.
    AcceptOwner {},
    /// Gives up ownership for good. Owner only.
    RenounceOwner {},
}

/// Queries the vault answers.
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
#[serde(rename_all = "snake_case")]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// One account's position, valued at the current block (interest accrued) and prices of
    /// `kind`. Unknown account: `AccountNotFound`. A missing price is reported in
    /// `missing_prices`, never an error (RISK.md "Prices that are missing").
    #[returns(PositionResponse)]
    Position {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Prices used; `Default` when omitted.
        kind: Option<PriceKind>,
    },
    /// A page of positions of accounts that owe debt, ordered by `(owner, account)`, with the
    /// cursor of the next page. One `TryPrices` query for the page; one account's missing price
    /// never fails the page.
    #[returns(PositionsResponse)]
    Positions {
        /// Return only accounts after this `(owner, account)`.
        start_after: Option<(String, u32)>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
        /// Prices used; `Default` when omitted.
        kind: Option<PriceKind>,
    },
    /// A page of the sub-accounts of one owner, in increasing order, with the cursor of the next
    /// page.
    #[returns(AccountsResponse)]
    Accounts {
        /// Owner.
        owner: String,
        /// Return only sub-accounts after this one.
        start_after: Option<u32>,
        /// Page size: default 30, larger values are clamped to 100; 0 is an error.
        limit: Option<u32>,
    },
    /// One account's raw ledger (collateral amounts, debt shares and their assets at the current
    /// block), without prices: works even when the oracle does not.
    #[returns(AccountResponse)]
    Account {
        /// Owner.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
    },
    /// One market's state at the current block (interest accrued).
    #[returns(MarketResponse)]
    Market {
        /// Borrowable denom.
        denom: String,
    },
    /// A page of markets, ordered by denom, with the cursor of the next page.
    #[returns(MarketsResponse)]
    Markets {
        /// Return only denoms after this one.
        start_after: Option<String>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// One lender's supply in one market at the current block. Was `supply` (it collided with
    /// `ExecuteMsg::Supply` in generated clients); see the README's migration notes.
    #[returns(SupplyResponse)]
    SupplyPosition {
        /// Lender.
        lender: String,
        /// Borrowable denom.
        denom: String,
    },
    /// A page of one lender's supplies, ordered by denom, with the cursor of the next page.
    #[returns(SuppliesResponse)]
    Supplies {
        /// Lender.
        lender: String,
        /// Return only denoms after this one.
        start_after: Option<String>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// One listed asset.
    #[returns(Asset)]
    Asset {
        /// Denom.
        denom: String,
    },
    /// A page of listed assets, ordered by denom, with the cursor of the next page.
    #[returns(AssetsResponse)]
    Assets {
        /// Return only denoms after this one.
        start_after: Option<String>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// The current and the proposed owner.
    #[returns(crate::ownership::OwnerResponse)]
    Owner {},
    /// Everything the liquidation contract needs about one account in ONE query: the position at
    /// `Liquidation` prices and the current block, with each collateral's parameters. Unknown
    /// account: `AccountNotFound`.
    #[returns(LiquidationContextResponse)]
    LiquidationContext {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
    },
    /// Protocol-wide totals per asset and aggregate LTV and leverage, at `Default` prices if the
    /// oracle gives them for every asset, else at `Liquidation` prices, else each asset at what
    /// its own source gives (unpriced assets are left out of the aggregates).
    #[returns(RiskSummaryResponse)]
    RiskSummary {},
    /// Largest amount of `denom` the account may borrow now, as `Borrow` would accept it in this
    /// block: initial margin at `Default` prices, free liquidity, borrow cap, pause,
    /// `min_debt_value` and `max_assets_per_account` (0 when any of them refuses every amount).
    /// `amount + 1` is refused, unless the amount is 0.
    #[returns(MaxAmountResponse)]
    MaxBorrow {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Borrowable denom.
        denom: String,
    },
    /// Largest amount of collateral `denom` the account may withdraw now, as `Withdraw` would
    /// accept it in this block: initial margin at `Default` prices (all of it without debt), and
    /// 0 while withdrawals of `denom` are paused for an account with debt. `amount + 1` is
    /// refused, unless it is all the account holds.
    #[returns(MaxAmountResponse)]
    MaxWithdraw {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Collateral denom.
        denom: String,
    },
    /// The position an account would have after `actions`, applied in order at the current
    /// block (interest accrued) and `Default` prices, and for each action whether it would be
    /// accepted and, if not, the error its execute message would give: every action is checked
    /// by the same code as `Deposit` (sent by the owner, one coin), `Withdraw`, `Borrow` and
    /// `Repay` (one coin; what exceeds the debt is refunded, so only the part owed counts). A
    /// refused action changes nothing; the next one continues from the state before it. An
    /// unknown account starts empty, as a first deposit would create it. Nothing is written. One
    /// `TryPrices` query; at most [`MAX_SIMULATED_ACTIONS`] actions.
    #[returns(SimulatePositionResponse)]
    SimulatePosition {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// The actions, in order.
        actions: Vec<PositionAction>,
    },
}

/// Most actions one `SimulatePosition` takes.
pub const MAX_SIMULATED_ACTIONS: usize = 16;

/// One action of `SimulatePosition`, as its execute message would do it.
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
#[serde(rename_all = "snake_case")]
pub enum PositionAction {
    /// `Deposit` of `amount` `denom` as collateral, by the owner.
    Deposit {
        /// Collateral denom.
        denom: String,
        /// Amount deposited.
        amount: Uint128,
    },
    /// `Withdraw` of `amount` of collateral `denom`.
    Withdraw {
        /// Collateral denom.
        denom: String,
        /// Amount withdrawn.
        amount: Uint128,
    },
    /// `Borrow` of `amount` `denom`.
    Borrow {
        /// Borrowable denom.
        denom: String,
        /// Amount borrowed.
        amount: Uint128,
    },
    /// `Repay` with one coin of `amount` `denom`; what exceeds the debt would be refunded.
    Repay {
        /// Debt denom.
        denom: String,
        /// Amount sent.
        amount: Uint128,
    },
}

impl PositionAction {
    /// The denom the action moves.
    pub fn denom(&self) -> &str {
        match self {
            PositionAction::Deposit { denom, .. }
            | PositionAction::Withdraw { denom, .. }
            | PositionAction::Borrow { denom, .. }
            | PositionAction::Repay { denom, .. } => denom,
        }
    }
}

use crate::msg_de::{CompactEnum, CompactStruct, Fields, Kind, VariantDef};

/// The compact reader (`crate::msg_de`), for the structs the vault contract reads and declares
/// itself (its `Account`; `MarketState` and `Ownership` through wrappers; its partial views of
/// other contracts' answers): the vault's Wasm then carries no derived visitor for them.
#[doc(hidden)]
pub mod compact {
    pub use crate::msg_de::{deserialize_struct, CompactStruct, Fields, Kind, Unknown};
}

impl<'de> serde::Deserialize<'de> for ExecuteMsg {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::msg_de::deserialize(deserializer)
    }
}

impl CompactEnum for ExecuteMsg {
    const NAME: &'static str = "ExecuteMsg";
    const VARIANTS: &'static [&'static str] = &[
        "deposit",
        "withdraw",
        "borrow",
        "repay",
        "supply",
        "redeem",
        "settle_liquidation",
        "list_asset",
        "update_asset",
        "set_paused",
        "update_config",
        "withdraw_reserves",
        "propose_owner",
        "accept_owner",
        "renounce_owner",
    ];
    const DEFS: &'static [VariantDef] = {
        use Kind::*;
        &[
            VariantDef {
                rust: "Deposit",
                fields: &[("account", OptU32), ("on_behalf_of", OptStr)],
            },
            VariantDef {
                rust: "Withdraw",
                fields: &[
                    ("denom", Str),
                    ("amount", OptU128),
                    ("account", OptU32),
                    ("recipient", OptStr),
                ],
            },
            VariantDef {
                rust: "Borrow",
                fields: &[
                    ("denom", Str),
                    ("amount", U128),
                    ("account", OptU32),
                    ("recipient", OptStr),
                ],
            },
            VariantDef {
                rust: "Repay",
                fields: &[("account", OptU32), ("on_behalf_of", OptStr)],
            },
            VariantDef {
                rust: "Supply",
                fields: &[("on_behalf_of", OptStr)],
            },
            VariantDef {
                rust: "Redeem",
                fields: &[("denom", Str), ("amount", OptU128), ("recipient", OptStr)],
            },
            VariantDef {
                rust: "SettleLiquidation",
                fields: &[
                    ("owner", Str),
                    ("account", OptU32),
                    ("collateral_denom", Str),
                    ("seize", U128),
                    ("protocol_fee", U128),
                    ("recipient", Str),
                    ("treasury", Str),
                ],
            },
            VariantDef {
                rust: "ListAsset",
                fields: &[
                    ("denom", Str),
                    ("decimals", U8),
                    ("collateral", OptCollateral),
                    ("lending", OptLending),
                ],
            },
            VariantDef {
                rust: "UpdateAsset",
                fields: &[
                    ("denom", Str),
                    ("collateral", OptCollateral),
                    ("lending", OptLending),
                ],
            },
            VariantDef {
                rust: "SetPaused",
                fields: &[("denom", Str), ("actions", Paused)],
            },
            VariantDef {
                rust: "UpdateConfig",
                fields: &[
                    ("oracle", OptStr),
                    ("liquidation", OptStr),
                    ("treasury", OptStr),
                    ("guardian", OptStr),
                    ("min_debt_value", OptU128),
                    ("max_assets_per_account", OptU8),
                ],
            },
            VariantDef {
                rust: "WithdrawReserves",
                fields: &[("denom", Str), ("amount", OptU128), ("recipient", OptStr)],
            },
            VariantDef {
                rust: "ProposeOwner",
                fields: &[("owner", Str)],
            },
            VariantDef {
                rust: "AcceptOwner",
                fields: &[],
            },
            VariantDef {
                rust: "RenounceOwner",
                fields: &[],
            },
        ]
    };

    fn build<E: serde::de::Error>(index: usize, f: &mut Fields) -> Result<Self, E> {
        // Fields are taken in declaration order, so the first missing one is reported, as serde
        // does.
        Ok(match index {
            0 => ExecuteMsg::Deposit {
                account: f.opt_u32(0),
                on_behalf_of: f.opt_string(1),
            },
            1 => ExecuteMsg::Withdraw {
                denom: f.string(0)?,
                amount: f.opt_uint128(1),
                account: f.opt_u32(2),
                recipient: f.opt_string(3),
            },
            2 => ExecuteMsg::Borrow {
                denom: f.string(0)?,
                amount: f.uint128(1)?,
                account: f.opt_u32(2),
                recipient: f.opt_string(3),
            },
            3 => ExecuteMsg::Repay {
                account: f.opt_u32(0),
                on_behalf_of: f.opt_string(1),
            },
            4 => ExecuteMsg::Supply {
                on_behalf_of: f.opt_string(0),
            },
            5 => ExecuteMsg::Redeem {
                denom: f.string(0)?,
                amount: f.opt_uint128(1),
                recipient: f.opt_string(2),
            },
            6 => ExecuteMsg::SettleLiquidation {
                owner: f.string(0)?,
                account: f.opt_u32(1),
                collateral_denom: f.string(2)?,
                seize: f.uint128(3)?,
                protocol_fee: f.uint128(4)?,
                recipient: f.string(5)?,
                treasury: f.string(6)?,
            },
            7 => ExecuteMsg::ListAsset {
                denom: f.string(0)?,
                decimals: f.u8(1)?,
                collateral: f.opt_collateral(2),
                lending: f.opt_lending(3),
            },
            8 => ExecuteMsg::UpdateAsset {
                denom: f.string(0)?,
                collateral: f.opt_collateral(1),
                lending: f.opt_lending(2),
            },
            9 => ExecuteMsg::SetPaused {
                denom: f.string(0)?,
                actions: f.paused(1)?,
            },
            10 => ExecuteMsg::UpdateConfig {
                oracle: f.opt_string(0),
                liquidation: f.opt_string(1),
                treasury: f.opt_string(2),
                guardian: f.opt_string(3),
                min_debt_value: f.opt_uint128(4),
                max_assets_per_account: f.opt_u8(5),
            },
            11 => ExecuteMsg::WithdrawReserves {
                denom: f.string(0)?,
                amount: f.opt_uint128(1),
                recipient: f.opt_string(2),
            },
            12 => ExecuteMsg::ProposeOwner {
                owner: f.string(0)?,
            },
            13 => ExecuteMsg::AcceptOwner {},
            _ => ExecuteMsg::RenounceOwner {},
        })
    }
}

impl<'de> serde::Deserialize<'de> for PositionAction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::msg_de::deserialize(deserializer)
    }
}

impl CompactEnum for PositionAction {
    const NAME: &'static str = "PositionAction";
    const VARIANTS: &'static [&'static str] = &["deposit", "withdraw", "borrow", "repay"];
    const DEFS: &'static [VariantDef] = {
        const FIELDS: &[(&str, Kind)] = &[("denom", Kind::Str), ("amount", Kind::U128)];
        &[
            VariantDef {
                rust: "Deposit",
                fields: FIELDS,
            },
            VariantDef {
                rust: "Withdraw",
                fields: FIELDS,
            },
            VariantDef {
                rust: "Borrow",
                fields: FIELDS,
            },
            VariantDef {
                rust: "Repay",
                fields: FIELDS,
            },
        ]
    };

    fn build<E: serde::de::Error>(index: usize, f: &mut Fields) -> Result<Self, E> {
        let (denom, amount) = (f.string(0)?, f.uint128(1)?);
        Ok(match index {
            0 => PositionAction::Deposit { denom, amount },
            1 => PositionAction::Withdraw { denom, amount },
            2 => PositionAction::Borrow { denom, amount },
            _ => PositionAction::Repay { denom, amount },
        })
    }
}

impl<'de> serde::Deserialize<'de> for QueryMsg {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::msg_de::deserialize(deserializer)
    }
}

impl CompactEnum for QueryMsg {
    const NAME: &'static str = "QueryMsg";
    const VARIANTS: &'static [&'static str] = &[
        "position",
        "positions",
        "accounts",
        "account",
        "market",
        "markets",
        "supply_position",
        "supplies",
        "asset",
        "assets",
        "config",
        "owner",
        "liquidation_context",
        "risk_summary",
        "max_borrow",
        "max_withdraw",
        "simulate_position",
    ];
    const DEFS: &'static [VariantDef] = {
        use Kind::*;
        &[
            VariantDef {
                rust: "Position",
                fields: &[("owner", Str), ("account", OptU32), ("kind", OptPrice)],
            },
            VariantDef {
                rust: "Positions",
                fields: &[
                    ("start_after", OptStrU32),
                    ("limit", OptU32),
                    ("kind", OptPrice),
                ],
            },
            VariantDef {
                rust: "Accounts",
                fields: &[("owner", Str), ("start_after", OptU32), ("limit", OptU32)],
            },
            VariantDef {
                rust: "Account",
                fields: &[("owner", Str), ("account", OptU32)],
            },
            VariantDef {
                rust: "Market",
                fields: &[("denom", Str)],
            },
            VariantDef {
                rust: "Markets",
                fields: &[("start_after", OptStr), ("limit", OptU32)],
            },
            VariantDef {
                rust: "SupplyPosition",
                fields: &[("lender", Str), ("denom", Str)],
            },
            VariantDef {
                rust: "Supplies",
                fields: &[("lender", Str), ("start_after", OptStr), ("limit", OptU32)],
            },
            VariantDef {
                rust: "Asset",
                fields: &[("denom", Str)],
            },
            VariantDef {
                rust: "Assets",
                fields: &[("start_after", OptStr), ("limit", OptU32)],
            },
            VariantDef {
                rust: "Config",
                fields: &[],
            },
            VariantDef {
                rust: "Owner",
                fields: &[],
            },
            VariantDef {
                rust: "LiquidationContext",
                fields: &[("owner", Str), ("account", OptU32)],
            },
            VariantDef {
                rust: "RiskSummary",
                fields: &[],
            },
            VariantDef {
                rust: "MaxBorrow",
                fields: &[("owner", Str), ("account", OptU32), ("denom", Str)],
            },
            VariantDef {
                rust: "MaxWithdraw",
                fields: &[("owner", Str), ("account", OptU32), ("denom", Str)],
            },
            VariantDef {
                rust: "SimulatePosition",
                fields: &[("owner", Str), ("account", OptU32), ("actions", Actions)],
            },
        ]
    };

    fn build<E: serde::de::Error>(index: usize, f: &mut Fields) -> Result<Self, E> {
        Ok(match index {
            0 => QueryMsg::Position {
                owner: f.string(0)?,
                account: f.opt_u32(1),
                kind: f.opt_price_kind(2),
            },
            1 => QueryMsg::Positions {
                start_after: f.opt_string_u32(0),
                limit: f.opt_u32(1),
                kind: f.opt_price_kind(2),
            },
            2 => QueryMsg::Accounts {
                owner: f.string(0)?,
                start_after: f.opt_u32(1),
                limit: f.opt_u32(2),
            },
            3 => QueryMsg::Account {
                owner: f.string(0)?,
                account: f.opt_u32(1),
            },
            4 => QueryMsg::Market {
                denom: f.string(0)?,
            },
            5 => QueryMsg::Markets {
                start_after: f.opt_string(0),
                limit: f.opt_u32(1),
            },
            6 => QueryMsg::SupplyPosition {
                lender: f.string(0)?,
                denom: f.string(1)?,
            },
            7 => QueryMsg::Supplies {
                lender: f.string(0)?,
                start_after: f.opt_string(1),
                limit: f.opt_u32(2),
            },
            8 => QueryMsg::Asset {
                denom: f.string(0)?,
            },
            9 => QueryMsg::Assets {
                start_after: f.opt_string(0),
                limit: f.opt_u32(1),
            },
            10 => QueryMsg::Config {},
            11 => QueryMsg::Owner {},
            12 => QueryMsg::LiquidationContext {
                owner: f.string(0)?,
                account: f.opt_u32(1),
            },
            13 => QueryMsg::RiskSummary {},
            14 => QueryMsg::MaxBorrow {
                owner: f.string(0)?,
                account: f.opt_u32(1),
                denom: f.string(2)?,
            },
            15 => QueryMsg::MaxWithdraw {
                owner: f.string(0)?,
                account: f.opt_u32(1),
                denom: f.string(2)?,
            },
            _ => QueryMsg::SimulatePosition {
                owner: f.string(0)?,
                account: f.opt_u32(1),
                actions: f.actions(2)?,
            },
        })
    }
}

/// One collateral of a position.
#[cw_serde]
pub struct CollateralPosition {
    /// Denom.
    pub denom: String,
    /// Amount held.
    pub amount: Uint128,
    /// Price used.
    pub price: Decimal256,
    /// `floor(amount · price)`.
    pub value: Uint128,
    /// Liquidation price of this collateral, in the units of `price` and for prices of the
    /// position's `kind`: the smallest price at which `L ≥ D` with every other amount and price
    /// fixed; below it the account is liquidatable (`ballast_math::position::liquidation_price`).
    /// `None` when no price of this collateral makes it liquidatable (no debt, or the other
    /// collateral alone covers the debt), when it cannot help (amount or threshold 0), or when
    /// the account is `unpriceable`.
    #[serde(default)]
    pub liquidation_price: Option<Decimal256>,
}

/// One debt of a position.
#[cw_serde]
pub struct DebtPosition {
    /// Denom.
    pub denom: String,
    /// Amount owed at the current block, interest included (rounded up).
    pub amount: Uint128,
    /// Debt shares held.
    pub shares: Uint128,
    /// Price used.
    pub price: Decimal256,
    /// `ceil(amount · price)`.
    pub value: Uint128,
}

/// Answer to `Position`: one account, valued.
#[cw_serde]
pub struct PositionResponse {
    /// Owner.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Prices used.
    pub kind: PriceKind,
    /// Collaterals, ordered by denom.
    pub collaterals: Vec<CollateralPosition>,
    /// Debts, ordered by denom.
    pub debts: Vec<DebtPosition>,
    /// `C = Σ floor(c_i·p_i)`.
    pub collateral_value: Uint128,
    /// `D = Σ ceil(d_j·p_j)`.
    pub debt_value: Uint128,
    /// `B = Σ floor(floor(c_i·p_i)·max_ltv_i)`.
    pub borrow_capacity: Uint128,
    /// `L = Σ floor(floor(c_i·p_i)·liquidation_threshold_i)`.
    pub liquidation_capacity: Uint128,
    /// `D / C` (rounded up); `None` when `C = 0`.
    pub ltv: Option<Decimal256>,
    /// `L / D` (rounded down); `None` when `D = 0`.
    pub health_factor: Option<Decimal256>,
    /// `C / (C − D)` (rounded up); `None` when `C ≤ D`.
    pub leverage: Option<Decimal256>,
    /// `D > L`. Only meaningful for liquidation at `Liquidation` prices. Always `false` for an
    /// `unpriceable` account.
    pub liquidatable: bool,
    /// Denoms of this account the oracle could not price at `kind`, with its reason. A
    /// collateral among them is shown with price 0 and value 0 and counts zero in every total;
    /// a debt among them makes the account `unpriceable`. Empty when every price is known.
    #[serde(default)]
    pub missing_prices: Vec<MissingPrice>,
    /// A debt denom has no price: `debt_value` counts only the priced debts, `ltv`,
    /// `health_factor` and `leverage` are `None` and the account is not `liquidatable` until the
    /// price returns. One account's missing price never affects another account.
    #[serde(default)]
    pub unpriceable: bool,
}

/// Answer to `Positions`: one page.
#[cw_serde]
pub struct PositionsResponse {
    /// Positions of accounts that owe debt, ordered by `(owner, account)`.
    pub positions: Vec<PositionResponse>,
    /// `start_after` of the next page: the last `(owner, account)` of this page when more
    /// accounts follow it, `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<(String, u32)>,
}

/// A denom the oracle could not price, and why.
#[cw_serde]
pub struct MissingPrice {
    /// The denom.
    pub denom: String,
    /// The oracle's reason (stale feed with its age, breaker, no source, failing feed, …).
    pub reason: String,
}

/// Answer to `Accounts`: one page.
#[cw_serde]
pub struct AccountsResponse {
    /// Owner.
    pub owner: String,
    /// Sub-account indices, increasing.
    pub accounts: Vec<u32>,
    /// `start_after` of the next page: the last index of this page when more sub-accounts follow
    /// it, `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<u32>,
}

/// One collateral amount of an account.
#[cw_serde]
pub struct AccountCollateral {
    /// Denom.
    pub denom: String,
    /// Amount held.
    pub amount: Uint128,
}

/// One debt of an account.
#[cw_serde]
pub struct AccountDebt {
    /// Denom.
    pub denom: String,
    /// Debt shares held.
    pub shares: Uint128,
    /// Amount owed at the current block (rounded up).
    pub amount: Uint128,
}

/// Answer to `Account`: the raw ledger of one account.
#[cw_serde]
pub struct AccountResponse {
    /// Owner.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Collaterals, ordered by denom.
    pub collaterals: Vec<AccountCollateral>,
    /// Debts, ordered by denom.
    pub debts: Vec<AccountDebt>,
}

/// Answer to `Market`: a lending pool at the current block.
#[cw_serde]
pub struct MarketResponse {
    /// Denom.
    pub denom: String,
    /// Total supplied: suppliers' assets plus reserves (reserves are protocol-owned supply).
    pub total_supplied: Uint128,
    /// Suppliers' assets (`supply_shares` at `supply_index`).
    pub supplier_assets: Uint128,
    /// Total debt, interest included.
    pub total_debt: Uint128,
    /// Protocol reserves.
    pub reserves: Uint128,
    /// Bad debt written off so far (cumulative).
    pub deficit: Uint128,
    /// `total_supplied − total_debt`: what can be borrowed or redeemed now.
    pub free_liquidity: Uint128,
    /// Supply shares outstanding.
    pub supply_shares: Uint128,
    /// Debt shares outstanding.
    pub debt_shares: Uint128,
    /// Assets per supply share, scaled as in `ballast_math::market`.
    pub supply_index: Decimal256,
    /// Debt per debt share, scaled as in `ballast_math::market`.
    pub borrow_index: Decimal256,
    /// `total_debt / total_supplied`.
    pub utilization: Decimal,
    /// Yearly borrow rate at the current utilisation.
    pub borrow_rate: Decimal,
    /// Yearly rate earned by suppliers at the current utilisation.
    pub supply_rate: Decimal,
    /// Time of the last accrual (seconds); the current block time in this answer.
    pub last_accrued: u64,
}

/// Answer to `Markets`: one page.
#[cw_serde]
pub struct MarketsResponse {
    /// Markets, ordered by denom.
    pub markets: Vec<MarketResponse>,
    /// `start_after` of the next page: the last denom of this page when more markets follow it,
    /// `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<String>,
}

/// Answer to `Supplies`: one page.
#[cw_serde]
pub struct SuppliesResponse {
    /// Lender.
    pub lender: String,
    /// The lender's supplies, ordered by denom.
    pub supplies: Vec<SupplyResponse>,
    /// `start_after` of the next page: the last denom of this page when more supplies follow
    /// it, `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<String>,
}

/// Answer to `Assets`: one page.
#[cw_serde]
pub struct AssetsResponse {
    /// Listed assets, ordered by denom.
    pub assets: Vec<Asset>,
    /// `start_after` of the next page: the last denom of this page when more assets follow it,
    /// `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<String>,
}

/// Answer to `SupplyPosition`: one lender's supply in one market.
#[cw_serde]
pub struct SupplyResponse {
    /// Lender.
    pub lender: String,
    /// Denom.
    pub denom: String,
    /// Supply shares held.
    pub shares: Uint128,
    /// Their assets at the current block (rounded down).
    pub amount: Uint128,
}

/// One collateral in [`LiquidationContextResponse`].
#[cw_serde]
pub struct LiquidationCollateral {
    /// Denom.
    pub denom: String,
    /// Amount held.
    pub amount: Uint128,
    /// `Liquidation`-kind price.
    pub price: Decimal256,
    /// The asset's max LTV.
    pub max_ltv: Decimal,
    /// The asset's liquidation threshold.
    pub liquidation_threshold: Decimal,
    /// `floor(amount · price)`.
    pub value: Uint128,
}

/// One debt in [`LiquidationContextResponse`].
#[cw_serde]
pub struct LiquidationDebt {
    /// Denom.
    pub denom: String,
    /// Amount owed at the current block, interest included (rounded up): the most
    /// `SettleLiquidation` accepts for this denom.
    pub amount: Uint128,
    /// Debt shares held.
    pub shares: Uint128,
    /// `Liquidation`-kind price.
    pub price: Decimal256,
    /// `ceil(amount · price)`.
    pub value: Uint128,
}

/// Answer to `LiquidationContext`: one account at `Liquidation` prices and the current block.
///
/// The vault settles with exactly these numbers if `SettleLiquidation` comes in the same block
/// (same prices, same accrued debt).
#[cw_serde]
pub struct LiquidationContextResponse {
    /// Owner of the account.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Block time (seconds) the amounts are accrued to.
    pub block_time: u64,
    /// Collaterals, ordered by denom, with their parameters.
    pub collaterals: Vec<LiquidationCollateral>,
    /// Debts, ordered by denom.
    pub debts: Vec<LiquidationDebt>,
    /// `C`, `D`, `B` and `L` of the account.
    pub values: PositionValues,
    /// `L / D` (rounded down); `None` when there is no debt.
    pub health_factor: Option<Decimal256>,
    /// `D > L`: whether `SettleLiquidation` would accept a liquidation now.
    pub liquidatable: bool,
    /// The largest bonus the vault accepts at settlement: `floor(seize · p_c) ≤
    /// floor(ceil(repaid · p_d) · (1 + max_bonus)) + 1`.
    pub max_bonus: Decimal,
    /// Denoms the oracle could not price at `Liquidation` kind, with its reason. A collateral
    /// among them has price 0 and value 0, counts zero and cannot be seized; a debt among them
    /// makes the account `unpriceable`.
    #[serde(default)]
    pub missing_prices: Vec<MissingPrice>,
    /// A debt denom has no price: the account cannot be valued, `health_factor` is `None` and it
    /// is not `liquidatable` until the price returns.
    #[serde(default)]
    pub unpriceable: bool,
}

/// One asset in [`RiskSummaryResponse`].
#[cw_serde]
pub struct RiskAsset {
    /// Denom.
    pub denom: String,
    /// Price used; `None` if the oracle gives none.
    pub price: Option<Decimal256>,
    /// Kind of the price used.
    pub price_kind: Option<PriceKind>,
    /// Total deposited as collateral.
    pub total_collateral: Uint128,
    /// Its value (rounded down).
    pub collateral_value: Option<Uint128>,
    /// Total supplied (suppliers' assets + reserves); 0 if not borrowable.
    pub total_supplied: Uint128,
    /// Its value (rounded down).
    pub supplied_value: Option<Uint128>,
    /// Total debt; 0 if not borrowable.
    pub total_debt: Uint128,
    /// Its value (rounded up).
    pub debt_value: Option<Uint128>,
    /// Reserves.
    pub reserves: Uint128,
    /// Cumulative bad debt written off.
    pub deficit: Uint128,
}

/// Answer to `RiskSummary`.
#[cw_serde]
pub struct RiskSummaryResponse {
    /// Per asset, ordered by denom.
    pub assets: Vec<RiskAsset>,
    /// Σ collateral values of priced assets.
    pub collateral_value: Uint128,
    /// Σ supplied values of priced assets.
    pub supplied_value: Uint128,
    /// Σ debt values of priced assets.
    pub debt_value: Uint128,
    /// Aggregate `debt_value / collateral_value` (rounded up); `None` without collateral.
    pub ltv: Option<Decimal256>,
    /// Aggregate `collateral_value / (collateral_value − debt_value)` (rounded up); `None` when
    /// debt ≥ collateral.
    pub leverage: Option<Decimal256>,
}

/// Answer to `SimulatePosition`.
#[cw_serde]
pub struct SimulatePositionResponse {
    /// The position after the accepted actions, at `Default` prices, as `Position` answers it.
    pub position: PositionResponse,
    /// One outcome per action, in order.
    pub actions: Vec<ActionOutcome>,
}

/// What one action of `SimulatePosition` would do.
#[cw_serde]
pub struct ActionOutcome {
    /// Whether its execute message would be accepted at that point.
    pub accepted: bool,
    /// What it would move: the amount deposited, withdrawn or borrowed, or the part of a repay
    /// that is owed (the rest would be refunded); 0 when refused.
    pub amount: Uint128,
    /// Why it would be refused: the contract's error message; `None` when accepted.
    pub error: Option<String>,
}

/// Answer to `MaxBorrow` and `MaxWithdraw`.
#[cw_serde]
pub struct MaxAmountResponse {
    /// Denom.
    pub denom: String,
    /// Largest amount.
    pub amount: Uint128,
}

/// Migrates the vault. Only a newer version of the same contract is accepted.
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
pub struct MigrateMsg {}

crate::msg_de::compact_struct!(MigrateMsg, "MigrateMsg", [], |f| MigrateMsg {});

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    #[test]
    fn options_may_be_omitted_and_names_are_snake_case() {
        let msg: ExecuteMsg = from_json(r#"{"deposit":{}}"#).unwrap();
        assert_eq!(
            msg,
            ExecuteMsg::Deposit {
                account: None,
                on_behalf_of: None
            }
        );
        let msg: ExecuteMsg = from_json(r#"{"withdraw":{"denom":"uatom","account":2}}"#).unwrap();
        assert_eq!(
            msg,
            ExecuteMsg::Withdraw {
                denom: "uatom".into(),
                amount: None,
                account: Some(2),
                recipient: None
            }
        );
        let msg: QueryMsg = from_json(
            r#"{"positions":{"start_after":["cosmwasm1abc",3],"limit":5,"kind":"liquidation"}}"#,
        )
        .unwrap();
        assert_eq!(
            msg,
            QueryMsg::Positions {
                start_after: Some(("cosmwasm1abc".into(), 3)),
                limit: Some(5),
                kind: Some(PriceKind::Liquidation)
            }
        );
        assert_eq!(
            to_json_string(&QueryMsg::RiskSummary {}).unwrap(),
            r#"{"risk_summary":{}}"#
        );
    }

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

    /// Every variant, with every optional field given (`full`) or left out (`bare`).
    fn execute_msgs() -> Vec<ExecuteMsg> {
        let s = |x: &str| x.to_string();
        let collateral = CollateralParams {
            max_ltv: Decimal::percent(50),
            liquidation_threshold: Decimal::percent(60),
            deposit_cap: Some(Uint128::new(7)),
        };
        let lending = LendingParams {
            rate_model: RateModel {
                base: Decimal::percent(1),
                slope1: Decimal::percent(4),
                slope2: Decimal::percent(60),
                optimal_utilization: Decimal::percent(80),
            },
            reserve_factor: Decimal::percent(10),
            supply_cap: None,
            borrow_cap: Some(Uint128::new(9)),
        };
        let u = Uint128::new;
        vec![
            ExecuteMsg::Deposit {
                account: Some(1),
                on_behalf_of: Some(s("a")),
            },
            ExecuteMsg::Deposit {
                account: None,
                on_behalf_of: None,
            },
            ExecuteMsg::Withdraw {
                denom: s("d"),
                amount: Some(u(2)),
                account: Some(3),
                recipient: Some(s("r")),
            },
            ExecuteMsg::Withdraw {
                denom: s("d"),
                amount: None,
                account: None,
                recipient: None,
            },
            ExecuteMsg::Borrow {
                denom: s("d"),
                amount: u(2),
                account: Some(3),
                recipient: Some(s("r")),
            },
            ExecuteMsg::Borrow {
                denom: s("d"),
                amount: u(2),
                account: None,
                recipient: None,
            },
            ExecuteMsg::Repay {
                account: Some(4),
                on_behalf_of: Some(s("o")),
            },
            ExecuteMsg::Repay {
                account: None,
                on_behalf_of: None,
            },
            ExecuteMsg::Supply {
                on_behalf_of: Some(s("o")),
            },
            ExecuteMsg::Supply { on_behalf_of: None },
            ExecuteMsg::Redeem {
                denom: s("d"),
                amount: Some(u(5)),
                recipient: Some(s("r")),
            },
            ExecuteMsg::Redeem {
                denom: s("d"),
                amount: None,
                recipient: None,
            },
            ExecuteMsg::SettleLiquidation {
                owner: s("o"),
                account: Some(6),
                collateral_denom: s("c"),
                seize: u(7),
                protocol_fee: u(8),
                recipient: s("r"),
                treasury: s("t"),
            },
            ExecuteMsg::SettleLiquidation {
                owner: s("o"),
                account: None,
                collateral_denom: s("c"),
                seize: u(7),
                protocol_fee: u(8),
                recipient: s("r"),
                treasury: s("t"),
            },
            ExecuteMsg::ListAsset {
                denom: s("d"),
                decimals: 6,
                collateral: Some(collateral.clone()),
                lending: Some(lending.clone()),
            },
            ExecuteMsg::ListAsset {
                denom: s("d"),
                decimals: 0,
                collateral: None,
                lending: None,
            },
            ExecuteMsg::UpdateAsset {
                denom: s("d"),
                collateral: Some(collateral),
                lending: Some(lending),
            },
            ExecuteMsg::UpdateAsset {
                denom: s("d"),
                collateral: None,
                lending: None,
            },
            ExecuteMsg::SetPaused {
                denom: s("d"),
                actions: PausedActions {
                    deposit: true,
                    redeem: true,
                    ..PausedActions::default()
                },
            },
            ExecuteMsg::UpdateConfig {
                oracle: Some(s("o")),
                liquidation: Some(s("l")),
                treasury: Some(s("t")),
                guardian: Some(s("g")),
                min_debt_value: Some(u(9)),
                max_assets_per_account: Some(10),
            },
            ExecuteMsg::UpdateConfig {
                oracle: None,
                liquidation: None,
                treasury: None,
                guardian: None,
                min_debt_value: None,
                max_assets_per_account: None,
            },
            ExecuteMsg::WithdrawReserves {
                denom: s("d"),
                amount: Some(u(11)),
                recipient: Some(s("r")),
            },
            ExecuteMsg::WithdrawReserves {
                denom: s("d"),
                amount: None,
                recipient: None,
            },
            ExecuteMsg::ProposeOwner { owner: s("o") },
            ExecuteMsg::AcceptOwner {},
            ExecuteMsg::RenounceOwner {},
        ]
    }

    fn query_msgs() -> Vec<QueryMsg> {
        let s = |x: &str| x.to_string();
        let k = Some(PriceKind::Liquidation);
        vec![
            QueryMsg::Position {
                owner: s("o"),
                account: Some(1),
                kind: k,
            },
            QueryMsg::Position {
                owner: s("o"),
                account: None,
                kind: None,
            },
            QueryMsg::Positions {
                start_after: Some((s("o"), 2)),
                limit: Some(3),
                kind: k,
            },
            QueryMsg::Positions {
                start_after: None,
                limit: None,
                kind: None,
            },
            QueryMsg::Accounts {
                owner: s("o"),
                start_after: Some(4),
                limit: Some(5),
            },
            QueryMsg::Accounts {
                owner: s("o"),
                start_after: None,
                limit: None,
            },
            QueryMsg::Account {
                owner: s("o"),
                account: Some(6),
            },
            QueryMsg::Account {
                owner: s("o"),
                account: None,
            },
            QueryMsg::Market { denom: s("d") },
            QueryMsg::Markets {
                start_after: Some(s("a")),
                limit: Some(7),
            },
            QueryMsg::Markets {
                start_after: None,
                limit: None,
            },
            QueryMsg::SupplyPosition {
                lender: s("l"),
                denom: s("d"),
            },
            QueryMsg::Supplies {
                lender: s("l"),
                start_after: Some(s("a")),
                limit: Some(8),
            },
            QueryMsg::Supplies {
                lender: s("l"),
                start_after: None,
                limit: None,
            },
            QueryMsg::Asset { denom: s("d") },
            QueryMsg::Assets {
                start_after: Some(s("a")),
                limit: Some(9),
            },
            QueryMsg::Assets {
                start_after: None,
                limit: None,
            },
            QueryMsg::Config {},
            QueryMsg::Owner {},
            QueryMsg::LiquidationContext {
                owner: s("o"),
                account: Some(10),
            },
            QueryMsg::LiquidationContext {
                owner: s("o"),
                account: None,
            },
            QueryMsg::RiskSummary {},
            QueryMsg::MaxBorrow {
                owner: s("o"),
                account: Some(11),
                denom: s("d"),
            },
            QueryMsg::MaxBorrow {
                owner: s("o"),
                account: None,
                denom: s("d"),
            },
            QueryMsg::MaxWithdraw {
                owner: s("o"),
                account: Some(12),
                denom: s("d"),
            },
            QueryMsg::MaxWithdraw {
                owner: s("o"),
                account: None,
                denom: s("d"),
            },
            QueryMsg::SimulatePosition {
                owner: s("o"),
                account: Some(13),
                actions: vec![
                    PositionAction::Deposit {
                        denom: s("a"),
                        amount: Uint128::new(1),
                    },
                    PositionAction::Withdraw {
                        denom: s("b"),
                        amount: Uint128::new(2),
                    },
                    PositionAction::Borrow {
                        denom: s("c"),
                        amount: Uint128::new(3),
                    },
                    PositionAction::Repay {
                        denom: s("d"),
                        amount: Uint128::new(4),
                    },
                ],
            },
            QueryMsg::SimulatePosition {
                owner: s("o"),
                account: None,
                actions: vec![],
            },
        ]
    }

    #[test]
    fn variant_tables_match_the_enums() {
        assert_eq!(ExecuteMsg::VARIANTS.len(), ExecuteMsg::DEFS.len());
        assert_eq!(QueryMsg::VARIANTS.len(), QueryMsg::DEFS.len());
        // every variant is covered by the round trip below
        let names = |json: Vec<String>| {
            let mut names: Vec<String> = json
                .iter()
                .map(|j| j[2..].split('"').next().unwrap().to_string())
                .collect();
            names.dedup();
            names
        };
        let execute: Vec<String> = execute_msgs()
            .iter()
            .map(|m| to_json_string(m).unwrap())
            .collect();
        assert_eq!(names(execute), ExecuteMsg::VARIANTS);
        let query: Vec<String> = query_msgs()
            .iter()
            .map(|m| to_json_string(m).unwrap())
            .collect();
        assert_eq!(names(query), QueryMsg::VARIANTS);
    }

    #[test]
    fn every_message_round_trips() {
        for msg in execute_msgs() {
            let json = to_json_string(&msg).unwrap();
            assert_eq!(from_json::<ExecuteMsg>(&json).unwrap(), msg, "{json}");
        }
        for msg in query_msgs() {
            let json = to_json_string(&msg).unwrap();
            assert_eq!(from_json::<QueryMsg>(&json).unwrap(), msg, "{json}");
        }
        // explicit nulls for optional fields, and fields in any order
        assert_eq!(
            from_json::<ExecuteMsg>(
                r#"{"withdraw":{"recipient":null,"account":null,"amount":null,"denom":"d"}}"#
            )
            .unwrap(),
            ExecuteMsg::Withdraw {
                denom: "d".into(),
                amount: None,
                account: None,
                recipient: None
            }
        );
    }

    /// The errors of malformed messages, as serde's derived parser words them (the vault's
    /// compact parser must keep them: they are what a client sees).
    #[test]
    fn malformed_messages_are_rejected_with_serde_wording() {
        let strip = |e: cosmwasm_std::StdError| {
            e.to_string()
                .trim_start_matches("kind: Serialization, error: ")
                .to_string()
        };
        let err = |json: &str| strip(from_json::<ExecuteMsg>(json).unwrap_err());
        let qerr = |json: &str| strip(from_json::<QueryMsg>(json).unwrap_err());
        let cases: Vec<(String, &str)> = vec![
            (err(r#"{"depositt":{}}"#), "unknown variant `depositt`, expected one of `deposit`, `withdraw`, `borrow`, `repay`, `supply`, `redeem`, `settle_liquidation`, `list_asset`, `update_asset`, `set_paused`, `update_config`, `withdraw_reserves`, `propose_owner`, `accept_owner`, `renounce_owner` at line 1 column 11"),
            (err(r#"{"borrow":{"denom":"d"}}"#), "missing field `amount` at line 1 column 23"),
            (err(r#"{"borrow":{"amount":"1"}}"#), "missing field `denom` at line 1 column 24"),
            (err(r#"{"borrow":{"denom":"d","denom":"e","amount":"1"}}"#), "duplicate field `denom` at line 1 column 30"),
            (err(r#"{"borrow":{"denom":null,"amount":"1"}}"#), "invalid type: null, expected a string at line 1 column 23"),
            (err(r#"{"borrow":{"denom":"d","amount":1}}"#), "invalid type: integer `1`, expected string-encoded integer at line 1 column 33"),
            (err(r#"{"deposit":5}"#), "invalid type: integer `5`, expected struct variant ExecuteMsg::Deposit at line 1 column 12"),
            (err(r#""accept_owner""#), "invalid type: unit variant, expected struct variant"),
            (err(r#"{"deposit":{"account":-1}}"#), "invalid value: integer `-1`, expected u32 at line 1 column 24"),
            (err(r#"{"set_paused":{"denom":"d","actions":{"repay":true}}}"#), "unknown field `repay`, expected one of `deposit`, `withdraw`, `supply`, `redeem`, `borrow` at line 1 column 45"),
            (err(r#"5"#), "expected value at line 1 column 1"),
            (qerr(r#"{"positions":{"start_after":["a"]}}"#), "invalid length 1, expected a tuple of size 2 at line 1 column 33"),
            (qerr(r#"{"position":{"owner":"o","kind":"spot"}}"#), "unknown variant `spot`, expected `default` or `liquidation` at line 1 column 38"),
            (qerr(r#"{"config":{},"owner":{}}"#), "expected value at line 1 column 12"),
        ];
        let wrong: Vec<_> = cases.iter().filter(|(got, want)| got != want).collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        // INVARIANTS 32: unknown or misspelt fields are rejected, as serde's
        // `deny_unknown_fields` does; `ammount` never reads as "amount omitted"
        let err = from_json::<ExecuteMsg>(r#"{"supply":{"on_behalf_of":"o","memo":{"x":[1,2]}}}"#)
            .unwrap_err();
        assert!(err.to_string().contains("unknown field `memo`"), "{err}");
        let err =
            from_json::<ExecuteMsg>(r#"{"withdraw":{"denom":"uatom","ammount":"1"}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `ammount`"), "{err}");
    }

    #[test]
    fn stored_and_answered_structs_round_trip_with_serde_wording() {
        use crate::oracle::PriceResponse;
        use crate::ownership::Ownership;
        use cosmwasm_std::Addr;
        let strip = |e: cosmwasm_std::StdError| {
            e.to_string()
                .trim_start_matches("kind: Serialization, error: ")
                .to_string()
        };
        let msgs = execute_msgs();
        let (collateral, lending) = match &msgs[14] {
            ExecuteMsg::ListAsset {
                collateral: Some(c),
                lending: Some(l),
                ..
            } => (c.clone(), l.clone()),
            _ => unreachable!(),
        };
        for asset in [
            Asset {
                denom: "uatom".into(),
                decimals: 6,
                collateral: Some(collateral.clone()),
                lending: Some(lending.clone()),
                paused: PausedActions {
                    borrow: true,
                    ..PausedActions::default()
                },
            },
            Asset {
                denom: "uatom".into(),
                decimals: 6,
                collateral: None,
                lending: None,
                paused: PausedActions::default(),
            },
        ] {
            let json = to_json_string(&asset).unwrap();
            assert_eq!(from_json::<Asset>(&json).unwrap(), asset);
        }
        let init = InstantiateMsg {
            owner: "o".into(),
            oracle: "p".into(),
            liquidation: Some("l".into()),
            treasury: "t".into(),
            guardian: None,
            min_debt_value: Uint128::new(5),
            max_assets_per_account: 8,
        };
        let json = to_json_string(&init).unwrap();
        assert_eq!(from_json::<InstantiateMsg>(&json).unwrap(), init);
        for own in [
            Ownership::default(),
            Ownership {
                owner: Some(Addr::unchecked("a")),
                pending_owner: Some(Addr::unchecked("b")),
                pending_expiry: None,
            },
        ] {
            let json = to_json_string(&own).unwrap();
            assert_eq!(from_json::<Ownership>(&json).unwrap(), own);
        }
        let price = PriceResponse {
            denom: "uatom".into(),
            price: Decimal256::percent(150),
            kind: PriceKind::Default,
        };
        let json = to_json_string(&price).unwrap();
        assert_eq!(from_json::<PriceResponse>(&json).unwrap(), price);
        let config = Config {
            oracle: Addr::unchecked("o"),
            liquidation: Some(Addr::unchecked("l")),
            treasury: Addr::unchecked("t"),
            guardian: None,
            min_debt_value: Uint128::new(3),
            max_assets_per_account: 8,
        };
        let json = to_json_string(&config).unwrap();
        assert_eq!(from_json::<Config>(&json).unwrap(), config);
        assert_eq!(
            from_json::<ConfigUnchecked>(&json).unwrap().oracle,
            config.oracle.as_str()
        );
        let cases: Vec<(String, &str)> = vec![
            (
                strip(from_json::<Asset>(r#"{"denom":"a","decimals":6}"#).unwrap_err()),
                "missing field `paused` at line 1 column 26",
            ),
            (
                strip(from_json::<Asset>(r#"[]"#).unwrap_err()),
                // the one difference from serde's derive: no positional (array) form
                "invalid type: sequence, expected struct Asset at line 1 column 2",
            ),
            (
                strip(from_json::<Asset>(r#"5"#).unwrap_err()),
                "invalid type: integer `5`, expected struct Asset at line 1 column 1",
            ),
            (
                strip(
                    from_json::<CollateralParams>(r#"{"max_ltv":"0.5","max_ltv":"0.5"}"#)
                        .unwrap_err(),
                ),
                "duplicate field `max_ltv` at line 1 column 26",
            ),
            (
                strip(
                    from_json::<LendingParams>(r#"{"rate_model":{},"reserve_factor":"0"}"#)
                        .unwrap_err(),
                ),
                "missing field `base` at line 1 column 16",
            ),
            (
                strip(from_json::<InstantiateMsg>(r#"{"owner":1}"#).unwrap_err()),
                "invalid type: integer `1`, expected a string at line 1 column 10",
            ),
            (
                strip(
                    from_json::<PriceResponse>(r#"{"denom":"a","price":"1","kind":"x"}"#)
                        .unwrap_err(),
                ),
                "unknown variant `x`, expected `default` or `liquidation` at line 1 column 35",
            ),
        ];
        let wrong: Vec<_> = cases.iter().filter(|(got, want)| got != want).collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
