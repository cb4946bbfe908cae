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
#[cw_serde]
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

/// Upper bound of `max_assets_per_account`: the oracle prices at most 32 denoms per `Prices`
/// query, and every account is priced with one such query.
pub const MAX_ASSETS_PER_ACCOUNT: u8 = 32;

/// The vault's configuration: addresses as strings (`ConfigUnchecked`, user input) or checked
/// (`Config`, stored and returned by the `Config {}` query).
#[cw_serde]
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
#[cw_serde]
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
#[cw_serde]
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
#[cw_serde]
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

/// A listed asset: the answer to `Asset { denom }`, and what the vault stores.
#[cw_serde]
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

/// Messages the vault executes.
#[cw_serde]
pub enum ExecuteMsg {
    /// Deposits the attached coins as collateral of account `(on_behalf_of or sender, account)`,
    /// creating the account if needed. Funds: one or more coins of listed collateral denoms,
    /// distinct, non-zero. Needs no price.
    Deposit {
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Owner of the account credited; the sender when omitted.
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
    /// every remaining debt is written off (event `ballast/bad_debt`). Never paused.
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
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// One account's position, valued at the current block (interest accrued) and prices of
    /// `kind`. Unknown account: `AccountNotFound`.
    #[returns(PositionResponse)]
    Position {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Prices used; `Default` when omitted.
        kind: Option<PriceKind>,
    },
    /// A page of positions of accounts that owe debt, ordered by `(owner, account)`.
    #[returns(Vec<PositionResponse>)]
    Positions {
        /// Return only accounts after this `(owner, account)`.
        start_after: Option<(String, u32)>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
        /// Prices used; `Default` when omitted.
        kind: Option<PriceKind>,
    },
    /// The sub-accounts of one owner, in increasing order.
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
    /// A page of markets, ordered by denom.
    #[returns(Vec<MarketResponse>)]
    Markets {
        /// Return only denoms after this one.
        start_after: Option<String>,
        /// Page size: default 10, larger values are clamped to 30; 0 is an error.
        limit: Option<u32>,
    },
    /// One lender's supply in one market at the current block.
    #[returns(SupplyResponse)]
    Supply {
        /// Lender.
        lender: String,
        /// Borrowable denom.
        denom: String,
    },
    /// A page of one lender's supplies, ordered by denom.
    #[returns(Vec<SupplyResponse>)]
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
    /// A page of listed assets, ordered by denom.
    #[returns(Vec<Asset>)]
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
    /// Largest amount of `denom` the account may borrow now: initial margin at `Default` prices,
    /// free liquidity and borrow cap.
    #[returns(MaxAmountResponse)]
    MaxBorrow {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Borrowable denom.
        denom: String,
    },
    /// Largest amount of collateral `denom` the account may withdraw now (initial margin at
    /// `Default` prices; all of it without debt).
    #[returns(MaxAmountResponse)]
    MaxWithdraw {
        /// Owner of the account.
        owner: String,
        /// Sub-account; 0 when omitted.
        account: Option<u32>,
        /// Collateral denom.
        denom: String,
    },
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
    /// `D > L`. Only meaningful for liquidation at `Liquidation` prices.
    pub liquidatable: bool,
}

/// Answer to `Accounts`.
#[cw_serde]
pub struct AccountsResponse {
    /// Owner.
    pub owner: String,
    /// Sub-account indices, increasing.
    pub accounts: Vec<u32>,
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

/// Answer to `Supply`: one lender's supply in one market.
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

/// Answer to `MaxBorrow` and `MaxWithdraw`.
#[cw_serde]
pub struct MaxAmountResponse {
    /// Denom.
    pub denom: String,
    /// Largest amount.
    pub amount: Uint128,
}

/// Migrates the vault. Only a newer version of the same contract is accepted.
#[cw_serde]
pub struct MigrateMsg {}

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
