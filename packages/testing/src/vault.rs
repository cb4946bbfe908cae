//! The vault in a [`crate::MockEnv`]: [`AssetSpec`] for the builder and [`VaultClient`], typed
//! access to every message and query.
//!
//! Execute helpers return the action's typed event (read back from the transaction), so a test
//! sees exactly what the vault did; [`VaultClient::execute`] gives the raw `AppResponse`.

use std::str::FromStr;

use ballast_math::interest::RateModel;
use ballast_types::events::{
    BallastEvent, BorrowEvent, DepositEvent, RedeemEvent, RepayEvent, SettleLiquidationEvent,
    SupplyEvent, WithdrawEvent,
};
use ballast_types::handles::VaultHandle;
use ballast_types::oracle::PriceKind;
use ballast_types::ownership::OwnerResponse;
use ballast_types::vault::{
    AccountResponse, AccountsResponse, Asset, CollateralParams, Config, ExecuteMsg, LendingParams,
    LiquidationContextResponse, MarketResponse, MarketsResponse, PausedActions, PositionAction,
    PositionResponse, PositionsResponse, QueryMsg, RiskSummaryResponse, SimulatePositionResponse,
    SupplyResponse,
};
use cosmwasm_std::{Addr, Coin, Decimal, StdError, StdResult, Uint128};
use cw_multi_test::{App, AppResponse, Executor};

/// Shorthand for a `Decimal` from a string such as `"0.7"` (panics on a malformed literal).
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|err| panic!("bad decimal {s:?}: {err}"))
}

/// A rate model for tests: 2 % base, 10 % at the 80 % kink, +100 % above.
pub fn test_rate_model() -> RateModel {
    RateModel {
        base: dec("0.02"),
        slope1: dec("0.1"),
        slope2: dec("1"),
        optimal_utilization: dec("0.8"),
    }
}

/// An asset the builder lists in the vault (its price source must be registered too, e.g. with
/// [`crate::MockEnvBuilder::fixed_price`]).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetSpec {
    /// Denom.
    pub denom: String,
    /// Decimals (as in the oracle).
    pub decimals: u8,
    /// Collateral parameters.
    pub collateral: Option<CollateralParams>,
    /// Lending parameters.
    pub lending: Option<LendingParams>,
}

impl AssetSpec {
    /// An asset with neither collateral nor lending parameters yet.
    pub fn new(denom: &str, decimals: u8) -> Self {
        Self {
            denom: denom.to_string(),
            decimals,
            collateral: None,
            lending: None,
        }
    }

    /// Usable as collateral with `max_ltv` and `liquidation_threshold` (decimal strings), no cap.
    pub fn collateral(mut self, max_ltv: &str, liquidation_threshold: &str) -> Self {
        self.collateral = Some(CollateralParams {
            max_ltv: dec(max_ltv),
            liquidation_threshold: dec(liquidation_threshold),
            deposit_cap: None,
        });
        self
    }

    /// Borrowable with `rate_model` and `reserve_factor`, no caps.
    pub fn lending(mut self, rate_model: RateModel, reserve_factor: &str) -> Self {
        self.lending = Some(LendingParams {
            rate_model,
            reserve_factor: dec(reserve_factor),
            supply_cap: None,
            borrow_cap: None,
        });
        self
    }

    /// The `ListAsset` message.
    pub fn list_msg(&self) -> ExecuteMsg {
        ExecuteMsg::ListAsset {
            denom: self.denom.clone(),
            decimals: self.decimals,
            collateral: self.collateral.clone(),
            lending: self.lending.clone(),
        }
    }
}

/// The vault's configuration in a [`crate::MockEnv`] (the addresses are the env's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VaultParams {
    /// `min_debt_value` (quote units).
    pub min_debt_value: Uint128,
    /// `max_assets_per_account`.
    pub max_assets_per_account: u8,
}

impl Default for VaultParams {
    /// No minimum debt value, 8 assets per account.
    fn default() -> Self {
        Self {
            min_debt_value: Uint128::zero(),
            max_assets_per_account: 8,
        }
    }
}

fn event<E: BallastEvent>(res: AppResponse) -> StdResult<E> {
    E::find(&res.events).map_err(|err| StdError::msg(err.to_string()))
}

/// Executes and queries the vault of a [`crate::MockEnv`]; returned by
/// [`crate::MockEnv::vault`].
pub struct VaultClient<'a> {
    /// The vault's address.
    pub addr: Addr,
    /// The app it lives in.
    pub app: &'a mut App,
}

