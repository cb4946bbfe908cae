//! The answers to the vault's queries.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Decimal256, Uint128};

use crate::oracle::PriceKind;

use ballast_math::position::{liquidation_price, position_values, CollateralInput, DebtInput};
use ballast_math::MathResult;

use super::{Asset, PositionValues};

/// One collateral of an account, priced: the one type of the vault's valuation, its `Position`,
/// `Positions` and `SimulatePosition` answers, and the `LiquidationContext` the liquidation
/// contract plans with.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct PricedCollateral {
    /// Denom.
    pub denom: String,
    /// Amount held.
    pub amount: Uint128,
    /// Price used; 0 when the oracle has none (then it counts zero and cannot be seized).
    pub price: Decimal256,
    /// `floor(amount · price)`.
    pub value: Uint128,
    /// The asset's max LTV (0 if it lost its collateral parameters).
    #[serde(default)]
    pub max_ltv: Decimal,
    /// The asset's liquidation threshold (0 likewise).
    #[serde(default)]
    pub liquidation_threshold: Decimal,
    /// Liquidation price of this collateral, in the units of `price` and for prices of the
    /// position's `kind`: the smallest price at which `L ≥ D` with every other amount and price
    /// fixed; below it the account is liquidatable (`ballast_math::position::liquidation_price`).
    /// `None` when no price of this collateral makes it liquidatable (no debt, or the other
    /// collateral alone covers the debt), when it cannot help (amount or threshold 0), or when
    /// the account is `unpriceable`.
    #[serde(default)]
    pub liquidation_price: Option<Decimal256>,
}

impl PricedCollateral {
    /// The maths input of this collateral.
    pub fn input(&self) -> CollateralInput {
        CollateralInput {
            amount: self.amount,
            price: self.price,
            max_ltv: self.max_ltv,
            liquidation_threshold: self.liquidation_threshold,
        }
    }
}

/// One debt of an account, priced (see [`PricedCollateral`] for where it is used).
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct PricedDebt {
    /// Denom.
    pub denom: String,
    /// Amount owed at the current block, interest included (rounded up): the most
    /// `SettleLiquidation` accepts for this denom.
    pub amount: Uint128,
    /// Debt shares held.
    pub shares: Uint128,
    /// Price used; 0 when the oracle has none (then the account is `unpriceable`).
    pub price: Decimal256,
    /// `ceil(amount · price)`.
    pub value: Uint128,
}

impl PricedDebt {
    /// The maths input of this debt.
    pub fn input(&self) -> DebtInput {
        DebtInput {
            amount: self.amount,
            price: self.price,
        }
    }
}

/// Answer to `Position`: one account, valued.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct PositionResponse {
    /// Owner.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Prices used.
    pub kind: PriceKind,
    /// Collaterals, ordered by denom.
    pub collaterals: Vec<PricedCollateral>,
    /// Debts, ordered by denom.
    pub debts: Vec<PricedDebt>,
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

impl PositionResponse {
    /// The position of `(owner, account)` from its priced collaterals and debts at `kind`: the
    /// totals, the ratios and each collateral's liquidation price follow from them.
    /// `unpriceable` (a debt has no price) leaves the ratios `None`, the account not
    /// `liquidatable` and no liquidation price.
    pub fn new(
        owner: String,
        account: u32,
        kind: PriceKind,
        mut collaterals: Vec<PricedCollateral>,
        debts: Vec<PricedDebt>,
        missing_prices: Vec<MissingPrice>,
        unpriceable: bool,
    ) -> MathResult<Self> {
        let inputs: Vec<CollateralInput> =
            collaterals.iter().map(PricedCollateral::input).collect();
        let debt_inputs: Vec<DebtInput> = debts.iter().map(PricedDebt::input).collect();
        let v = position_values(&inputs, &debt_inputs)?;
        let judged = !unpriceable;
        if judged {
            for (i, c) in collaterals.iter_mut().enumerate() {
                c.liquidation_price = liquidation_price(&inputs, &debt_inputs, i)?;
            }
        }
        Ok(Self {
            owner,
            account,
            kind,
            collateral_value: v.collateral_value,
            debt_value: v.debt_value,
            borrow_capacity: v.borrow_capacity,
            liquidation_capacity: v.liquidation_capacity,
            ltv: v.ltv().filter(|_| judged),
            health_factor: v.health_factor().filter(|_| judged),
            leverage: v.leverage().filter(|_| judged),
            liquidatable: judged && v.is_liquidatable(),
            collaterals,
            debts,
            missing_prices,
            unpriceable,
        })
    }

