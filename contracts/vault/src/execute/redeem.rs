//! `Redeem`: supplied assets out (supply shares burned rounded up), limited by free liquidity.

use ballast_kit::store::Put;
use ballast_types::events::RedeemEvent;
use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};

use crate::error::{ContractError, ContractResult};
use crate::execute::send;
use crate::ledger::{accrued_market, lending, load_asset, supply_of};
use crate::state::{MARKETS, SUPPLIES};

/// Redeems `amount` (or all the lender's assets, capped at the free liquidity) of `denom`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    lender: Addr,
    denom: String,
    amount: Option<Uint128>,
    recipient: Addr,
) -> ContractResult<Response> {
    let asset = load_asset(deps.storage, &denom)?;
    lending(&asset)?;
    if asset.paused.redeem {
        return Err(ContractError::Paused {
            denom,
            action: "redeem".into(),
        });
    }
    let mut market = accrued_market(deps.storage, &asset, env.block.time.seconds())?;
    let key = (&lender, denom.as_str());
    let shares_held = SUPPLIES.may_load(deps.storage, key)?.unwrap_or_default();
    let held = supply_of(&market, shares_held)?;
    let available = market.max_redeemable()?;
    // (amount paid out, amount asked for)
    let (amount, requested) = match amount {
        Some(amount) if amount.is_zero() => return Err(ContractError::ZeroAmount),
        Some(amount) if amount > held => {
            return Err(ContractError::InsufficientSupply {
                denom,
                held,
                requested: amount,
            })
        }
        Some(amount) => (amount, amount),
        None if held.is_zero() => {
            return Err(ContractError::InsufficientSupply {
                denom,
                held,
                requested: held,
            })
        }
        None => (held.min(available), held),
    };
    if amount.is_zero() || amount > available {
        return Err(ContractError::InsufficientLiquidity {
            denom,
            available,
            requested,
        });
    }
    // Redeeming everything the lender holds burns all their shares (no dust left behind).
    let burned = if amount == held {
        market.redeem_shares(shares_held)?;
        shares_held
    } else {
        market.redeem(amount)?
    };
    let left = shares_held
        .checked_sub(burned)
        .map_err(|_| ContractError::InsufficientSupply {
            denom: denom.clone(),
            held,
            requested: amount,
        })?;
    MARKETS.put(deps.storage, &denom, &market)?;
    if left.is_zero() {
        SUPPLIES.remove(deps.storage, key);
    } else {
        SUPPLIES.put(deps.storage, key, &left)?;
    }
    let event = RedeemEvent {
        lender: lender.to_string(),
        denom: denom.clone(),
        amount,
        shares: burned,
        recipient: recipient.to_string(),
    };
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_event(event))
}
