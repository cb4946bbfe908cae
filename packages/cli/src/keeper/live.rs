//! [`Chain`] over a wasmd node: queries through the REST gateway, `Liquidate` signed and sent
//! by the keeper's key ([`Node::send`]: account number and sequence read for every
//! transaction, a sequence mismatch re-read and retried, gas from a simulation times the
//! configured adjustment, the fee from the configured gas price).

use ballast_types::liquidation::{
    ExecuteMsg, LiquidatablePositionsResponse, QueryMsg, SimulateLiquidationResponse,
};
use cosmrs::cosmwasm::MsgExecuteContract;
use cosmrs::tx::Msg;
use cosmrs::Any;
use cosmwasm_std::{Coin, Decimal, Uint128};
use std::collections::BTreeMap;

use crate::chain::Decision;
use crate::chain::{read_liquidation_events, Chain, ChainError, LiquidationTx, PAGE};
use crate::node::signer::{DryRun, FeeSettings};
use crate::node::{Node, NodeError, Signer};

/// Memo of the keeper's transactions.
pub const MEMO: &str = "ballast keeper";

/// The live chain as the keeper's bot sees it.
pub struct LiveChain {
    /// The node.
    pub node: Node,
    signer: Signer,
    fees: FeeSettings,
    liquidation: String,
    capital: BTreeMap<String, Uint128>,
    repay_margin: Decimal,
    /// Quote smallest units per smallest unit of the fee denom.
    fee_price: f64,
    dry_run: bool,
    height: u64,
    /// Transactions broadcast.
    pub sent: u64,
    /// Fees paid, in the fee denom (every included transaction, failed or not).
    pub fees_paid: u128,
}

/// How the live chain is set up.
pub struct LiveSettings {
    /// The liquidation contract.
    pub liquidation: String,
    /// The most of each debt denom one liquidation may spend.
    pub capital: BTreeMap<String, Uint128>,
    /// Share sent over a full liquidation's simulated repayment.
    pub repay_margin: Decimal,
    /// Quote smallest units per smallest unit of the fee denom.
    pub fee_price: f64,
    /// Simulate every transaction, send none.
    pub dry_run: bool,
}

fn chain_err(e: NodeError) -> ChainError {
    ChainError::new(e.to_string())
}

impl LiveChain {
    /// A live chain for `signer` on `node`.
    pub fn new(node: Node, signer: Signer, fees: FeeSettings, settings: LiveSettings) -> Self {
        LiveChain {
            node,
            signer,
            fees,
            liquidation: settings.liquidation,
            capital: settings.capital,
            repay_margin: settings.repay_margin,
            fee_price: settings.fee_price,
            dry_run: settings.dry_run,
            height: 0,
            sent: 0,
            fees_paid: 0,
        }
    }

    /// Records the latest block height.
    pub fn set_height(&mut self, height: u64) {
        self.height = height;
    }

    /// The keeper's address.
    pub fn address(&self) -> String {
        self.signer.address()
    }

    fn liquidate_msg(
        &self,
        owner: &str,
        account: u32,
        collateral_denom: &str,
        min_collateral_out: Uint128,
        debt: &Coin,
    ) -> Result<Any, ChainError> {
        let msg = ExecuteMsg::Liquidate {
            owner: owner.to_string(),
            account: Some(account),
            collateral_denom: collateral_denom.to_string(),
            min_collateral_out: Some(min_collateral_out),
            recipient: None,
        };
        let json = serde_json::to_vec(&msg).map_err(|e| ChainError::new(e.to_string()))?;
        let amount = Uint128::try_from(debt.amount)
            .map_err(|_| ChainError::new(format!("{} is too large", debt.amount)))?
            .u128();
        let denom = debt
            .denom
            .parse()
            .map_err(|e| ChainError::new(format!("denom {}: {e}", debt.denom)))?;
        let contract = self
            .liquidation
            .parse()
            .map_err(|e| ChainError::new(format!("address {}: {e}", self.liquidation)))?;
        MsgExecuteContract {
            sender: self.signer.account_id().clone(),
            contract,
            msg: json,
            funds: vec![cosmrs::Coin { denom, amount }],
        }
        .to_any()
        .map_err(|e| ChainError::new(e.to_string()))
    }

    /// `msg` simulated as the keeper's transaction, not sent (a refusal costs nothing).
    fn dry_run(&self, msg: Any) -> Result<DryRun, ChainError> {
        self.node
            .dry_run(&self.signer, &self.fees, vec![msg], MEMO)
            .map_err(|e| ChainError {
                message: e.to_string(),
                fee_paid: Some(0.0),
            })
    }

