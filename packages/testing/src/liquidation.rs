//! The liquidation contract in a [`crate::MockEnv`]: its default policy and
//! [`LiquidationClient`], typed access to every message and query.
//!
//! [`LiquidationClient::liquidate`] returns the typed `ballast_liquidate` event read back from the
//! transaction, so a test sees exactly what was executed; [`LiquidationClient::execute`] gives the
//! raw `AppResponse`.
//!
//! ```
//! use ballast_testing::{test_rate_model, AssetSpec, MockEnv};
//! use cosmwasm_std::{coin, Decimal256};
//!
//! let mut env = MockEnv::builder()
//!     .fixed_price("uusdc", 6, Decimal256::one())
//!     .fixed_price("uatom", 6, Decimal256::percent(1000))
//!     .asset(AssetSpec::new("uusdc", 6).lending(test_rate_model(), "0.1"))
//!     .asset(AssetSpec::new("uatom", 6).collateral("0.7", "0.75"))
//!     .build();
//! let (lender, borrower, bot) = (env.addr("lender"), env.addr("borrower"), env.addr("bot"));
//! env.fund(&lender, &[coin(1_000_000_000, "uusdc")]);
//! env.fund(&borrower, &[coin(100_000_000, "uatom")]);
//! env.fund(&bot, &[coin(1_000_000_000, "uusdc")]);
//! env.vault().supply(&lender, &[coin(1_000_000_000, "uusdc")]).unwrap();
//! env.vault().deposit(&borrower, &[coin(100_000_000, "uatom")]).unwrap(); // 1,000 USD
//! env.vault().borrow(&borrower, &coin(700_000_000, "uusdc")).unwrap();
//! env.set_price("uatom", Decimal256::percent(900)).unwrap(); // L = 675 USD < D = 700 USD
//!
//! let page = env.liquidation().liquidatable_positions(None, None).unwrap();
//! assert_eq!(page.positions[0].owner, borrower.to_string());
//! let sim = env.liquidation().simulate(&borrower, 0, "uusdc", "uatom", None).unwrap();
//! let ev = env
//!     .liquidation()
//!     .liquidate(&bot, &borrower, 0, "uatom", &coin(sim.repay.u128(), "uusdc"))
//!     .unwrap();
//! assert_eq!((ev.repaid, ev.seized, ev.refunded), (sim.repay, sim.seized, sim.refund));
//! ```

use ballast_types::events::{BallastEvent, LiquidateEvent};
use ballast_types::handles::LiquidationHandle;
use ballast_types::liquidation::{
    BonusCurve, Config, ExecuteMsg, LiquidatablePositionsResponse, LiquidationPolicy, MigrateMsg,
    QueryMsg, SimulateLiquidationResponse,
};
use cosmwasm_std::{Addr, Coin, Decimal, StdError, StdResult, Uint128};
use cw_multi_test::{App, AppResponse, Executor};

/// The policy a [`crate::MockEnv`] starts with unless
/// [`crate::MockEnvBuilder::liquidation_policy`] says otherwise: close factor 0.5, the whole debt
/// below HF 0.95, 10 % of the bonus to the treasury, dust below 1 quote unit × 10^6 (1 USD with
/// the default quote), and the bonus curve `{start 0.05, slope 1, min 0.02, max 0.3}`.
///
/// The curve's `max` is `MAX_BONUS` (0.3), the bound the vault applies when it has no liquidation
/// contract: registering this policy does not tighten the bounds on collateral parameters. Pass a
/// policy with a lower `max` to test tighter bounds.
pub fn default_policy() -> LiquidationPolicy {
    LiquidationPolicy {
        close_factor: Decimal::percent(50),
        full_liquidation_hf: Decimal::percent(95),
        protocol_fee_share: Decimal::percent(10),
        min_leftover_value: Uint128::new(1_000_000),
        default_bonus: BonusCurve {
            start: Decimal::percent(5),
            slope: Decimal::one(),
            min: Decimal::percent(2),
            max: Decimal::percent(30),
        },
        bonus_overrides: vec![],
    }
}

