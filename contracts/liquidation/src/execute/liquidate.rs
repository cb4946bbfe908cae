//! `Liquidate { owner, account, collateral_denom, min_collateral_out, recipient }`:
//! permissionless, one coin attached (the debt repaid).

use ballast_kit::funds::Funds;
use ballast_types::events::LiquidateEvent;
use ballast_types::handles::VaultHandle;
use cosmwasm_std::{Addr, BankMsg, Coin, DepsMut, Env, Response, Uint128};

use crate::error::{ContractError, ContractResult};
use crate::plan::{self, Request};
use crate::state::{CONFIG, POLICY};

/// A liquidation order, addresses checked by the dispatcher.
#[derive(Debug, Clone)]
pub struct Order {
    /// Who sent `Liquidate` and the coin.
    pub liquidator: Addr,
    /// Owner of the account.
    pub owner: Addr,
    /// Sub-account.
    pub account: u32,
    /// Collateral denom to seize.
    pub collateral_denom: String,
    /// Least collateral the recipient accepts.
    pub min_collateral_out: Option<Uint128>,
    /// Receives the collateral.
    pub recipient: Addr,
}

/// Computes the liquidation (the code `SimulateLiquidation` runs), checks the slippage guard,
/// and answers with two messages: `SettleLiquidation` to the vault carrying exactly `repay`, and
/// the refund of `sent − repay` to the liquidator. Nothing is stored: the vault keeps the books,
/// and every coin received leaves in the same transaction.
pub fn run(deps: DepsMut, env: &Env, order: Order, sent: Funds) -> ContractResult<Response> {
    if order.liquidator == order.owner {
        return Err(ContractError::SelfLiquidation);
    }
    let config = CONFIG.load(deps.storage)?;
    if order.recipient == env.contract.address || order.recipient == config.vault {
        return Err(ContractError::InvalidRecipient {
            recipient: order.recipient.to_string(),
            reason: "the liquidation contract and the vault cannot receive collateral".into(),
        });
    }
    let policy = POLICY.load(deps.storage)?;
    let plan = plan::compute(
        &deps.querier,
        &config,
        &policy,
        Request {
            owner: &order.owner,
            account: order.account,
            debt_denom: &sent.denom,
            collateral_denom: &order.collateral_denom,
            sent: Some(sent.amount),
        },
    )?;
    let out = &plan.outcome;
    if let Some(min) = order.min_collateral_out {
        if out.to_liquidator < min {
            return Err(ContractError::SlippageExceeded {
                min,
                actual: out.to_liquidator,
            });
        }
    }

    let settle = VaultHandle::new(config.vault.clone()).settle_liquidation_msg(
        order.owner.as_str(),
        order.account,
        order.collateral_denom.as_str(),
        out.seized,
        out.protocol_fee,
        order.recipient.as_str(),
        config.treasury.as_str(),
        Coin::new(out.repay, sent.denom.as_str()),
    )?;
    let mut response = Response::new().add_message(settle);
    if !out.refund.is_zero() {
        response = response.add_message(BankMsg::Send {
            to_address: order.liquidator.to_string(),
            amount: vec![Coin::new(out.refund, sent.denom.as_str())],
        });
    }
    let event = LiquidateEvent {
        owner: plan.owner.clone(),
        account: plan.account,
        liquidator: order.liquidator.to_string(),
        debt_denom: plan.debt_denom.clone(),
        repay: out.repay,
        collateral_denom: plan.collateral_denom.clone(),
        seized: out.seized,
        protocol_fee: out.protocol_fee,
        bonus: out.bonus,
        health_before: plan.health_before,
        health_after: out.health_after,
        recipient: order.recipient.to_string(),
        to_liquidator: out.to_liquidator,
        refund: out.refund,
        bad_debt: plan.bad_debt,
    };
    Ok(response.add_event(event))
}
