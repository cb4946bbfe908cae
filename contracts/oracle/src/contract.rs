//! Entry points. The dispatcher checks funds (the oracle takes none) and validates top-level
//! addresses, then hands over to one `run` per action; ownership is the kit's. (The Pyth contract
//! address nested in a `PriceSource` is validated with the rest of the source in
//! `validate::price_source`.)

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};

use ballast_kit::funds::no_funds;
use ballast_kit::{ownership, validate};
use ballast_types::events::with_action;
use ballast_types::oracle::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractResult;
use crate::{execute, instantiate as init, migrate as upgrade, query};

/// Instantiates the oracle: quote asset and owner.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult<Response> {
    no_funds(&info)?;
    let owner_addr = validate::address(deps.api, &msg.owner)?;
    init::run(deps, owner_addr, msg)
}

/// Dispatches an execute message.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> ContractResult<Response> {
    dispatch(deps, env, info, msg).map(with_action)
}

/// Runs one execute message; [`execute`] adds the `action` attribute.
fn dispatch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> ContractResult<Response> {
    no_funds(&info)?;
    match msg {
        ExecuteMsg::SetPriceSource {
            denom,
            decimals,
            source,
        } => execute::set_price_source::run(deps, env, info, denom, decimals, source),
        ExecuteMsg::RemovePriceSource { denom } => {
            execute::remove_price_source::run(deps, info, denom)
        }
        ExecuteMsg::UpdateOwnership(action) => Ok(ownership::execute(deps, &env, &info, action)?),
    }
}

/// Answers a query.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Price { denom, kind } => {
            to_json_binary(&query::price(deps, &env, denom, kind.unwrap_or_default())?)
        }
        QueryMsg::Prices { denoms, kind } => to_json_binary(&query::prices(
            deps,
            &env,
            denoms,
            kind.unwrap_or_default(),
        )?),
        QueryMsg::TryPrices { denoms, kind } => to_json_binary(&query::try_prices(
            deps,
            &env,
            denoms,
            kind.unwrap_or_default(),
        )?),
        QueryMsg::PriceSource { denom } => to_json_binary(&query::price_source(deps, denom)?),
        QueryMsg::PriceSources { start_after, limit } => {
            to_json_binary(&query::price_sources(deps, start_after, limit)?)
        }
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Ownership {} => to_json_binary(&ownership::query(deps.storage)?),
    }?)
}

/// Migrates to this version: only from an older version of the same contract.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult<Response> {
    upgrade::run(deps)
}