/// Executes and queries the liquidation contract of a [`crate::MockEnv`]; returned by
/// [`crate::MockEnv::liquidation`].
pub struct LiquidationClient<'a> {
    /// The contract's address.
    pub addr: Addr,
    /// The app it lives in.
    pub app: &'a mut App,
}

impl LiquidationClient<'_> {
    /// The contract as a typed handle.
    pub fn handle(&self) -> LiquidationHandle {
        LiquidationHandle(self.addr.clone())
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

    /// `Liquidate` of `(owner, account)` by `liquidator`, paying with `debt`, seizing
    /// `collateral_denom`, no slippage guard, collateral to the liquidator.
    pub fn liquidate(
        &mut self,
        liquidator: &Addr,
        owner: &Addr,
        account: u32,
        collateral_denom: &str,
        debt: &Coin,
    ) -> StdResult<LiquidateEvent> {
        self.liquidate_with(
            liquidator,
            owner,
            account,
            collateral_denom,
            None,
            None,
            std::slice::from_ref(debt),
        )
    }

    /// `Liquidate` with every field and any funds (so bad funds can be tried).
    #[allow(clippy::too_many_arguments)]
    pub fn liquidate_with(
        &mut self,
        liquidator: &Addr,
        owner: &Addr,
        account: u32,
        collateral_denom: &str,
        min_collateral_out: Option<u128>,
        recipient: Option<&Addr>,
        funds: &[Coin],
    ) -> StdResult<LiquidateEvent> {
        let msg = ExecuteMsg::Liquidate {
            owner: owner.to_string(),
            account: Some(account),
            collateral_denom: collateral_denom.to_string(),
            min_collateral_out: min_collateral_out.map(Uint128::new),
            recipient: recipient.map(Addr::to_string),
        };
        let res = self.execute(liquidator, &msg, funds)?;
        LiquidateEvent::find(&res.events).map_err(|err| StdError::msg(err.to_string()))
    }

    /// `UpdatePolicy`.
    pub fn update_policy(
        &mut self,
        sender: &Addr,
        policy: &LiquidationPolicy,
    ) -> StdResult<AppResponse> {
        let msg = ExecuteMsg::UpdatePolicy {
            policy: policy.clone(),
        };
        self.execute(sender, &msg, &[])
    }

    /// `UpdateConfig` (addresses as given, so invalid ones can be tried).
    pub fn update_config(
        &mut self,
        sender: &Addr,
        vault: Option<&str>,
        treasury: Option<&str>,
    ) -> StdResult<AppResponse> {
        let msg = ExecuteMsg::UpdateConfig {
            vault: vault.map(str::to_string),
            treasury: treasury.map(str::to_string),
        };
        self.execute(sender, &msg, &[])
    }

    /// Migrates the contract to `code_id` (the sender must be the wasm admin: the env's owner).
    pub fn migrate(&mut self, sender: &Addr, code_id: u64) -> StdResult<AppResponse> {
        self.app
            .migrate_contract(sender.clone(), self.addr.clone(), &MigrateMsg {}, code_id)
    }

    // ---- queries ----

    /// `SimulateLiquidation` (`debt_amount` `None` = as much as allowed).
    pub fn simulate(
        &self,
        owner: &Addr,
        account: u32,
        debt_denom: &str,
        collateral_denom: &str,
        debt_amount: Option<u128>,
    ) -> StdResult<SimulateLiquidationResponse> {
        self.handle().query_simulate_liquidation(
            &self.app.wrap(),
            owner,
            account,
            debt_denom,
            collateral_denom,
            debt_amount.map(Uint128::new),
        )
    }

    /// `LiquidatablePositions` (one page).
    pub fn liquidatable_positions(
        &self,
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
    ) -> StdResult<LiquidatablePositionsResponse> {
        self.handle()
            .query_liquidatable_positions(&self.app.wrap(), start_after, limit)
    }

    /// `Policy`.
    pub fn policy(&self) -> StdResult<LiquidationPolicy> {
        self.handle().query_policy(&self.app.wrap())
    }

    /// `Config`.
    pub fn config(&self) -> StdResult<Config> {
        self.handle().query_config(&self.app.wrap())
    }
}

crate::ownership::impl_ownable!(LiquidationClient, ExecuteMsg);
