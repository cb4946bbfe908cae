//! `Repay`: debt coins in; what exceeds the debt is refunded in the same transaction. Never
//! paused, needs no price: repay-all always works.

use ballast_math::market::Repayment;
use ballast_types::events::RepayEvent;
use cosmwasm_std::{Addr, BankMsg, Coin, DepsMut, Env, Response, Storage};

use crate::books::Books;
use crate::error::{ContractError, ContractResult};
use crate::funds::Funds;
use crate::ledger::load_asset;

/// Repays `coins` (checked: distinct, non-zero) of the debt of `(owner, account)`; refunds go to
/// `sender`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    owner: Addr,
    account: u32,
    coins: Vec<Funds>,
) -> ContractResult<Response> {
    let mut books = Books::load(deps.storage, &owner, account, env.block.time.seconds())?;
    let repayments = apply(&mut books, deps.storage, &coins)?;
    books.save(deps.storage)?;

    let mut repaid = Vec::with_capacity(coins.len());
    let mut refunded = Vec::new();
    for (coin, repayment) in coins.iter().zip(&repayments) {
        repaid.push(Coin::new(repayment.repaid, coin.denom.clone()));
        if !repayment.refund.is_zero() {
            refunded.push(Coin::new(repayment.refund, coin.denom.clone()));
        }
    }

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
        account,
        repaid,
        refunded,
    };
    Ok(response.add_event(event))
}

/// The checks and changes of a repayment of `coins` into `books` (execute and
/// `SimulatePosition`): an existing account that owes each denom; what exceeds a debt is not
/// taken (it is refunded). Returns the repayment of each coin, in order.
pub fn apply(
    books: &mut Books,
    storage: &dyn Storage,
    coins: &[Funds],
) -> ContractResult<Vec<Repayment>> {
    books.require_account()?;
    let mut repayments = Vec::with_capacity(coins.len());
    for coin in coins {
        let asset = load_asset(storage, &coin.denom)?;
        let shares = books.entry.debt_shares(&coin.denom);
        if shares.is_zero() {
            return Err(ContractError::NoDebt {
                denom: coin.denom.clone(),
            });
        }
        let repayment = books.market(storage, &asset)?.repay(coin.amount, shares)?;
        books
            .entry
            .set_debt_shares(&coin.denom, shares.checked_sub(repayment.shares_burned)?);
        repayments.push(repayment);
    }
    Ok(repayments)
}
