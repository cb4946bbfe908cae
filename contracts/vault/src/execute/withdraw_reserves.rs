//! `WithdrawReserves`: the owner takes protocol reserves out, limited by reserves and free
//! liquidity.

use ballast_kit::store::Put;
use ballast_types::events::WithdrawReservesEvent;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};

use crate::error::{ContractError, ContractResult};
use crate::execute::{assert_owner, send};
use crate::ledger::{accrued_market, load_asset};
use crate::state::MARKETS;

/// Sends `amount` (or all the reserves, capped at the free liquidity) of `denom` to `recipient`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    denom: String,
    amount: Option<Uint128>,
    recipient: Addr,
) -> ContractResult<Response> {
    assert_owner(deps.storage, &sender)?;
    let asset = load_asset(deps.storage, &denom)?;
    let mut market = accrued_market(deps.storage, &asset, env.block.time.seconds())?;
    let reserves = market.reserves;
    let available = market.free_liquidity()?;
    let (amount, requested) = match amount {
        Some(amount) if amount.is_zero() => return Err(ContractError::ZeroAmount),
        Some(amount) if amount > reserves => {
            return Err(ContractError::InsufficientReserves {
                denom,
                available: reserves,
                requested: amount,
            })
        }
        Some(amount) => (amount, amount),
        None if reserves.is_zero() => {
            return Err(ContractError::InsufficientReserves {
                denom,
                available: reserves,
                requested: reserves,
            })
        }
        None => (reserves.min(available), reserves),
    };
    if amount.is_zero() || amount > available {
        return Err(ContractError::InsufficientLiquidity {
            denom,
            available,
            requested,
        });
    }
    market.withdraw_reserves(amount)?;
    MARKETS.put(deps.storage, &denom, &market)?;
    let event = WithdrawReservesEvent {
        sender: sender.to_string(),
        denom: denom.clone(),
        amount,
        recipient: recipient.to_string(),
    };
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_event(event))
}
