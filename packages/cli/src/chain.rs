//! What a liquidator bot needs from a chain, as a trait: the simulator implements it over
//! cw-multi-test ([`MultiTestChain`]); a live-chain backend (an RPC client and a signer) can
//! implement the same five calls without touching the strategy in [`crate::bots`].

use std::collections::BTreeMap;

use ballast_testing::MockEnv;
use ballast_types::events::{BadDebtEvent, BallastEvent, LiquidateEvent};
use ballast_types::liquidation::{
    ExecuteMsg, LiquidatablePositionsResponse, SimulateLiquidationResponse,
};
use cosmwasm_std::{Addr, Coin, Uint128};
use cw_multi_test::Executor;

/// Page size a bot asks `LiquidatablePositions` for (the contract's largest).
pub const PAGE: u32 = 30;

/// A chain call that failed: the chain's own message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ChainError(pub String);

impl From<cosmwasm_std::StdError> for ChainError {
    fn from(err: cosmwasm_std::StdError) -> Self {
        Self(err.to_string())
    }
}

/// What a `Liquidate` transaction emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct LiquidationTx {
    /// The liquidation contract's `liquidate` event.
    pub liquidate: LiquidateEvent,
    /// The vault's `bad_debt` events (one per denom written off), if any.
    pub bad_debt: Vec<BadDebtEvent>,
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
        let liquidate =
            LiquidateEvent::find(&res.events).map_err(|err| ChainError(err.to_string()))?;
        let bad_debt =
            BadDebtEvent::find_all(&res.events).map_err(|err| ChainError(err.to_string()))?;
        Ok(LiquidationTx {
            liquidate,
            bad_debt,
        })
    }

    fn balance(&self, addr: &str, denom: &str) -> Result<Uint128, ChainError> {
        let coin = self.env.app.wrap().query_balance(addr, denom)?;
        Uint128::try_from(coin.amount).map_err(|err| ChainError(err.to_string()))
    }

    fn market_price(&self, denom: &str) -> Option<f64> {
        self.market.get(denom).copied()
    }
}
