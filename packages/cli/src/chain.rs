//! What a liquidator bot needs from a chain, as a trait: the simulator implements it over
//! cw-multi-test ([`MultiTestChain`]) and `ballast keeper` over a wasmd node
//! ([`crate::keeper::live::LiveChain`]: RPC queries, signed transactions); the strategy in
//! [`crate::bots`] is the same code on both.

use std::collections::BTreeMap;

use ballast_testing::MockEnv;

use ballast_types::events::{BadDebtEvent, BallastEvent, LiquidateEvent};
use ballast_types::liquidation::{
    ExecuteMsg, LiquidatablePosition, LiquidatablePositionsResponse, SimulateLiquidationResponse,
};
use cosmwasm_std::{Addr, Coin, Decimal, Decimal256, Event, Uint128};
use cw_multi_test::Executor;
use serde::Serialize;

/// Page size a bot asks `LiquidatablePositions` for (the contract's largest).
pub const PAGE: u32 = 30;

/// A chain call that failed: the chain's own message, and for a transaction what its failure
/// cost.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ChainError {
    /// The chain's message.
    pub message: String,
    /// Fee paid for a transaction that failed in its block, in quote smallest units (`Some(0.0)`
    /// when it was refused before it was sent); `None` = the chain does not say (the simulator
    /// then charges its modelled gas cost).
    pub fee_paid: Option<f64>,
}

impl ChainError {
    /// A failure that says nothing about fees.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            fee_paid: None,
        }
    }
}

impl From<cosmwasm_std::StdError> for ChainError {
    fn from(err: cosmwasm_std::StdError) -> Self {
        Self::new(err.to_string())
    }
}

/// What a `Liquidate` transaction emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct LiquidationTx {
    /// The liquidation contract's `liquidate` event.
    pub liquidate: LiquidateEvent,
    /// The vault's `bad_debt` events (one per denom written off), if any.
    pub bad_debt: Vec<BadDebtEvent>,
    /// Transaction hash, on a live chain.
    pub tx_hash: Option<String>,
    /// Fee paid, in quote smallest units, when the chain knows it (a live chain); `None` = the
    /// simulator's modelled gas cost applies.
    pub fee_paid: Option<f64>,
    /// Only simulated (a keeper's `--dry-run`): nothing was sent, the events are the
    /// simulation's.
    pub dry_run: bool,
}

/// The liquidation contract's `liquidate` event and the vault's `bad_debt` events of one
/// transaction's events.
pub fn read_liquidation_events(
    events: &[Event],
) -> Result<(LiquidateEvent, Vec<BadDebtEvent>), ChainError> {
    let liquidate = LiquidateEvent::find(events).map_err(|e| ChainError::new(e.to_string()))?;
    let bad_debt = BadDebtEvent::find_all(events).map_err(|e| ChainError::new(e.to_string()))?;
    Ok((liquidate, bad_debt))
}

/// The chain as a liquidator bot sees it.
pub trait Chain {
    /// Current block height.
    fn height(&self) -> u64;
    /// One page of `LiquidatablePositions`.
    fn liquidatable_positions(
        &self,
        start_after: Option<(String, u32)>,
    ) -> Result<LiquidatablePositionsResponse, ChainError>;
    /// `SimulateLiquidation`.
    fn simulate_liquidation(
        &self,
        owner: &str,
        account: u32,
        debt_denom: &str,
        collateral_denom: &str,
        debt_amount: Option<Uint128>,
    ) -> Result<SimulateLiquidationResponse, ChainError>;
    /// Sends `Liquidate` from `liquidator`, paying `debt`, with the slippage guard.
    fn liquidate(
        &mut self,
        liquidator: &str,
        owner: &str,
        account: u32,
        collateral_denom: &str,
        min_collateral_out: Uint128,
        debt: Coin,
    ) -> Result<LiquidationTx, ChainError>;
    /// Bank balance.
    fn balance(&self, addr: &str, denom: &str) -> Result<Uint128, ChainError>;
    /// The market price a bot sees off chain (quote smallest units per smallest unit), which may
    /// run ahead of the oracle's; `None` = use the price the position was valued at.
    fn market_price(&self, _denom: &str) -> Option<f64> {
        None
    }
    /// Share of a full liquidation's simulated `repay` sent on top of it: on a live chain the
    /// transaction runs in a later block than the simulation, when the debt has accrued more
    /// interest, and an insolvent account takes nothing less than the whole repayment (the
    /// contract refunds what is not used). Zero where the execution happens in the simulated
    /// block.
    fn repay_margin(&self) -> Decimal {
        Decimal::zero()
    }
    /// The fee the `Liquidate` transaction would cost, in quote smallest units, found by
    /// simulating that very transaction: `Ok(None)` = the chain cannot say (the bot's modelled
    /// gas cost applies); an error = the transaction would be refused (nothing is sent).
    fn liquidation_fee(
        &self,
        _liquidator: &str,
        _owner: &str,
        _account: u32,
        _collateral_denom: &str,
        _min_collateral_out: Uint128,
        _debt: &Coin,
    ) -> Result<Option<f64>, ChainError> {
        Ok(None)
    }
    /// Whether a liquidation runs in the block its simulation saw, so the event must equal the
    /// simulation exactly (cw-multi-test); on a live chain a later block's interest makes small
    /// differences normal.
    fn same_block_execution(&self) -> bool {
        true
    }
    /// Whether the bot should stop before its next liquidation (a keeper got a signal: the
    /// transaction in flight is finished, no new one is started).
    fn interrupted(&self) -> bool {
        false
    }
    /// Whether the bot should describe each of its decisions to [`Chain::record`] (a keeper
    /// logs them; the simulator does not want them, and they are then not even built).
    fn wants_decisions(&self) -> bool {
        false
    }
    /// One decision of the bot, as it is made.
    fn record(&mut self, _decision: Decision) {}
}

