//! `instantiate`: the configuration (checked) and the owner; no funds.

use ballast_kit::ownership;
use ballast_kit::store::PutItem;
use ballast_types::vault::{ConfigUnchecked, InstantiateMsg};
use cosmwasm_std::{DepsMut, Response};

use crate::constants::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractResult;
use crate::state::CONFIG;
use crate::validate;

/// Stores the checked configuration, the `cw2` version and the owner.
pub fn run(deps: DepsMut, msg: InstantiateMsg) -> ContractResult<Response> {
    let owner = deps.api.addr_validate(&msg.owner)?;
    let config = ConfigUnchecked::from(msg).check(deps.api)?;
    validate::config(&config)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.put(deps.storage, &config)?;
    ownership::initialize(deps.storage, &owner)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner))
}