    /// `C`, `D`, `B` and `L` of the position.
    pub fn values(&self) -> PositionValues {
        PositionValues {
            collateral_value: self.collateral_value,
            debt_value: self.debt_value,
            borrow_capacity: self.borrow_capacity,
            liquidation_capacity: self.liquidation_capacity,
        }
    }
}

/// Answer to `Positions`: one page.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct PositionsResponse {
    /// Positions of accounts that owe debt, ordered by `(owner, account)`.
    pub positions: Vec<PositionResponse>,
    /// `start_after` of the next page: the last `(owner, account)` of this page when more
    /// accounts follow it, `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<(String, u32)>,
}

/// A denom the oracle could not price, and why.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct MissingPrice {
    /// The denom.
    pub denom: String,
    /// The oracle's reason (stale feed with its age, breaker, no source, failing feed, …).
    pub reason: String,
}

/// Answer to `Accounts`: one page.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
pub struct AccountCollateral {
    /// Denom.
    pub denom: String,
    /// Amount held.
    pub amount: Uint128,
}

/// One debt of an account.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
pub struct MarketsResponse {
    /// Markets, ordered by denom.
    pub markets: Vec<MarketResponse>,
    /// `start_after` of the next page: the last denom of this page when more markets follow it,
    /// `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<String>,
}

/// Answer to `Supplies`: one page.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
pub struct AssetsResponse {
    /// Listed assets, ordered by denom.
    pub assets: Vec<Asset>,
    /// `start_after` of the next page: the last denom of this page when more assets follow it,
    /// `None` on the last page (see [`crate::page`]).
    pub next_start_after: Option<String>,
}

/// Answer to `SupplyPosition`: one lender's supply in one market.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
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

/// Answer to `LiquidationContext`: one account's position at `Liquidation` prices and the
/// current block, plus what the liquidation contract needs beyond it.
///
/// The vault settles with exactly these numbers if `SettleLiquidation` comes in the same block
/// (same prices, same accrued debt).
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
pub struct LiquidationContextResponse {
    /// The account valued at `Liquidation` prices: its collaterals with their parameters, its
    /// debts, `C`, `D`, `B`, `L`, the health factor, whether it is `liquidatable` (`D > L`:
    /// `SettleLiquidation` would accept a liquidation now), and the missing prices (a collateral
    /// without a price counts zero and cannot be seized; a debt without one makes the account
    /// `unpriceable`).
    pub position: PositionResponse,
    /// Block time (seconds) the amounts are accrued to.
    pub block_time: u64,
    /// The largest bonus the vault accepts at settlement: `floor(seize · p_c) ≤
    /// floor(ceil(repaid · p_d) · (1 + max_bonus)) + 1`.
    pub max_bonus: Decimal,
}

/// One asset in [`RiskSummaryResponse`].
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
pub struct SimulatePositionResponse {
    /// The position after the accepted actions, at `Default` prices, as `Position` answers it.
    pub position: PositionResponse,
    /// One outcome per action, in order.
    pub actions: Vec<ActionOutcome>,
}

/// What one action of `SimulatePosition` would do.
#[cw_serde]
#[derive(ballast_compact::WriteJson)]
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
#[derive(ballast_compact::WriteJson)]
pub struct MaxAmountResponse {
    /// Denom.
    pub denom: String,
    /// Largest amount.
    pub amount: Uint128,
}