/// [`Chain`] over a [`MockEnv`]: the real contracts in cw-multi-test.
pub struct MultiTestChain<'a> {
    /// The environment.
    pub env: &'a mut MockEnv,
    /// Market prices (quote smallest units per smallest unit) by denom.
    pub market: BTreeMap<String, f64>,
}

impl Chain for MultiTestChain<'_> {
    fn height(&self) -> u64 {
        self.env.app.block_info().height
    }

    fn liquidatable_positions(
        &self,
        start_after: Option<(String, u32)>,
    ) -> Result<LiquidatablePositionsResponse, ChainError> {
        Ok(self.env.liquidation_handle().query_liquidatable_positions(
            &self.env.app.wrap(),
            start_after,
            Some(PAGE),
        )?)
    }

    fn simulate_liquidation(
        &self,
        owner: &str,
        account: u32,
        debt_denom: &str,
        collateral_denom: &str,
        debt_amount: Option<Uint128>,
    ) -> Result<SimulateLiquidationResponse, ChainError> {
        Ok(self.env.liquidation_handle().query_simulate_liquidation(
            &self.env.app.wrap(),
            Addr::unchecked(owner),
            account,
            debt_denom,
            collateral_denom,
            debt_amount,
        )?)
    }

    fn liquidate(
        &mut self,
        liquidator: &str,
        owner: &str,
        account: u32,
        collateral_denom: &str,
        min_collateral_out: Uint128,
        debt: Coin,
    ) -> Result<LiquidationTx, ChainError> {
        let msg = ExecuteMsg::Liquidate {
            owner: owner.to_string(),
            account: Some(account),
            collateral_denom: collateral_denom.to_string(),
            min_collateral_out: Some(min_collateral_out),
            recipient: None,
        };
        let contract = self.env.liquidation_addr.clone();
        let res =
            self.env
                .app
                .execute_contract(Addr::unchecked(liquidator), contract, &msg, &[debt])?;
        let (liquidate, bad_debt) = read_liquidation_events(&res.events)?;
        Ok(LiquidationTx {
            liquidate,
            bad_debt,
            tx_hash: None,
            fee_paid: None,
            dry_run: false,
        })
    }

    fn balance(&self, addr: &str, denom: &str) -> Result<Uint128, ChainError> {
        let coin = self.env.app.wrap().query_balance(addr, denom)?;
        Uint128::try_from(coin.amount).map_err(|err| ChainError::new(err.to_string()))
    }

    fn market_price(&self, denom: &str) -> Option<f64> {
        self.market.get(denom).copied()
    }
}

/// What a bot decided about one liquidatable account: one line of a keeper's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// Owner.
    pub owner: String,
    /// Sub-account.
    pub account: u32,
    /// Health factor at `Liquidation` prices, as scanned.
    pub health_factor: Decimal256,
    /// Debt repaid (the largest).
    pub debt_denom: Option<String>,
    /// Collateral chosen.
    pub collateral_denom: Option<String>,
    /// `repay` of the simulation.
    pub simulated_repay: Option<Uint128>,
    /// `to_liquidator` of the simulation (also the slippage guard sent).
    pub simulated_to_liquidator: Option<Uint128>,
    /// Amount of the debt denom sent (the contract refunds what it does not use).
    pub sent: Option<Uint128>,
    /// Fee of the transaction, whole quote units (simulated before sending; paid after).
    pub fee: Option<f64>,
    /// Profit, whole quote units: expected before sending, realised after.
    pub profit: Option<f64>,
    /// `liquidated`, `simulated` (dry run, nothing sent), `skipped` or `failed`.
    pub outcome: &'static str,
    /// Why it was skipped or failed.
    pub reason: Option<String>,
    /// Transaction hash.
    pub tx_hash: Option<String>,
    /// `repay` of the executed liquidation.
    pub repaid: Option<Uint128>,
    /// `to_liquidator` of the executed liquidation.
    pub received: Option<Uint128>,
}

impl Decision {
    /// A decision about `position` with `outcome`, the other fields unset.
    pub fn about(position: &LiquidatablePosition, outcome: &'static str) -> Self {
        Decision {
            owner: position.owner.clone(),
            account: position.account,
            health_factor: position.health_factor,
            debt_denom: None,
            collateral_denom: None,
            simulated_repay: None,
            simulated_to_liquidator: None,
            sent: None,
            fee: None,
            profit: None,
            outcome,
            reason: None,
            tx_hash: None,
            repaid: None,
            received: None,
        }
    }
}
