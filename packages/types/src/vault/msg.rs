//! What the vault is sent: instantiate, execute, query and migrate messages.

use ballast_compact::cw_serde_compact;
use cosmwasm_schema::QueryResponses;
use cosmwasm_std::Uint128;

use crate::oracle::PriceKind;
use crate::ownership::OwnershipAction;

use super::governance::StewardLimits;
use super::{CollateralParams, LendingParams, PausedActions};
// Named only by `#[returns(...)]`, which `QueryResponses` expands off wasm32 only.
#[cfg(not(target_arch = "wasm32"))]
use super::governance::StewardResponse;
#[cfg(not(target_arch = "wasm32"))]
use super::{
    AccountResponse, AccountsResponse, Asset, AssetsResponse, Config, LiquidationContextResponse,
    MarketResponse, MarketsResponse, MaxAmountResponse, PositionResponse, PositionsResponse,
    RiskSummaryResponse, SimulatePositionResponse, SuppliesResponse, SupplyResponse,
};

/// The sub-account used when a message leaves `account` out.
pub const DEFAULT_ACCOUNT: u32 = 0;

/// Instantiates the vault.
#[cw_serde_compact]
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

/// Messages the vault executes.
#[cw_serde_compact]
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
    /// Updates a listed asset's parameters. The owner, or the risk steward within its limits
    /// (each parameter moved by at most its step, at most once per cooldown per asset, never a
    /// part or a cap added or removed; see `governance::steward_check`). Only what is given
    /// changes; the market accrues interest with the old parameters first. Validated like
    /// `ListAsset`; a bad update is rejected whole.
    UpdateAsset {
        /// Listed denom.
        denom: String,
        /// New collateral parameters (replace the old ones entirely).
        collateral: Option<CollateralParams>,
        /// New lending parameters (replace the old ones entirely; creates the market if the
        /// asset had none).
        lending: Option<LendingParams>,
        /// With a cut of the liquidation threshold: seconds over which the threshold in force
        /// moves linearly from its current value to the new one (at most 30 days,
        /// `governance::MAX_RAMP_S`), so that no account turns liquidatable faster than the
        /// ramp. Omitted or 0: the cut applies at once. Refused without a cut: a raise, and every
        /// max-LTV change, apply at once.
        threshold_ramp_s: Option<u64>,
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
        /// New guardian (`SetGuardian` also clears it).
        guardian: Option<String>,
        /// New minimum debt value.
        min_debt_value: Option<Uint128>,
        /// New cap of distinct denoms per account (1 to 32).
        max_assets_per_account: Option<u8>,
    },
    /// Sets or clears the guardian. Owner only; no funds.
    SetGuardian {
        /// The new guardian; `None` clears it (then only the owner pauses).
        guardian: Option<String>,
    },
    /// Sets or clears the risk steward, and its limits. Owner only; no funds.
    SetSteward {
        /// The new steward; `None` clears it (its limits and cooldowns are kept).
        steward: Option<String>,
        /// New limits, within the hard bounds of `governance::StewardLimits::validate`; the
        /// current ones (at first `StewardLimits::conservative()`) when omitted.
        limits: Option<StewardLimits>,
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
    /// Two-step ownership, cw-ownable's shape: `{"transfer_ownership":{"new_owner":…,"expiry":…}}`
    /// (owner only; the proposal lapses at `expiry`), `"accept_ownership"` (the pending owner,
    /// before the expiry), `"renounce_ownership"` (owner only; for good). No funds.
    UpdateOwnership(OwnershipAction),
}

/// Queries the vault answers.
#[cw_serde_compact]
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
    /// The risk steward and its limits; with a `denom`, also the steward's last change of each
    /// parameter of that asset and when it may change it again.
    #[returns(StewardResponse)]
    Steward {
        /// A listed denom, for its cooldowns.
        denom: Option<String>,
    },
    /// The owner, the pending owner and when the proposal lapses (cw-ownable's answer).
    #[returns(crate::ownership::Ownership)]
    Ownership {},
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
#[cw_serde_compact]
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

/// Migrates the vault. Only a newer version of the same contract is accepted.
#[cw_serde_compact]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::*;
    use ballast_compact::{Compact, Kind, VariantDef};
    use cosmwasm_std::{from_json, to_json_string, Decimal, Decimal256};

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
                threshold_ramp_s: None,
            },
            ExecuteMsg::UpdateAsset {
                denom: s("d"),
                collateral: None,
                lending: None,
                threshold_ramp_s: None,
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
            ExecuteMsg::SetGuardian {
                guardian: Some(s("g")),
            },
            ExecuteMsg::SetGuardian { guardian: None },
            ExecuteMsg::SetSteward {
                steward: Some(s("s")),
                limits: Some(super::super::governance::StewardLimits::conservative()),
            },
            ExecuteMsg::SetSteward {
                steward: None,
                limits: None,
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
            ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: s("o"),
                expiry: Some(crate::ownership::Expiration::AtHeight(9)),
            }),
            ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
            ExecuteMsg::UpdateOwnership(OwnershipAction::RenounceOwnership),
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
            QueryMsg::Steward {
                denom: Some(s("d")),
            },
            QueryMsg::Steward { denom: None },
            QueryMsg::Ownership {},
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

    /// An enum's derived table: its variants' JSON names and their definitions.
    fn table(kind: Kind) -> (&'static [&'static str], &'static [VariantDef]) {
        match kind {
            Kind::Enum(def) => (def.variants, def.defs),
            _ => panic!("not an enum"),
        }
    }

    #[test]
    fn variant_tables_match_the_enums() {
        let (execute_variants, execute_defs) = table(<ExecuteMsg as Compact>::KIND);
        let (query_variants, query_defs) = table(<QueryMsg as Compact>::KIND);
        assert_eq!(execute_variants.len(), execute_defs.len());
        assert_eq!(query_variants.len(), query_defs.len());
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
        assert_eq!(names(execute), execute_variants);
        let query: Vec<String> = query_msgs()
            .iter()
            .map(|m| to_json_string(m).unwrap())
            .collect();
        assert_eq!(names(query), query_variants);
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
            (err(r#"{"depositt":{}}"#), "unknown variant `depositt`, expected one of `deposit`, `withdraw`, `borrow`, `repay`, `supply`, `redeem`, `settle_liquidation`, `list_asset`, `update_asset`, `set_paused`, `update_config`, `set_guardian`, `set_steward`, `withdraw_reserves`, `update_ownership` at line 1 column 11"),
            (err(r#"{"borrow":{"denom":"d"}}"#), "missing field `amount` at line 1 column 23"),
            (err(r#"{"borrow":{"amount":"1"}}"#), "missing field `denom` at line 1 column 24"),
            (err(r#"{"borrow":{"denom":"d","denom":"e","amount":"1"}}"#), "duplicate field `denom` at line 1 column 30"),
            (err(r#"{"borrow":{"denom":null,"amount":"1"}}"#), "invalid type: null, expected a string at line 1 column 23"),
            (err(r#"{"borrow":{"denom":"d","amount":1}}"#), "invalid type: integer `1`, expected string-encoded integer at line 1 column 33"),
            (err(r#"{"deposit":5}"#), "invalid type: integer `5`, expected struct variant ExecuteMsg::Deposit at line 1 column 12"),
            (err(r#""update_ownership""#), "invalid type: unit variant, expected newtype variant"),
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
                threshold_ramp: None,
            },
            Asset {
                denom: "uatom".into(),
                decimals: 6,
                collateral: None,
                lending: None,
                paused: PausedActions::default(),
                threshold_ramp: None,
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