impl VaultClient<'_> {
    /// The vault as a typed handle.
    pub fn handle(&self) -> VaultHandle {
        VaultHandle(self.addr.clone())
    }

    /// Executes any message with `funds`.
    pub fn execute(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> StdResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.addr.clone(), msg, funds)
    }

    /// Any query.
    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(&self.addr, msg)
    }

    // ---- borrowers ----

    /// `Deposit` of `funds` into the sender's account 0.
    pub fn deposit(&mut self, sender: &Addr, funds: &[Coin]) -> StdResult<DepositEvent> {
        self.deposit_to(sender, 0, None, funds)
    }

    /// `Deposit` into `(on_behalf_of or sender, account)`.
    pub fn deposit_to(
        &mut self,
        sender: &Addr,
        account: u32,
        on_behalf_of: Option<&Addr>,
        funds: &[Coin],
    ) -> StdResult<DepositEvent> {
        let msg = ExecuteMsg::Deposit {
            account: Some(account),
            on_behalf_of: on_behalf_of.map(Addr::to_string),
        };
        self.execute(sender, &msg, funds).and_then(event)
    }

    /// `Withdraw` from the sender's account 0 to the sender (`None` = the most allowed).
    pub fn withdraw(
        &mut self,
        sender: &Addr,
        denom: &str,
        amount: Option<u128>,
    ) -> StdResult<WithdrawEvent> {
        self.withdraw_from(sender, 0, denom, amount, None)
    }

    /// `Withdraw` with every field.
    pub fn withdraw_from(
        &mut self,
        sender: &Addr,
        account: u32,
        denom: &str,
        amount: Option<u128>,
        recipient: Option<&Addr>,
    ) -> StdResult<WithdrawEvent> {
        let msg = ExecuteMsg::Withdraw {
            denom: denom.to_string(),
            amount: amount.map(Uint128::new),
            account: Some(account),
            recipient: recipient.map(Addr::to_string),
        };
        self.execute(sender, &msg, &[]).and_then(event)
    }

    /// `Borrow` of `coin` against the sender's account 0, paid to the sender.
    pub fn borrow(&mut self, sender: &Addr, coin: &Coin) -> StdResult<BorrowEvent> {
        self.borrow_from(sender, 0, coin, None)
    }

    /// `Borrow` with every field.
    pub fn borrow_from(
        &mut self,
        sender: &Addr,
        account: u32,
        coin: &Coin,
        recipient: Option<&Addr>,
    ) -> StdResult<BorrowEvent> {
        let amount =
            Uint128::try_from(coin.amount).map_err(|err| StdError::msg(err.to_string()))?;
        let msg = ExecuteMsg::Borrow {
            denom: coin.denom.clone(),
            amount,
            account: Some(account),
            recipient: recipient.map(Addr::to_string),
        };
        self.execute(sender, &msg, &[]).and_then(event)
    }

    /// `Repay` of `funds` for the sender's account 0.
    pub fn repay(&mut self, sender: &Addr, funds: &[Coin]) -> StdResult<RepayEvent> {
        self.repay_for(sender, 0, None, funds)
    }

    /// `Repay` for `(on_behalf_of or sender, account)`.
    pub fn repay_for(
        &mut self,
        sender: &Addr,
        account: u32,
        on_behalf_of: Option<&Addr>,
        funds: &[Coin],
    ) -> StdResult<RepayEvent> {
        let msg = ExecuteMsg::Repay {
            account: Some(account),
            on_behalf_of: on_behalf_of.map(Addr::to_string),
        };
        self.execute(sender, &msg, funds).and_then(event)
    }

    // ---- lenders ----

    /// `Supply` of `funds` for the sender.
    pub fn supply(&mut self, sender: &Addr, funds: &[Coin]) -> StdResult<SupplyEvent> {
        self.execute(sender, &ExecuteMsg::Supply { on_behalf_of: None }, funds)
            .and_then(event)
    }

    /// `Redeem` to the sender (`None` = all, capped at the free liquidity).
    pub fn redeem(
        &mut self,
        sender: &Addr,
        denom: &str,
        amount: Option<u128>,
    ) -> StdResult<RedeemEvent> {
        let msg = ExecuteMsg::Redeem {
            denom: denom.to_string(),
            amount: amount.map(Uint128::new),
            recipient: None,
        };
        self.execute(sender, &msg, &[]).and_then(event)
    }

    // ---- liquidation contract ----

    /// `SettleLiquidation` sent by `sender` with `repaid` attached.
    #[allow(clippy::too_many_arguments)]
    pub fn settle_liquidation(
        &mut self,
        sender: &Addr,
        owner: &Addr,
        account: u32,
        collateral_denom: &str,
        seize: u128,
        protocol_fee: u128,
        recipient: &Addr,
        treasury: &Addr,
        repaid: &Coin,
    ) -> StdResult<AppResponse> {
        let msg = ExecuteMsg::SettleLiquidation {
            owner: owner.to_string(),
            account: Some(account),
            collateral_denom: collateral_denom.to_string(),
            seize: Uint128::new(seize),
            protocol_fee: Uint128::new(protocol_fee),
            recipient: recipient.to_string(),
            treasury: treasury.to_string(),
        };
        let res = self.execute(sender, &msg, std::slice::from_ref(repaid))?;
        event::<SettleLiquidationEvent>(res.clone())?;
        Ok(res)
    }

    // ---- governance ----

    /// `ListAsset`.
    pub fn list_asset(&mut self, sender: &Addr, spec: &AssetSpec) -> StdResult<AppResponse> {
        self.execute(sender, &spec.list_msg(), &[])
    }

    /// `UpdateAsset`.
    pub fn update_asset(
        &mut self,
        sender: &Addr,
        denom: &str,
        collateral: Option<CollateralParams>,
        lending: Option<LendingParams>,
    ) -> StdResult<AppResponse> {
        let msg = ExecuteMsg::UpdateAsset {
            denom: denom.to_string(),
            collateral,
            lending,
            threshold_ramp_s: None,
        };
        self.execute(sender, &msg, &[])
    }

    /// `SetPaused`.
    pub fn set_paused(
        &mut self,
        sender: &Addr,
        denom: &str,
        actions: PausedActions,
    ) -> StdResult<AppResponse> {
        let msg = ExecuteMsg::SetPaused {
            denom: denom.to_string(),
            actions,
        };
        self.execute(sender, &msg, &[])
    }

    // ---- queries ----

    /// `Position` of `(owner, account)` at prices of `kind`.
    pub fn position(
        &self,
        owner: &Addr,
        account: u32,
        kind: PriceKind,
    ) -> StdResult<PositionResponse> {
        self.handle()
            .query_position(&self.app.wrap(), owner, account, kind)
    }

    /// `Positions`.
    pub fn positions(
        &self,
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
        kind: PriceKind,
    ) -> StdResult<PositionsResponse> {
        self.handle()
            .query_positions(&self.app.wrap(), start_after, limit, kind)
    }

    /// `Account` (raw ledger, no prices).
    pub fn account(&self, owner: &Addr, account: u32) -> StdResult<AccountResponse> {
        self.handle()
            .query_account(&self.app.wrap(), owner, account)
    }

    /// `Accounts`.
    pub fn accounts(&self, owner: &Addr) -> StdResult<AccountsResponse> {
        self.handle().query_accounts(&self.app.wrap(), owner)
    }

    /// `Market`.
    pub fn market(&self, denom: &str) -> StdResult<MarketResponse> {
        self.handle().query_market(&self.app.wrap(), denom)
    }

    /// `Markets` (one page).
    pub fn markets(
        &self,
        start_after: Option<&str>,
        limit: Option<u32>,
    ) -> StdResult<MarketsResponse> {
        self.query(&QueryMsg::Markets {
            start_after: start_after.map(str::to_string),
            limit,
        })
    }

    /// `SupplyPosition` of `lender` in `denom`.
    pub fn supply_of(&self, lender: &Addr, denom: &str) -> StdResult<SupplyResponse> {
        self.handle()
            .query_supply_position(&self.app.wrap(), lender, denom)
    }

    /// `Asset`.
    pub fn asset(&self, denom: &str) -> StdResult<Asset> {
        self.handle().query_asset(&self.app.wrap(), denom)
    }

    /// `Config`.
    pub fn config(&self) -> StdResult<Config> {
        self.handle().query_config(&self.app.wrap())
    }

    /// `Owner`.
    pub fn owner(&self) -> StdResult<OwnerResponse> {
        self.handle().query_owner(&self.app.wrap())
    }

    /// `LiquidationContext`.
    pub fn liquidation_context(
        &self,
        owner: &Addr,
        account: u32,
    ) -> StdResult<LiquidationContextResponse> {
        self.handle()
            .query_liquidation_context(&self.app.wrap(), owner, account)
    }

    /// `RiskSummary`.
    pub fn risk_summary(&self) -> StdResult<RiskSummaryResponse> {
        self.handle().query_risk_summary(&self.app.wrap())
    }

    /// `MaxBorrow`.
    pub fn max_borrow(&self, owner: &Addr, account: u32, denom: &str) -> StdResult<Uint128> {
        Ok(self
            .handle()
            .query_max_borrow(&self.app.wrap(), owner, account, denom)?
            .amount)
    }

    /// `SimulatePosition` of `(owner, account)` after `actions`.
    pub fn simulate_position(
        &self,
        owner: &Addr,
        account: u32,
        actions: &[PositionAction],
    ) -> StdResult<SimulatePositionResponse> {
        self.handle()
            .query_simulate_position(&self.app.wrap(), owner, account, actions.to_vec())
    }

    /// `MaxWithdraw`.
    pub fn max_withdraw(&self, owner: &Addr, account: u32, denom: &str) -> StdResult<Uint128> {
        Ok(self
            .handle()
            .query_max_withdraw(&self.app.wrap(), owner, account, denom)?
            .amount)
    }
}
