//! `Supply`: lenders' coins into lending pools, for supply shares (minted rounded down).

use ballast_kit::store::Put;
use ballast_types::events::SupplyEvent;
use cosmwasm_std::{Addr, Coin, DepsMut, Env, Response};

use crate::error::{ContractError, ContractResult};
use crate::funds::Funds;
use crate::ledger::{accrued_market, check_cap, lending, load_asset};
use crate::state::{MARKETS, SUPPLIES};

/// Supplies `coins` (checked: distinct, non-zero) for `lender`.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    lender: Addr,
    coins: Vec<Funds>,
) -> ContractResult<Response> {
    let now = env.block.time.seconds();
    let mut minted = Vec::with_capacity(coins.len());
    for coin in &coins {
        let asset = load_asset(deps.storage, &coin.denom)?;
        let params = lending(&asset)?;
        if asset.paused.supply {
            return Err(ContractError::Paused {
                denom: coin.denom.clone(),
                action: "supply".into(),
            });
        }
        let mut market = accrued_market(deps.storage, &asset, now)?;
        let shares = market.supply(coin.amount)?;
        check_cap(&coin.denom, params.supply_cap, market.total_supplied()?)?;
        MARKETS.put(deps.storage, &coin.denom, &market)?;
        let key = (&lender, coin.denom.as_str());
        let held = SUPPLIES.may_load(deps.storage, key)?.unwrap_or_default();
        SUPPLIES.put(deps.storage, key, &held.checked_add(shares)?)?;
        minted.push(Coin::new(shares, coin.denom.clone()));
    }
    let event = SupplyEvent {
        sender: sender.to_string(),
        lender: lender.to_string(),
        amount: coins.iter().map(Funds::to_coin).collect(),
        shares: minted,
    };
    Ok(Response::new().add_event(event))
}
