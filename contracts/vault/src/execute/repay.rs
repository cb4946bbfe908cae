//! `Repay`: debt coins in; what exceeds the debt is refunded in the same transaction. Never
//! paused, needs no price: repay-all always works.

use ballast_types::events::RepayEvent;
use cosmwasm_std::{Addr, BankMsg, Coin, DepsMut, Env, Response};

use crate::account::{load_account, save_account};
use crate::error::{ContractError, ContractResult};
use crate::funds::Funds;
use crate::ledger::{accrued_market, load_asset};
use crate::state::MARKETS;

/// Repays `coins` (checked: distinct, non-zero) of the debt of `(owner, index)`; refunds go to
/// `sender`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    owner: Addr,
    index: u32,
    coins: Vec<Funds>,
) -> ContractResult<Response> {
    let mut account = load_account(deps.storage, &owner, index)?;
    let had_debt = account.has_debt();
    let now = env.block.time.seconds();
    let mut repaid = Vec::with_capacity(coins.len());
    let mut refunded = Vec::new();
    for coin in &coins {
        let asset = load_asset(deps.storage, &coin.denom)?;
        let shares = account.debt_shares(&coin.denom);
        if shares.is_zero() {
            return Err(ContractError::NoDebt {
                denom: coin.denom.clone(),
            });
        }
        let mut market = accrued_market(deps.storage, &asset, now)?;
        let repayment = market.repay(coin.amount, shares)?;
        account.set_debt_shares(&coin.denom, shares.checked_sub(repayment.shares_burned)?);
        MARKETS.save(deps.storage, &coin.denom, &market)?;
        repaid.push(Coin::new(repayment.repaid, coin.denom.clone()));
        if !repayment.refund.is_zero() {
            refunded.push(Coin::new(repayment.refund, coin.denom.clone()));
        }
    }
    save_account(deps.storage, &owner, index, &account, had_debt)?;

    let mut response = Response::new();
    if !refunded.is_empty() {
        response = response.add_message(BankMsg::Send {
            to_address: sender.to_string(),
            amount: refunded.clone(),
        });
    }
    let event = RepayEvent {
        sender: sender.to_string(),
        owner: owner.to_string(),
        account: index,
        repaid,
        refunded,
    };
    Ok(response.add_event(event))
}