    /// The fee in quote smallest units.
    fn quote(&self, fee: u128) -> f64 {
        fee as f64 * self.fee_price
    }

    /// The fee the node charged `hash` (gas limit × gas price), if it is in a block.
    fn fee_of(&self, hash: &str) -> u128 {
        match self.node.tx(hash) {
            Ok(Some(tx)) => (tx.gas_wanted as f64 * self.fees.gas_price).ceil() as u128,
            _ => 0,
        }
    }
}

impl Chain for LiveChain {
    fn height(&self) -> u64 {
        self.height
    }

    fn liquidatable_positions(
        &self,
        start_after: Option<(String, u32)>,
    ) -> Result<LiquidatablePositionsResponse, ChainError> {
        let msg = QueryMsg::LiquidatablePositions {
            start_after,
            limit: Some(PAGE),
        };
        self.node.smart(&self.liquidation, &msg).map_err(chain_err)
    }

    fn simulate_liquidation(
        &self,
        owner: &str,
        account: u32,
        debt_denom: &str,
        collateral_denom: &str,
        debt_amount: Option<Uint128>,
    ) -> Result<SimulateLiquidationResponse, ChainError> {
        let msg = QueryMsg::SimulateLiquidation {
            owner: owner.to_string(),
            account: Some(account),
            debt_denom: debt_denom.to_string(),
            collateral_denom: collateral_denom.to_string(),
            debt_amount,
        };
        self.node.smart(&self.liquidation, &msg).map_err(chain_err)
    }

    fn liquidate(
        &mut self,
        _liquidator: &str,
        owner: &str,
        account: u32,
        collateral_denom: &str,
        min_collateral_out: Uint128,
        debt: Coin,
    ) -> Result<LiquidationTx, ChainError> {
        let msg =
            self.liquidate_msg(owner, account, collateral_denom, min_collateral_out, &debt)?;
        if self.dry_run {
            let run = self.dry_run(msg)?;
            let (liquidate, bad_debt) = read_liquidation_events(&run.events)?;
            return Ok(LiquidationTx {
                liquidate,
                bad_debt,
                tx_hash: None,
                fee_paid: Some(self.quote(run.fee)),
                dry_run: true,
            });
        }
        match self.node.send(&self.signer, &self.fees, vec![msg], MEMO) {
            Ok(outcome) => {
                self.sent += 1;
                let fee = (outcome.gas_wanted as f64 * self.fees.gas_price).ceil() as u128;
                self.fees_paid += fee;
                let (liquidate, bad_debt) = read_liquidation_events(&outcome.events)?;
                Ok(LiquidationTx {
                    liquidate,
                    bad_debt,
                    tx_hash: Some(outcome.hash),
                    fee_paid: Some(self.quote(fee)),
                    dry_run: false,
                })
            }
            Err(e) => {
                // refused before sending (simulation, fees): nothing paid; broadcast and failed
                // in its block: its fee was paid
                let fee = match &e {
                    NodeError::Tx {
                        hash: Some(hash), ..
                    } => {
                        self.sent += 1;
                        self.fee_of(hash)
                    }
                    _ => 0,
                };
                self.fees_paid += fee;
                Err(ChainError {
                    message: e.to_string(),
                    fee_paid: Some(self.quote(fee)),
                })
            }
        }
    }

    fn balance(&self, addr: &str, denom: &str) -> Result<Uint128, ChainError> {
        let Some(cap) = self.capital.get(denom) else {
            return Ok(Uint128::zero());
        };
        let held = self.node.balance(addr, denom).map_err(chain_err)?;
        Ok(Uint128::new(held).min(*cap))
    }

    fn repay_margin(&self) -> Decimal {
        self.repay_margin
    }

    fn liquidation_fee(
        &self,
        _liquidator: &str,
        owner: &str,
        account: u32,
        collateral_denom: &str,
        min_collateral_out: Uint128,
        debt: &Coin,
    ) -> Result<Option<f64>, ChainError> {
        let msg = self.liquidate_msg(owner, account, collateral_denom, min_collateral_out, debt)?;
        Ok(Some(self.quote(self.dry_run(msg)?.fee)))
    }

    fn same_block_execution(&self) -> bool {
        false
    }

    fn interrupted(&self) -> bool {
        super::signals::stop_requested()
    }

    fn wants_decisions(&self) -> bool {
        true
    }

    fn record(&mut self, decision: Decision) {
        let mut fields = serde_json::to_value(&decision).unwrap_or_default();
        if let Some(map) = fields.as_object_mut() {
            map.insert("height".into(), self.height.into());
            if self.dry_run {
                map.insert("dry_run".into(), true.into());
            }
        }
        super::run::log_line("decision", fields);
    }
}
