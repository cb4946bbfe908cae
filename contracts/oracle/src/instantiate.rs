//! Instantiation.

use ballast_kit::{ownership, validate};
use ballast_types::oracle::{ConfigResponse, InstantiateMsg};
use cosmwasm_std::{Addr, DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractResult;
use crate::state::CONFIG;
use crate::validate::quote_symbol;

/// Records the contract version, the quote asset and the owner (validated by the dispatcher).
pub fn run(deps: DepsMut, owner_addr: Addr, msg: InstantiateMsg) -> ContractResult<Response> {
    quote_symbol(&msg.quote_symbol)?;
    validate::decimals(msg.quote_decimals)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &ConfigResponse {
            quote_symbol: msg.quote_symbol,
            quote_decimals: msg.quote_decimals,
        },
    )?;
    ownership::initialize(deps.storage, &owner_addr)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner_addr)
        .add_attribute("version", CONTRACT_VERSION))
}
